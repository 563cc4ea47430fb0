// Finds the pods and pod templates in `items` that a function may mutate: those of the built-in
// workload kinds, and of the kinds a function config names.
import { isObject, JsonObject, KubeObject } from '../../types';

export type PathSegment = string | number;

/** A kind the user names as holding pod templates (`extraPodTemplates` of a function config). */
export interface ExtraPodTemplate {
  apiVersion: string;
  kind: string;
  paths: string[];
}

/** Whether a pod (template), by its labels, asks the function for injection. */
export type OptsIn = (podLabels: Readonly<Record<string, unknown>>) => boolean;

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

interface KindRule {
  group: string[];
  kind: string;
  path: PathSegment[];
}

const TEMPLATE = ['spec', 'template'];

const BUILTIN_RULES: KindRule[] = [
  { group: [''], kind: 'Pod', path: [] },
  { group: [''], kind: 'PodTemplate', path: ['template'] },
  { group: [''], kind: 'ReplicationController', path: TEMPLATE },
  { group: ['apps', 'extensions'], kind: 'Deployment', path: TEMPLATE },
  { group: ['apps', 'extensions'], kind: 'ReplicaSet', path: TEMPLATE },
  { group: ['apps'], kind: 'StatefulSet', path: TEMPLATE },
  { group: ['apps', 'extensions'], kind: 'DaemonSet', path: TEMPLATE },
  { group: ['batch'], kind: 'Job', path: TEMPLATE },
  { group: ['batch'], kind: 'CronJob', path: ['spec', 'jobTemplate', 'spec', 'template'] },
];

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** `spec.template` or `spec.templates[0].template` → segments. */
function parseFieldPath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new Error(`bad field path ${path}`);
    out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

export function getPath(root: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (typeof seg === 'number') cur = Array.isArray(cur) ? cur[seg] : undefined;
    else cur = isObject(cur) ? cur[seg] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
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

export class WorkloadKinds {
  private readonly rules: KindRule[];
  private readonly extra: { apiVersion: string; kind: string; paths: PathSegment[][] }[];

  constructor(
    extraPodTemplates: readonly ExtraPodTemplate[],
    private readonly optsIn: OptsIn,
  ) {
    this.rules = BUILTIN_RULES;
    this.extra = extraPodTemplates.map((e) => ({
      apiVersion: e.apiVersion,
      kind: e.kind,
      paths: e.paths.map(parseFieldPath),
    }));
  }

  /** Template paths of an object, or undefined when its kind holds no pod template. */
  templatePaths(obj: KubeObject): PathSegment[][] | undefined {
    const extra = this.extra.find((e) => e.apiVersion === obj.apiVersion && e.kind === obj.kind);
    if (extra) return extra.paths;
    const group = groupOf(obj.apiVersion);
    const rule = this.rules.find((r) => r.kind === obj.kind && r.group.includes(group));
    return rule ? [rule.path] : undefined;
  }

  /**
   * A workload is an object whose kind holds a pod template — except a DaemonSet whose template does
   * not opt in: that is cluster state (e.g. a runtime's fuse or mount DaemonSet).
   */
  isWorkload(obj: KubeObject): boolean {
    const paths = this.templatePaths(obj);
    if (!paths) return false;
    if (obj.kind === 'DaemonSet' && !this.extra.some((e) => e.kind === 'DaemonSet' && e.apiVersion === obj.apiVersion)) {
      return this.optsIn(podLabels(getPath(obj, paths[0])));
    }
    return true;
  }

  /** Every workload in `items` (also one without a pod template), in input order. */
  findWorkloads(items: readonly KubeObject[], defaultNamespace: string): Workload[] {
    const found: Workload[] = [];
    const visit = (obj: KubeObject, itemIndex: number, workloadPath: PathSegment[]): void => {
      if (obj.kind === 'List' && groupOf(obj.apiVersion) === '' && Array.isArray(obj.items)) {
        obj.items.forEach((inner, i) => {
          if (isKubeLike(inner)) visit(inner, itemIndex, [...workloadPath, 'items', i]);
        });
        return;
      }
      if (this.isWorkload(obj)) found.push({ itemIndex, workload: obj, workloadPath, namespace: obj.metadata.namespace || defaultNamespace });
    };
    items.forEach((item, i) => visit(item, i, []));
    return found;
  }

  /** Every pod and pod template in `items`, in input order. */
  findTargets(items: readonly KubeObject[], defaultNamespace: string): PodTarget[] {
    const targets: PodTarget[] = [];
    for (const w of this.findWorkloads(items, defaultNamespace)) {
      for (const podPath of this.templatePaths(w.workload) ?? []) {
        if (!isObject(getPath(w.workload, podPath))) continue;
        targets.push({ ...w, podPath, isTemplate: podPath.length > 0 });
      }
    }
    return targets;
  }
}

function isKubeLike(v: unknown): v is KubeObject {
  return isObject(v) && typeof v.apiVersion === 'string' && typeof v.kind === 'string' && isObject(v.metadata);
}

export function setPath(root: JsonObject, path: readonly PathSegment[], value: JsonObject): void {
  if (path.length === 0) throw new Error('setPath needs a non-empty path');
  let cur: unknown = root;
  for (const seg of path.slice(0, -1)) cur = (cur as Record<string | number, unknown>)[seg];
  (cur as Record<string | number, unknown>)[path[path.length - 1]] = value;
}
