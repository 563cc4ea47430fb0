// Which input objects are Fluid's cluster state (read by the function, not rendered for applying),
// so that one without the local-config annotation can be reported.
import { isDatasetPvc } from '../dataset-pvc';
import { boundRuntimeType, fuseDaemonSetName, isRuntimeType, RUNTIME_TYPES } from '../runtimes';
import { isObject, KubeObject } from '../../types';
import type { ClusterState } from './cluster-state';

export const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

export function isLocalConfig(obj: KubeObject): boolean {
  return obj.metadata.annotations?.[LOCAL_CONFIG] === 'true';
}

const FLUID_GROUP = 'data.fluid.io';
const FLUID_CSI_DRIVER = 'fuse.csi.fluid.io';

function groupOf(obj: KubeObject): string {
  return obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
}

function ownedByFluid(obj: KubeObject): boolean {
  const owners = (obj.metadata as { ownerReferences?: unknown }).ownerReferences;
  return Array.isArray(owners) && owners.some((o) => isObject(o) && typeof o.apiVersion === 'string' && o.apiVersion.startsWith(`${FLUID_GROUP}/`));
}

/** Fields only the API server writes: the object was read from a cluster. */
function exported(obj: KubeObject): boolean {
  const meta = obj.metadata as Record<string, unknown>;
  return obj.status !== undefined || ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields'].some((k) => meta[k] !== undefined);
}

/**
 * Objects Fluid's controllers create (dataset PVCs and PVs, fuse DaemonSets, runtime-owned
 * ConfigMaps), and Datasets and runtimes read from a cluster (a hand-written one may be meant for
 * applying). Workloads are never state.
 */
export function isFluidState(obj: KubeObject, state: ClusterState, isWorkload: (o: KubeObject) => boolean): boolean {
  const group = groupOf(obj);
  if (group === FLUID_GROUP) return (obj.kind === 'Dataset' || obj.kind.endsWith('Runtime')) && exported(obj);
  if (group === '') {
    switch (obj.kind) {
      case 'PersistentVolumeClaim':
        return isDatasetPvc(obj);
      case 'PersistentVolume':
        return isObject(obj.spec) && isObject(obj.spec.csi) && obj.spec.csi.driver === FLUID_CSI_DRIVER;
      case 'ConfigMap':
        // Not a copy this function emits for a reference dataset (owned by it, but never read back from a cluster).
        return ownedByFluid(obj) && exported(obj);
      default:
        return false;
    }
  }
  if (obj.kind !== 'DaemonSet' || (group !== 'apps' && group !== 'extensions') || isWorkload(obj)) return false;
  if (ownedByFluid(obj)) return true;
  const ns = obj.metadata.namespace || state.defaultNamespace;
  return state
    .all('Dataset')
    .some(({ object: ds }) => (ds.metadata.namespace || state.defaultNamespace) === ns && [...Object.keys(RUNTIME_TYPES), boundRuntimeType(ds)].filter(isRuntimeType).some((t) => fuseDaemonSetName(t, ds.metadata.name ?? '') === obj.metadata.name));
}
