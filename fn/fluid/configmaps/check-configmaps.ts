// The ConfigMaps that carry the mount check scripts (spec §6): created once per namespace and
// name, or refreshed in place when the input already holds a stale one.
import { createHash } from 'node:crypto';
import { ANNOTATION_SCRIPT_SHA, APP_CHECK_CONFIGMAP, LABEL_DATASET_ID, SIDECAR_CHECK_CONFIGMAP_SUFFIX } from '../mutate/literals';
import type { ClusterState } from '../state/cluster-state';
import { cloneJson, isObject, KubeObject } from '../../types';
import {
  CHECK_FLUID_MOUNT_READY_KEY,
  CHECK_FLUID_MOUNT_READY_SCRIPT,
  CHECK_MOUNT_KEY,
  CHECK_MOUNT_SCRIPT,
} from './check-scripts';

/** What one pod's injection needs; applied to the ledger only once the pod succeeded. */
export type ConfigMapRequest =
  | { kind: 'app'; namespace: string }
  | { kind: 'sidecar'; namespace: string; name: string; datasetId: string };

/** First 63 hex chars of the script's SHA-256 (a label-value-sized digest, as Fluid uses). */
export function scriptSha(script: string): string {
  return createHash('sha256').update(script).digest('hex').slice(0, 63);
}

const APP_SHA = scriptSha(CHECK_FLUID_MOUNT_READY_SCRIPT);
const SIDECAR_SHA = scriptSha(CHECK_MOUNT_SCRIPT);

/** `<ns>-<name>` when shorter than 63 characters, else the dataset's UID (spec §6.3). */
export function datasetId(namespace: string, name: string, uid: string): string {
  const id = `${namespace}-${name}`;
  return id.length < 63 || uid === '' ? id : uid;
}

export class ConfigMapLedger {
  private readonly handled = new Set<string>();
  /** Refreshed ConfigMaps already in `items`, where they are. */
  readonly updated: { index: number; path: (string | number)[]; object: KubeObject }[] = [];
  /** ConfigMaps to append, by `ns/name`. */
  readonly created = new Map<string, KubeObject>();

  constructor(private readonly state: ClusterState) {}

  apply(req: ConfigMapRequest): void {
    const name = req.kind === 'app' ? APP_CHECK_CONFIGMAP : req.name;
    const key = `${req.namespace}/${name}`;
    if (this.handled.has(key)) return;
    this.handled.add(key);
    const [dataKey, script, sha] =
      req.kind === 'app'
        ? [CHECK_FLUID_MOUNT_READY_KEY, CHECK_FLUID_MOUNT_READY_SCRIPT, APP_SHA]
        : [CHECK_MOUNT_KEY, CHECK_MOUNT_SCRIPT, SIDECAR_SHA];
    const labels = req.kind === 'sidecar' ? { [LABEL_DATASET_ID]: req.datasetId } : undefined;
    const existing = this.state.configMap(req.namespace, name);
    if (!existing) {
      const metadata: KubeObject['metadata'] = { name, namespace: req.namespace };
      if (labels) metadata.labels = labels;
      metadata.annotations = { [ANNOTATION_SCRIPT_SHA]: sha };
      this.created.set(key, { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { [dataKey]: script } });
      return;
    }
    const cm = existing.object;
    if (cm.metadata.annotations?.[ANNOTATION_SCRIPT_SHA] === sha) return;
    const refreshed = cloneJson(cm);
    refreshed.data = { [dataKey]: script };
    refreshed.metadata.annotations = { ...(isObject(cm.metadata.annotations) ? cm.metadata.annotations : {}), [ANNOTATION_SCRIPT_SHA]: sha };
    if (labels) refreshed.metadata.labels = { ...(isObject(cm.metadata.labels) ? cm.metadata.labels : {}), ...labels };
    this.updated.push({ index: existing.index, path: existing.path, object: refreshed });
  }
}

/** A check ConfigMap as this function emits it: its name, and its own script's digest (not Fluid's). */
export function isEmittedCheckConfigMap(obj: KubeObject): boolean {
  if (obj.apiVersion !== 'v1' || obj.kind !== 'ConfigMap') return false;
  const name = obj.metadata.name ?? '';
  const sha = obj.metadata.annotations?.[ANNOTATION_SCRIPT_SHA];
  if (name === APP_CHECK_CONFIGMAP) return sha === APP_SHA;
  return name.endsWith(SIDECAR_CHECK_CONFIGMAP_SUFFIX) && sha === SIDECAR_SHA;
}

const CONFIGMAP_REFERENCES = new Set(['configMap', 'configMapRef', 'configMapKeyRef']);

/** Whether an object (a `v1 List`'s entries each in its own namespace) names ConfigMap `ns/name`. */
export function refersToConfigMap(obj: KubeObject, ns: string, name: string, defaultNamespace: string): boolean {
  if (obj.kind === 'List' && obj.apiVersion === 'v1' && Array.isArray(obj.items)) {
    return obj.items.some((inner) => isObject(inner) && isObject(inner.metadata) && refersToConfigMap(inner as KubeObject, ns, name, defaultNamespace));
  }
  if ((obj.metadata.namespace || defaultNamespace) !== ns) return false;
  const visit = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.some(visit);
    if (!isObject(v)) return false;
    return Object.entries(v).some(([k, x]) => (CONFIGMAP_REFERENCES.has(k) && isObject(x) && x.name === name) || visit(x));
  };
  return visit(obj);
}
