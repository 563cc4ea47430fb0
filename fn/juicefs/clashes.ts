// Name clashes between a round's sidecar and the pod it goes into (§4.5, `Deduplicate`): a taken
// container name gets `-<round>` after the clashing name; a taken volume name (other than the
// shared `jfs-dir` and `updatedb`) becomes `<sidecar>-<volume>`, and so does the sidecar's mount of it.
import type { JsonObject } from '../types';
import type { MountSidecar } from './container';
import { JFS_DIR_VOLUME, UPDATEDB_VOLUME } from './vocabulary';
import type { Pod } from './workloads';

/**
 * Renames in `sidecar` (in place) against the round's input pod. Containers are compared with
 * `initContainers` in native mode, `containers` otherwise, one after another, as the driver loops.
 */
export function deduplicate(pod: Pod, sidecar: MountSidecar, round: number, native: boolean): void {
  const existing = (native ? pod.spec.initContainers : pod.spec.containers) ?? [];
  for (const c of existing) {
    if (c.name === sidecar.container.name) sidecar.container.name = `${c.name}-${round}`;
  }
  const podVolumes = (pod.spec.volumes ?? []).map((v) => v.name);
  const mounts = (sidecar.container.volumeMounts ?? []) as JsonObject[];
  for (const volume of sidecar.volumes) {
    if (volume.name === UPDATEDB_VOLUME || volume.name === JFS_DIR_VOLUME) continue;
    // The driver's index stays 0 when no mount has the name: the first mount is renamed then.
    const original = volume.name;
    const found = mounts.findIndex((m) => m.name === original);
    const mountIndex = found < 0 ? 0 : found;
    for (const name of podVolumes) {
      if (name !== original) continue;
      volume.name = `${String(sidecar.container.name)}-${name}`;
      if (mounts[mountIndex]) mounts[mountIndex].name = volume.name;
    }
  }
}
