// The FilePrefetcher plugin (spec §9.4): runs before FuseSidecar and adds a container that warms
// the cache for the listed files of the dataset PVCs.
import type { Options } from '../config/options';
import { parseGoBool } from '../config/options';
import { cleanPath } from './dataset-volumes';
import { InjectError } from './errors';
import {
  PREFETCHER_ASYNC,
  PREFETCHER_CONTAINER,
  PREFETCHER_DATA_ROOT,
  PREFETCHER_DEFAULT_TIMEOUT,
  PREFETCHER_EXTRA_ENVS,
  PREFETCHER_FILE_LIST,
  PREFETCHER_IMAGE,
  PREFETCHER_INJECT,
  PREFETCHER_INJECT_DONE,
  PREFETCHER_STATUS_DIR,
  PREFETCHER_STATUS_VOLUME,
  PREFETCHER_TIMEOUT,
  SIDECAR_NAME_PREFIX,
} from './literals';
import { Container, mountsOf, PodView, VolumeMount, volumesOf } from './pod-spec';
import type { RuntimeInfo } from './runtime-info';

const ALL = '<ALL>';
const PVC_SCHEME = 'pvc://';

// Waits for the prefetcher's status file; the webhook's literal hook, reproduced for equal output.
const WAIT_FOR_STATUS =
  'cnt=0; while [[ $cnt -lt $FILE_PREFETCHER_TIMEOUT_SECONDS ]]; do if [[ -e "' +
  `${PREFETCHER_STATUS_DIR}/prefetcher.status` +
  '" ]]; then exit 0; fi; cnt=$(expr $cnt + 1); sleep 1; done; echo "time out waiting for prefetching done"; exit 1';

function configError(message: string, annotation: string): InjectError {
  return new InjectError(`file prefetcher: ${message}`, false, `metadata.annotations.${annotation}`);
}

interface PrefetchPlan {
  globs: string[];
  volumes: string[];
}

/** Globs and the volumes to mount, from the file list (default: every dataset PVC, by PVC name). */
function planFileList(pod: PodView, infos: Map<string, RuntimeInfo>): PrefetchPlan {
  const raw = pod.annotations[PREFETCHER_FILE_LIST] ?? ALL;
  const entries =
    raw.trim() === ALL
      ? [...infos.keys()].map((pvc) => `${PVC_SCHEME}${pvc}`)
      : raw.split(';').map((s) => s.trim()).filter((s) => s !== '');
  const plan: PrefetchPlan = { globs: [], volumes: [] };
  for (const entry of entries) {
    if (!entry.startsWith(PVC_SCHEME)) {
      throw configError(`file list entry "${entry}" must start with ${PVC_SCHEME}`, PREFETCHER_FILE_LIST);
    }
    const rest = entry.slice(PVC_SCHEME.length);
    const slash = rest.indexOf('/');
    const pvc = slash < 0 ? rest : rest.slice(0, slash);
    const sub = slash < 0 ? '' : rest.slice(slash + 1);
    if (!infos.has(pvc)) continue;
    const glob = sub === '' ? '/**' : cleanPath(`/${sub}`);
    for (const v of pod.spec.volumes ?? []) {
      if (v.persistentVolumeClaim?.claimName !== pvc) continue;
      plan.globs.push(`${PREFETCHER_DATA_ROOT}/${v.name}${glob}`);
      if (!plan.volumes.includes(v.name)) plan.volumes.push(v.name);
    }
  }
  return plan;
}

function extraEnvs(pod: PodView): { name: string; value: string }[] {
  const raw = pod.annotations[PREFETCHER_EXTRA_ENVS];
  if (raw === undefined) return [];
  const out: { name: string; value: string }[] = [];
  for (const pair of raw.split(/\s+/).filter((s) => s !== '')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw configError(`extra env "${pair}" must be key=value`, PREFETCHER_EXTRA_ENVS);
    out.push({ name: pair.slice(0, eq), value: pair.slice(eq + 1) });
  }
  return out;
}

/**
 * The prefetcher's container and volume names must be free. An earlier injection is recognised by
 * the inject-done annotation and never gets here, so a taken name belongs to something else; the
 * webhook would add a second one and the API server would reject the pod.
 */
