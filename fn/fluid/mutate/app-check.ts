// Pre-step A of every injection round (spec §4.1): the app-side mount check script — its
// ConfigMap, its volume, its mount in every container that uses a dataset, and the optional
// app postStart hook.
import {
  APP_CHECK_CONFIGMAP,
  APP_CHECK_MOUNT_PATH,
  APP_CHECK_SUBPATH,
  APP_CHECK_VOLUME,
  SCRIPT_MODE,
} from './literals';
import { allContainers, Container, mountsOf, PodSpec, volumesOf } from './pod-spec';
import type { RuntimeInfo } from './runtime-info';
import { shellWord } from './shell';
import { freeVolumeName } from './sidecar-volumes';

/** Dataset mount paths of one container and their runtime types, in mount order. */
function datasetMounts(container: Container, claimOf: Map<string, string>, infos: Map<string, RuntimeInfo>) {
  const paths: string[] = [];
  const types: string[] = [];
  for (const m of container.volumeMounts ?? []) {
    const claim = claimOf.get(m.name);
    const info = claim === undefined ? undefined : infos.get(claim);
    // Keyed by mount path in the webhook: one entry per path.
    if (!info || paths.includes(m.mountPath)) continue;
    paths.push(m.mountPath);
    types.push(info.type);
  }
  return { paths, types };
}

/**
 * Adds the check volume (collision-renamed if taken) and mounts; returns the names of the
 * containers that got the script mount. `appPostStart` adds the postStart hook where none exists,
 * except on init containers that are not native sidecars: the webhook adds it there too, but the
 * API server rejects `lifecycle` on them.
 */
export function addAppCheck(spec: PodSpec, infos: Map<string, RuntimeInfo>, appPostStart: boolean): string[] {
  const volumes = volumesOf(spec);
  const claimOf = new Map<string, string>();
  for (const v of volumes) if (v.persistentVolumeClaim) claimOf.set(v.name, v.persistentVolumeClaim.claimName);
  const volumeName = freeVolumeName(APP_CHECK_VOLUME, new Set(volumes.map((v) => v.name)));
  volumes.push({ name: volumeName, configMap: { name: APP_CHECK_CONFIGMAP, defaultMode: SCRIPT_MODE } });
  const touched: string[] = [];
  const runToCompletion = new Set((spec.initContainers ?? []).filter((c) => c.restartPolicy !== 'Always'));
  for (const container of allContainers(spec)) {
    const { paths, types } = datasetMounts(container, claimOf, infos);
    if (paths.length === 0) continue;
    touched.push(container.name);
    mountsOf(container).push({
      name: volumeName,
      mountPath: APP_CHECK_MOUNT_PATH,
      subPath: APP_CHECK_SUBPATH,
      readOnly: true,
    });
    if (appPostStart && !container.lifecycle?.postStart && !runToCompletion.has(container)) {
      const command = `time ${APP_CHECK_MOUNT_PATH} ${shellWord(paths.join(':'))} ${shellWord(types.join(':'))}`;
      container.lifecycle = { ...(container.lifecycle ?? {}), postStart: { exec: { command: ['bash', '-c', command] } } };
    }
  }
  return touched;
}
