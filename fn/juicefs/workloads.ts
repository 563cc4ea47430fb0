// Pods and pod templates of every workload kind (A7), on the chassis: found, read with the shape of
// every field the mutation reads checked, and written back into a copy of the item.
import { isObject, JsonObject, KubeObject, refOf } from '../types';
import { ExtraPodTemplate, formatPath, getPath, PathSegment, PodTarget, WorkloadKinds } from '../krm/workloads/pod-templates';
import { readPodView, ShapeError, writePodView } from '../krm/workloads/pod-view';
import { jfsError } from './errors';

export type { PodTarget };

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

/**
 * Every pod and pod template in `items`, in input order, `v1 List` entries included. Every
 * DaemonSet is a workload here: JuiceFS has no state DaemonSets to tell apart.
 */
export function findPodTargets(items: readonly KubeObject[], extra: readonly ExtraPodTemplate[], defaultNamespace: string): PodTarget[] {
  return juiceFSKinds(extra).findTargets(items, defaultNamespace);
}

/** The workload kinds as JuiceFS sees them (every DaemonSet a workload). */
export function juiceFSKinds(extra: readonly ExtraPodTemplate[]): WorkloadKinds {
  return new WorkloadKinds(extra, () => true);
}

/** Field path of a target's pod, from the item root, for results. */
export function podField(target: PodTarget, ...rest: PathSegment[]): string {
  return formatPath([...target.workloadPath, ...target.podPath, ...rest]);
}

/**
 * The pod (template) of a target, deep-copied, with the shapes the chassis reader checks plus
 * `nodeName` and `nodeSelector`; throws JuiceFSError JFS-SHAPE naming the field.
 */
export function readPod(target: PodTarget, pod?: JsonObject): Pod {
  let view;
  try {
    view = readPodView(target, pod ?? getPath(target.workload, target.podPath));
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    throw jfsError('JFS-SHAPE', e.message, { ref: refOf(target.workload), ...(e.field ? { field: e.field } : {}) });
  }
  const spec = view.spec as unknown as PodSpec;
  const fail = (rel: string, want: string): never => {
    const field = podField(target, 'spec', rel);
    throw jfsError('JFS-SHAPE', `${field} must be ${want}`, { ref: refOf(target.workload), field });
  };
  if (spec.nodeName !== undefined && typeof spec.nodeName !== 'string') fail('nodeName', 'a string');
  const selector: unknown = spec.nodeSelector;
  if (selector !== undefined && selector !== null && (!isObject(selector) || Object.values(selector).some((v) => typeof v !== 'string'))) {
    fail('nodeSelector', 'a map of strings');
  }
  return { labels: view.labels, annotations: view.annotations, spec };
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
