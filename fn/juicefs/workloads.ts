// Pods and pod templates of every workload kind (A7), read out of their items with the shape of
// every field the mutation reads checked, and written back into a copy of the item.
// Generic (nothing JuiceFS-specific): the chassis' WorkloadKinds finds template paths; its own
// `findWorkloads` treats a non-opted-in DaemonSet as Fluid state and its `readPodView` checks a Fluid
// label, so this module does the walking and the reading itself (a candidate for the chassis).
import { cloneJson, isObject, JsonObject, KubeObject } from '../types';
import { formatPath, getPath, PathSegment, PodTarget, WorkloadKinds } from '../krm/workloads/pod-templates';
import { writePodView } from '../krm/workloads/pod-view';
import { isKubeLike } from './context';
import { jfsError } from './errors';

export type { PodTarget };

export interface ExtraPodTemplates {
  apiVersion: string;
  kind: string;
  paths: string[];
}

/** A pod (template) as the mutation sees it: deep copies, shapes checked. */
export interface Pod {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: PodSpec;
}

export interface PodSpec extends JsonObject {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
}

export interface Container extends JsonObject {
  name: string;
  volumeMounts?: VolumeMount[];
  resources?: JsonObject;
}

export interface VolumeMount extends JsonObject {
  name: string;
  mountPath: string;
  mountPropagation?: string;
}

export interface Volume extends JsonObject {
  name: string;
  persistentVolumeClaim?: JsonObject & { claimName: string };
}

/** Every pod and pod template in `items`, in input order, `v1 List` entries included. */
export function findPodTargets(items: readonly KubeObject[], extra: readonly ExtraPodTemplates[], defaultNamespace: string): PodTarget[] {
  const kinds = new WorkloadKinds(extra.map((e) => ({ ...e, paths: [...e.paths] })));
  const targets: PodTarget[] = [];
  const visit = (obj: KubeObject, itemIndex: number, workloadPath: PathSegment[]): void => {
    if (obj.kind === 'List' && obj.apiVersion === 'v1' && Array.isArray(obj.items)) {
      obj.items.forEach((inner, i) => {
        if (isKubeLike(inner)) visit(inner, itemIndex, [...workloadPath, 'items', i]);
      });
      return;
    }
    for (const podPath of kinds.templatePaths(obj) ?? []) {
      if (!isObject(getPath(obj, podPath))) continue;
      const namespace = obj.metadata.namespace || defaultNamespace;
      targets.push({ itemIndex, workload: obj, workloadPath, namespace, podPath, isTemplate: podPath.length > 0 });
    }
  };
  items.forEach((item, i) => visit(item, i, []));
  return targets;
}

/** Field path of a target's pod, from the item root, for results. */
export function podField(target: PodTarget, ...rest: PathSegment[]): string {
  return formatPath([...target.workloadPath, ...target.podPath, ...rest]);
}

class Shapes {
  constructor(
    private readonly target: PodTarget,
    private readonly base: PathSegment[],
  ) {}

  fail(rel: PathSegment[], want: string, got: unknown): never {
    const field = formatPath([...this.target.workloadPath, ...this.base, ...rel]);
    const kind = got === undefined ? 'nothing' : got === null ? 'null' : Array.isArray(got) ? 'a list' : typeof got === 'object' ? 'a map' : `a ${typeof got}`;
    throw jfsError('JFS-SHAPE', `${field} must be ${want}, got ${kind}`, { field });
  }

  stringMap(v: unknown, rel: PathSegment[]): Record<string, string> {
    if (v === undefined || v === null) return {};
    if (!isObject(v)) this.fail(rel, 'a map of strings', v);
    for (const [k, val] of Object.entries(v)) if (typeof val !== 'string') this.fail([...rel, k], 'a string', val);
    return v as Record<string, string>;
  }

