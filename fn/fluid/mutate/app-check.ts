// Pre-step A of every injection round (Fluid pkg/application/inject/fuse/mount_point_script.go and
// poststart/check_fuse_app.go): the app-side mount check script — its
// ConfigMap, its volume, its mount in every container that uses a dataset, and the optional
// app postStart hook.
import { DEVELOPMENT_PROFILE, FluidProfile } from '../versions';
import {
  APP_CHECK_CONFIGMAP,
  APP_CHECK_MOUNT_PATH,
  APP_CHECK_SUBPATH,
  APP_CHECK_VOLUME,
  POSTSTART_REDIRECT,
  SCRIPT_MODE,
} from '../names';
import { allContainers, Container, mountsOf, PodSpec, PodView, volumesOf } from '../../krm/workloads/pod-spec';
import { formatPath, PathSegment } from '../../krm/workloads/pod-templates';
import { ShapeError } from '../../krm/workloads/pod-view';
import { LABEL_APP_POSTSTART } from '../labels';
import type { RuntimeInfo } from './runtime-info';
import { shellWord } from './shell';
import { freeVolumeName } from './sidecar-volumes';

/**
 * The app postStart check (`app.poststart.fluid.io/inject: "true"`) gets a container's dataset
 * mount paths joined by ':', so a mount path of a PVC volume must not contain one: the script would
 * wait for two paths that do not exist. (PVC volumes, since which of them are datasets is only
 * known later; a ':' in a container path is rare on Linux.) `base`: the pod's path in its item.
 */
export function checkAppCheckPaths(pod: PodView, base: readonly PathSegment[]): void {
  if (pod.labels[LABEL_APP_POSTSTART] !== 'true') return;
  const pvcVolumes = new Set((pod.spec.volumes ?? []).filter((v) => v.persistentVolumeClaim !== undefined).map((v) => v.name));
  for (const key of ['containers', 'initContainers'] as const) {
    (pod.spec[key] ?? []).forEach((c, i) => {
      (c.volumeMounts ?? []).forEach((m, j) => {
        if (pvcVolumes.has(m.name) && m.mountPath.includes(':')) {
          const path = formatPath([...base, 'spec', key, i, 'volumeMounts', j, 'mountPath']);
          throw new ShapeError(
            `${path} must not contain ':' (got ${JSON.stringify(m.mountPath)}): the app postStart check (app.poststart.fluid.io/inject) separates mount paths with ':'`,
            path,
          );
        }
      });
    });
  }
}

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
export function addAppCheck(
  spec: PodSpec,
  infos: Map<string, RuntimeInfo>,
  appPostStart: boolean,
  profile: FluidProfile = DEVELOPMENT_PROFILE,
): string[] {
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
      const redirect = profile.postStartRedirect ? POSTSTART_REDIRECT : '';
      const command = `time ${APP_CHECK_MOUNT_PATH} ${shellWord(paths.join(':'))} ${shellWord(types.join(':'))}${redirect}`;
      container.lifecycle = { ...(container.lifecycle ?? {}), postStart: { exec: { command: ['bash', '-c', command] } } };
    }
  }
  return touched;
}
