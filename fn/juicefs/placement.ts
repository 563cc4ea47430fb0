// Where results and generated objects point in the orchestrator's files: kpt and kustomize stamp
// every input item with path and index annotations; a generated object gets a file of its own next
// to the item that needed it (never a copy of that item's path and index, which kpt refuses).
// Generic; the Fluid function does the same in its transform (a candidate for the chassis).
import type { KubeObject, Result } from '../types';

const PATH_ANNOTATIONS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'];
const INDEX_ANNOTATIONS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'];

/** The file of an input item, for a result's `file`. */
export function fileOf(item: KubeObject): Result['file'] | undefined {
  const ann = item.metadata.annotations ?? {};
  const path = PATH_ANNOTATIONS.map((k) => ann[k]).find((v) => typeof v === 'string' && v !== '');
  if (!path) return undefined;
  const idx = INDEX_ANNOTATIONS.map((k) => ann[k]).find((v) => typeof v === 'string' && v !== '');
  return { path, index: idx ? Number(idx) : 0 };
}

/**
 * Generated objects in order, each with path annotations `<dir of owner>/<kind>_<namespace>_<name>.yaml`
 * when the input uses path annotations (a free name: `-2`, `-3` ... on a clash).
 */
export function placeGenerated(items: readonly KubeObject[], generated: { object: KubeObject; owner: number }[]): KubeObject[] {
  const usesPaths = items.some((i) => PATH_ANNOTATIONS.some((k) => i.metadata.annotations?.[k] !== undefined));
  if (!usesPaths) return generated.map((g) => g.object);
  const taken = new Set(items.map((i) => fileOf(i)?.path).filter((p): p is string => !!p));
  return generated.map(({ object, owner }) => {
    const ownerFile = items[owner] ? (fileOf(items[owner])?.path ?? '') : '';
    const dir = ownerFile.includes('/') ? ownerFile.slice(0, ownerFile.lastIndexOf('/') + 1) : '';
    const base = `${dir}${object.kind.toLowerCase()}_${object.metadata.namespace ?? ''}_${object.metadata.name ?? ''}`;
    let path = `${base}.yaml`;
    for (let n = 2; taken.has(path); n++) path = `${base}-${n}.yaml`;
    taken.add(path);
    const annotations: Record<string, string> = { ...(object.metadata.annotations ?? {}) };
    for (const k of PATH_ANNOTATIONS) annotations[k] = path;
    for (const k of INDEX_ANNOTATIONS) annotations[k] = '0';
    return { ...object, metadata: { ...object.metadata, annotations } };
  });
}
