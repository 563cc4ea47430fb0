// The FilePrefetcher plugin (Fluid pkg/webhook/plugins/fileprefetcher/): runs before FuseSidecar and
// adds a container that warms the cache for the listed files of the dataset PVCs. Every annotation is
// read exactly as Fluid's plugin reads it (Go strings/strconv calls, presence rather than emptiness);
// where that reading is a trap for a person writing the annotation, a warning says what the text
// means to Fluid.
import type { Options } from '../config/options';
import { cleanPath, parseGoBool } from '../../krm/go';
import { goQuote, InjectError } from '../errors';
import {
  PREFETCHER_ASYNC,
  PREFETCHER_EXTRA_ENVS,
  PREFETCHER_FILE_LIST,
  PREFETCHER_IMAGE,
  PREFETCHER_INJECT,
  PREFETCHER_INJECT_DONE,
  PREFETCHER_TIMEOUT,
} from '../labels';
import {
  PREFETCHER_CONTAINER,
  PREFETCHER_DATA_ROOT,
  PREFETCHER_DEFAULT_TIMEOUT,
  PREFETCHER_STATUS_DIR,
  PREFETCHER_STATUS_VOLUME,
  SIDECAR_NAME_PREFIX,
} from '../names';
import { Container, mountsOf, PodView, VolumeMount, volumesOf } from '../../krm/workloads/pod-spec';
import type { RuntimeInfo } from './runtime-info';

const ALL = '<ALL>';
const PVC_SCHEME = 'pvc://';
const ENV_FILE_LIST = 'FILE_PREFETCHER_FILE_LIST';
const ENV_ASYNC = 'FILE_PREFETCHER_ASYNC_PREFETCH';
const ENV_TIMEOUT = 'FILE_PREFETCHER_TIMEOUT_SECONDS';

// Waits for the prefetcher's status file; the webhook's literal hook, reproduced for equal output.
const WAIT_FOR_STATUS =
  'cnt=0; while [[ $cnt -lt $FILE_PREFETCHER_TIMEOUT_SECONDS ]]; do if [[ -e "' +
  `${PREFETCHER_STATUS_DIR}/prefetcher.status` +
  '" ]]; then exit 0; fi; cnt=$(expr $cnt + 1); sleep 1; done; echo "time out waiting for prefetching done"; exit 1';

const WEBHOOK_STOPS =
  'the live webhook stops its plugins at this error and admits the pod as far as it got (with the default plugins: unchanged, no FUSE sidecar); errorMode: webhook renders that pod';

/** A config error: Fluid's own text, the annotation, and why Fluid rejects the text. */
function configError(inner: string, annotation: string, why: string): InjectError {
  return new InjectError('prefetcher-annotation-invalid', `failed to build file prefetcher config: ${inner}`, {
    field: `metadata.annotations.${annotation}`,
    hint: `${why}; ${WEBHOOK_STOPS}`,
  });
}

type Env = { name: string; value: string };

interface PrefetchPlan {
  globs: string[];
  volumes: string[];
}

interface PrefetcherConfig {
  image: string;
  extraEnvs: Env[];
  plan: PrefetchPlan;
  asyncMode: boolean;
  timeout: number;
}

/** Go's `^\S+:\S+$` (RE2's \S: not one of tab, newline, form feed, carriage return, space). */
const GO_IMAGE_ENV = /^[^\t\n\f\r ]+:[^\t\n\f\r ]+$/;

/**
 * The default image as the webhook derives it from FILE_PREFETCHER_IMAGE: only a `<repo>:<tag>`
 * value counts (split at the last ':', brackets trimmed off the repo's ends as Go's
 * `strings.Trim(fmt.Sprint(parts), "[]")` does); anything else leaves no default.
 */
export function defaultPrefetcherImage(value: string | undefined): string | undefined {
  if (value === undefined || !GO_IMAGE_ENV.test(value)) return undefined;
  const parts = value.split(':');
  const tag = parts[parts.length - 1];
  const repo = parts.slice(0, -1).join(':').replace(/^[[\]]+|[[\]]+$/g, '');
  return repo && tag ? `${repo}:${tag}` : undefined;
}

