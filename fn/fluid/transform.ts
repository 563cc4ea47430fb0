// The whole function over plain objects: config → cluster state → pod templates → per-pod
// injection → updated items, generated ConfigMaps and results. No I/O, no YAML.
import { ConfigMapLedger, isEmittedCheckConfigMap } from './configmaps/check-configmaps';
import { resolveOptions } from './cluster-webhook';
import { LoadedConfig, loadConfig, Options } from './config/options';
import { ConfigError, StateCode } from './errors';
import { ANNOTATION_HOST_PATH_MODE, asksForSidecar, LABEL_DONE, PREFETCHER_INJECT, RANDOM_SUFFIX_MODE } from './labels';
import { APP_CHECK_CONFIGMAP } from './names';
import { checkAppCheckPaths } from './mutate/app-check';
import { injectPod, PodOutcome } from './mutate/inject-pod';
import { findNearMisses } from './mutate/near-misses';
import { ClusterState } from './state/cluster-state';
import { CopiedConfigMap, materializeReferenceDatasets } from './state/reference-datasets';
import { isFluidState } from './state/state-objects';
import { compareStrings, isObject, JsonObject, KubeObject, refOf, ResourceRef, Result } from '../types';
import { FnError } from '../krm/errors';
import type { Outcome, TransformOutput } from '../krm/function';
import { fileOf } from '../krm/kpt-files';
import { duplicateMessage } from '../krm/cluster-index';
import { isLocalConfig, unmarkedStateWarning } from '../krm/local-config';
import { eachObject } from '../krm/objects';
import { unusedEmitted } from '../krm/references';
import { errorResult, objectResult } from '../krm/results';
import { controllerVerdict } from '../krm/workloads/controllers';
import { duplicateWorkloads } from '../krm/workloads/duplicate-workloads';
import type { PodView } from '../krm/workloads/pod-spec';
import { formatPath, getPath, makesSeveralPods, PodTarget, podLabels, Workload, WorkloadKinds } from '../krm/workloads/pod-templates';
import { readPodView, ShapeError } from '../krm/workloads/pod-view';
import { injectedHow, leftAsItIs, notInjected, recordText, takeOutRecord, withRecord } from '../krm/workloads/record';
import { WorkingCopies } from '../krm/workloads/working-copies';

export function transform(items: readonly KubeObject[], functionConfig?: JsonObject): TransformOutput {
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(functionConfig);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { updated: new Map(), added: [], results: [errorResult(e)], outcomes: [] };
  }
  // Which Fluid release, mode and plugins: the config, else the cluster's webhook objects in the input.
  const { options, errors, notes } = resolveOptions(loaded, items);
  if (errors.length) return { updated: new Map(), added: [], results: errors, outcomes: [] };
  return new Run(items, options, notes).execute();
}

class Run {
  private readonly kinds: WorkloadKinds;
  private readonly state: ClusterState;
  private readonly ledger: ConfigMapLedger;
  private readonly copied: CopiedConfigMap[];
  /** Input ConfigMaps that are copies for reference datasets (uninject takes this function's back). */
  private readonly presentCopies: Set<KubeObject>;
  private readonly working: WorkingCopies;
  private readonly results: Result[] = [];
  private readonly outcomes: Outcome[] = [];
  /** Some workload was injected or failed, so which Fluid release renders it mattered. */
  private releaseMattered = false;
  /** ConfigMap `ns/name` → the item index of the first workload that needed it. */
  private readonly firstUser = new Map<string, number>();

  constructor(
    private readonly items: readonly KubeObject[],
    private readonly options: Options,
    /** Where the Fluid release came from; said once, after the results, when it mattered to a workload. */
    private readonly notes: Result[] = [],
  ) {
    this.working = new WorkingCopies(items);
    this.kinds = new WorkloadKinds(options.extraPodTemplates, asksForSidecar);
    this.state = new ClusterState(items, options.defaultNamespace, (o) => this.kinds.isWorkload(o));
    this.ledger = new ConfigMapLedger(this.state, options.profile);
    // Before any injection: what Fluid's controller creates for cross-namespace references.
    const refs = materializeReferenceDatasets(this.state, options.profile.runtimes);
    this.copied = refs.copiedConfigMaps;
    this.presentCopies = new Set(refs.presentCopies.map((c) => c.object));
    this.results.push(...refs.results);
  }

