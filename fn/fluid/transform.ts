// The whole function over plain objects: config → cluster state → pod templates → per-pod
// injection → updated items, generated ConfigMaps and results. No I/O, no YAML.
import { ConfigMapLedger } from './configmaps/check-configmaps';
import { ConfigError, loadConfig, Options } from './config/options';
import { ANNOTATION_HOST_PATH_MODE, PREFETCHER_INJECT, RANDOM_SUFFIX_MODE } from './mutate/literals';
import { injectPod, PodOutcome } from './mutate/inject-pod';
import type { PodView } from './mutate/pod-spec';
import { ClusterState } from './state/cluster-state';
import { CopiedConfigMap, materializeReferenceDatasets } from './state/reference-datasets';
import { cloneJson, describe, JsonObject, KubeObject, refOf, Result } from '../types';
import { findNearMisses } from './mutate/near-misses';
import { newRefusals, Refusal, refuser } from '../krm/workloads/controllers';
import { controllerTraits, formatPath, getPath, makesSeveralPods, PodTarget, podOptsIn, setPath, Workload, WorkloadKinds } from '../krm/workloads/pod-templates';
import { readPodView, ShapeError, writePodView } from '../krm/workloads/pod-view';

export interface TransformOutput {
  /** item index → complete new item, for items that changed. */
  updated: Map<number, KubeObject>;
  /** Generated ConfigMaps, appended after the input items. */
  added: KubeObject[];
  results: Result[];
}

const PATH_ANNOTATIONS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'];
const INDEX_ANNOTATIONS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'];

export function transform(items: readonly KubeObject[], functionConfig?: JsonObject): TransformOutput {
  let options: Options;
  try {
    options = loadConfig(functionConfig).options;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const result: Result = { message: e.message, severity: 'error' };
    if (functionConfig) result.resourceRef = refOf(functionConfig);
    if (e.field && result.resourceRef) result.field = { path: e.field };
    return { updated: new Map(), added: [], results: [result] };
  }
  return new Run(items, options).execute();
}

class Run {
  private readonly kinds: WorkloadKinds;
  private readonly state: ClusterState;
  private readonly ledger: ConfigMapLedger;
  private readonly copied: CopiedConfigMap[];
  private readonly working = new Map<number, KubeObject>();
  private readonly results: Result[] = [];
  /** ConfigMap `ns/name` → the item index of the first workload that needed it. */
  private readonly firstUser = new Map<string, number>();

  constructor(
    private readonly items: readonly KubeObject[],
    private readonly options: Options,
  ) {
    this.kinds = new WorkloadKinds(options.extraPodTemplates);
    this.state = new ClusterState(items, options.defaultNamespace, (o) => this.kinds.isWorkload(o));
    this.ledger = new ConfigMapLedger(this.state);
    // Before any injection: what Fluid's controller creates for cross-namespace references.
    const refs = materializeReferenceDatasets(this.state);
    this.copied = refs.copiedConfigMaps;
    this.results.push(...refs.results);
  }