/** The annotation whenever it is present, even empty; else the default image. */
function readImage(pod: PodView, options: Options): string {
  const inner = `file prefetcher's image is required, set it in pod's annotation "${PREFETCHER_IMAGE}=<image>"`;
  const own = pod.annotations[PREFETCHER_IMAGE];
  if (own !== undefined) {
    if (own !== '') return own;
    throw configError(
      inner,
      PREFETCHER_IMAGE,
      'the annotation is present but empty, and Fluid uses the annotation whenever it is present, so the default image (filePrefetcherImage) does not apply',
    );
  }
  const image = defaultPrefetcherImage(options.filePrefetcherImage);
  if (image) return image;
  const why =
    options.filePrefetcherImage === undefined
      ? "set the annotation, or the function config's filePrefetcherImage (the webhook's FILE_PREFETCHER_IMAGE)"
      : `filePrefetcherImage ${JSON.stringify(options.filePrefetcherImage)} is not <repository>:<tag>, the only form the webhook takes from FILE_PREFETCHER_IMAGE`;
  throw configError(inner, PREFETCHER_IMAGE, why);
}

const OTHER_WHITESPACE = /[\t\n\v\f\r]/;

/**
 * `k=v k=v`: split on single spaces, each pair on every '=', exactly two parts. Pairs go into a map
 * in Fluid, so a repeated key keeps its last value (here at the place it first appeared).
 */
function readExtraEnvs(pod: PodView, notes: string[]): Env[] {
  const raw = pod.annotations[PREFETCHER_EXTRA_ENVS] ?? '';
  if (raw === '') return [];
  const envs = new Map<string, string>();
  for (const pair of raw.split(' ')) {
    const parts = pair.split('=');
    if (parts.length !== 2) {
      const why =
        pair === ''
          ? 'Fluid splits the value on single spaces, so a leading, trailing or doubled space makes an empty pair'
          : OTHER_WHITESPACE.test(pair)
            ? 'Fluid separates pairs only by single spaces, not by tabs or line breaks'
            : parts.length > 2
              ? 'Fluid splits each pair on every "=", so a value cannot contain "="'
              : 'each pair needs exactly one "="';
      throw configError(
        `file prefetcher's extra envs is required to be '<key1>=<value1> <key2>=<value2> <key3>=<value3>', but found unexpected key-value pair: ${pair}`,
        PREFETCHER_EXTRA_ENVS,
        `${why} (pair ${JSON.stringify(pair)})`,
      );
    }
    const [name, value] = parts;
    if (envs.has(name)) notes.push(`${PREFETCHER_EXTRA_ENVS} sets ${JSON.stringify(name)} more than once: Fluid keeps only the last value`);
    if (OTHER_WHITESPACE.test(pair)) {
      notes.push(`${PREFETCHER_EXTRA_ENVS} pair ${JSON.stringify(pair)} keeps its tab or line break: Fluid splits only on single spaces and trims nothing`);
    }
    envs.set(name, value);
  }
  return [...envs].map(([name, value]) => ({ name, value }));
}

/** Go's strconv.ParseInt(s, 10, 32): the value, or NumError's text. */
export function parseGoInt32(s: string): number | string {
  const fail = (what: string) => `strconv.ParseInt: parsing ${goQuote(s)}: ${what}`;
  let digits = s;
  let negative = false;
  if (s.startsWith('+') || s.startsWith('-')) {
    negative = s.startsWith('-');
    digits = s.slice(1);
  }
  if (digits === '') return fail('invalid syntax');
  let n = 0;
  // ParseUint scans left to right and reports overflow of 32 bits as soon as it happens, before
  // looking at later characters.
  for (const c of digits) {
    if (c < '0' || c > '9') return fail('invalid syntax');
    n = n * 10 + (c.charCodeAt(0) - 48);
    if (n > 0xffffffff) return fail('value out of range');
  }
  if (negative ? n > 2 ** 31 : n >= 2 ** 31) return fail('value out of range');
  return negative && n !== 0 ? -n : n;
}

