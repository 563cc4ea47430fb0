// Index of what the webhook reads from the API server (spec §1, A6), built from the input items:
// Namespaces, PVCs, PVs, StorageClasses, Secrets, ConfigMaps (the CSI ConfigMap among them) and Nodes.
import { apiGroupOf, isObject, KubeObject } from '../types';
import type { JsonObject } from '../types';

export interface Indexed {
  /** position of the owning item in `items` */
  index: number;
  /** path of the object inside that item: [] for a top-level item, ['items', i] inside a `v1 List` */
  path: (string | number)[];
  object: KubeObject;
}

export interface Duplicate {
  first: Indexed;
  second: Indexed;
}

export type ContextKind = 'Namespace' | 'PersistentVolumeClaim' | 'PersistentVolume' | 'StorageClass' | 'Secret' | 'ConfigMap' | 'Node';

const CLUSTER_SCOPED = new Set<ContextKind>(['Namespace', 'PersistentVolume', 'StorageClass', 'Node']);

function contextKindOf(obj: KubeObject): ContextKind | undefined {
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
}

export function isKubeLike(v: unknown): v is KubeObject {
  return isObject(v) && typeof v.apiVersion === 'string' && typeof v.kind === 'string' && isObject(v.metadata);
}

export class ClusterContext {
  private readonly byKey = new Map<string, Indexed>();
  readonly duplicates: Duplicate[] = [];

  /**
   * @param items every input item (workloads are simply not indexed: their kinds are not context kinds)
   * @param defaultNamespace namespace of namespaced objects that carry none
   */
  constructor(
    items: readonly KubeObject[],
    readonly defaultNamespace: string,
  ) {
    items.forEach((object, index) => {
      if (object.kind === 'List' && object.apiVersion === 'v1' && Array.isArray(object.items)) {
        object.items.forEach((inner, i) => {
          if (isKubeLike(inner)) this.add({ index, path: ['items', i], object: inner });
        });
        return;
      }
      this.add({ index, path: [], object });
    });
  }

  private key(kind: ContextKind, namespace: string, name: string): string {
    return `${kind}/${CLUSTER_SCOPED.has(kind) ? '' : namespace}/${name}`;
  }

  private add(entry: Indexed): void {
    const kind = contextKindOf(entry.object);
    if (!kind) return;
    const key = this.key(kind, this.namespaceOf(entry.object), entry.object.metadata.name ?? '');
    const first = this.byKey.get(key);
    if (first) this.duplicates.push({ first, second: entry });
    else this.byKey.set(key, entry);
  }

  /** The namespace an object lives in: its own, else the default namespace. */
  namespaceOf(obj: KubeObject): string {
    return obj.metadata.namespace || this.defaultNamespace;
  }

  get(kind: ContextKind, namespace: string, name: string): Indexed | undefined {
    return this.byKey.get(this.key(kind, namespace, name));
  }

  /** Every indexed object of a kind with this name, in any namespace. */
  named(kind: ContextKind, name: string): Indexed[] {
    return [...this.byKey.values()].filter((e) => e.object.kind === kind && e.object.metadata.name === name);
  }

  namespaceLabels(name: string): Record<string, unknown> | undefined {
    const ns = this.get('Namespace', '', name);
    if (!ns) return undefined;
    const labels = ns.object.metadata.labels;
    return isObject(labels) ? (labels as JsonObject) : {};
  }
}