  list(v: unknown, rel: PathSegment[]): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(rel, 'a list', v);
    return v;
  }

  named(v: unknown, rel: PathSegment[]): JsonObject {
    if (!isObject(v)) this.fail(rel, 'a map', v);
    if (typeof v.name !== 'string' || v.name === '') this.fail([...rel, 'name'], 'a non-empty string', v.name);
    return v;
  }

  containers(v: unknown, rel: PathSegment[]): void {
    this.list(v, rel).forEach((c, i) => {
      const container = this.named(c, [...rel, i]);
      this.list(container.volumeMounts, [...rel, i, 'volumeMounts']).forEach((m, j) => {
        const mount = this.named(m, [...rel, i, 'volumeMounts', j]);
        if (typeof mount.mountPath !== 'string') this.fail([...rel, i, 'volumeMounts', j, 'mountPath'], 'a string', mount.mountPath);
      });
      const resources = container.resources;
      if (resources !== undefined && resources !== null) {
        if (!isObject(resources)) this.fail([...rel, i, 'resources'], 'a map', resources);
        for (const key of ['requests', 'limits']) {
          const list = resources[key];
          if (list === undefined || list === null) continue;
          if (!isObject(list)) this.fail([...rel, i, 'resources', key], 'a map', list);
          for (const [name, q] of Object.entries(list)) {
            if (typeof q !== 'string' && typeof q !== 'number') this.fail([...rel, i, 'resources', key, name], 'a quantity', q);
          }
        }
      }
    });
  }
}

/** The pod (template) of a target, deep-copied; throws JuiceFSError JFS-SHAPE naming the field. */
export function readPod(target: PodTarget): Pod {
  const pod = getPath(target.workload, target.podPath);
  const check: Shapes = new Shapes(target, target.podPath);
  if (!isObject(pod)) check.fail([], 'a map', pod);
  if (pod.metadata !== undefined && pod.metadata !== null && !isObject(pod.metadata)) check.fail(['metadata'], 'a map', pod.metadata);
  const meta = isObject(pod.metadata) ? pod.metadata : {};
  const labels = check.stringMap(meta.labels, ['metadata', 'labels']);
  const annotations = check.stringMap(meta.annotations, ['metadata', 'annotations']);
  const spec = pod.spec;
  if (!isObject(spec)) check.fail(['spec'], 'a map', spec);
  check.containers(spec.containers, ['spec', 'containers']);
  check.containers(spec.initContainers, ['spec', 'initContainers']);
  check.list(spec.volumes, ['spec', 'volumes']).forEach((v, i) => {
    const vol = check.named(v, ['spec', 'volumes', i]);
    if (vol.persistentVolumeClaim === undefined) return;
    const pvc = vol.persistentVolumeClaim;
    if (!isObject(pvc)) check.fail(['spec', 'volumes', i, 'persistentVolumeClaim'], 'a map', pvc);
    if (typeof pvc.claimName !== 'string' || pvc.claimName === '') {
      check.fail(['spec', 'volumes', i, 'persistentVolumeClaim', 'claimName'], 'a non-empty string', pvc.claimName);
    }
  });
  if (spec.nodeName !== undefined && typeof spec.nodeName !== 'string') check.fail(['spec', 'nodeName'], 'a string', spec.nodeName);
  check.stringMap(spec.nodeSelector, ['spec', 'nodeSelector']);
  const copy = cloneJson(spec) as PodSpec;
  if (!Array.isArray(copy.containers)) copy.containers = [];
  return { labels: cloneJson(labels), annotations: cloneJson(annotations), spec: copy };
}

/** A copy of `item` with the target's pod replaced by `pod` (only the path to it is copied). */
export function writePod(item: KubeObject, target: PodTarget, pod: Pod): KubeObject {
  // The chassis' view type is the Fluid pod model; the writer only reads labels, annotations and spec.
  const view = { namespace: target.namespace, labels: pod.labels, annotations: pod.annotations, spec: pod.spec } as unknown as Parameters<typeof writePodView>[2];
  return writePodView(item, target, view);
}

/** The workload's own annotations (for a Pod, the pod's). */
export function workloadAnnotations(target: PodTarget): Record<string, unknown> {
  const ann = target.workload.metadata.annotations;
  return isObject(ann) ? ann : {};
}