/** Fluid's order of reading: image, extra envs, file list, async, timeout. */
function readConfig(pod: PodView, infos: Map<string, RuntimeInfo>, options: Options, notes: string[]): PrefetcherConfig {
  const image = readImage(pod, options);
  const extraEnvs = readExtraEnvs(pod, notes);
  const plan = planFileList(pod, infos, notes);

  const asyncRaw = pod.annotations[PREFETCHER_ASYNC] ?? 'false';
  const asyncMode = parseGoBool(asyncRaw);
  if (asyncMode === undefined) {
    throw configError(
      `invalid value for ${PREFETCHER_ASYNC}: ${asyncRaw}, must either be false or true: strconv.ParseBool: parsing ${goQuote(asyncRaw)}: invalid syntax`,
      PREFETCHER_ASYNC,
      "Fluid reads it with Go's strconv.ParseBool: exactly one of 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False, without spaces",
    );
  }

  const timeoutRaw = pod.annotations[PREFETCHER_TIMEOUT] ?? String(PREFETCHER_DEFAULT_TIMEOUT);
  const timeout = parseGoInt32(timeoutRaw);
  if (typeof timeout === 'string') {
    throw configError(
      `invalid value for ${PREFETCHER_TIMEOUT}: ${timeoutRaw}, must be of type integer: ${timeout}`,
      PREFETCHER_TIMEOUT,
      "Fluid reads it with Go's strconv.ParseInt(value, 10, 32): an optional sign and decimal digits only, without spaces, from -2147483648 to 2147483647",
    );
  }
  if (timeout <= 0 && !asyncMode) {
    notes.push(
      `${PREFETCHER_TIMEOUT} is ${timeout}: the prefetcher's postStart waits that many seconds for the prefetch, so it fails at once and the container is restarted`,
    );
  }
  return { image, extraEnvs, plan, asyncMode, timeout };
}

/**
 * Globs and the volumes to mount, from the file list: `;`-separated entries, none trimmed;
 * `<ALL>` only as the whole, exact value (every dataset PVC, by PVC name); an entry without
 * `pvc://` or naming no dataset PVC of the pod is skipped (Fluid logs it).
 */
function planFileList(pod: PodView, infos: Map<string, RuntimeInfo>, notes: string[]): PrefetchPlan {
  const raw = pod.annotations[PREFETCHER_FILE_LIST] ?? ALL;
  const list = raw === ALL ? [...infos.keys()].map((pvc) => `${PVC_SCHEME}${pvc}`).join(';') : raw;
  const plan: PrefetchPlan = { globs: [], volumes: [] };
  if (list === '') return plan;
  const skipped = (entry: string, why: string): void => {
    notes.push(`${PREFETCHER_FILE_LIST} entry ${JSON.stringify(entry)} is skipped by Fluid: ${why}`);
  };
  for (const entry of list.split(';')) {
    const trimmed = entry.trim();
    if (!entry.startsWith(PVC_SCHEME)) {
      // An empty or blank entry (`a;;b`, a trailing `;` or line break) loses nothing.
      if (trimmed === ALL) skipped(entry, `only the whole, exact value ${ALL} means every dataset PVC, and Fluid does not trim whitespace`);
      else if (trimmed.startsWith(PVC_SCHEME)) skipped(entry, 'it does not start with pvc://, because Fluid does not trim whitespace around entries');
      else if (trimmed !== '') skipped(entry, 'it does not start with pvc://');
      continue;
    }
    const items = entry.slice(PVC_SCHEME.length).split('/');
    const pvc = items[0];
    if (!infos.has(pvc)) {
      const near = pvc.trim() !== pvc && infos.has(pvc.trim()) ? ', because Fluid does not trim whitespace around entries' : '';
      skipped(entry, `${JSON.stringify(pvc)} is not a dataset PVC this pod mounts${near}`);
      continue;
    }
    // `pvc://<claim>` is every file; `pvc://<claim>/` and the like clean to `/`, the directory itself.
    const glob = items.length === 1 ? '**' : cleanPath(`/${items.slice(1).filter((s) => s !== '').join('/')}`);
    if (glob === '/') {
      notes.push(
        `${PREFETCHER_FILE_LIST} entry ${JSON.stringify(entry)} means the mount directory itself to Fluid, not the files in it; write ${PVC_SCHEME}${pvc} for every file`,
      );
    }
    if (trimmed !== entry) {
      notes.push(`${PREFETCHER_FILE_LIST} entry ${JSON.stringify(entry)} keeps its surrounding whitespace: Fluid does not trim entries`);
    }
    for (const v of pod.spec.volumes ?? []) {
      if (v.persistentVolumeClaim?.claimName !== pvc) continue;
      const mountPath = cleanPath(`${PREFETCHER_DATA_ROOT}/${v.name}`);
      plan.globs.push(cleanPath(`${mountPath}/${glob}`));
      if (!plan.volumes.includes(v.name)) plan.volumes.push(v.name);
    }
  }
  return plan;
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
      'prefetcher-name-taken',
      `file prefetcher: ${what} name "${name}" is already taken by the pod's own ${what}; rename it (a second one would make the pod invalid)`,
      { field },
    );
  for (const list of ['containers', 'initContainers'] as const) {
    const i = taken(pod.spec[list], PREFETCHER_CONTAINER);
    if (i >= 0) throw clash(list === 'containers' ? 'container' : 'init container', PREFETCHER_CONTAINER, `spec.${list}[${i}].name`);
  }
  const v = taken(pod.spec.volumes, PREFETCHER_STATUS_VOLUME);
  if (v >= 0) throw clash('volume', PREFETCHER_STATUS_VOLUME, `spec.volumes[${v}].name`);
}