  execute(): TransformOutput {
    this.reportDuplicates();
    this.reportDuplicateWorkloads(this.kinds.findWorkloads(this.items, this.options.defaultNamespace));
    const targets = this.kinds.findTargets(this.items, this.options.defaultNamespace);
    for (const target of targets) {
      const pod = getPath(target.workload, target.podPath) as JsonObject;
      if (asksForSidecar(podLabels(pod)) || recordText(pod, RECORD_ANNOTATION) !== undefined) this.processTarget(target);
    }
    const uninject = this.options.action === 'uninject';
    if (!this.options.disabled && !uninject) this.reportNearMisses();
    this.reportUnmarkedState();
    if (this.results.some((r) => r.severity === 'error')) {
      // All or nothing: a failed render changes no item.
      return { updated: new Map(), added: [], results: this.withNotes(), outcomes: this.outcomes };
    }
    if (uninject) {
      const removed = this.unusedConfigMaps();
      return { updated: this.working.changed, added: [], removed, results: this.withNotes(), outcomes: this.outcomes };
    }
    for (const u of this.ledger.updated) this.working.setAt(u.index, u.path, u.object);
    if (this.options.checkConfigMaps === 'skip' && this.firstUser.size > 0) {
      this.results.push({
        message: `check ConfigMaps not emitted (checkConfigMaps: skip); the injected pods need ${[...this.firstUser.keys()].sort().join(', ')} in the cluster`,
        severity: 'info',
      });
    }
    return { updated: this.working.changed, ...this.generatedConfigMaps(), results: this.withNotes(), outcomes: this.outcomes };
  }

  /** The results, then where the Fluid release came from when it mattered to a workload. */
  private withNotes(): Result[] {
    return this.releaseMattered ? [...this.results, ...this.notes] : this.results;
  }

  /**
   * Uninject: the ConfigMaps this function emitted (check scripts with its own script digest, copies
   * for reference datasets; never local-config state) that no item of their namespace refers to now.
   */
  private unusedConfigMaps(): Set<number> {
    const current = this.working.current();
    const emitted = (obj: KubeObject, i: number): boolean => isEmittedCheckConfigMap(obj) || this.presentCopies.has(this.items[i]);
    const { removed, results } = unusedEmitted(current, emitted, this.options.defaultNamespace);
    this.results.push(...results);
    return removed;
  }

  /**
   * Cluster state the function reads is not for applying: without local-config, kustomize emits it
   * and Argo CD or kpt live apply would apply, and prune, the Datasets, PVs and DaemonSets.
   */
  private reportUnmarkedState(): void {
    eachObject(this.items, (obj, item) => {
      if (!isLocalConfig(obj) && isFluidState(obj, this.state, (o) => this.kinds.isWorkload(o))) {
        this.results.push(unmarkedStateWarning(obj, item, 'export-context'));
      }
    });
  }

  private processTarget(target: PodTarget): void {
    const ref = refOf(target.workload);
    const podPath = [...target.workloadPath, ...target.podPath];
    const file = fileOf(this.items[target.itemIndex]);
    // A workload with several templates (a PyTorchJob's roles, a RayCluster's groups) names which.
    const part = this.kinds.partOf(target);
    const report: Reporter = (severity, message) => {
      this.results.push(objectResult(severity, target.workload, this.items[target.itemIndex], message, { part }));
    };
    const fail: Failer = (e, severity = 'error') => {
      this.results.push(errorResult(e, severity, file));
    };
    const taken = takeOutRecord(target, RECORD_ANNOTATION);
    if (taken instanceof FnError) {
      fail(taken.about(ref, '', part));
      this.outcomes.push({ ref, status: 'failed', code: taken.code });
      return;
    }
    const { written, record } = taken;
    const rewrite = (pod: JsonObject): void => this.working.putPod(target, taken.raw, pod);
    if (this.options.action === 'uninject' || !asksForSidecar(podLabels(written))) {
      if (record) {
        rewrite(written);
        report('info', `uninjected${this.options.action === 'uninject' ? '' : ' (it no longer opts in)'}`);
        this.outcomes.push({ ref, status: 'uninjected' });
      } else if (this.options.action === 'uninject' && isInjected(written)) {
        report('info', leftAsItIs(RECORD_ANNOTATION));
      }
      return;
    }
    let view;
    try {
      view = readPodView(target, written);
      checkAppCheckPaths(view, podPath);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      fail(e.about(ref, '', part));
      this.outcomes.push({ ref, status: 'failed', code: e.code });
      return;
    }
    const outcome: PodOutcome = injectPod(view, this.state, this.options);
    if (outcome.status !== 'skipped') this.releaseMattered = true;
    for (const w of new Set(outcome.warnings)) report('warning', w);
    let injected: JsonObject;
    switch (outcome.status) {
      case 'skipped':
        // what an earlier render injected comes out: that is an uninjection, for the reason given
        this.outcomes.push(record ? { ref, status: 'uninjected', code: outcome.code } : outcomeOf(ref, outcome));
        if (record) rewrite(written);
        report('info', notInjected(taken, outcome.reason, isInjected(written), RECORD_ANNOTATION));
        return;
      case 'failed':
        this.outcomes.push(outcomeOf(ref, outcome));
        fail(outcome.error.about(ref, formatPath(podPath), part));
        return;
      case 'passed-through':
        if (!this.controllerAccepts(target, part, view, outcome.pod, fail)) {
          if (record) rewrite(written);
          return;
        }
        this.outcomes.push(outcomeOf(ref, outcome));
        // the pod as admitted: where the error points and what would fix it do not apply
        fail(outcome.error.wrap('left as the webhook would admit it (errorMode webhook)').at({ field: undefined, hint: undefined }).about(ref, '', part), 'warning');
        injected = withRecord(written, view, outcome.pod, RECORD_ANNOTATION);
        break;
      case 'injected': {
        if (!this.controllerAccepts(target, part, view, outcome.pod, fail)) {
          if (record) rewrite(written);
          return;
        }
        this.outcomes.push(outcomeOf(ref, outcome));
        const what = outcome.sidecars.map((s) => `${s.container} (dataset ${s.dataset})`).join(', ') || 'no container (no container uses the datasets)';
        injected = withRecord(written, view, outcome.pod, RECORD_ANNOTATION);
        report('info', `${injectedHow(taken, injected)} ${what}`);
        if (this.options.profile.randomSuffix && outcome.pod.annotations[ANNOTATION_HOST_PATH_MODE] === RANDOM_SUFFIX_MODE && makesSeveralPods(target)) {
          report(
            'warning',
            `random-suffix host paths are rendered once per template, so every pod of this ${target.workload.kind} shares them (the webhook gives each pod its own)`,
          );
        }
        break;
      }
    }
    rewrite(injected);
    for (const req of outcome.configMaps) {
      const name = req.kind === 'app' ? APP_CHECK_CONFIGMAP : req.name;
      const key = `${req.namespace}/${name}`;
      if (!this.firstUser.has(key)) this.firstUser.set(key, target.itemIndex);
      if (this.options.checkConfigMaps === 'emit') this.ledger.apply(req);
    }
  }

