// Finds the pods and pod templates in `items` that a function may mutate: those of the built-in
// workload kinds, and of the kinds a function config names. The workload-kind table says, per kind,
// where its pod templates are and what its controller does with them. Every path below was checked
// against the project's Go API types (README, "Workload kinds").
import { apiGroupOf, isObject, JsonObject, JsonValue, KubeObject } from '../../types';
import { eachObject } from '../objects';

export type PathSegment = string | number;

/** A kind the user names as holding pod templates (`extraPodTemplates` of a function config). */
export interface ExtraPodTemplate {
  apiVersion: string;
  kind: string;
  paths: string[];
}

/** Whether a pod (template), by its labels, asks the function for injection. */
export type OptsIn = (podLabels: Readonly<Record<string, unknown>>) => boolean;

/** `[*]`: every entry of a list; `*`: every value of a map, in the object's own key order. */
export const EACH_ITEM: unique symbol = Symbol('[*]');
export const EACH_VALUE: unique symbol = Symbol('*');
export type PatternSegment = PathSegment | typeof EACH_ITEM | typeof EACH_VALUE;

export interface Workload {
  /** Position of the owning item in `items`. */
  itemIndex: number;
  /** The workload object (for a `v1 List`, the list entry) that owns the pod or template. */
  workload: KubeObject;
  /** Path from the item root to the workload ([] unless inside a List). */
  workloadPath: PathSegment[];
  /** Effective namespace: the workload's, else the default namespace. */
  namespace: string;
}

export interface PodTarget extends Workload {
  /** Path from the workload to the pod object ([] for a Pod) or to its template. */
  podPath: PathSegment[];
  isTemplate: boolean;
}

/** What a kind's controller does with its templates, where that changes what may be rendered. */
export interface ControllerTraits {
  /** Who names unnamed containers (a defaulting webhook), so the template may omit names. */
  names?: 'knative';
  /** The controller configures `containers[0]` as its main container: that one must stay first. */
  firstContainerIsMain?: string;
  /** Its admission webhook refuses some pod-spec fields in the template (see controllers.ts). */
  restricts?: 'knative';
  /** Whether one template stands for several pods; default: a count > 1 on the way to it. */
  severalPods?: boolean | ((workload: KubeObject, podPath: readonly PathSegment[]) => boolean);
}

interface KindRule {
  groups: readonly string[];
  kinds: readonly string[];
  paths: readonly string[];
  traits?: ControllerTraits;
}

const RAY_FIRST = 'KubeRay configures containers[0] as the Ray container';
const MPI_FIRST = 'the MPI operator configures containers[0] as the MPI container';

