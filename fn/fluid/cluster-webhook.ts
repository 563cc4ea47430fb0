// The options a run uses: the function config first, then what the cluster's webhook says of
// itself — the `fluid-webhook` Deployment (container `manager`: the image tag names the release,
// env FUSE_SIDECAR_INJECTION_MODE, FILE_PREFETCHER_IMAGE, DISABLE_INJECTION) and the
// `webhook-plugins` ConfigMap (`pluginsProfile`), as `export-context` exports them — then the
// release's own defaults. Pure: items and config in, options and results out.
import YAML from 'yaml';
import { describe, isObject, JsonObject, KubeObject, refOf, ResourceRef, Result } from '../types';
import { parseGoBool } from '../krm/go';
import { allObjects } from '../krm/objects';
import { LoadedConfig, Options, PluginName } from './config/options';
import { DEVELOPMENT_LINE, FLUID_VERSIONS, FluidVersion, PROFILES, releaseOfImage } from './versions';

export const WEBHOOK_DEPLOYMENT = 'fluid-webhook';
export const WEBHOOK_CONTAINER = 'manager';
export const PLUGINS_CONFIGMAP = 'webhook-plugins';
export const PLUGINS_PROFILE_KEY = 'pluginsProfile';
const ENV_INJECTION_MODE = 'FUSE_SIDECAR_INJECTION_MODE';
const ENV_FILE_PREFETCHER_IMAGE = 'FILE_PREFETCHER_IMAGE';
const ENV_DISABLE_INJECTION = 'DISABLE_INJECTION';
const RUNNABLE_PLUGINS: readonly PluginName[] = ['FilePrefetcher', 'FuseSidecar', 'DatasetUsageInjector'];

/** Where a setting was read, for results about it. */
interface Source {
  ref?: ResourceRef;
  field?: string;
  /** For messages: `the function config`, `Deployment fluid-system/fluid-webhook`. */
  what: string;
}

type Read<T> = { value: T; source: Source } | { problem: string; source: Source };

type Setting = 'fluidVersion' | 'injectionMode' | 'filePrefetcherImage' | 'disabled' | 'plugins';

/** What the webhook objects in the input say, setting by setting (absent: they say nothing). */
export type ClusterWebhook = {
  fluidVersion?: Read<FluidVersion>;
  injectionMode?: Read<Options['injectionMode']>;
  filePrefetcherImage?: Read<string>;
  disabled?: Read<boolean>;
  plugins?: Read<string[]>;
};

function sourceOf(obj: KubeObject, field?: string): Source {
  const ref = refOf(obj);
  return { ref, field, what: describe(ref) };
}

export function readClusterWebhook(items: readonly KubeObject[]): ClusterWebhook {
  const objects = allObjects(items);
  const deployments = objects.filter(
    (o) => o.kind === 'Deployment' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('apps/') && o.metadata.name === WEBHOOK_DEPLOYMENT,
  );
  const out: ClusterWebhook = {};
  if (deployments.length > 1) {
    const problem = `the input has ${deployments.length} ${WEBHOOK_DEPLOYMENT} Deployments (${deployments.map((d) => describe(refOf(d))).join(', ')}): which one is the cluster's?`;
    const source = sourceOf(deployments[1]);
    for (const key of ['fluidVersion', 'injectionMode', 'filePrefetcherImage', 'disabled'] as const) out[key] = { problem, source };
  } else if (deployments.length === 1) {
    readDeployment(deployments[0], out);
  }
  const namespace = deployments.length === 1 ? deployments[0].metadata.namespace : undefined;
  const configMaps = objects.filter(
    (o) => o.kind === 'ConfigMap' && o.apiVersion === 'v1' && o.metadata.name === PLUGINS_CONFIGMAP && (namespace === undefined || o.metadata.namespace === namespace),
  );
  if (configMaps.length > 1) {
    out.plugins = {
      problem: `the input has ${configMaps.length} ${PLUGINS_CONFIGMAP} ConfigMaps (${configMaps.map((c) => describe(refOf(c))).join(', ')}): which one is the cluster's?`,
      source: sourceOf(configMaps[1]),
    };
  } else if (configMaps.length === 1) {
    out.plugins = readPluginsProfile(configMaps[0]);
  }
  return out;
}

