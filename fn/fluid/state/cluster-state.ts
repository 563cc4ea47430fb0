// Index of the cluster state the webhook would read from the API server, built from `items`:
// PVCs, PVs, Datasets, *Runtimes, fuse DaemonSets and ConfigMaps (on the chassis' ClusterIndex).
import { ClusterIndex, IndexedKinds } from '../../krm/cluster-index';
import type { Indexed } from '../../krm/cluster-index';
import { apiGroupOf, KubeObject } from '../../types';

export type { Indexed } from '../../krm/cluster-index';

/** The kinds indexed; a runtime under its own kind (`AlluxioRuntime`, ...). */
const FLUID_STATE: IndexedKinds<string> = {
  kindOf(obj: KubeObject): string | undefined {
    const group = apiGroupOf(obj.apiVersion);
    switch (obj.kind) {
      case 'PersistentVolumeClaim':
      case 'PersistentVolume':
      case 'ConfigMap':
        return group === '' ? obj.kind : undefined;
      case 'DaemonSet':
        return group === 'apps' || group === 'extensions' ? 'DaemonSet' : undefined;
      case 'Dataset':
        return group === 'data.fluid.io' ? 'Dataset' : undefined;
      default:
        return group === 'data.fluid.io' && obj.kind.endsWith('Runtime') ? obj.kind : undefined;
    }
  },
  clusterScoped: new Set(['PersistentVolume']),
};

export class ClusterState extends ClusterIndex<string> {
  /**
   * @param items every input item; workloads are skipped via `isWorkload`
   * @param defaultNamespace namespace of namespaced objects that carry none
   */
  constructor(items: readonly KubeObject[], defaultNamespace: string, isWorkload: (obj: KubeObject) => boolean) {
    super(items, defaultNamespace, FLUID_STATE, isWorkload);
  }

  pvc(ns: string, name: string): Indexed | undefined {
    return this.get('PersistentVolumeClaim', ns, name);
  }
  pv(name: string): Indexed | undefined {
    return this.get('PersistentVolume', '', name);
  }
  dataset(ns: string, name: string): Indexed | undefined {
    return this.get('Dataset', ns, name);
  }
  runtime(kind: string, ns: string, name: string): Indexed | undefined {
    return this.get(kind, ns, name);
  }
  daemonSet(ns: string, name: string): Indexed | undefined {
    return this.get('DaemonSet', ns, name);
  }
  configMap(ns: string, name: string): Indexed | undefined {
    return this.get('ConfigMap', ns, name);
  }
}