  execute(): TransformOutput {
    this.reportDuplicates();
    this.reportDuplicateWorkloads(this.kinds.findWorkloads(this.items, this.options.defaultNamespace));
    const targets = this.kinds.findTargets(this.items, this.options.defaultNamespace);
    for (const target of targets) {
      if (podOptsIn(getPath(target.workload, target.podPath))) this.processTarget(target);
    }
    if (!this.options.disabled) this.reportNearMisses();
    if (this.results.some((r) => r.severity === 'error')) {
      // All or nothing: a failed render changes no item.
      return { updated: new Map(), added: [], results: this.results };
    }
    for (const u of this.ledger.updated) {
      const item = this.item(u.index);
      if (u.path.length) setPath(item, u.path, u.object);
      else this.working.set(u.index, u.object);
    }
    return { updated: this.working, added: this.generatedConfigMaps(), results: this.results };
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
    const fieldPrefix = [...target.workloadPath, ...target.podPath];
    // A workload with several templates (a PyTorchJob's roles, a RayCluster's groups) names which.
    const who = this.kinds.templatePaths(target.workload).length > 1 ? `${describe(ref)} ${formatPath(target.podPath)}` : describe(ref);
    const report: Reporter = (severity, message, field) => {
      const r: Result = { message, severity, resourceRef: ref };
      if (field) r.field = { path: field };
      const file = this.fileOf(target.itemIndex);
      if (file) r.file = file;
      this.results.push(r);
    };
    let view;
    try {
      view = readPodView(target);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      report('error', `${who}: ${e.message}`, e.path);
      return;
    }
    const outcome: PodOutcome = injectPod(view, this.state, this.options);
    for (const w of new Set(outcome.warnings)) report('warning', `${who}: ${w}`);
    switch (outcome.status) {
      case 'skipped':
        report('info', `${who}: not injected: ${outcome.reason}`);
        return;
      case 'failed': {
        const e = outcome.error;
        const field = e.field ? joinField(fieldPrefix, e.field) : undefined;
        report('error', `${who}: ${e.message}${e.hint ? ` (${e.hint})` : ''}`, field);
        return;
      }
      case 'passed-through':
        if (!this.controllerAccepts(target, who, view, outcome.pod, report)) return;
        report('warning', `${who}: left as the webhook would admit it (errorMode webhook): ${outcome.error.message}`);
        break;
      case 'injected': {
        if (!this.controllerAccepts(target, who, view, outcome.pod, report)) return;
        const what = outcome.sidecars.map((s) => `${s.container} (dataset ${s.dataset})`).join(', ');
        report('info', `${who}: injected ${what || 'no container (no container uses the datasets)'}`);
        if (outcome.pod.annotations[ANNOTATION_HOST_PATH_MODE] === RANDOM_SUFFIX_MODE && makesSeveralPods(target)) {
          report(
            'warning',
            `${who}: random-suffix host paths are rendered once per template, so every pod of this ${target.workload.kind} shares them (the webhook gives each pod its own)`,
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
   * Whether the workload's controller would take the rendered template: it keeps its main container
   * first (KubeRay, MPI operator), and its webhook allows what the injection added (Knative). A
   * refused template is an error, or under `errorMode: webhook` left as written (Fluid's in-cluster
   * webhook then injects the pods, as it would have anyway).
   */
  private controllerAccepts(target: PodTarget, name: string, before: PodView, after: PodView, report: Reporter): boolean {
    const traits = controllerTraits(target.workload);
    const prefix = [...target.workloadPath, ...target.podPath];
    const first = before.spec.containers[0]?.name;
    const now = after.spec.containers[0]?.name;
    if (traits.firstContainerIsMain && first !== undefined && now !== first) {
      const hint =
        this.options.injectionMode === 'legacy'
          ? 'injectionMode: native-sidecar puts the sidecar into initContainers'
          : `the file prefetcher always goes into containers: remove ${PREFETCHER_INJECT}`;
      report('error', `${name}: ${traits.firstContainerIsMain}, and the injection would put ${now} there instead of ${first} (hint: ${hint})`, joinField(prefix, 'spec.containers[0]'));
      return false;
    }
    const refusals = newRefusals(traits, before.spec, after.spec);
    const at = (fields: string[]): string => fields.map((f) => joinField(prefix, f)).join(', ');
    const what = (list: Refusal[]): string => [...new Set(list.map((r) => r.what))].join(' and ');
    const hard = refusals.filter((r) => !r.unlessFlag);
    if (hard.length > 0) {
      const why = `${refuser(traits)} refuses ${what(hard)} in a ${target.workload.kind}'s pod template, and the sidecar needs them (${at(hard.map((r) => r.field))}): its pods can get the sidecar only from Fluid's in-cluster webhook`;
      if (this.options.errorMode === 'webhook') report('warning', `${name}: left as written (errorMode webhook): ${why}`);
      else report('error', `${name}: ${why} (hint: errorMode: webhook leaves such workloads as written)`, joinField(prefix, hard[0].field));
      return false;
    }
    if (refusals.length > 0) {
      const flags = [...new Set(refusals.map((r) => r.unlessFlag))].join(', ');
      report('warning', `${name}: the sidecar needs ${what(refusals)} (${at(refusals.map((r) => r.field))}), which ${refuser(traits)} refuses unless its feature flags ${flags} are enabled`);
    }
    return true;
  }

  /** Opt-in labels that do not opt in, and dataset PVCs mounted without opting in (issue #17). */
  private reportNearMisses(): void {
    for (const m of findNearMisses(this.items, this.kinds, this.state, this.options.defaultNamespace)) {
      const r: Result = { message: `${describe(refOf(m.object))}: ${m.message}`, severity: m.severity, resourceRef: refOf(m.object) };
      if (m.field) r.field = { path: formatPath(m.field) };
      const file = this.fileOf(m.itemIndex);
      if (file) r.file = file;
      this.results.push(r);
    }
  }

  private fileOf(index: number): Result['file'] | undefined {
    const ann = this.items[index].metadata.annotations ?? {};
    const path = PATH_ANNOTATIONS.map((k) => ann[k]).find((v) => typeof v === 'string' && v !== '');
    if (!path) return undefined;
    const idx = INDEX_ANNOTATIONS.map((k) => ann[k]).find((v) => typeof v === 'string' && v !== '');
    return { path, index: idx ? Number(idx) : 0 };
  }

  /**
   * New ConfigMaps (check scripts and cross-namespace copies) sorted by namespace/name; under kpt
   * each gets its own file beside the item that needed it first.
   */
  private generatedConfigMaps(): KubeObject[] {
    const all = [
      ...[...this.ledger.created.entries()].map(([key, cm]) => ({ key, cm, owner: this.firstUser.get(key) ?? 0 })),
      ...this.copied.map((c) => ({ key: `${c.object.metadata.namespace}/${c.object.metadata.name}`, cm: c.object, owner: c.dataset.index })),
    ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const usesPaths = this.items.some((i) => PATH_ANNOTATIONS.some((k) => i.metadata.annotations?.[k] !== undefined));
    const taken = new Set(this.items.map((_, i) => this.fileOf(i)?.path).filter((p): p is string => !!p));
    return all.map(({ cm, owner }) => {
      if (!usesPaths) return cm;
      const ownerFile = this.fileOf(owner)?.path ?? '';
      const dir = ownerFile.includes('/') ? ownerFile.slice(0, ownerFile.lastIndexOf('/') + 1) : '';
      const base = `${dir}configmap_${cm.metadata.namespace}_${cm.metadata.name}`;
      let path = `${base}.yaml`;
      for (let n = 2; taken.has(path); n++) path = `${base}-${n}.yaml`;
      taken.add(path);
      const annotations: Record<string, string> = { ...(cm.metadata.annotations ?? {}) };
      for (const k of PATH_ANNOTATIONS) annotations[k] = path;
      for (const k of INDEX_ANNOTATIONS) annotations[k] = '0';
      return { ...cm, metadata: { ...cm.metadata, annotations } };
    });
  }

  private reportDuplicates(): void {
    for (const d of this.state.duplicates) {
      const ref = refOf(d.second.object);
      this.results.push({
        message: `${describe(ref)} appears twice in the input (items ${d.first.index} and ${d.second.index}): the cluster state is ambiguous`,
        severity: 'error',
        resourceRef: ref,
      });
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
      this.results.push({
        message: `${describe(ref)} appears twice in the input (${first === w.itemIndex ? `both in item ${first}` : `items ${first} and ${w.itemIndex}`})`,
        severity: 'error',
        resourceRef: ref,
      });
    }
  }
}

type Reporter = (severity: Result['severity'], message: string, field?: string) => void;

function joinField(prefix: (string | number)[], field: string): string {
  const head = formatPath(prefix);
  return head ? `${head}.${field}` : field;
}
