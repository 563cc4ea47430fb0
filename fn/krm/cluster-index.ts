// Index of the cluster state a webhook would read from the API server, built from the input's
// objects (`v1 List` entries included). Each injector names the kinds it reads and which of them
// are cluster-scoped; the index keys objects by kind, namespace and name, keeps the first of two
// with one key and records the second: the state is then ambiguous, which the injector reports.
import { describe, KubeObject, refOf } from '../types';
import { eachObject, ObjectPath } from './objects';

export interface Indexed {
  /** Position of the owning item in `items`; -1 for an object derived from others (not an input item). */
  index: number;
  /** Path of the object inside that item: [] for a top-level item, ['items', i] inside a `v1 List`. */
  path: ObjectPath;
  object: KubeObject;
}

export interface Duplicate {
  first: Indexed;
  second: Indexed;
}

export interface IndexedKinds<K extends string> {
  /** The kind an object is indexed under (a name of the injector's choosing), or undefined to leave it out. */
  kindOf(obj: KubeObject): K | undefined;
  /** Kinds whose objects have no namespace. */
  clusterScoped: ReadonlySet<K>;
}

export class ClusterIndex<K extends string> {
  private readonly byKey = new Map<string, Indexed>();
  readonly duplicates: Duplicate[] = [];

  /**
   * @param items every input item
   * @param defaultNamespace namespace of namespaced objects that carry none
   * @param skip objects that are not state although their kind is indexed (an opted-in DaemonSet is a workload)
   */
  constructor(
    items: readonly KubeObject[],
    readonly defaultNamespace: string,
    private readonly kinds: IndexedKinds<K>,
    skip?: (obj: KubeObject) => boolean,
  ) {
    eachObject(items, (object, _item, index, path) => {
      if (skip?.(object)) return;
      const key = this.keyOf(object);
      if (key === undefined) return;
      const entry = { index, path, object };
      const first = this.byKey.get(key);
      if (first) this.duplicates.push({ first, second: entry });
      else this.byKey.set(key, entry);
    });
  }

  /** The namespace an object lives in: its own, else the default namespace. */
  namespaceOf(obj: KubeObject): string {
    return obj.metadata.namespace || this.defaultNamespace;
  }

  private key(kind: K, namespace: string, name: string): string {
    return `${kind}/${this.kinds.clusterScoped.has(kind) ? '' : namespace}/${name}`;
  }

  private keyOf(obj: KubeObject): string | undefined {
    const kind = this.kinds.kindOf(obj);
    return kind === undefined ? undefined : this.key(kind, this.namespaceOf(obj), obj.metadata.name ?? '');
  }

  get(kind: K, namespace: string, name: string): Indexed | undefined {
    return this.byKey.get(this.key(kind, namespace, name));
  }

  /** Every indexed object of a kind, in input order. */
  all(kind: K): Indexed[] {
    return [...this.byKey.values()].filter((e) => this.kinds.kindOf(e.object) === kind);
  }

  /** Every indexed object of a kind with this name, in any namespace, in input order. */
  named(kind: K, name: string): Indexed[] {
    return this.all(kind).filter((e) => e.object.metadata.name === name);
  }

  /**
   * Adds an object the cluster would have although the input does not (Fluid's referenced
   * datasets). Input objects win: a derived object only fills a gap, or replaces its own input
   * twin when `over`.
   */
  addDerived(object: KubeObject, over?: Indexed): void {
    const key = this.keyOf(object);
    if (key === undefined) return;
    const existing = this.byKey.get(key);
    if (existing && existing !== over) return;
    this.byKey.set(key, { index: -1, path: [], object });
  }
}

/** What an injector reports for a duplicate, with its own code. */
export function duplicateMessage(d: Duplicate): string {
  return `${describe(refOf(d.second.object))} appears twice in the input (items ${d.first.index} and ${d.second.index}): the cluster state is ambiguous`;
}