  /**
   * Whether the workload's controller would take the rendered template (controllerVerdict). A
   * refused template is an error, or under `errorMode: webhook` left as written (Fluid's in-cluster
   * webhook then injects the pods, as it would have anyway).
   */
  private controllerAccepts(target: PodTarget, part: string | undefined, before: PodView, after: PodView, fail: Failer): boolean {
    const ref = refOf(target.workload);
    const mainHint =
      this.options.injectionMode === 'legacy'
        ? 'injectionMode: native-sidecar puts the sidecar into initContainers'
        : `the file prefetcher always goes into containers: remove ${PREFETCHER_INJECT}`;
    const verdict = controllerVerdict(target, before.spec, after.spec, "Fluid's in-cluster webhook", mainHint);
    const e = verdict.refused;
    if (e && e.code === 'controller-refuses' && this.options.errorMode === 'webhook') {
      fail(e.wrap('left as written (errorMode webhook)').at({ field: undefined, hint: undefined }).about(ref, '', part), 'warning');
      this.outcomes.push({ ref, status: 'passed-through', code: e.code });
      return false;
    }
    if (e) {
      fail(e.about(ref, '', part));
      this.outcomes.push({ ref, status: 'failed', code: e.code });
      return false;
    }
    if (verdict.warning) this.results.push(objectResult('warning', target.workload, this.items[target.itemIndex], verdict.warning, { part }));
    return true;
  }

  /** Opt-in labels that do not opt in, and dataset PVCs mounted without opting in (issue #17). */
  private reportNearMisses(): void {
    for (const m of findNearMisses(this.items, this.kinds, this.state, this.options.defaultNamespace)) {
      this.results.push(objectResult(m.severity, m.object, this.items[m.itemIndex], m.message, m.field ? { field: formatPath(m.field) } : {}));
    }
  }

  /**
   * New ConfigMaps (check scripts and cross-namespace copies) sorted by namespace/name, each with
   * the item it was made for: the first workload that needed it, or the reference Dataset.
   */
  private generatedConfigMaps(): { added: KubeObject[]; addedNear: number[] } {
    const all = [
      ...[...this.ledger.created.entries()].map(([key, cm]) => ({ key, cm, near: this.firstUser.get(key) ?? 0 })),
      ...this.copied.map((c) => ({ key: `${c.object.metadata.namespace}/${c.object.metadata.name}`, cm: c.object, near: c.dataset.index })),
    ].sort((a, b) => compareStrings(a.key, b.key));
    return { added: all.map((a) => a.cm), addedNear: all.map((a) => a.near) };
  }

  private reportDuplicates(): void {
    for (const d of this.state.duplicates) {
      this.results.push(errorResult(new FnError<StateCode>('duplicate-object', duplicateMessage(d), { ref: refOf(d.second.object) })));
    }
  }

  /** Whether or not the workloads have a pod template (one without is still ambiguous). */
  private reportDuplicateWorkloads(workloads: Workload[]): void {
    for (const d of duplicateWorkloads(workloads)) this.results.push(errorResult(new FnError<StateCode>('duplicate-workload', d.message, { ref: d.ref })));
  }
}

type Reporter = (severity: Result['severity'], message: string) => void;
type Failer = (e: FnError, severity?: Result['severity']) => void;

function outcomeOf(ref: ResourceRef, o: PodOutcome): Outcome {
  if (o.status === 'injected') return { ref, status: o.status };
  return { ref, status: o.status, code: o.status === 'skipped' ? o.code : o.error.code };
}

/** The annotation an injected template carries: what to take out to get it back as written. */
export const RECORD_ANNOTATION = 'fn.fluid.io/inject-fluid-sidecar';

function isInjected(pod: JsonObject): boolean {
  const meta = pod.metadata;
  const labels = isObject(meta) ? meta.labels : undefined;
  return isObject(labels) && labels[LABEL_DONE] === 'true';
}