// Matched by API group, so every served version of a kind (e.g. MPIJob kubeflow.org/v1 and
// v2beta1, Kruise v1alpha1 and v1beta1) shares one layout; the README lists the sources.
const BUILTIN_RULES: readonly KindRule[] = [
  { groups: [''], kinds: ['Pod'], paths: [''] },
  { groups: [''], kinds: ['PodTemplate'], paths: ['template'] },
  { groups: [''], kinds: ['ReplicationController'], paths: ['spec.template'] },
  { groups: ['apps', 'extensions'], kinds: ['Deployment', 'ReplicaSet'], paths: ['spec.template'] },
  { groups: ['apps'], kinds: ['StatefulSet'], paths: ['spec.template'], traits: { severalPods: true } },
  { groups: ['apps', 'extensions'], kinds: ['DaemonSet'], paths: ['spec.template'], traits: { severalPods: true } },
  { groups: ['batch'], kinds: ['Job'], paths: ['spec.template'] },
  { groups: ['batch'], kinds: ['CronJob'], paths: ['spec.jobTemplate.spec.template'] },
  // Knative Serving: autoscaled, so always several pods.
  {
    groups: ['serving.knative.dev'],
    kinds: ['Service', 'Configuration'],
    paths: ['spec.template'],
    traits: { names: 'knative', restricts: 'knative', severalPods: true },
  },
  // Argo Rollouts; a Rollout with `workloadRef` has no template (its Deployment has it).
  { groups: ['argoproj.io'], kinds: ['Rollout'], paths: ['spec.template'] },
  // Kubeflow training operator v1 (and mpi-operator v2beta1): every role of the replica-spec map.
  { groups: ['kubeflow.org'], kinds: ['PyTorchJob'], paths: ['spec.pytorchReplicaSpecs.*.template'] },
  { groups: ['kubeflow.org'], kinds: ['TFJob'], paths: ['spec.tfReplicaSpecs.*.template'] },
  { groups: ['kubeflow.org'], kinds: ['XGBoostJob'], paths: ['spec.xgbReplicaSpecs.*.template'] },
  { groups: ['kubeflow.org'], kinds: ['PaddleJob'], paths: ['spec.paddleReplicaSpecs.*.template'] },
  { groups: ['kubeflow.org'], kinds: ['JAXJob'], paths: ['spec.jaxReplicaSpecs.*.template'] },
  {
    groups: ['kubeflow.org'],
    kinds: ['MPIJob'],
    paths: ['spec.mpiReplicaSpecs.*.template'],
    traits: { firstContainerIsMain: MPI_FIRST },
  },
  // Kubeflow Trainer: the pod templates are in the (namespaced) runtime's JobSet template.
  {
    groups: ['trainer.kubeflow.org'],
    kinds: ['TrainingRuntime'],
    paths: ['spec.template.spec.replicatedJobs[*].template.spec.template'],
  },
  // KubeRay: the head group and every worker group; a RayJob also has its submitter pod.
  {
    groups: ['ray.io'],
    kinds: ['RayCluster'],
    paths: ['spec.headGroupSpec.template', 'spec.workerGroupSpecs[*].template'],
    traits: { firstContainerIsMain: RAY_FIRST },
  },
  {
    groups: ['ray.io'],
    kinds: ['RayJob'],
    paths: ['spec.rayClusterSpec.headGroupSpec.template', 'spec.rayClusterSpec.workerGroupSpecs[*].template', 'spec.submitterPodTemplate'],
    traits: { firstContainerIsMain: RAY_FIRST },
  },
  {
    groups: ['ray.io'],
    kinds: ['RayService'],
    paths: ['spec.rayClusterConfig.headGroupSpec.template', 'spec.rayClusterConfig.workerGroupSpecs[*].template'],
    traits: { firstContainerIsMain: RAY_FIRST },
  },
  { groups: ['batch.volcano.sh'], kinds: ['Job'], paths: ['spec.tasks[*].template'] },
  { groups: ['jobset.x-k8s.io'], kinds: ['JobSet'], paths: ['spec.replicatedJobs[*].template.spec.template'] },
  {
    groups: ['leaderworkerset.x-k8s.io'],
    kinds: ['LeaderWorkerSet'],
    paths: ['spec.leaderWorkerTemplate.leaderTemplate', 'spec.leaderWorkerTemplate.workerTemplate'],
    // Per group: one leader and size-1 workers; `replicas` groups.
    traits: {
      severalPods: (w, podPath) =>
        countAbove(getPath(w, ['spec', 'replicas']), 1) ||
        (podPath[podPath.length - 1] === 'workerTemplate' && countAbove(getPath(w, ['spec', 'leaderWorkerTemplate', 'size']), 2)),
    },
  },
  // OpenKruise: CloneSet, Advanced StatefulSet, Advanced DaemonSet, BroadcastJob (a pod per node),
  // AdvancedCronJob (a Job or a BroadcastJob template).
  { groups: ['apps.kruise.io'], kinds: ['CloneSet'], paths: ['spec.template'] },
  { groups: ['apps.kruise.io'], kinds: ['StatefulSet', 'DaemonSet', 'BroadcastJob'], paths: ['spec.template'], traits: { severalPods: true } },
  {
    groups: ['apps.kruise.io'],
    kinds: ['AdvancedCronJob'],
    paths: ['spec.template.jobTemplate.spec.template', 'spec.template.broadcastJobTemplate.spec.template'],
  },
];

/**
 * Kinds that opt-in labels are put on but that hold no pod template this function can render, and
 * why (near-miss reporting). Argo Workflows templates are not pod templates: the workflow controller
 * builds each pod (its `init`/`wait`/`main` containers, the emissary's command rewrite, volumes from
 * the workflow-wide `spec.volumes`), so neither a built-in path nor `extraPodTemplates` can name one.
 */
const UNRENDERED_KINDS: readonly { groups: readonly string[]; kinds: readonly string[]; reason: string }[] = [
  {
    groups: ['trainer.kubeflow.org'],
    kinds: ['TrainJob'],
    reason:
      'a TrainJob holds no pod template: its pods come from the TrainingRuntime it references (runtime patches can only change containers the runtime has), which is where they are rendered',
  },
  {
    groups: ['trainer.kubeflow.org'],
    kinds: ['ClusterTrainingRuntime'],
    reason:
      'a ClusterTrainingRuntime is cluster-scoped and its pods run in each TrainJob\'s namespace, so its PVCs cannot be resolved here; use a namespaced TrainingRuntime',
  },
  {
    groups: ['argoproj.io'],
    kinds: ['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow'],
    reason:
      'Argo Workflows templates are not pod templates (the workflow controller builds each pod, and spec.volumes is shared by every template), so only an in-cluster webhook can inject its pods',
  },
];

