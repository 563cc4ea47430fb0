// kpt's file bookkeeping: the path and index annotations of items, where a result points, and
// which file a generated object goes to (beside the item it was made for).
import type { KubeObject, Result } from '../types';
import type { TransformOutput } from './function';

const PATH_ANNOTATIONS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'];
const INDEX_ANNOTATIONS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'];

/** The file (and document index in it) an item came from, when the orchestrator says so. */
export function fileOf(item: KubeObject): Result['file'] | undefined {
  const ann = item.metadata.annotations ?? {};
  const path = PATH_ANNOTATIONS.map((k) => ann[k]).find((v) => typeof v === 'string' && v !== '');
  if (!path) return undefined;
  const idx = INDEX_ANNOTATIONS.map((k) => ann[k]).find((v) => typeof v === 'string' && v !== '');
  return { path, index: idx ? Number(idx) : 0 };
}

/**
 * When the input items carry kpt paths, each generated object gets a file of its own,
 * `configmap_<ns>_<name>.yaml` (`-2`, `-3`, ... when taken) in the directory of the item it was
 * made for (`addedNear`, default the first item). Without paths the output is `out` itself.
 */
export function placeAdded(items: readonly KubeObject[], out: TransformOutput): TransformOutput {
  const usesPaths = items.some((i) => PATH_ANNOTATIONS.some((k) => i.metadata.annotations?.[k] !== undefined));
  if (!usesPaths || out.added.length === 0) return out;
  const taken = new Set(items.map((i) => fileOf(i)?.path).filter((p): p is string => !!p));
  const added = out.added.map((obj, i) => {
    const near = items[out.addedNear?.[i] ?? 0];
    const nearFile = (near && fileOf(near)?.path) ?? '';
    const dir = nearFile.includes('/') ? nearFile.slice(0, nearFile.lastIndexOf('/') + 1) : '';
    const base = `${dir}${obj.kind.toLowerCase()}_${obj.metadata.namespace}_${obj.metadata.name}`;
    let path = `${base}.yaml`;
    for (let n = 2; taken.has(path); n++) path = `${base}-${n}.yaml`;
    taken.add(path);
    const annotations: Record<string, string> = { ...(obj.metadata.annotations ?? {}) };
    for (const k of PATH_ANNOTATIONS) annotations[k] = path;
    for (const k of INDEX_ANNOTATIONS) annotations[k] = '0';
    return { ...obj, metadata: { ...obj.metadata, annotations } };
  });
  return { ...out, added };
}
