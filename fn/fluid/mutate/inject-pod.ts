// Decides whether one pod (template) is injected and runs the plugin chain on it (Fluid
// pkg/webhook/handler/mutating/mutating_handler.go, pkg/webhook/plugins/plugins_impl.go).
// Pure: takes a PodView and the cluster state, returns the outcome; never touches its input.
import type { ConfigMapRequest } from '../configmaps/check-configmaps';
import type { Options, PluginName } from '../config/options';
import type { ClusterState } from '../state/cluster-state';
import { datasetUsagePlugin } from './dataset-usage';
import { InjectError, SkipCode } from '../errors';
import { filePrefetcherPlugin } from './file-prefetcher';
import { fuseSidecarPlugin, PluginContext } from './fuse-sidecar';
import {
  ANNOTATION_HOST_PATH_MODE,
  ANNOTATION_SKIP_PRECHECK,
  DATALOAD_POD_ROLE,
  FLUID_APP_LABEL_VALUES,
  LABEL_APP,
  LABEL_APP_POSTSTART,
  LABEL_CACHE_DIR,
  LABEL_DEPRECATED_SIDECAR_INJECT,
  LABEL_DONE,
  LABEL_ENABLE_INJECTION,
  LABEL_POD_ROLE,
  LABEL_SERVERLESS_INJECT,
  LABEL_SIDECAR_POSTSTART,
  LABEL_UNPRIVILEGED,
  PREFETCHER_INJECT,
  RANDOM_SUFFIX_MODE,
} from '../labels';
import { INIT_SIDECAR_NAME_PREFIX, SIDECAR_NAME_PREFIX } from '../names';
import { allContainers, type PodView } from '../../krm/workloads/pod-spec';
import { cloneJson } from '../../types';
import { collectRuntimeInfos, RuntimeInfo } from './runtime-info';

export type PodOutcome =
  | { status: 'skipped'; code: SkipCode; reason: string; warnings: string[] }
  | {
      status: 'injected';
      pod: PodView;
      datasets: string[];
      sidecars: { container: string; dataset: string }[];
      configMaps: ConfigMapRequest[];
      warnings: string[];
    }
  | {
      /** The webhook would have admitted the pod as `pod` (errorMode webhook); `error` says why. */
      status: 'passed-through';
      pod: PodView;
      error: InjectError;
      configMaps: ConfigMapRequest[];
      warnings: string[];
    }
  | { status: 'failed'; error: InjectError; warnings: string[] };

export function injectPod(input: PodView, state: ClusterState, options: Options): PodOutcome {
  const skip = (code: SkipCode, reason: string, warnings: string[] = []): PodOutcome => ({ status: 'skipped', code, reason, warnings });
  if (options.disabled) return skip('disabled', 'injection is disabled by the function config');
  const profile = options.profile;
  if (input.labels[LABEL_ENABLE_INJECTION] === 'false') return skip('opted-out', `label ${LABEL_ENABLE_INJECTION} is "false"`);
  if (profile.skipsFluidPods && isFluidPod(input)) {
    return skip('fluid-pod', `Fluid ${profile.version} leaves Fluid's own pods alone (label ${LABEL_POD_ROLE}: ${DATALOAD_POD_ROLE} or ${LABEL_APP}: <runtime>)`);
  }
  if (input.labels[LABEL_DONE] === 'true') return skip('already-injected', `already injected (label ${LABEL_DONE} is "true")`);
  if (input.labels[LABEL_SERVERLESS_INJECT] !== 'true') {
    // The stock MutatingWebhookConfiguration selects on the current label only.
    return skip('deprecated-label-only', `only the deprecated label ${LABEL_DEPRECATED_SIDECAR_INJECT} is set`, [
      `label ${LABEL_DEPRECATED_SIDECAR_INJECT} is deprecated and the webhook never sees such pods; use ${LABEL_SERVERLESS_INJECT}: "true"`,
    ]);
  }
  const warnings = nearMisses(input, options);
  let infos;
  try {
    infos = collectRuntimeInfos(input, state, profile);
  } catch (e) {
    if (e instanceof InjectError) return { status: 'failed', error: e, warnings };
    throw e;
  }
  if (infos.size === 0) return skip('no-dataset-pvc', 'mounts no Fluid dataset PVC');
  const bare = profile.skipsBareSidecarNames
    ? allContainers(input.spec).find((c) => c.name === SIDECAR_NAME_PREFIX || c.name === INIT_SIDECAR_NAME_PREFIX)
    : undefined;
  if (bare) return skip('sidecar-name-taken', `Fluid ${profile.version} takes a container named ${bare.name} for an injected sidecar`);

  const datasets = [...new Set([...infos.values()].map((i) => i.datasetName))];
  // One entry per PVC: what releases before the development line record.
  const perPvc = [...infos.values()].map((i) => i.datasetName);
  for (const info of infos.values()) warnings.push(...(info.notes ?? []));
  const ctx: PluginContext = { state, options, configMaps: [], warnings, sidecars: [] };
  let pod = cloneJson(input);
  try {
    for (const plugin of options.plugins) {
      if (plugin === 'FilePrefetcher') filePrefetcherPlugin(pod, infos, options, ctx.warnings);
      else if (plugin === 'FuseSidecar') pod = runFuseSidecar(pod, infos, ctx);
      else datasetUsagePlugin(pod, perPvc, profile.datasetsInUse);
    }
  } catch (e) {
    if (!(e instanceof InjectError)) throw e;
    const error = e;
    if (options.errorMode === 'webhook' && !error.rejects && profile.injectionErrorsAdmit) {
      // Rounds that completed before the failure stay, as the webhook writes them back.
      return { status: 'passed-through', pod: ctx.committed ?? pod, error, configMaps: ctx.configMaps, warnings: ctx.warnings };
    }
    return { status: 'failed', error, warnings: ctx.warnings };
  }
  return { status: 'injected', pod, datasets, sidecars: ctx.sidecars, configMaps: ctx.configMaps, warnings: ctx.warnings };
}

