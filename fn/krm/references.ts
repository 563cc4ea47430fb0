// Which objects of the output still use a ConfigMap or Secret: what an uninject may leave out.
import { describe, isObject, KubeObject, refOf, Result } from '../types';
import { isLocalConfig } from './local-config';
import { isKubeLike, isV1List } from './objects';

/** The fields that name a ConfigMap or Secret (volumes, envFrom, env valueFrom), and their name key. */
const REFERENCES: Record<'ConfigMap' | 'Secret', Record<string, string>> = {
  ConfigMap: { configMap: 'name', configMapRef: 'name', configMapKeyRef: 'name' },
  Secret: { secret: 'secretName', secretRef: 'name', secretKeyRef: 'name' },
};

/** Whether an object (a `v1 List`'s entries each in its own namespace) names `kind` `ns/name`. */
export function refersTo(obj: KubeObject, kind: 'ConfigMap' | 'Secret', ns: string, name: string, defaultNamespace: string): boolean {
  if (isV1List(obj)) return obj.items.some((inner) => isKubeLike(inner) && refersTo(inner, kind, ns, name, defaultNamespace));
  if ((obj.metadata.namespace || defaultNamespace) !== ns) return false;
  const fields = REFERENCES[kind];
  const visit = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.some(visit);
    if (!isObject(v)) return false;
    return Object.entries(v).some(([k, x]) => (Object.hasOwn(fields, k) && isObject(x) && x[fields[k]] === name) || visit(x));
  };
  return visit(obj);
}

/**
 * What an uninject leaves out: the indexes of `items` (the output as it stands) that a function
 * emitted (`emitted`) and that no other object uses any more, never local-config state; and an
 * info result for each.
 */
export function unusedEmitted(
  items: readonly KubeObject[],
  emitted: (obj: KubeObject, index: number) => boolean,
  defaultNamespace: string,
): { removed: Set<number>; results: Result[] } {
  const removed = new Set<number>();
  const results: Result[] = [];
  items.forEach((item, i) => {
    if ((item.kind !== 'ConfigMap' && item.kind !== 'Secret') || item.apiVersion !== 'v1' || isLocalConfig(item) || !emitted(item, i)) return;
    const ns = item.metadata.namespace || defaultNamespace;
    const name = item.metadata.name ?? '';
    const kind = item.kind;
    const used = items.some((other, j) => j !== i && other.kind !== 'ConfigMap' && other.kind !== 'Secret' && refersTo(other, kind, ns, name, defaultNamespace));
    if (used) return;
    removed.add(i);
    const ref = refOf(item);
    results.push({ message: `${describe(ref)}: removed: emitted by this function for the injected pods, and nothing uses it now`, severity: 'info', resourceRef: ref });
  });
  return { removed, results };
}
