// The Fluid runtime types a Dataset can be bound to (`status.runtimes[0].type`): the runtime's kind
// and resource plural, and the name of its fuse DaemonSet, whose first container becomes the sidecar.
import { isObject, KubeObject } from '../types';

/** The API group and version of Fluid's Datasets and runtimes. */
export const FLUID_GROUP = 'data.fluid.io';
export const FLUID_API_VERSION = `${FLUID_GROUP}/v1alpha1`;

/** Every runtime type a supported release knows; which ones its webhook injects is the release's profile (versions.ts). */
export type RuntimeType = 'alluxio' | 'jindo' | 'juicefs' | 'thin' | 'efc' | 'vineyard' | 'cache' | FormerRuntimeType;
/** Runtime types of releases before the development line. */
type FormerRuntimeType = 'goosefs';

export interface RuntimeTypeInfo {
  kind: string;
  plural: string;
  fuseDaemonSet: (dataset: string) => string;
}

const fuse = (n: string): string => `${n}-fuse`;

/** The development line's runtime types. */
export const RUNTIME_TYPES: Readonly<Record<Exclude<RuntimeType, FormerRuntimeType>, RuntimeTypeInfo>> = {
  alluxio: { kind: 'AlluxioRuntime', plural: 'alluxioruntimes', fuseDaemonSet: fuse },
  jindo: { kind: 'JindoRuntime', plural: 'jindoruntimes', fuseDaemonSet: (n) => `${n}-jindofs-fuse` },
  juicefs: { kind: 'JuiceFSRuntime', plural: 'juicefsruntimes', fuseDaemonSet: fuse },
  thin: { kind: 'ThinRuntime', plural: 'thinruntimes', fuseDaemonSet: fuse },
  efc: { kind: 'EFCRuntime', plural: 'efcruntimes', fuseDaemonSet: fuse },
  vineyard: { kind: 'VineyardRuntime', plural: 'vineyardruntimes', fuseDaemonSet: fuse },
  cache: { kind: 'CacheRuntime', plural: 'cacheruntimes', fuseDaemonSet: (n) => `${n}-client` },
};

/** GooseFS: injected up to v1.0.8 (Fluid pkg/ddc/base/runtime.go@v1.0.8), removed on the development line. */
const FORMER_RUNTIME_TYPES: Readonly<Record<FormerRuntimeType, RuntimeTypeInfo>> = {
  goosefs: { kind: 'GooseFSRuntime', plural: 'goosefsruntimes', fuseDaemonSet: fuse },
};

/** A runtime type of any supported release; the profile of the cluster's release says whether it injects it. */
export function isRuntimeType(type: string): type is RuntimeType {
  return Object.hasOwn(RUNTIME_TYPES, type) || Object.hasOwn(FORMER_RUNTIME_TYPES, type);
}

export function runtimeTypeInfo(type: RuntimeType): RuntimeTypeInfo {
  return type === 'goosefs' ? FORMER_RUNTIME_TYPES[type] : RUNTIME_TYPES[type];
}

/** The fuse DaemonSet of a dataset, in the dataset's namespace. */
export function fuseDaemonSetName(type: RuntimeType, dataset: string): string {
  return runtimeTypeInfo(type).fuseDaemonSet(dataset);
}

/** `status.runtimes[0].type` of a Dataset as written (`''` when absent); see isRuntimeType. */
export function boundRuntimeType(dataset: KubeObject): string {
  const status = isObject(dataset.status) ? dataset.status : {};
  const runtimes = Array.isArray(status.runtimes) ? status.runtimes : [];
  const first = isObject(runtimes[0]) ? runtimes[0] : {};
  return typeof first.type === 'string' ? first.type : '';
}
