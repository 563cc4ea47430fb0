// The whole function over plain objects: config → cluster state → pod templates → per-pod
// injection → updated items, generated ConfigMaps and results. No I/O, no YAML.
import { ConfigMapLedger } from './configmaps/check-configmaps';
import { resolveOptions } from './cluster-webhook';
import { LoadedConfig, loadConfig, Options } from './config/options';
import { ConfigError, StateCode } from './errors';
import { ANNOTATION_HOST_PATH_MODE, asksForSidecar, RANDOM_SUFFIX_MODE } from './labels';
import { checkAppCheckPaths } from './mutate/app-check';
import { injectPod, PodOutcome } from './mutate/inject-pod';
import { ClusterState } from './state/cluster-state';
import { CopiedConfigMap, materializeReferenceDatasets } from './state/reference-datasets';
import { cloneJson, compareStrings, describe, isObject, JsonObject, KubeObject, refOf, ResourceRef, Result } from '../types';
import { FnError } from '../krm/errors';
import type { Outcome, TransformOutput } from '../krm/function';
import { fileOf } from '../krm/kpt-files';
import { errorResult } from '../krm/results';
import { formatPath, getPath, PodTarget, podLabels, setPath, Workload, WorkloadKinds } from '../krm/workloads/pod-templates';
import { readPodView, ShapeError, writePodView } from '../krm/workloads/pod-view';

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
  private readonly working = new Map<number, KubeObject>();
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
    this.kinds = new WorkloadKinds(options.extraPodTemplates, asksForSidecar);
    this.state = new ClusterState(items, options.defaultNamespace, (o) => this.kinds.isWorkload(o));
    this.ledger = new ConfigMapLedger(this.state, options.profile);
    // Before any injection: what Fluid's controller creates for cross-namespace references.
    const refs = materializeReferenceDatasets(this.state, options.profile.runtimes);
    this.copied = refs.copiedConfigMaps;
    this.results.push(...refs.results);
  }

  execute(): TransformOutput {
    this.reportDuplicates();
    this.reportDuplicateWorkloads(this.kinds.findWorkloads(this.items, this.options.defaultNamespace));
    const targets = this.kinds.findTargets(this.items, this.options.defaultNamespace);
    for (const target of targets) {
      if (asksForSidecar(podLabels(getPath(target.workload, target.podPath)))) this.processTarget(target);
    }
    if (this.releaseMattered) this.results.push(...this.notes);
    if (this.results.some((r) => r.severity === 'error')) {
      // All or nothing: a failed render changes no item.
      return { updated: new Map(), added: [], results: this.results, outcomes: this.outcomes };
    }
    for (const u of this.ledger.updated) {
      const item = this.item(u.index);
      if (u.path.length) setPath(item, u.path, u.object);
      else this.working.set(u.index, u.object);
    }
    return { updated: this.working, ...this.generatedConfigMaps(), results: this.results, outcomes: this.outcomes };
  }

  /** The working copy of an item, made on first change. */
  private item(index: number): KubeObject {
    let item = this.working.get(index);
    if (!item) {
      item = cloneJson(this.items[index]);
      this.working.set(index, item);
    }
    return item;
  }

  private processTarget(target: PodTarget): void {
    const ref = refOf(target.workload);
    const podPath = [...target.workloadPath, ...target.podPath];
    const file = fileOf(this.items[target.itemIndex]);
    const report = (severity: Result['severity'], message: string): void => {
      const r: Result = { message, severity, resourceRef: ref };
      if (file) r.file = file;
      this.results.push(r);
    };
    const fail = (e: FnError, severity: Result['severity'] = 'error'): void => {
      this.results.push(errorResult(e, severity, file));
    };
    let view;
    try {
      view = readPodView(target);
      checkAppCheckPaths(view, podPath);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      fail(e.about(ref));
      this.outcomes.push({ ref, status: 'failed', code: e.code });
      return;
    }
    const outcome: PodOutcome = injectPod(view, this.state, this.options);
    if (outcome.status !== 'skipped') this.releaseMattered = true;
    for (const w of new Set(outcome.warnings)) report('warning', `${describe(ref)}: ${w}`);
    this.outcomes.push(outcomeOf(ref, outcome));
    switch (outcome.status) {
      case 'skipped':
        report('info', `${describe(ref)}: not injected: ${outcome.reason}`);
        return;
      case 'failed':
        fail(outcome.error.about(ref, formatPath(podPath)));
        return;
      case 'passed-through':
        // the pod as admitted: where the error points and what would fix it do not apply
        fail(outcome.error.wrap('left as the webhook would admit it (errorMode webhook)').at({ field: undefined, hint: undefined }).about(ref), 'warning');
        break;
      case 'injected': {
        const what = outcome.sidecars.map((s) => `${s.container} (dataset ${s.dataset})`).join(', ');
        report('info', `${describe(ref)}: injected ${what || 'no container (no container uses the datasets)'}`);
        if (this.options.profile.randomSuffix && outcome.pod.annotations[ANNOTATION_HOST_PATH_MODE] === RANDOM_SUFFIX_MODE && makesSeveralPods(target)) {
          report(
            'warning',
            `${describe(ref)}: random-suffix host paths are rendered once per template, so every pod of this ${target.workload.kind} shares them (the webhook gives each pod its own)`,
          );
        }
        break;
      }
    }
    // writePodView copies; the working copy, when there is one, holds earlier pods of the item.
    const current = this.working.get(target.itemIndex) ?? this.items[target.itemIndex];
    const updated = writePodView(current, target, outcome.pod);
    this.working.set(target.itemIndex, updated);
    for (const req of outcome.configMaps) {
      const name = req.kind === 'app' ? 'check-fluid-mount-ready' : req.name;
      const key = `${req.namespace}/${name}`;
      if (!this.firstUser.has(key)) this.firstUser.set(key, target.itemIndex);
      this.ledger.apply(req);
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
      const ref = refOf(d.second.object);
      this.results.push(
        errorResult(
          new FnError<StateCode>('duplicate-object', `${describe(ref)} appears twice in the input (items ${d.first.index} and ${d.second.index}): the cluster state is ambiguous`, { ref }),
        ),
      );
    }
  }

  /** By identity, whether or not the workloads have a pod template (one without is still ambiguous). */
  private reportDuplicateWorkloads(workloads: Workload[]): void {
    const seen = new Map<string, number>();
    for (const w of workloads) {
      const ref = refOf(w.workload);
      if (ref.name === '') continue;
      const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
      const key = `${group}/${ref.kind}/${w.namespace}/${ref.name}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, w.itemIndex);
        continue;
      }
      const where = first === w.itemIndex ? `both in item ${first}` : `items ${first} and ${w.itemIndex}`;
      this.results.push(errorResult(new FnError<StateCode>('duplicate-workload', `${describe(ref)} appears twice in the input (${where})`, { ref })));
    }
  }
}

function outcomeOf(ref: ResourceRef, o: PodOutcome): Outcome {
  if (o.status === 'injected') return { ref, status: o.status };
  return { ref, status: o.status, code: o.status === 'skipped' ? o.code : o.error.code };
}

/** Whether one rendered template stands for several pods at once. */
function makesSeveralPods(target: PodTarget): boolean {
  const w = target.workload;
  const spec = isObject(w.spec) ? w.spec : {};
  switch (w.kind) {
    case 'DaemonSet':
    case 'StatefulSet':
      return true;
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
      return typeof spec.replicas === 'number' && spec.replicas > 1;
    case 'Job':
      return typeof spec.parallelism === 'number' && spec.parallelism > 1;
    case 'CronJob': {
      const job = getPath(w, ['spec', 'jobTemplate', 'spec']);
      return isObject(job) && typeof job.parallelism === 'number' && job.parallelism > 1;
    }
    default:
      return false;
  }
}
