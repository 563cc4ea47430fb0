// What Fluid's export keeps and in which order it writes it; the cleaning itself is every export's
// (fn/krm/export/documents.ts).
import type { JsonObject, KubeObject } from '../../types';
import { cleanObject } from '../../krm/export/documents';

/** The Dataset status fields the function reads; everything else in status is volatile (sizes, cache ratios, ...). */
const DATASET_STATUS_KEEP = ['phase', 'runtimes', 'conditions'];

/** A cleaned copy: Datasets keep their `uid` (owner references name it) and `status.phase|runtimes|conditions`. */
export function cleanFluidObject(raw: JsonObject, apiVersion: string, kind: string): KubeObject {
  return cleanObject(raw, apiVersion, kind, kind === 'Dataset' ? { uid: true, status: DATASET_STATUS_KEEP } : {});
}

/** Output order: Dataset, *Runtime, PersistentVolume, PersistentVolumeClaim, DaemonSet, ConfigMap, the rest. */
export function fluidKindRank(kind: string): number {
  if (kind === 'Dataset') return 0;
  if (kind.endsWith('Runtime')) return 1;
  const rest = ['PersistentVolume', 'PersistentVolumeClaim', 'DaemonSet', 'ConfigMap'].indexOf(kind);
  return rest === -1 ? 6 : rest + 2;
}
