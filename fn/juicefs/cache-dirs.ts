// Cache directories (§3.4): which caches a volume gets (`GenCacheDirs`: PVCs, an emptyDir, generic
// ephemeral volumes, inline CSI volumes, host paths from the `cache-dir` option and the patch), the
// `cache-dir=` option they add up to, and the sidecar volumes and mounts that back them.
import { isObject } from '../types';
import type { JsonObject, JsonValue } from '../types';
import { jfsError } from './errors';
import { replaceTemplates } from './mount-pod-patch';
import { formatQuantity, isZero, parseQuantity, QuantityError } from './quantities';
import type { CacheEmptyDir, CacheEphemeral, Settings } from './model';
import {
  ANNOTATION_SELECTED_NODE,
  CACHE_EMPTYDIR_PATH,
  CACHE_EMPTYDIR_VOLUME,
  CACHE_EPHEMERAL_PATH_PREFIX,
  CACHE_EPHEMERAL_VOLUME_PREFIX,
  CACHE_INLINE_PATH_PREFIX,
  CACHE_INLINE_VOLUME_PREFIX,
  CACHE_PVC_VOLUME_PREFIX,
  CACHE_VOLUME_PREFIX,
  DEFAULT_CACHE_DIR,
  VOLCTX_CACHE_EMPTYDIR,
  VOLCTX_CACHE_INLINE,
  VOLCTX_CACHE_PVC,
} from './vocabulary';

