// What a KRM function of this package is to the chassis: config kinds it answers to, and a pure
// transform from items to changed items, new items, outcomes and results.
import type { JsonObject, KubeObject, ResourceRef, Result } from '../types';

/** What happened to one workload (pod or pod template): the CLI summary counts these. */
export interface Outcome {
  ref: ResourceRef;
  status: 'injected' | 'skipped' | 'failed' | 'passed-through' | 'uninjected';
  /** the domain's skip or error code */
  code?: string;
}

export interface TransformOutput {
  /** item index → complete new item, for items that changed */
  updated: Map<number, KubeObject>;
  /** generated objects, appended after the input items */
  added: KubeObject[];
  /** input items to leave out of the output (what an uninject takes back) */
  removed?: ReadonlySet<number>;
  results: Result[];
  outcomes?: Outcome[];
}

export interface KrmFunction {
  /** executable and image name, e.g. `inject-fluid-sidecar` */
  name: string;
  /** `functionConfig` kinds (besides ConfigMap) this function answers to */
  configKinds: readonly string[];
  transform(items: readonly KubeObject[], functionConfig?: JsonObject): TransformOutput;
}
