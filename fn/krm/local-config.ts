// Objects a function reads but that are not for applying carry config.kubernetes.io/local-config:
// without it kustomize emits them and Argo CD or kpt live apply applies, and prunes, them.
import { describe, KubeObject, refOf, Result } from '../types';
import { fileOf } from './kpt-files';

export const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

/** Marked exactly as kpt and export-context write it: the state warnings accept nothing else. */
export function isLocalConfig(obj: KubeObject): boolean {
  return obj.metadata.annotations?.[LOCAL_CONFIG] === 'true';
}

/** What `render` leaves out of its output: the annotation with any value but false. */
export function printedAsLocalConfig(obj: KubeObject): boolean {
  const v: unknown = obj.metadata?.annotations?.[LOCAL_CONFIG];
  return v !== undefined && v !== null && v !== 'false' && v !== false;
}

/** Fields only the API server writes: the object was read from a cluster. */
export function readFromCluster(obj: KubeObject): boolean {
  const meta = obj.metadata as Record<string, unknown>;
  return obj.status !== undefined || ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields'].some((k) => meta[k] !== undefined);
}

/**
 * The warning for a cluster-state object without local-config, with the fix as proposedValue.
 * `item`: the input item that holds it (a `v1 List` for its entries), for kpt's file; `exporter`:
 * the command that writes such objects with the annotation.
 */
export function unmarkedStateWarning(obj: KubeObject, item: KubeObject, exporter: string): Result {
  const r: Result = {
    message: `${describe(refOf(obj))}: cluster state the function reads, but without the annotation ${LOCAL_CONFIG}: "true" it is also output, so kustomize emits it and Argo CD or kpt live apply would apply and prune it (add the annotation; ${exporter} writes it)`,
    severity: 'warning',
    resourceRef: refOf(obj),
    field: { path: `metadata.annotations.${LOCAL_CONFIG}`, proposedValue: 'true' },
  };
  const file = fileOf(item);
  if (file) r.file = file;
  return r;
}