function cacheError(message: string, key?: string): never {
  throw jfsError('E13', `genCacheDirs error: ${message}`, key ? { field: key } : {});
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

/** `GenCacheDirs`: fills the cache fields of `s` and rewrites its `cache-dir` option. */
export function genCacheDirs(s: Settings, volCtx: Record<string, string>): void {
  s.cacheDirs = [];
  s.cachePvcs = [];
  s.cacheEphemeral = [];
  delete s.cacheEmptyDir;
  delete s.cacheInlineVolumes;
  const inContainer: string[] = [];
  const patchDirs = s.attr.cacheDirs ?? [];

  // 1. PVCs: the volume's list (entries are not trimmed), then the patch's; a skipped empty entry keeps its index.
  const pvcs = volCtx[VOLCTX_CACHE_PVC] ? volCtx[VOLCTX_CACHE_PVC].trim().split(',') : [];
  for (const d of patchDirs) if (d.type === 'PVC') pvcs.push(d.name);
  pvcs.forEach((pvcName, i) => {
    if (pvcName === '') return;
    const path = `${DEFAULT_CACHE_DIR}-${i}`;
    s.cachePvcs.push({ pvcName, path });
    inContainer.push(path);
  });

  // 2. emptyDir: `Medium[:sizeLimit]`, overridden by the patch's first EmptyDir entry.
  let emptyDir: CacheEmptyDir | undefined;
  if (volCtx[VOLCTX_CACHE_EMPTYDIR]) {
    const parts = volCtx[VOLCTX_CACHE_EMPTYDIR].trim().split(':');
    const medium = parts.length <= 2 ? parts[0].trim() : '';
    const size = parts.length === 2 ? parts[1].trim() : '';
    emptyDir = { medium, sizeLimit: parseQuantity('0'), path: CACHE_EMPTYDIR_PATH };
    if (size !== '') {
      try {
        emptyDir.sizeLimit = parseQuantity(size);
      } catch (e) {
        if (!(e instanceof QuantityError)) throw e;
        cacheError(e.message, VOLCTX_CACHE_EMPTYDIR);
      }
    }
  }
  const patchEmpty = patchDirs.find((d) => d.type === 'EmptyDir');
  if (patchEmpty) {
    if (!patchEmpty.sizeLimit) {
      // The driver dereferences the missing size (a recovered panic, HTTP 500).
      cacheError('cacheDirs: EmptyDir entry requires a "sizeLimit" value');
    }
    emptyDir = { medium: patchEmpty.medium, sizeLimit: patchEmpty.sizeLimit, path: CACHE_EMPTYDIR_PATH };
  }
  if (emptyDir) {
    s.cacheEmptyDir = emptyDir;
    inContainer.push(emptyDir.path);
  }

  // 3. generic ephemeral volumes from the patch.
  let ephemeralIndex = 0;
  for (const d of patchDirs) {
    if (d.type !== 'Ephemeral') continue;
    if (!d.storage || isZero(d.storage)) cacheError('cacheDirs: Ephemeral entry requires a non-zero "storage" value');
    const path = `${CACHE_EPHEMERAL_PATH_PREFIX}${ephemeralIndex++}`;
    const e: CacheEphemeral = { storage: d.storage, accessModes: d.accessModes.length ? d.accessModes : ['ReadWriteOnce'], path };
    if (d.storageClassName !== undefined) e.storageClassName = d.storageClassName;
    s.cacheEphemeral.push(e);
    inContainer.push(path);
  }

  // 4. inline CSI volumes: a JSON list, present even when empty (then it fails to parse).
  if (Object.hasOwn(volCtx, VOLCTX_CACHE_INLINE)) {
    let list: unknown;
    try {
      list = JSON.parse(volCtx[VOLCTX_CACHE_INLINE]);
    } catch (e) {
      cacheError(`parse cache inline volume error: ${(e as Error).message}`, VOLCTX_CACHE_INLINE);
    }
    if (list !== null && !Array.isArray(list)) cacheError('parse cache inline volume error: json: cannot unmarshal into Go value of type []*v1.CSIVolumeSource', VOLCTX_CACHE_INLINE);
    s.cacheInlineVolumes = ((list as JsonValue[] | null) ?? []).map((csi, i) => {
      if (csi !== null && !isObject(csi)) cacheError('parse cache inline volume error: json: cannot unmarshal into Go value of type v1.CSIVolumeSource', VOLCTX_CACHE_INLINE);
      const path = `${CACHE_INLINE_PATH_PREFIX}${i}`;
      inContainer.push(path);
      return { csi, path };
    });
  }

  // 5. the first `cache-dir=` option leaves the options; its dirs are host paths (except `memory`).
  let optionDirs: string[] = [];
  const at = s.options.findIndex((o) => o.startsWith('cache-dir') && o.split('=').length === 2);
  if (at >= 0) {
    optionDirs = s.options[at].split('=')[1].trim().split(':');
    inContainer.push(...optionDirs);
    s.options = [...s.options.slice(0, at), ...s.options.slice(at + 1)];
  }
  // 6. host paths from the patch.
  for (const d of patchDirs) {
    if (d.type !== 'HostPath') continue;
    inContainer.push(d.path);
    s.cacheDirs.push(d.path);
  }
  // 7. nothing at all: the default host path, without a `cache-dir=` option.
  if (inContainer.length === 0) optionDirs = [DEFAULT_CACHE_DIR];
  for (const d of optionDirs) if (d !== 'memory') s.cacheDirs.push(d);
  s.cacheDirs = dedupe(s.cacheDirs);
  const all = dedupe(inContainer);
  if (all.length > 0) s.options = [...s.options, `cache-dir=${all.join(':')}`];
}

export interface VolumesAndMounts {
  volumes: JsonObject[];
  mounts: JsonObject[];
}

/**
 * The sidecar's cache volumes: host paths (hostpath profile only; templates expanded), PVCs, the
 * emptyDir, inline CSI volumes, ephemeral volumes. The hostpath profile's ephemeral claim template
 * carries the webhook's own node as selected node (meant for Mount Pods).
 */
export function cacheVolumes(s: Settings, profile: { hostPaths: boolean; selectedNode?: string }): VolumesAndMounts {
  const out: VolumesAndMounts = { volumes: [], mounts: [] };
  const add = (name: string, source: JsonObject, mountPath: string): void => {
    out.volumes.push({ name, ...source });
    out.mounts.push({ name, mountPath });
  };
  if (profile.hostPaths) {
    s.cacheDirs.forEach((dir, i) => {
      const path = replaceTemplates(dir, s);
      add(`${CACHE_VOLUME_PREFIX}${i}`, { hostPath: { path, type: 'DirectoryOrCreate' } }, path);
    });
  }
  s.cachePvcs.forEach((c, i) => add(`${CACHE_PVC_VOLUME_PREFIX}${i}`, { persistentVolumeClaim: { claimName: c.pvcName } }, c.path));
  if (s.cacheEmptyDir) {
    const emptyDir: JsonObject = {};
    if (s.cacheEmptyDir.medium) emptyDir.medium = s.cacheEmptyDir.medium;
    emptyDir.sizeLimit = formatQuantity(s.cacheEmptyDir.sizeLimit);
    add(CACHE_EMPTYDIR_VOLUME, { emptyDir }, s.cacheEmptyDir.path);
  }
  (s.cacheInlineVolumes ?? []).forEach((c, i) => {
    add(`${CACHE_INLINE_VOLUME_PREFIX}${i}`, c.csi === null ? {} : { csi: c.csi }, c.path);
  });
  s.cacheEphemeral.forEach((e, i) => {
    const spec: JsonObject = { accessModes: e.accessModes };
    if (e.storageClassName !== undefined) spec.storageClassName = e.storageClassName;
    spec.resources = { requests: { storage: formatQuantity(e.storage) } };
    const template: JsonObject = { spec };
    if (profile.selectedNode !== undefined) template.metadata = { annotations: { [ANNOTATION_SELECTED_NODE]: profile.selectedNode } };
    add(`${CACHE_EPHEMERAL_VOLUME_PREFIX}${i}`, { ephemeral: { volumeClaimTemplate: template } }, e.path);
  });
  return out;
}
