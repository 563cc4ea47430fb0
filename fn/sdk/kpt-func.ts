// The function as a kpt TypeScript SDK function (npm `kpt-functions`, `KptFunc`), for pipelines
// already built on that SDK:
//
//   import { run } from 'kpt-functions';
//   import { injectFluidSidecar } from 'inject-fluid-sidecar/dist/fn/sdk/kpt-func';
//   run(injectFluidSidecar);
//
// The SDK is deprecated upstream, and its I/O (js-yaml 3) drops comments, turns YAML 1.1 values
// such as `0755` into 493, and sorts and de-duplicates objects by apiVersion/kind/namespace/name.
// So it stays out of this function's own I/O path: only structural types are declared here (no
// import of `kpt-functions`, which is a devDependency), and neither bin/inject-fluid-sidecar nor
// the library ever loads it.
import { transform } from '../fluid/transform';
import type { JsonObject, JsonValue, KubeObject, Result } from '../types';

/** What this binding reads of an SDK `KubernetesObject`. */
export interface SdkObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: { [key: string]: string };
    annotations?: { [key: string]: string };
  };
}

/** The SDK's result severities: `warn`, where the KRM functions spec says `warning`. */
export type SdkSeverity = 'error' | 'warn' | 'info';

/** The SDK's `Result`: `field.suggestedValue` where the spec says `proposedValue`. */
export interface SdkResult {
  severity: SdkSeverity;
  message: string;
  tags?: { [key: string]: string };
  resourceRef?: { apiVersion: string; kind: string; namespace?: string; name: string };
  file?: { path?: string; index?: number };
  field?: { path: string; currentValue?: JsonValue; suggestedValue?: JsonValue };
}

/** The methods of the SDK's `Configs` this binding uses (kpt-functions 0.16). */
export interface SdkConfigs {
  getAll(): SdkObject[];
  getFunctionConfig(): SdkObject | undefined;
  insert(...objects: SdkObject[]): void;
  delete(...objects: SdkObject[]): void;
  addResults(...results: SdkResult[]): void;
}

/** The SDK's `KptFunc`. */
export type SdkKptFunc = ((configs: SdkConfigs) => Promise<void>) & { usage: string };

const USAGE = `Renders Fluid's FUSE sidecar injection (the webhook's "Fuse Sidecar" mode) into the pods and pod
templates labelled serverless.fluid.io/inject: "true".

The cluster state (Datasets, *Runtimes, PVCs, PVs, fuse DaemonSets) must be among the input objects.

functionConfig: an fn.fluid.io/v1alpha1 InjectFluidSidecar with the options under spec, or a v1
ConfigMap with the same keys in data (injectionMode, disabled, plugins, filePrefetcherImage,
defaultNamespace, randomSuffixSeed, errorMode, action, checkConfigMaps, extraPodTemplates). No
functionConfig: defaults.

On any error result no object is changed or added.`;

export function toSdkResult(r: Result): SdkResult {
  const out: SdkResult = { severity: r.severity === 'warning' ? 'warn' : r.severity, message: r.message };
  if (r.tags) out.tags = { ...r.tags };
  if (r.resourceRef) out.resourceRef = { ...r.resourceRef };
  if (r.file) out.file = { ...r.file };
  if (r.field) {
    const field: NonNullable<SdkResult['field']> = { path: r.field.path };
    if (r.field.currentValue !== undefined) field.currentValue = r.field.currentValue;
    if (r.field.proposedValue !== undefined) field.suggestedValue = r.field.proposedValue;
    out.field = field;
  }
  return out;
}

async function injectFluidSidecarFn(configs: SdkConfigs): Promise<void> {
  // The SDK's objects are plain JSON values: the same shapes transform() reads. They come sorted
  // by apiVersion/kind/namespace/name, which transform() does not depend on.
  const items = configs.getAll() as unknown as KubeObject[];
  const functionConfig = configs.getFunctionConfig() as unknown as JsonObject | undefined;
  const out = transform(items, functionConfig);
  const changed = [...out.updated.keys()].sort((a, b) => a - b).map((i) => out.updated.get(i)!);
  // insert() replaces the object of the same apiVersion/kind/namespace/name, or adds a new one.
  configs.insert(...([...changed, ...out.added] as unknown as SdkObject[]));
  if (out.removed?.size) configs.delete(...([...out.removed].map((i) => items[i]) as unknown as SdkObject[]));
  configs.addResults(...out.results.map(toSdkResult));
}

/** `run(injectFluidSidecar)` with the SDK's `run`; exits 1 (the SDK's ResultError) on an error result. */
export const injectFluidSidecar: SdkKptFunc = Object.assign(injectFluidSidecarFn, { usage: USAGE });
