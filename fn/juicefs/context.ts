// Index of what the webhook reads from the API server (spec §1, A6), built from the input items:
// Namespaces, PVCs, PVs, StorageClasses, Secrets, ConfigMaps (the CSI ConfigMap among them) and
// Nodes (on the chassis' ClusterIndex; workloads are simply not indexed: theirs are not these kinds).
import { ClusterIndex, IndexedKinds } from '../krm/cluster-index';
import { apiGroupOf, isObject, KubeObject } from '../types';
import type { JsonObject } from '../types';

export type { Indexed } from '../krm/cluster-index';

export type ContextKind = 'Namespace' | 'PersistentVolumeClaim' | 'PersistentVolume' | 'StorageClass' | 'Secret' | 'ConfigMap' | 'Node';

const JUICEFS_CONTEXT: IndexedKinds<ContextKind> = {
  kindOf(obj: KubeObject): ContextKind | undefined {
    const group = apiGroupOf(obj.apiVersion);
    switch (obj.kind) {
      case 'Namespace':
      case 'PersistentVolumeClaim':
      case 'PersistentVolume':
      case 'Secret':
      case 'ConfigMap':
      case 'Node':
        return group === '' ? obj.kind : undefined;
      case 'StorageClass':
        return group === 'storage.k8s.io' ? 'StorageClass' : undefined;
      default:
        return undefined;
    }
  },
  clusterScoped: new Set<ContextKind>(['Namespace', 'PersistentVolume', 'StorageClass', 'Node']),
};

export class ClusterContext extends ClusterIndex<ContextKind> {
  /**
   * @param items every input item
   * @param defaultNamespace namespace of namespaced objects that carry none
   */
  constructor(items: readonly KubeObject[], defaultNamespace: string) {
    super(items, defaultNamespace, JUICEFS_CONTEXT);
  }

  namespaceLabels(name: string): Record<string, unknown> | undefined {
    const ns = this.get('Namespace', '', name);
    if (!ns) return undefined;
    const labels = ns.object.metadata.labels;
    return isObject(labels) ? (labels as JsonObject) : {};
  }
}
