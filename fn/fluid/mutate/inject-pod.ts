// Decides whether one pod (template) is injected and runs the plugin chain on it (spec §2, §9.4).
// Pure: takes a PodView and the cluster state, returns the outcome; never touches its input.
import type { ConfigMapRequest } from '../configmaps/check-configmaps';
import type { Options } from '../config/options';
import type { ClusterState } from '../state/cluster-state';
import { datasetUsagePlugin } from './dataset-usage';
import { InjectError } from './errors';
import { filePrefetcherPlugin } from './file-prefetcher';
import { fuseSidecarPlugin, PluginContext } from './fuse-sidecar';
import { LABEL_DEPRECATED_SIDECAR_INJECT, LABEL_DONE, LABEL_ENABLE_INJECTION, LABEL_SERVERLESS_INJECT } from './literals';
import { copyPod, PodView } from './pod-spec';
import { collectRuntimeInfos, RuntimeInfo } from './runtime-info';

export type PodOutcome =
  | { status: 'skipped'; reason: string; warnings: string[] }
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
  const skip = (reason: string, warnings: string[] = []): PodOutcome => ({ status: 'skipped', reason, warnings });
  if (options.disabled) return skip('injection is disabled by the function config');
  if (input.labels[LABEL_ENABLE_INJECTION] === 'false') return skip(`label ${LABEL_ENABLE_INJECTION} is "false"`);
  if (input.labels[LABEL_DONE] === 'true') return skip(`already injected (label ${LABEL_DONE} is "true")`);
  if (input.labels[LABEL_SERVERLESS_INJECT] !== 'true') {
    // The stock MutatingWebhookConfiguration selects on the current label only.
    return skip(`only the deprecated label ${LABEL_DEPRECATED_SIDECAR_INJECT} is set`, [
      `label ${LABEL_DEPRECATED_SIDECAR_INJECT} is deprecated and the webhook never sees such pods; use ${LABEL_SERVERLESS_INJECT}: "true"`,
    ]);
  }
  let infos;
  try {
    infos = collectRuntimeInfos(input, state);
  } catch (e) {
    if (e instanceof InjectError) return { status: 'failed', error: e, warnings: [] };
    throw e;
  }
  if (infos.size === 0) return skip('mounts no Fluid dataset PVC');

  const datasets = [...new Set([...infos.values()].map((i) => i.datasetName))];
  const ctx: PluginContext = { state, options, configMaps: [], warnings: [], sidecars: [] };
  let pod = copyPod(input);
  try {
    for (const plugin of options.plugins) {
      if (plugin === 'FilePrefetcher') filePrefetcherPlugin(pod, infos, options);
      else if (plugin === 'FuseSidecar') pod = runFuseSidecar(pod, infos, ctx);
      else datasetUsagePlugin(pod, datasets);
    }
  } catch (e) {
    if (!(e instanceof InjectError)) throw e;
    const error = e;
    if (options.errorMode === 'webhook' && !error.rejects) {
      // Rounds that completed before the failure stay, as the webhook writes them back.
      return { status: 'passed-through', pod: ctx.committed ?? pod, error, configMaps: ctx.configMaps, warnings: ctx.warnings };
    }
    return { status: 'failed', error, warnings: ctx.warnings };
  }
  return { status: 'injected', pod, datasets, sidecars: ctx.sidecars, configMaps: ctx.configMaps, warnings: ctx.warnings };
}

function runFuseSidecar(pod: PodView, infos: Map<string, RuntimeInfo>, ctx: PluginContext): PodView {
  try {
    return fuseSidecarPlugin(pod, infos, ctx);
  } catch (e) {
    if (!(e instanceof InjectError) || e.rejects) throw e;
    throw e.wrap(`failed to inject pod "${pod.namespace}/${pod.name ?? pod.generateName ?? ''}" with runtimeInfos`);
  }
}