function checkNamesFree(pod: PodView): void {
  const taken = (list: { name: string }[] | undefined, name: string): number => (list ?? []).findIndex((x) => x.name === name);
  const clash = (what: string, name: string, field: string): InjectError =>
    new InjectError(
      `file prefetcher: ${what} name "${name}" is already taken by the pod's own ${what}; rename it (a second one would make the pod invalid)`,
      true,
      field,
    );
  for (const list of ['containers', 'initContainers'] as const) {
    const i = taken(pod.spec[list], PREFETCHER_CONTAINER);
    if (i >= 0) throw clash(list === 'containers' ? 'container' : 'init container', PREFETCHER_CONTAINER, `spec.${list}[${i}].name`);
  }
  const v = taken(pod.spec.volumes, PREFETCHER_STATUS_VOLUME);
  if (v >= 0) throw clash('volume', PREFETCHER_STATUS_VOLUME, `spec.volumes[${v}].name`);
}

/** Adds the prefetcher container when the pod asks for it; throws on a config error (chain stops). */
export function filePrefetcherPlugin(pod: PodView, infos: Map<string, RuntimeInfo>, options: Options): void {
  if (pod.annotations[PREFETCHER_INJECT] !== 'true' || pod.annotations[PREFETCHER_INJECT_DONE] === 'true') return;
  const image = pod.annotations[PREFETCHER_IMAGE] || options.filePrefetcherImage;
  if (!image) {
    throw configError(
      `no image: set the ${PREFETCHER_IMAGE} annotation or the function config's filePrefetcherImage`,
      PREFETCHER_IMAGE,
    );
  }
  const asyncRaw = pod.annotations[PREFETCHER_ASYNC];
  const asyncMode = asyncRaw === undefined ? false : parseGoBool(asyncRaw);
  if (asyncMode === undefined) throw configError(`async-prefetch "${asyncRaw}" is not a boolean`, PREFETCHER_ASYNC);
  const timeoutRaw = pod.annotations[PREFETCHER_TIMEOUT];
  const timeout = timeoutRaw === undefined ? PREFETCHER_DEFAULT_TIMEOUT : Number(timeoutRaw);
  if (timeoutRaw !== undefined && !/^[+-]?\d+$/.test(timeoutRaw.trim())) {
    throw configError(`prefetch-timeout-seconds "${timeoutRaw}" is not an integer`, PREFETCHER_TIMEOUT);
  }
  const plan = planFileList(pod, infos);
  if (plan.globs.length === 0) return;
  checkNamesFree(pod);

  const statusMount = (): VolumeMount => ({ name: PREFETCHER_STATUS_VOLUME, mountPath: PREFETCHER_STATUS_DIR });
  const container: Container = {
    name: PREFETCHER_CONTAINER,
    image,
    env: [
      { name: 'FILE_PREFETCHER_FILE_LIST', value: plan.globs.join(';') },
      { name: 'FILE_PREFETCHER_ASYNC_PREFETCH', value: String(asyncMode) },
      { name: 'FILE_PREFETCHER_TIMEOUT_SECONDS', value: String(timeout) },
      ...extraEnvs(pod),
    ],
    volumeMounts: [
      ...plan.volumes.map((v) => ({ name: v, mountPath: `${PREFETCHER_DATA_ROOT}/${v}` })),
      statusMount(),
    ],
  };
  if (!asyncMode) container.lifecycle = { postStart: { exec: { command: ['bash', '-c', WAIT_FOR_STATUS] } } };
  if (asyncMode) {
    for (const c of pod.spec.containers) {
      if (!c.name.startsWith(SIDECAR_NAME_PREFIX)) mountsOf(c).push(statusMount());
    }
  }
  const containers = pod.spec.containers;
  let at = 0;
  containers.forEach((c, i) => {
    if (c.name.startsWith(SIDECAR_NAME_PREFIX)) at = i + 1;
  });
  containers.splice(at, 0, container);
  volumesOf(pod.spec).push({ name: PREFETCHER_STATUS_VOLUME, emptyDir: {} });
  pod.annotations[PREFETCHER_INJECT_DONE] = 'true';
}