/** A pod option Fluid compares with one exact string, and what the pod gets when it does not match. */
interface ExactOption {
  on: 'labels' | 'annotations';
  key: string;
  value: string;
  otherwise: string;
  plugin?: PluginName;
}

// The options that shape the injection; the opt-in and skip gates are reported where they are decided.
const EXACT_OPTIONS: readonly ExactOption[] = [
  { on: 'labels', key: LABEL_UNPRIVILEGED, value: 'true', otherwise: 'the sidecar stays privileged (unless the platform annotation says unprivileged)' },
  { on: 'labels', key: LABEL_CACHE_DIR, value: 'true', otherwise: 'the cache-directory volumes are stripped from the sidecar' },
  { on: 'labels', key: LABEL_SIDECAR_POSTSTART, value: 'false', otherwise: 'the sidecar still gets its postStart mount check' },
  { on: 'labels', key: LABEL_APP_POSTSTART, value: 'true', otherwise: 'the app containers get no postStart mount check' },
  { on: 'annotations', key: ANNOTATION_SKIP_PRECHECK, value: 'true', otherwise: 'the datasets must still be bound' },
  { on: 'annotations', key: ANNOTATION_HOST_PATH_MODE, value: RANDOM_SUFFIX_MODE, otherwise: 'the host paths stay fixed' },
  { on: 'annotations', key: PREFETCHER_INJECT, value: 'true', otherwise: 'no file prefetcher is injected', plugin: 'FilePrefetcher' },
];

const TRUE_LIKE = new Set(['true', '1', 't', 'y', 'yes', 'on']);
const FALSE_LIKE = new Set(['false', '0', 'f', 'n', 'no', 'off']);

/** A value that a person would read as `want` but that is not exactly `want`. */
export function nearMiss(value: string, want: string): boolean {
  if (value === want) return false;
  const v = value.trim().toLowerCase();
  if (want === 'true') return TRUE_LIKE.has(v);
  if (want === 'false') return FALSE_LIKE.has(v);
  return v === want;
}

/** Warnings for option values Fluid ignores although they look like the one it acts on. */
function nearMisses(pod: PodView, options: Options): string[] {
  const out: string[] = [];
  for (const o of EXACT_OPTIONS) {
    if (o.plugin && !options.plugins.includes(o.plugin)) continue;
    const value = pod[o.on][o.key];
    if (value === undefined || !nearMiss(value, o.value)) continue;
    const what = o.on === 'labels' ? 'label' : 'annotation';
    out.push(`${what} ${o.key} is ${JSON.stringify(value)}: Fluid acts only on exactly ${JSON.stringify(o.value)}, so ${o.otherwise}`);
  }
  return out;
}

function runFuseSidecar(pod: PodView, infos: Map<string, RuntimeInfo>, ctx: PluginContext): PodView {
  try {
    return fuseSidecarPlugin(pod, infos, ctx);
  } catch (e) {
    if (!(e instanceof InjectError) || e.rejects) throw e;
    throw e.wrap(`failed to inject pod "${pod.namespace}/${pod.name ?? pod.generateName ?? ''}" with runtimeInfos`);
  }
}

function isFluidPod(pod: PodView): boolean {
  return pod.labels[LABEL_POD_ROLE] === DATALOAD_POD_ROLE || FLUID_APP_LABEL_VALUES.includes(pod.labels[LABEL_APP] ?? '');
}
