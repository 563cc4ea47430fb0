// Which input objects are Fluid's cluster state (read by the function, not rendered for applying),
// so that one without the local-config annotation can be reported.
import { isDatasetPvc } from '../dataset-pvc';
import { boundRuntimeType, FLUID_GROUP, fuseDaemonSetName, isRuntimeType, RUNTIME_TYPES } from '../runtimes';
import { apiGroupOf, isObject, KubeObject } from '../../types';
import { readFromCluster } from '../../krm/local-config';
import type { ClusterState } from './cluster-state';

const FLUID_CSI_DRIVER = 'fuse.csi.fluid.io';

function ownedByFluid(obj: KubeObject): boolean {
  const owners = (obj.metadata as { ownerReferences?: unknown }).ownerReferences;
  return Array.isArray(owners) && owners.some((o) => isObject(o) && typeof o.apiVersion === 'string' && o.apiVersion.startsWith(`${FLUID_GROUP}/`));
}

/**
 * Objects Fluid's controllers create (dataset PVCs and PVs, fuse DaemonSets, runtime-owned
 * ConfigMaps), and Datasets and runtimes read from a cluster (a hand-written one may be meant for
 * applying). Workloads are never state.
 */
export function isFluidState(obj: KubeObject, state: ClusterState, isWorkload: (o: KubeObject) => boolean): boolean {
  const group = apiGroupOf(obj.apiVersion);
  if (group === FLUID_GROUP) return (obj.kind === 'Dataset' || obj.kind.endsWith('Runtime')) && readFromCluster(obj);
  if (group === '') {
    switch (obj.kind) {
      case 'PersistentVolumeClaim':
        return isDatasetPvc(obj);
      case 'PersistentVolume':
        return isObject(obj.spec) && isObject(obj.spec.csi) && obj.spec.csi.driver === FLUID_CSI_DRIVER;
      case 'ConfigMap':
        // Not a copy this function emits for a reference dataset (owned by it, but never read back from a cluster).
        return ownedByFluid(obj) && readFromCluster(obj);
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