function readDeployment(d: KubeObject, out: ClusterWebhook): void {
  const spec = isObject(d.spec) && isObject(d.spec.template) && isObject(d.spec.template.spec) ? d.spec.template.spec : {};
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  const index = containers.findIndex((c) => isObject(c) && c.name === WEBHOOK_CONTAINER);
  const base = `spec.template.spec.containers[${index}]`;
  if (index < 0) {
    out.fluidVersion = { problem: `it has no container ${WEBHOOK_CONTAINER}`, source: sourceOf(d, 'spec.template.spec.containers') };
    return;
  }
  const manager = containers[index] as JsonObject;
  const image = typeof manager.image === 'string' ? manager.image : '';
  const release = releaseOfImage(image);
  const imageSource = sourceOf(d, `${base}.image`);
  out.fluidVersion = 'version' in release ? { value: release.version, source: imageSource } : { problem: `image "${image}": ${release.problem}`, source: imageSource };
  const env = Array.isArray(manager.env) ? manager.env : [];
  env.forEach((e, j) => {
    if (!isObject(e) || typeof e.name !== 'string') return;
    const source = sourceOf(d, `${base}.env[${j}].value`);
    if (typeof e.value !== 'string') {
      if (e.valueFrom === undefined) return;
      const problem = `env ${e.name} is set from valueFrom, which the function cannot read`;
      if (e.name === ENV_INJECTION_MODE) out.injectionMode = { problem, source };
      if (e.name === ENV_FILE_PREFETCHER_IMAGE) out.filePrefetcherImage = { problem, source };
      if (e.name === ENV_DISABLE_INJECTION) out.disabled = { problem, source };
      return;
    }
    // As the webhook reads them: only `native-sidecar` changes the mode; DISABLE_INJECTION is Go's ParseBool.
    if (e.name === ENV_INJECTION_MODE) out.injectionMode = { value: e.value === 'native-sidecar' ? 'native-sidecar' : 'legacy', source };
    if (e.name === ENV_FILE_PREFETCHER_IMAGE && e.value !== '') out.filePrefetcherImage = { value: e.value, source };
    if (e.name === ENV_DISABLE_INJECTION) out.disabled = { value: parseGoBool(e.value) ?? false, source };
  });
}

function readPluginsProfile(cm: KubeObject): Read<string[]> {
  const source = sourceOf(cm, `data.${PLUGINS_PROFILE_KEY}`);
  const text = isObject(cm.data) ? cm.data[PLUGINS_PROFILE_KEY] : undefined;
  if (typeof text !== 'string') return { problem: `it has no data.${PLUGINS_PROFILE_KEY}`, source };
  let profile: unknown;
  try {
    profile = YAML.parse(text);
  } catch (e) {
    return { problem: `data.${PLUGINS_PROFILE_KEY} is not YAML: ${(e as Error).message.split('\n')[0]}`, source };
  }
  const plugins = isObject(profile) ? profile.plugins : undefined;
  const serverless = isObject(plugins) ? plugins.serverless : undefined;
  const withDataset = isObject(serverless) ? (serverless.withDataset ?? []) : [];
  if (!Array.isArray(withDataset) || !withDataset.every((p) => typeof p === 'string')) {
    return { problem: 'plugins.serverless.withDataset must be a list of plugin names', source };
  }
  // A missing list is an empty one to the webhook: such pods get no plugin at all.
  return { value: withDataset as string[], source };
}

export interface Resolved {
  options: Options;
  /** Errors: the run cannot start. */
  errors: Result[];
  /** Infos about where the release came from, reported when a workload is injected. */
  notes: Result[];
}

