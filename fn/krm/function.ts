// What a KRM function of this package is to the chassis: config kinds it answers to, and a pure
// transform from items to changed items, new items, outcomes and results.
import { isObject, JsonObject, KubeObject, ResourceRef, Result } from '../types';

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
  /** per generated object, the index of the input item it was made for (kpt puts it in a file beside that item's) */
  addedNear?: number[];
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

/**
 * The function a config is for: the one whose `configKinds` has its kind; else (a ConfigMap, no
 * config, an unknown kind) the executable's own function `self`, which then judges the config.
 */
export function pickFunction(functions: readonly KrmFunction[], self: string, functionConfig?: JsonObject): KrmFunction {
  const kind = isObject(functionConfig) ? functionConfig.kind : undefined;
  const byKind = typeof kind === 'string' ? functions.find((f) => f.configKinds.includes(kind)) : undefined;
  const own = functions.find((f) => f.name === self);
  if (byKind) return byKind;
  if (!own) throw new Error(`no KRM function named ${self}`);
  return own;
}

/** A fixed function, or how to pick one from the function config. */
export type FunctionChoice = KrmFunction | ((functionConfig?: JsonObject) => KrmFunction);

export function chooseFunction(choice: FunctionChoice, functionConfig?: JsonObject): KrmFunction {
  return typeof choice === 'function' ? choice(functionConfig) : choice;
}
