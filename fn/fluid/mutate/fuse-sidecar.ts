// The FuseSidecar plugin (Fluid pkg/webhook/plugins/fusesidecar/fuse_sidecar.go and
// pkg/application/inject/fuse/injector.go, InjectPod): one round per set of dataset PVCs, each dataset
// getting its own suffixed fuse container, until no dataset PVC is left; then the done labels.
import { cloneJson } from '../../types';
import type { ConfigMapRequest } from '../configmaps/check-configmaps';
import type { Options } from '../config/options';
import type { ClusterState } from '../state/cluster-state';
import type { MappingLabels } from '../versions';
import { addAppCheck } from './app-check';
import { datasetHostPath, podRef, replaceDatasetVolumes, uniqueDir, DatasetUse } from './dataset-volumes';
import { InjectError } from '../errors';
import { deriveFuseTemplate, prepareTemplate, PreparedTemplate } from './fuse-container';
import {
  ANNOTATION_HOST_PATH_MODE,
  ANNOTATION_SCRAPE,
  asksForSidecar,
  LABEL_APP_POSTSTART,
  LABEL_CACHE_DIR,
  LABEL_DONE,
  LABEL_MANAGED_BY,
  LABEL_CONTAINER_DATASET_MAPPING,
  LABEL_SIDECAR_DATASET_NAME,
  LABEL_SIDECAR_DATASET_NAMESPACE,
  LABEL_SIDECAR_POSTSTART,
  RANDOM_SUFFIX_MODE,
} from '../labels';
import { datasetId, INIT_SIDECAR_NAME_PREFIX, SIDECAR_NAME_PREFIX } from '../names';
import { alreadyInjected, resolvePlatform } from './platform';
import type { Container, PodView } from '../../krm/workloads/pod-spec';
import { collectRuntimeInfos, RuntimeInfo } from './runtime-info';
import { appendSidecarVolumes } from './sidecar-volumes';

/** Rounds only repeat when a fuse DaemonSet mounts another dataset PVC; more means a cycle. */
const MAX_ROUNDS = 8;

export interface PluginContext {
  state: ClusterState;
  options: Options;
  /** ConfigMaps the pod needs (kept even when a later step fails, as in the webhook). */
  configMaps: ConfigMapRequest[];
  warnings: string[];
  /** `fluid-fuse-N` (and `init-fluid-fuse-N`) containers added, with their datasets. */
  sidecars: { container: string; dataset: string }[];
  /** The pod after the last round that completed. */
  committed?: PodView;
}

export function fuseSidecarPlugin(pod: PodView, firstInfos: Map<string, RuntimeInfo>, ctx: PluginContext): PodView {
  let current = pod;
  let infos = firstInfos;
  for (let round = 1; infos.size > 0; round++) {
    if (round > MAX_ROUNDS) {
      throw new InjectError(
        'rounds-exceeded',
        `dataset PVCs still present after ${MAX_ROUNDS} injection rounds (${[...infos.keys()].join(', ')}): a fuse DaemonSet mounts a dataset PVC in a cycle`,
      );
    }
    const next = cloneJson(current);
    // Commit a round only once all of its datasets succeeded.
    if (asksForSidecar(next.labels) && !alreadyInjected(next)) injectRound(next, infos, ctx);
    current = next;
    ctx.committed = current;
    // v1.0.0 injects once; later releases go on while a fuse DaemonSet brings in dataset PVCs.
    infos = ctx.options.profile.multiRound ? collectRuntimeInfos(current, ctx.state, ctx.options.profile) : new Map();
  }
  current.labels[LABEL_DONE] = 'true';
  if (ctx.options.profile.managedByLabel) current.labels[LABEL_MANAGED_BY] = 'fluid';
  return current;
}

