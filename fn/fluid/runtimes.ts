// The Fluid runtime types a Dataset can be bound to (`status.runtimes[0].type`): the runtime's kind
// and resource plural, and the name of its fuse DaemonSet, whose first container becomes the sidecar.
import { isObject, KubeObject } from '../types';

/** Every runtime type a supported release knows; which ones its webhook injects is the release's profile (versions.ts). */
export type RuntimeType = 'alluxio' | 'jindo' | 'goosefs' | 'juicefs' | 'thin' | 'efc' | 'vineyard' | 'cache';

export interface RuntimeTypeInfo {
  kind: string;
  plural: string;
  fuseDaemonSet: (dataset: string) => string;
}

const fuse = (n: string): string => `${n}-fuse`;

export const RUNTIME_TYPES: Readonly<Record<RuntimeType, RuntimeTypeInfo>> = {
  alluxio: { kind: 'AlluxioRuntime', plural: 'alluxioruntimes', fuseDaemonSet: fuse },
  jindo: { kind: 'JindoRuntime', plural: 'jindoruntimes', fuseDaemonSet: (n) => `${n}-jindofs-fuse` },
  goosefs: { kind: 'GooseFSRuntime', plural: 'goosefsruntimes', fuseDaemonSet: fuse },
  juicefs: { kind: 'JuiceFSRuntime', plural: 'juicefsruntimes', fuseDaemonSet: fuse },
  thin: { kind: 'ThinRuntime', plural: 'thinruntimes', fuseDaemonSet: fuse },
  efc: { kind: 'EFCRuntime', plural: 'efcruntimes', fuseDaemonSet: fuse },
  vineyard: { kind: 'VineyardRuntime', plural: 'vineyardruntimes', fuseDaemonSet: fuse },
  cache: { kind: 'CacheRuntime', plural: 'cacheruntimes', fuseDaemonSet: (n) => `${n}-client` },
};

export function isRuntimeType(type: string): type is RuntimeType {
  return Object.hasOwn(RUNTIME_TYPES, type);
}

/** The fuse DaemonSet of a dataset, in the dataset's namespace. */
export function fuseDaemonSetName(type: RuntimeType, dataset: string): string {
  return RUNTIME_TYPES[type].fuseDaemonSet(dataset);
}

/** `status.runtimes[0].type` of a Dataset as written (`''` when absent); see isRuntimeType. */
export function boundRuntimeType(dataset: KubeObject): string {
  const status = isObject(dataset.status) ? dataset.status : {};
  const runtimes = Array.isArray(status.runtimes) ? status.runtimes : [];
  const first = isObject(runtimes[0]) ? runtimes[0] : {};
  return typeof first.type === 'string' ? first.type : '';
}
