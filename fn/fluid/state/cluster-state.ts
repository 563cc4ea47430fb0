// Index of the cluster state the webhook would read from the API server, built from `items`:
// PVCs, PVs, Datasets, *Runtimes, fuse DaemonSets and ConfigMaps.
import { apiGroupOf, isObject, KubeObject } from '../../types';

export interface Indexed {
  /** Position of the owning item in `items`; -1 for an object derived from others (not an input item). */
  index: number;
  /** Path of the object inside that item: [] for a top-level item, ['items', i] inside a `v1 List`. */
  path: (string | number)[];
  object: KubeObject;
}

export interface DuplicateState {
  key: string;
  first: Indexed;
  second: Indexed;
}

type Bucket = 'PersistentVolumeClaim' | 'PersistentVolume' | 'Dataset' | 'Runtime' | 'DaemonSet' | 'ConfigMap';

function bucketOf(obj: KubeObject): Bucket | undefined {
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
      return group === 'data.fluid.io' && obj.kind.endsWith('Runtime') ? 'Runtime' : undefined;
  }
}

export class ClusterState {
  private readonly byKey = new Map<string, Indexed>();
  readonly duplicates: DuplicateState[] = [];

  /**
   * @param items every input item; workloads are skipped via `isWorkload`
   * @param defaultNamespace namespace of namespaced objects that carry none
   */
  constructor(
    items: readonly KubeObject[],
    readonly defaultNamespace: string,
    isWorkload: (obj: KubeObject) => boolean,
  ) {
    items.forEach((object, index) => {
      if (object.kind === 'List' && Array.isArray(object.items)) {
        object.items.forEach((inner, i) => {
          if (isKube(inner) && !isWorkload(inner)) this.add({ index, path: ['items', i], object: inner });
        });
        return;
      }
      if (!isWorkload(object)) this.add({ index, path: [], object });
    });
  }

  private add(entry: Indexed): void {
    const bucket = bucketOf(entry.object);
    if (!bucket) return;
    const name = entry.object.metadata.name ?? '';
    const ns = bucket === 'PersistentVolume' ? '' : entry.object.metadata.namespace || this.defaultNamespace;
    const kind = bucket === 'Runtime' ? entry.object.kind : bucket;
    const key = `${kind}/${ns}/${name}`;
    const first = this.byKey.get(key);
    if (first) {
      this.duplicates.push({ key, first, second: entry });
      return;
    }
    this.byKey.set(key, entry);
  }

  /**
   * Adds an object the cluster would have although the input does not (see reference-datasets.ts).
   * Input objects win: a derived object only fills a gap, or replaces its own input twin when `over`.
   */
  addDerived(object: KubeObject, over?: Indexed): void {
    const bucket = bucketOf(object);
    if (!bucket) return;
    const ns = bucket === 'PersistentVolume' ? '' : object.metadata.namespace || this.defaultNamespace;
    const key = `${bucket === 'Runtime' ? object.kind : bucket}/${ns}/${object.metadata.name ?? ''}`;
    const existing = this.byKey.get(key);
    if (existing && existing !== over) return;
    this.byKey.set(key, { index: -1, path: [], object });
  }

  /** Every indexed object of a kind (`Dataset`, `ConfigMap`, a runtime kind, ...), in input order. */
  all(kind: string): Indexed[] {
    return [...this.byKey.entries()].filter(([k]) => k.startsWith(`${kind}/`)).map(([, v]) => v);
  }

  private get(kind: string, ns: string, name: string): Indexed | undefined {
    return this.byKey.get(`${kind}/${ns}/${name}`);
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

function isKube(v: unknown): v is KubeObject {
  return (
    isObject(v) && typeof v.apiVersion === 'string' && typeof v.kind === 'string' && isObject(v.metadata)
  );
}