function injectRound(pod: PodView, infos: Map<string, RuntimeInfo>, ctx: PluginContext): void {
  const profile = ctx.options.profile;
  const platform = resolvePlatform(pod, profile);
  const native = ctx.options.injectionMode === 'native-sidecar';
  addAppCheck(pod.spec, infos, pod.labels[LABEL_APP_POSTSTART] === 'true', profile);
  ctx.configMaps.push({ kind: 'app', namespace: pod.namespace });
  // v1.0.0 numbers from 0 whatever the pod has (sidecarNumber still avoids taken names).
  let n = profile.multiRound ? countSidecars(pod, native) : 0;
  for (const [pvcName, info] of infos) {
    const counted = n++;
    const runtimeId = `${info.datasetNamespace}/${info.datasetName}`;
    const t = deriveFuseTemplate(info, ctx.state, profile);
    const prepared = prepareTemplate(t, info, {
      platform,
      keepCacheDirs: pod.labels[LABEL_CACHE_DIR] === 'true',
      sidecarPostStart: pod.labels[LABEL_SIDECAR_POSTSTART] !== 'false',
      profile,
    });
    if (prepared.checkConfigMap) {
      const request: ConfigMapRequest = {
        kind: 'sidecar',
        namespace: info.datasetNamespace,
        name: prepared.checkConfigMap,
        datasetId: datasetId(info.datasetNamespace, info.datasetName, info.datasetUid),
      };
      if (prepared.checkScript) request.script = prepared.checkScript;
      if (profile.checkConfigMaps.perDataset) {
        // Up to v1.0.5 the ConfigMap belongs to the Dataset.
        if (info.datasetUid === '') {
          throw new InjectError(
            'dataset-uid-missing',
            `failed to prepare mutation for runtime "${runtimeId}": Dataset ${runtimeId} has no metadata.uid, which Fluid ${profile.version} writes into the ownerReferences of ConfigMap ${info.datasetNamespace}/${prepared.checkConfigMap}`,
            { hint: 'export the Dataset from the cluster (inject-fluid-sidecar export-context keeps its uid)' },
          );
        }
        request.dataset = { name: info.datasetName, uid: info.datasetUid };
      }
      ctx.configMaps.push(request);
    }
    noteTemplate(prepared, pod, info, ctx);
    try {
      const unique =
        profile.randomSuffix && pod.annotations[ANNOTATION_HOST_PATH_MODE] === RANDOM_SUFFIX_MODE
          ? uniqueDir(ctx.options.randomSuffixSeed, pod.namespace, podRef(pod), info)
          : undefined;
      let use: DatasetUse;
      try {
        use = replaceDatasetVolumes(pod.spec, pvcName, datasetHostPath(prepared.mountInfo, unique));
      } catch (e) {
        throw rewrap(e, `failed to mutate dataset volumes for runtime "${runtimeId}"`);
      }
      const suffix = `-${sidecarNumber(pod, counted, use, native)}`;
      let renames: Map<string, string>;
      try {
        renames = appendSidecarVolumes(pod.spec, prepared.volumesToAdd, suffix, unique, profile.fuseMountVolumes);
      } catch (e) {
        throw rewrap(e, `failed to append fuse container volumes for runtime "${runtimeId}"`);
      }
      if (!use.usedInContainers && !use.usedInInitContainers) {
        ctx.warnings.push(`dataset PVC ${pvcName} is mounted as volume(s) ${use.volumes.join(', ')} but no container uses it`);
      }
      injectContainers(pod, prepared.container, suffix, renames, use, info, native, ctx);
      if (info.scrapeSidecar && !(ANNOTATION_SCRAPE in pod.annotations)) pod.annotations[ANNOTATION_SCRAPE] = 'true';
    } catch (e) {
      throw rewrap(e, `failed to mutate for runtime "${runtimeId}"`);
    }
  }
}

function rewrap(e: unknown, prefix: string): unknown {
  return e instanceof InjectError ? e.wrap(prefix) : e;
}

/** N0: existing sidecars. Native mode also counts init containers (a name is never reused). */
function countSidecars(pod: PodView, native: boolean): number {
  const named = (cs: Container[] | undefined) => (cs ?? []).filter((c) => c.name.startsWith(SIDECAR_NAME_PREFIX)).length;
  return named(pod.spec.containers) + (native ? named(pod.spec.initContainers) : 0);
}

/**
 * The webhook's counted number when the container names it needs are free; else the next number
 * whose names are. The webhook reuses a taken name (e.g. a user's `fluid-fuse-1` without a
 * `fluid-fuse-0`), which makes a pod the API server rejects.
 */
export function sidecarNumber(pod: PodView, counted: number, use: DatasetUse, native: boolean): number {
  const taken = new Set([...pod.spec.containers, ...(pod.spec.initContainers ?? [])].map((c) => c.name));
  const needed = (k: number): string[] => {
    if (native) return use.usedInContainers || use.usedInInitContainers ? [`${SIDECAR_NAME_PREFIX}-${k}`] : [];
    return [
      ...(use.usedInContainers ? [`${SIDECAR_NAME_PREFIX}-${k}`] : []),
      ...(use.usedInInitContainers ? [`${INIT_SIDECAR_NAME_PREFIX}-${k}`] : []),
    ];
  };
  let k = counted;
  while (needed(k).some((name) => taken.has(name))) k++;
  return k;
}