function builtinRule(obj: { apiVersion: string; kind: string }): KindRule | undefined {
  const group = apiGroupOf(obj.apiVersion);
  return BUILTIN_RULES.find((r) => r.kinds.includes(obj.kind) && r.groups.includes(group));
}

/** The controller traits of a built-in kind ({} for others). */
export function controllerTraits(obj: { apiVersion: string; kind: string }): ControllerTraits {
  return builtinRule(obj)?.traits ?? {};
}

/** A built-in rule's paths as patterns, parsed once (every object of the input asks). */
const PARSED_RULES = new Map<KindRule, PatternSegment[][]>();
function builtinPatterns(rule: KindRule): PatternSegment[][] {
  let parsed = PARSED_RULES.get(rule);
  if (parsed === undefined) PARSED_RULES.set(rule, (parsed = rule.paths.map(parseFieldPath)));
  return parsed;
}

/** Why an object of this kind is never rendered although it may carry an opt-in label. */
export function unrenderedKindReason(obj: { apiVersion: string; kind: string }): string | undefined {
  const group = apiGroupOf(obj.apiVersion);
  return UNRENDERED_KINDS.find((k) => k.kinds.includes(obj.kind) && k.groups.includes(group))?.reason;
}

/**
 * `spec.template`, `spec.templates[0].template`, `spec.tasks[*].template` (every list entry) or
 * `spec.replicaSpecs.*.template` (every map value) → segments; '' is the object itself.
 */
export function parseFieldPath(path: string): PatternSegment[] {
  if (path === '') return [];
  const out: PatternSegment[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]+)((?:\[(?:\d+|\*)\])*)$/.exec(part);
    if (!m) throw new Error(`bad field path ${path}`);
    out.push(m[1] === '*' ? EACH_VALUE : m[1]);
    for (const idx of m[2].matchAll(/\[(\d+|\*)\]/g)) out.push(idx[1] === '*' ? EACH_ITEM : Number(idx[1]));
  }
  return out;
}

function step(cur: unknown, seg: PathSegment): unknown {
  if (typeof seg === 'number') return Array.isArray(cur) ? cur[seg] : undefined;
  return isObject(cur) && Object.hasOwn(cur, seg) ? cur[seg] : undefined;
}

