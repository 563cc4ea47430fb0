// How a round's volumes land in the pod (§4.6, `injectVolume`): every pod volume of the PVC is
// replaced in place by the profile's shared mount source, the app containers' mounts of it get the
// profile's propagation, and the sidecar's volumes are appended (the second and later sidecars share
// the first one's `jfs-dir` and `updatedb`).
import type { JsonObject } from '../types';
import type { Profile } from './container';
import { pathJoin } from '../krm/go';
import { CCI_DRIVER, CCI_FS_TYPE, JFS_DIR_VOLUME, UPDATEDB_VOLUME } from './vocabulary';
import type { Pod, Volume } from './workloads';

/** The source that replaces the PVC: `token` is the bare mount directory `<m>`. */
export function sharedSource(profile: Profile, token: string, mountPointPath: string): JsonObject {
  switch (profile) {
    case 'hostpath':
      return { hostPath: { path: pathJoin(mountPointPath, token), type: 'DirectoryOrCreate' } };
    case 'cci':
      return { csi: { driver: CCI_DRIVER, fsType: CCI_FS_TYPE, volumeAttributes: { mountpoint: token } } };
    default:
      return { emptyDir: {} };
  }
}

/** The propagation app mounts of the shared volume get; undefined leaves them alone (hostpath). */
export function appMountPropagation(profile: Profile): string | undefined {
  switch (profile) {
    case 'hostpath':
      return undefined;
    case 'cci':
      return 'None';
    default:
      return 'HostToContainer';
  }
}

export interface InjectVolumesInput {
  profile: Profile;
  pvcName: string;
  token: string;
  mountPointPath: string;
  native: boolean;
  sidecarVolumes: JsonObject[];
}

/** Mutates `pod` (the round's output copy). */
export function injectVolumes(pod: Pod, input: InjectVolumesInput): void {
  const volumes = pod.spec.volumes ?? [];
  const present = new Set(volumes.map((v) => v.name));
  const appended = input.sidecarVolumes.filter((v) => !((v.name === UPDATEDB_VOLUME || v.name === JFS_DIR_VOLUME) && present.has(v.name as string)));
  const propagation = appMountPropagation(input.profile);
  volumes.forEach((volume, i) => {
    if (volume.persistentVolumeClaim?.claimName !== input.pvcName) return;
    // The whole source is replaced: the claim's readOnly goes with it.
    volumes[i] = { name: volume.name, ...sharedSource(input.profile, input.token, input.mountPointPath) } as Volume;
    if (propagation === undefined) return;
    const containers = input.native ? [...pod.spec.containers, ...(pod.spec.initContainers ?? [])] : pod.spec.containers;
    for (const c of containers) {
      for (const m of c.volumeMounts ?? []) if (m.name === volume.name) m.mountPropagation = propagation;
    }
  });
  if (volumes.length > 0 || appended.length > 0) pod.spec.volumes = [...volumes, ...(appended as Volume[])];
}
