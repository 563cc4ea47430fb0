// Turns a dataset's PVC volumes into hostPath volumes of the FUSE mount and computes the per-pod
// directory of the random-suffix mode, made deterministic (Fluid
// pkg/application/inject/fuse/mutator/mutator_default.go).
import { cleanPath } from '../../krm/go';
import { InjectError } from '../errors';
import { sha256 } from '../../types';
import type { MountInfo } from './fuse-container';
import type { PodSpec, Volume } from '../../krm/workloads/pod-spec';
import type { RuntimeInfo } from './runtime-info';

export interface DatasetUse {
  /** Names of the pod volumes that were the dataset's PVC. */
  volumes: string[];
  usedInContainers: boolean;
  usedInInitContainers: boolean;
}

/** `<name>`, or for a pod that has none yet `<generateName>--generate-name` (as the webhook names it). */
export function podRef(pod: { name?: string; generateName?: string }): string {
  return pod.name ? pod.name : `${pod.generateName ?? ''}--generate-name`;
}

/**
 * `<podRef>/<T>-<H>`: the webhook uses the clock and random bytes; we use T = 0 and the first 8 hex
 * chars of a SHA-256 over the seed and the pod/dataset identity, so renders are reproducible.
 */
export function uniqueDir(seed: string, namespace: string, ref: string, info: RuntimeInfo): string {
  const h = sha256(JSON.stringify([seed, namespace, ref, info.datasetNamespace, info.datasetName, info.pvcName]))
    .toString('hex')
    .slice(0, 8);
  return `${ref}/0-${h}`;
}


/** Inserts the unique dir before the last path component ; an error on a path without '/'. */
export function insertUniqueDir(hostMountPath: string, unique: string): string {
  const parts = hostMountPath.split('/');
  if (parts.length < 2) throw new InjectError('host-path-invalid', `unsupported host mount path format: ${hostMountPath}`);
  const last = parts[parts.length - 1];
  return cleanPath(`/${[...parts.slice(0, -1), unique, last].filter((s) => s !== '').join('/')}`);
}

export function datasetHostPath(mount: MountInfo, unique: string | undefined): string {
  let path = unique === undefined ? mount.hostMountPath : insertUniqueDir(mount.hostMountPath, unique);
  if (mount.subPath !== '') path = `${path}/${mount.subPath}`;
  return path;
}

/**
 * Replaces, in place, every volume whose claim is the PVC by a hostPath volume of the same name,
 * and forces HostToContainer on every mount of those volumes.
 */
export function replaceDatasetVolumes(spec: PodSpec, pvcName: string, hostPath: string): DatasetUse {
  const replaced: string[] = [];
  spec.volumes = (spec.volumes ?? []).map((v): Volume => {
    if (v.persistentVolumeClaim?.claimName !== pvcName) return v;
    replaced.push(v.name);
    // Rebuild from the name only: the PVC source (and its readOnly flag) goes, like the webhook.
    return { name: v.name, hostPath: { path: hostPath } };
  });
  const names = new Set(replaced);
  const use: DatasetUse = { volumes: replaced, usedInContainers: false, usedInInitContainers: false };
  const mark = (inInit: boolean) => (c: { volumeMounts?: { name: string; mountPropagation?: string }[] }) => {
    for (const m of c.volumeMounts ?? []) {
      if (!names.has(m.name)) continue;
      m.mountPropagation = 'HostToContainer';
      if (inInit) use.usedInInitContainers = true;
      else use.usedInContainers = true;
    }
  };
  spec.containers.forEach(mark(false));
  (spec.initContainers ?? []).forEach(mark(true));
  return use;
}