function sidecarCopy(template: Container, name: string, renames: Map<string, string>): Container {
  const c = cloneJson(template);
  c.name = name;
  // One lookup per mount: a rename never feeds another rename.
  for (const m of c.volumeMounts ?? []) m.name = renames.get(m.name) ?? m.name;
  return c;
}

function injectContainers(
  pod: PodView,
  template: Container,
  suffix: string,
  renames: Map<string, string>,
  use: DatasetUse,
  info: RuntimeInfo,
  native: boolean,
  ctx: PluginContext,
): void {
  const label = (container: string): void => {
    for (const [key, value] of Object.entries(mappingLabels(ctx.options.profile.mappingLabels, container, info))) {
      if (value.length > MAX_LABEL_VALUE) {
        const problem = `label ${key}: Invalid value: "${value}": must be no more than ${MAX_LABEL_VALUE} characters`;
        const why = `Fluid ${ctx.options.profile.version} writes it and the API server rejects the pod`;
        if (ctx.options.errorMode !== 'webhook') {
          throw new InjectError('label-value-too-long', `${problem} (${why})`, { hint: 'shorten the namespace or dataset name' });
        }
        ctx.warnings.push(`${problem}: ${why}`);
      }
      pod.labels[key] = value;
    }
    ctx.sidecars.push({ container, dataset: `${info.datasetNamespace}/${info.datasetName}` });
  };
  const name = `${SIDECAR_NAME_PREFIX}${suffix}`;
  if (native) {
    if (!use.usedInContainers && !use.usedInInitContainers) return;
    const c = sidecarCopy(template, name, renames);
    c.restartPolicy = 'Always';
    pod.spec.initContainers = [c, ...(pod.spec.initContainers ?? [])];
    label(name);
    return;
  }
  if (use.usedInContainers) {
    pod.spec.containers = [sidecarCopy(template, name, renames), ...pod.spec.containers];
    label(name);
  }
  if (use.usedInInitContainers) {
    const initName = `${INIT_SIDECAR_NAME_PREFIX}${suffix}`;
    const c = sidecarCopy(template, initName, renames);
    // A placeholder in the webhook: it only sleeps, it mounts nothing.
    delete c.lifecycle;
    c.command = ['sleep'];
    c.args = ['2s'];
    pod.spec.initContainers = [c, ...(pod.spec.initContainers ?? [])];
    label(initName);
  }
}

const MAX_LABEL_VALUE = 63;

/** The labels that map a sidecar to its dataset, as the release writes them. */
function mappingLabels(style: MappingLabels, container: string, info: RuntimeInfo): Record<string, string> {
  const { datasetNamespace: ns, datasetName: name } = info;
  switch (style) {
    case 'none':
      return {};
    case 'mapping-underscore':
      return { [`${LABEL_CONTAINER_DATASET_MAPPING}${container}`]: `${ns}_${name}` };
    case 'mapping-dataset-id':
      return { [`${LABEL_CONTAINER_DATASET_MAPPING}${container}`]: datasetId(ns, name, info.datasetUid) };
    case 'namespace-and-name':
      return { [`${LABEL_SIDECAR_DATASET_NAMESPACE}${container}`]: ns, [`${LABEL_SIDECAR_DATASET_NAME}${container}`]: name };
  }
}

/** Warnings about the fuse DaemonSet as given (README: what the function warns about). */
function noteTemplate(t: PreparedTemplate, pod: PodView, info: RuntimeInfo, ctx: PluginContext): void {
  const ds = `${info.datasetNamespace}/${t.daemonSet.metadata.name ?? ''}`;
  const missing = ['imagePullPolicy', 'terminationMessagePath', 'terminationMessagePolicy'].filter(
    (k) => t.container[k] === undefined,
  );
  if (missing.length) {
    ctx.warnings.push(
      `fuse DaemonSet ${ds} lacks the API server's defaults (${missing.join(', ')}): the sidecar will differ from what the live webhook injects; export the DaemonSet from the cluster`,
    );
  }
  const dsSpec = (t.daemonSet.spec as { template?: { spec?: { imagePullSecrets?: unknown[] } } } | undefined)?.template?.spec;
  const podSecrets = pod.spec.imagePullSecrets;
  if (Array.isArray(dsSpec?.imagePullSecrets) && dsSpec.imagePullSecrets.length > 0 && !(Array.isArray(podSecrets) && podSecrets.length > 0)) {
    ctx.warnings.push(
      `fuse DaemonSet ${ds} uses imagePullSecrets, which the webhook does not copy and this pod lacks: the sidecar image may not be pullable`,
    );
  }
  for (const v of t.quoted) ctx.warnings.push(`value ${JSON.stringify(v)} was shell-quoted in the sidecar postStart command`);
}
