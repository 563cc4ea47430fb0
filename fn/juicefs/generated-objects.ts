// The objects the injection needs besides the workloads (A3): in `external` mode one ConfigMap per
// namespace with the check script; in `emit` mode the webhook's `<pvc>-jfs-secret` per PVC, with
// the copied credentials and the script. An input object of the same name is updated in place
// (as the webhook updates its Secret) rather than duplicated.
import { isObject, refOf } from '../types';
import type { JsonObject, KubeObject, ResourceRef } from '../types';
import { CHECK_MOUNT_KEY, CHECK_MOUNT_SCRIPT } from './check-script';
import type { ClusterContext } from './context';
import { jfsError } from './errors';
import { secretData } from './settings';
import { CHECK_CONFIGMAP, CHECK_SCRIPT, FUNCTION_NAME, LABEL_MANAGED_BY, SCRIPT_MODE, SECRET_LABEL } from './vocabulary';

/** The `jfs-check-mount` volume source: the generated Secret (emit) or this function's ConfigMap (external). */
export function checkVolumeSource(mode: 'external' | 'emit', secretName: string): JsonObject {
  const items = [{ key: CHECK_SCRIPT, path: CHECK_SCRIPT }];
  if (mode === 'emit') return { secret: { secretName, items, defaultMode: SCRIPT_MODE } };
  return { configMap: { name: CHECK_CONFIGMAP, items, defaultMode: SCRIPT_MODE } };
}

export function checkConfigMap(namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CHECK_CONFIGMAP, namespace, labels: { [LABEL_MANAGED_BY]: FUNCTION_NAME } },
    data: { [CHECK_MOUNT_KEY]: CHECK_MOUNT_SCRIPT },
  };
}

export interface SecretRequest {
  namespace: string;
  name: string;
  /** the PVC that owns it (ownerReference only when the PVC has a uid) */
  pvc: KubeObject;
  /** values, check script not included */
  data: Record<string, string>;
}

/** The webhook's generated Secret (§6) without `jfsSettings`, which nothing reads (A3). */
export function generatedSecret(req: SecretRequest): KubeObject {
  const metadata: JsonObject = { name: req.name, namespace: req.namespace, labels: { [SECRET_LABEL]: 'true' } };
  const uid = req.pvc.metadata.uid;
  if (uid) metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: req.pvc.metadata.name ?? '', uid, controller: true }];
  const all: Record<string, string> = { ...req.data, [CHECK_MOUNT_KEY]: CHECK_MOUNT_SCRIPT };
  const stringData: Record<string, string> = {};
  for (const k of Object.keys(all).sort()) stringData[k] = all[k];
  return { apiVersion: 'v1', kind: 'Secret', metadata, stringData } as KubeObject;
}

export interface Generated {
  /** new objects, with the item index of the workload that needed each first (for file placement) */
  added: { object: KubeObject; owner: number }[];
  /** input objects to replace: item index, path inside the item, new object */
  updated: { index: number; path: (string | number)[]; object: KubeObject }[];
}

function sameStrings(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** Collects what the workloads need, once per namespace (and PVC), and reconciles it with the input. */
export class GeneratedObjects {
  private readonly configMaps = new Map<string, number>();
  private readonly secrets = new Map<string, { req: SecretRequest; owner: number }>();

  constructor(private readonly context: ClusterContext) {}

  needCheckConfigMap(namespace: string, owner: number): void {
    if (!this.configMaps.has(namespace)) this.configMaps.set(namespace, owner);
  }

  needSecret(req: SecretRequest, owner: number): void {
    const key = `${req.namespace}/${req.name}`;
    if (!this.secrets.has(key)) this.secrets.set(key, { req, owner });
  }

  /** Throws JFS-GENERATED-CLASH when a same-named input ConfigMap is someone else's. */
  build(): Generated {
    const out: Generated = { added: [], updated: [] };
    for (const [namespace, owner] of [...this.configMaps.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const desired = checkConfigMap(namespace);
      const existing = this.context.get('ConfigMap', namespace, CHECK_CONFIGMAP);
      if (!existing) {
        out.added.push({ object: desired, owner });
        continue;
      }
      const data = isObject(existing.object.data) ? existing.object.data : {};
      if (data[CHECK_MOUNT_KEY] === CHECK_MOUNT_SCRIPT) continue;
      if (existing.object.metadata.labels?.[LABEL_MANAGED_BY] !== FUNCTION_NAME) {
        throw jfsError('JFS-GENERATED-CLASH', `ConfigMap ${namespace}/${CHECK_CONFIGMAP} is in the input but was not made by ${FUNCTION_NAME} (no label ${LABEL_MANAGED_BY}: ${FUNCTION_NAME}); rename or remove it`, {
          ref: refOf(existing.object),
        });
      }
      out.updated.push({ index: existing.index, path: existing.path, object: { ...existing.object, data: { ...data, [CHECK_MOUNT_KEY]: CHECK_MOUNT_SCRIPT } } });
    }
    for (const { req, owner } of [...this.secrets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v)) {
      const desired = generatedSecret(req);
      const existing = this.context.get('Secret', req.namespace, req.name);
      if (!existing) {
        out.added.push({ object: desired, owner });
        continue;
      }
      // As the webhook's createOrUpdateSecret: the data is replaced whole, labels are kept.
      const current = secretData(existing.object);
      const wantData = desired.stringData as Record<string, string>;
      const wantOwners = JSON.stringify(desired.metadata.ownerReferences ?? []);
      const owners = JSON.stringify(existing.object.metadata.ownerReferences ?? []);
      if (sameStrings(current, wantData) && owners === wantOwners) continue;
      const { data: _data, stringData: _stringData, ...rest } = existing.object;
      const metadata: JsonObject = { ...existing.object.metadata };
      if (desired.metadata.ownerReferences) metadata.ownerReferences = desired.metadata.ownerReferences;
      out.updated.push({ index: existing.index, path: existing.path, object: { ...rest, metadata, stringData: wantData } as KubeObject });
    }
    return out;
  }
}

/** A Secret to provide in the cluster, for results. */
export function secretRef(namespace: string, name: string): ResourceRef {
  return { apiVersion: 'v1', kind: 'Secret', name, namespace };
}