export function getPath(root: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    cur = step(cur, seg);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Every concrete path a pattern matches in `root`, in document order. */
export function expandPattern(root: unknown, pattern: readonly PatternSegment[]): PathSegment[][] {
  let frontier: { value: unknown; path: PathSegment[] }[] = [{ value: root, path: [] }];
  for (const seg of pattern) {
    const next: typeof frontier = [];
    for (const { value, path } of frontier) {
      if (seg === EACH_ITEM) {
        if (Array.isArray(value)) value.forEach((v, i) => next.push({ value: v, path: [...path, i] }));
      } else if (seg === EACH_VALUE) {
        if (isObject(value)) for (const k of Object.keys(value)) next.push({ value: value[k], path: [...path, k] });
      } else {
        const v = step(value, seg);
        if (v !== undefined) next.push({ value: v, path: [...path, seg] });
      }
    }
    frontier = next;
  }
  return frontier.map((f) => f.path);
}

/** `a.b[0].c` for results. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

export function podLabels(pod: unknown): Record<string, unknown> {
  const meta = isObject(pod) ? pod.metadata : undefined;
  const labels = isObject(meta) ? meta.labels : undefined;
  return isObject(labels) ? labels : {};
}

/** The PVC a volume entry (shape not yet checked) mounts, or undefined. */
export function claimNameOf(volume: unknown): string | undefined {
  const claim = isObject(volume) && isObject(volume.persistentVolumeClaim) ? volume.persistentVolumeClaim.claimName : undefined;
  return typeof claim === 'string' ? claim : undefined;
}

/** The PVCs a pod (template; shape not yet checked) mounts, each once, in volume order. */
export function claimNamesOf(pod: unknown): string[] {
  const volumes = getPath(pod, ['spec', 'volumes']);
  if (!Array.isArray(volumes)) return [];
  const claims = new Set<string>();
  for (const v of volumes) {
    const claim = claimNameOf(v);
    if (claim !== undefined) claims.add(claim);
  }
  return [...claims];
}

function countAbove(v: unknown, n: number): boolean {
  return typeof v === 'number' && v > n;
}

/** Fields on the way from a workload to its template that multiply its pods. */
const COUNT_FIELDS = ['replicas', 'parallelism', 'maxReplicas', 'numOfHosts'];

export class WorkloadKinds {
  private readonly extra: { apiVersion: string; kind: string; paths: PatternSegment[][] }[];

  constructor(
    extraPodTemplates: readonly ExtraPodTemplate[],
    private readonly optsIn: OptsIn,
  ) {
    this.extra = extraPodTemplates.map((e) => ({
      apiVersion: e.apiVersion,
      kind: e.kind,
      paths: e.paths.map(parseFieldPath),
    }));
  }

  /**
   * Template path patterns of an object, or undefined when its kind holds no pod template. An
   * `extraPodTemplates` entry for the exact apiVersion and kind replaces the built-in paths (the
   * kind's controller traits still apply).
   */
  templatePatterns(obj: KubeObject): PatternSegment[][] | undefined {
    const extra = this.extra.find((e) => e.apiVersion === obj.apiVersion && e.kind === obj.kind);
    if (extra) return extra.paths;
    const rule = builtinRule(obj);
    return rule && builtinPatterns(rule);
  }

  /** Which template a target is, for messages, when its workload has several (a PyTorchJob's roles). */
  partOf(target: PodTarget): string | undefined {
    return this.templatePaths(target.workload).length > 1 ? formatPath(target.podPath) : undefined;
  }

  /** Every concrete template path of an object ([] when it has none in this instance). */
  templatePaths(obj: KubeObject): PathSegment[][] {
    return (this.templatePatterns(obj) ?? []).flatMap((p) => expandPattern(obj, p));
  }

  /**
   * A workload is an object whose kind holds a pod template — except an apps DaemonSet whose
   * template does not opt in: that is cluster state (e.g. a runtime's fuse or mount DaemonSet).
   */
  isWorkload(obj: KubeObject): boolean {
    if (!this.templatePatterns(obj)) return false;
    const group = apiGroupOf(obj.apiVersion);
    if (obj.kind === 'DaemonSet' && (group === 'apps' || group === 'extensions') && !this.extra.some((e) => e.kind === 'DaemonSet' && e.apiVersion === obj.apiVersion)) {
      return this.optsIn(podLabels(getPath(obj, ['spec', 'template'])));
    }
    return true;
  }

  /** Every workload in `items` (also one without a pod template), in input order. */
  findWorkloads(items: readonly KubeObject[], defaultNamespace: string): Workload[] {
    const found: Workload[] = [];
    eachObject(items, (obj, _item, itemIndex, workloadPath) => {
      if (this.isWorkload(obj)) found.push({ itemIndex, workload: obj, workloadPath, namespace: obj.metadata.namespace || defaultNamespace });
    });
    return found;
  }

  /** Every pod and pod template in `items`, in input order. */
  findTargets(items: readonly KubeObject[], defaultNamespace: string): PodTarget[] {
    const targets: PodTarget[] = [];
    for (const w of this.findWorkloads(items, defaultNamespace)) {
      for (const podPath of this.templatePaths(w.workload)) {
        if (!isObject(getPath(w.workload, podPath))) continue;
        targets.push({ ...w, podPath, isTemplate: podPath.length > 0 });
      }
    }
    return targets;
  }
}

/** Whether one rendered template stands for several pods at once. */
export function makesSeveralPods(target: PodTarget): boolean {
  const several = controllerTraits(target.workload).severalPods;
  if (typeof several === 'function') return several(target.workload, target.podPath);
  if (several) return true;
  let cur: unknown = target.workload;
  for (const seg of target.podPath) {
    const here = cur;
    if (isObject(here) && COUNT_FIELDS.some((k) => countAbove(here[k], 1))) return true;
    cur = step(cur, seg);
  }
  return false;
}

/**
 * A copy of `root` with `value` at `path` ([] gives `value` itself). Only the maps and lists on the
 * path are copied; the rest is shared with `root`, which is not changed.
 */
export function withValueAt<T extends JsonObject>(root: T, path: readonly PathSegment[], value: JsonObject): T {
  if (path.length === 0) return value as T;
  const out = { ...root };
  let parent: JsonObject | JsonValue[] = out;
  path.forEach((seg, i) => {
    const child = (parent as Record<string | number, JsonValue>)[seg];
    const copy = (i === path.length - 1 ? value : Array.isArray(child) ? [...child] : { ...(child as JsonObject) }) as JsonObject | JsonValue[];
    (parent as Record<string | number, JsonValue>)[seg] = copy as JsonValue;
    parent = copy;
  });
  return out;
}
