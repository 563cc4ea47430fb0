// Every object of the input: the items, and the entries of the `v1 List`s among them. One rule for
// the chassis and both injectors (workloads, cluster state, references, the state warnings): a
// `List` of any other apiVersion is an object like any other, and a List entry that is not shaped
// like a Kubernetes object is left alone, as kubectl would reject it.
import { isObject, KubeObject } from '../types';

/** Where an object sits: [] for an item itself, ['items', i] (and so on, for a List in a List) for a List entry. */
export type ObjectPath = (string | number)[];

/** apiVersion and kind strings and a metadata mapping: what an object needs to be read as one. */
export function isKubeLike(v: unknown): v is KubeObject {
  return isObject(v) && typeof v.apiVersion === 'string' && typeof v.kind === 'string' && isObject(v.metadata);
}

/** A `v1 List` (kubectl's and the API server's list of objects of any kinds). */
export function isV1List(obj: KubeObject): obj is KubeObject & { items: unknown[] } {
  return obj.kind === 'List' && obj.apiVersion === 'v1' && Array.isArray(obj.items);
}

/**
 * Calls `visit` on every object of `items` in input order: each item that is not a `v1 List`, and
 * the entries of those that are, with the index of the item that holds the object and its path there.
 */
export function eachObject(items: readonly KubeObject[], visit: (obj: KubeObject, item: KubeObject, index: number, path: ObjectPath) => void): void {
  const walk = (obj: KubeObject, index: number, path: ObjectPath): void => {
    if (!isV1List(obj)) {
      visit(obj, items[index], index, path);
      return;
    }
    obj.items.forEach((inner, i) => {
      if (isKubeLike(inner)) walk(inner, index, [...path, 'items', i]);
    });
  };
  items.forEach((item, i) => walk(item, i, []));
}

/** Every object of `items` (see eachObject), in input order. */
export function allObjects(items: readonly KubeObject[]): KubeObject[] {
  const out: KubeObject[] = [];
  eachObject(items, (obj) => out.push(obj));
  return out;
}