/**
 * What Fluid accepts but the API server rejects in every version: an image with leading or
 * trailing whitespace, an empty env name or one with characters outside printable ASCII. The
 * webhook's pod would never be created, so this is an error in both error modes.
 */
function checkApiValid(config: PrefetcherConfig, notes: string[]): void {
  if (config.image.trim() !== config.image) {
    throw new InjectError(
      'prefetcher-api-invalid',
      `file prefetcher: image ${JSON.stringify(config.image)} has leading or trailing whitespace, which the API server rejects`,
      { field: `metadata.annotations.${PREFETCHER_IMAGE}` },
    );
  }
  for (const { name } of config.extraEnvs) {
    if (name === '' || !/^[\x21-\x7e]+$/.test(name)) {
      throw new InjectError(
        'prefetcher-api-invalid',
        `file prefetcher: ${PREFETCHER_EXTRA_ENVS} gives the env name ${JSON.stringify(name)}, which the API server rejects (it must be non-empty printable ASCII)`,
        { field: `metadata.annotations.${PREFETCHER_EXTRA_ENVS}` },
      );
    }
    if ([ENV_FILE_LIST, ENV_ASYNC, ENV_TIMEOUT].includes(name)) {
      notes.push(`${PREFETCHER_EXTRA_ENVS} sets ${name}, which the prefetcher already gets: Fluid adds it a second time`);
    }
  }
}

/**
 * Adds the prefetcher container when the pod asks for it; throws on a config error (the webhook's
 * chain stops there). `warnings` gets what Fluid's reading of the annotations means, where that is
 * not what they appear to say.
 */
export function filePrefetcherPlugin(pod: PodView, infos: Map<string, RuntimeInfo>, options: Options, warnings: string[] = []): void {
  if (pod.annotations[PREFETCHER_INJECT] !== 'true' || pod.annotations[PREFETCHER_INJECT_DONE] === 'true') return;
  const notes: string[] = [];
  const config = readConfig(pod, infos, options, notes);
  if (config.plan.globs.length === 0) {
    warnings.push(
      ...notes,
      `file prefetcher not injected: no entry of ${PREFETCHER_FILE_LIST} ${JSON.stringify(pod.annotations[PREFETCHER_FILE_LIST] ?? ALL)} names a dataset PVC volume of this pod, so Fluid skips the plugin`,
    );
    return;
  }
  checkNamesFree(pod);
  checkApiValid(config, notes);
  warnings.push(...notes);

  const { plan, asyncMode } = config;
  const statusMount = (): VolumeMount => ({ name: PREFETCHER_STATUS_VOLUME, mountPath: PREFETCHER_STATUS_DIR });
  const container: Container = {
    name: PREFETCHER_CONTAINER,
    image: config.image,
    env: [
      { name: ENV_FILE_LIST, value: plan.globs.join(';') },
      { name: ENV_ASYNC, value: String(asyncMode) },
      { name: ENV_TIMEOUT, value: String(config.timeout) },
      ...config.extraEnvs,
    ],
    volumeMounts: [...plan.volumes.map((v) => ({ name: v, mountPath: cleanPath(`${PREFETCHER_DATA_ROOT}/${v}`) })), statusMount()],
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
