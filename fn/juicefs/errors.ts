// The JuiceFS function's error codes: the webhook's failures E1–E20 (spec §9) that can happen
// offline, and this function's own. Messages keep the webhook's text where it has one.
import { FnError } from '../krm/errors';
import type { FnErrorAt } from '../krm/errors';

export type JuiceFSCode =
  /** a PVC of the pod is not in the input */
  | 'E1'
  /** a JuiceFS-class PVC has no spec.volumeName */
  | 'E3'
  /** the bound PV is not in the input */
  | 'E4'
  /** the PV's nodePublishSecretRef Secret is not in the input */
  | 'E6'
  /** the PV has no nodePublishSecretRef */
  | 'E7'
  /** the Secret's `name` is empty or missing */
  | 'E8'
  /** a YAML/JSON map (envs, configs, mount-labels, mount-annotations) or a secret key of the wrong type */
  | 'E9'
  /** juicefs/mount-delete-delay is not a duration */
  | 'E10'
  /** a resource quantity annotation is not a quantity */
  | 'E11'
  /** a mount option with two or more `=` */
  | 'E12'
  /** a cache directory that cannot be built */
  | 'E13'
  /** CE `metaurl` present but empty */
  | 'E14'
  /** `format-options` with an empty value */
  | 'E15'
  /** EE with noUpdateConfig and no bucket */
  | 'E16'
  /** PVC smaller than 1 GiB with quota on */
  | 'E17'
  /** the function config is invalid */
  | 'JFS-CONFIG'
  /** a field of a workload, or of a context object, has the wrong shape */
  | 'JFS-SHAPE'
  /** two input objects with the same identity */
  | 'JFS-DUPLICATE'
  /** the CSI ConfigMap's config.yaml cannot be read */
  | 'JFS-CSI-CONFIG'
  /** the mount-dir override annotation is malformed */
  | 'JFS-MOUNT-DIR'
  /** `generatedSecret: emit` with a keys-only Secret */
  | 'JFS-EMIT-KEYS-ONLY'
  /** one PVC behind two pod volumes in the serverless profile (the webhook emits a nameless mount) */
  | 'JFS-SHARED-PVC'
  /** an object the function must generate clashes with an input object it does not own */
  | 'JFS-GENERATED-CLASH';

export class JuiceFSError extends FnError<JuiceFSCode> {}

export function jfsError(code: JuiceFSCode, message: string, at: FnErrorAt = {}): JuiceFSError {
  return new JuiceFSError(code, message, at);
}

/** The API server's not-found text, e.g. `persistentvolumeclaims "x" not found`. */
export function notFound(resource: string, name: string): string {
  return `${resource} "${name}" not found`;
}

/** gRPC status text, as the settings parser words its InvalidArgument errors. */
export function invalidArgument(message: string): string {
  return `rpc error: code = InvalidArgument desc = ${message}`;
}