/** Config first, then the cluster's webhook objects, then the release's defaults; checked against the release. */
export function resolveOptions(loaded: LoadedConfig, items: readonly KubeObject[]): Resolved {
  const cluster = readClusterWebhook(items);
  const options: Options = { ...loaded.options };
  const errors: Result[] = [];
  const notes: Result[] = [];
  const configSource = (key: string): Source => ({ ref: loaded.ref, field: loaded.fieldOf(key), what: 'the function config' });
  const error = (message: string, source: Source): void => {
    const r: Result = { message, severity: 'error' };
    if (source.ref) r.resourceRef = source.ref;
    if (source.field && source.ref) r.field = { path: source.field };
    errors.push(r);
  };
  const sources = new Map<Setting, Source>();
  /** The cluster's value of a setting the config leaves open, if it says one. */
  const fromCluster = <T>(key: Setting): T | undefined => {
    if (loaded.given.has(key)) {
      sources.set(key, configSource(key));
      return undefined;
    }
    const read = cluster[key] as Read<T> | undefined;
    if (!read) return undefined;
    sources.set(key, read.source);
    if ('problem' in read) {
      error(`${read.source.what}: ${read.problem}; set ${key} in the function config`, read.source);
      return undefined;
    }
    return read.value;
  };

  const version = fromCluster<FluidVersion>('fluidVersion');
  if (version !== undefined) {
    options.profile = PROFILES[version];
    const source = sources.get('fluidVersion')!;
    const note: Result = { message: `injecting as Fluid ${version} does (the image of ${source.what})`, severity: 'info' };
    if (source.ref) note.resourceRef = source.ref;
    notes.push(note);
  } else if (!sources.has('fluidVersion')) {
    const note: Result = {
      message: `fluidVersion is not set and the input has no ${WEBHOOK_DEPLOYMENT} Deployment: injecting as Fluid's development line (${DEVELOPMENT_LINE}) does; set fluidVersion (${FLUID_VERSIONS.join(', ')}) or add the webhook objects that \`inject-fluid-sidecar export-context\` exports`,
      severity: 'info',
    };
    if (loaded.ref) note.resourceRef = loaded.ref;
    notes.push(note);
  }
  const mode = fromCluster<Options['injectionMode']>('injectionMode');
  if (mode !== undefined) options.injectionMode = mode;
  const image = fromCluster<string>('filePrefetcherImage');
  if (image !== undefined) options.filePrefetcherImage = image;
  const disabled = fromCluster<boolean>('disabled');
  if (disabled !== undefined) options.disabled = disabled;
  const plugins = fromCluster<string[]>('plugins');
  if (plugins !== undefined) {
    const foreign = plugins.filter((p) => !(RUNNABLE_PLUGINS as readonly string[]).includes(p));
    if (foreign.length) {
      error(
        `${sources.get('plugins')!.what}: plugins.serverless.withDataset has ${foreign.join(', ')}, which this function does not run (it runs ${RUNNABLE_PLUGINS.join(', ')}); set plugins in the function config`,
        sources.get('plugins')!,
      );
    } else {
      options.plugins = plugins as PluginName[];
    }
  } else if (!sources.has('plugins')) {
    options.plugins = [...options.profile.defaultPlugins];
  }

  // What the release cannot do, wherever the setting came from.
  const profile = options.profile;
  const where = (key: Setting): Source => sources.get(key) ?? { what: 'the defaults' };
  if (options.injectionMode === 'native-sidecar' && !profile.nativeSidecar) {
    error(`${where('injectionMode').what}: injection mode native-sidecar needs Fluid v1.0.8 or later; ${profile.version} injects legacy sidecars only`, where('injectionMode'));
  }
  const missing = options.plugins.filter((p) => !profile.plugins.includes(p));
  if (missing.length) {
    error(
      `${where('plugins').what}: Fluid ${profile.version} has no plugin ${missing.join(', ')} (its webhook would not start with this profile; it has ${profile.plugins.join(', ')})`,
      where('plugins'),
    );
  }
  return { options, errors, notes };
}
