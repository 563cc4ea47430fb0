// The ConfigMaps that carry the mount check scripts (spec §6): created once per namespace and
// name, or refreshed in place when the input already holds a stale one.
import { createHash } from 'node:crypto';
import { ANNOTATION_SCRIPT_SHA, APP_CHECK_CONFIGMAP, LABEL_DATASET_ID } from '../mutate/literals';
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
