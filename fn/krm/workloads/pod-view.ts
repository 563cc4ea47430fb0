// Reads a pod (template) out of its workload as a PodView, checking the shape of every field the
// mutation reads, and writes a mutated PodView back into a copy of the workload.
import type { PodSpec, PodView } from './pod-spec';
import { cloneJson, isObject, JsonObject, JsonValue, KubeObject } from '../../types';
import { FnError } from '../errors';
import { nameContainers } from './controllers';
import { controllerTraits, formatPath, getPath, PathSegment, PodTarget, withValueAt } from './pod-templates';

/** A field of the input has the wrong shape; `field` is relative to the item. */
export class ShapeError extends FnError<'invalid-shape'> {
  constructor(message: string, field: string) {
    super('invalid-shape', message, { field });
    this.name = 'ShapeError';
  }
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a map' : `a ${typeof v}`;
}

class Checker {
  constructor(
    private readonly base: PathSegment[],
    /** the workload's kind, for the unnamed-container message */
    private readonly kind: string,
  ) {}

  fail(rel: PathSegment[], want: string, got: unknown): never {
    const path = formatPath([...this.base, ...rel]);
    throw new ShapeError(`${path} must be ${want}, got ${kindOf(got)}`, path);
  }

  failWith(rel: PathSegment[], message: string): never {
    const path = formatPath([...this.base, ...rel]);
    throw new ShapeError(`${path} ${message}`, path);
  }

  stringMap(v: unknown, rel: PathSegment[]): Record<string, string> {
    if (v === undefined || v === null) return {};
    if (!isObject(v)) this.fail(rel, 'a map of strings', v);
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== 'string') this.fail([...rel, k], 'a string', val);
    }
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

  optionalMap(v: unknown, rel: PathSegment[]): void {
    if (v !== undefined && v !== null && !isObject(v)) this.fail(rel, 'a map', v);
  }

  optionalString(v: unknown, rel: PathSegment[]): void {
    if (v !== undefined && typeof v !== 'string') this.fail(rel, 'a string', v);
  }

  containers(v: unknown, rel: PathSegment[]): void {
    this.list(v, rel).forEach((c, i) => {
      const at = [...rel, i];
      if (isObject(c) && (c.name === undefined || c.name === null || c.name === '')) {
        // Only a defaulting controller (Knative) names containers; the API server requires a name.
        this.failWith([...at, 'name'], `is missing: the API server requires a container name, and ${this.kind}'s controller does not give one`);
      }
      const container = this.named(c, at);
      this.list(container.volumeMounts, [...at, 'volumeMounts']).forEach((m, j) => {
        const mount = this.named(m, [...at, 'volumeMounts', j]);
        // Non-empty, as the API server requires: it becomes an argument of the app postStart check.
        if (typeof mount.mountPath !== 'string' || mount.mountPath === '') {
          this.fail([...at, 'volumeMounts', j, 'mountPath'], 'a non-empty string', mount.mountPath);
        }
      });
      this.optionalMap(container.lifecycle, [...at, 'lifecycle']);
      this.list(container.ports, [...at, 'ports']).forEach((p, j) => this.optionalMap(p, [...at, 'ports', j]));
      this.optionalMap(container.securityContext, [...at, 'securityContext']);
    });
  }
}

/**
 * The pod (template) of a target, deep-copied and shape-checked, its unnamed containers named as
 * the workload's controller names them (Knative), since that is the pod the webhook would see.
 */
export function readPodView(target: PodTarget, pod: unknown = getPath(target.workload, target.podPath)): PodView {
  const base = [...target.workloadPath, ...target.podPath];
  const check: Checker = new Checker(base, target.workload.kind);
  if (!isObject(pod)) check.fail([], 'a map', pod);
  const meta = pod.metadata;
  check.optionalMap(meta, ['metadata']);
  const m = isObject(meta) ? meta : {};
  const labels = check.stringMap(m.labels, ['metadata', 'labels']);
  const annotations = check.stringMap(m.annotations, ['metadata', 'annotations']);
  if (!isObject(pod.spec)) check.fail(['spec'], 'a map', pod.spec);
  const spec = cloneJson(pod.spec);
  nameContainers(controllerTraits(target.workload), spec);
  check.containers(spec.containers, ['spec', 'containers']);
  check.containers(spec.initContainers, ['spec', 'initContainers']);
  check.list(spec.volumes, ['spec', 'volumes']).forEach((v, i) => {
    const vol = check.named(v, ['spec', 'volumes', i]);
    if (vol.persistentVolumeClaim !== undefined) {
      const pvc = vol.persistentVolumeClaim;
      if (!isObject(pvc)) check.fail(['spec', 'volumes', i, 'persistentVolumeClaim'], 'a map', pvc);
      if (typeof pvc.claimName !== 'string' || pvc.claimName === '') {
        check.fail(['spec', 'volumes', i, 'persistentVolumeClaim', 'claimName'], 'a non-empty string', pvc.claimName);
      }
    }
  });
  const view: PodView = {
    namespace: target.namespace,
    labels: cloneJson(labels),
    annotations: cloneJson(annotations),
    spec: spec as PodSpec,
  };
  if (!Array.isArray(view.spec.containers)) view.spec.containers = [];
  const ref = podIdentity(target);
  if (ref.name) view.name = ref.name;
  if (ref.generateName) view.generateName = ref.generateName;
  return view;
}

/** A Pod keeps its own name; a template pod gets `generateName: <workload>-` like controller-made pods. */
function podIdentity(target: PodTarget): { name?: string; generateName?: string } {
  if (!target.isTemplate) {
    const meta = target.workload.metadata;
    return { name: meta.name || undefined, generateName: meta.generateName || undefined };
  }
  return { generateName: `${target.workload.metadata.name ?? ''}-` };
}

/**
 * A copy of the item with the pod (template) at the target replaced by `pod`. Only the objects on
 * the path to it are copied; the rest is shared with `item`, which is not changed.
 */
export function replacePod(item: KubeObject, target: PodTarget, pod: JsonObject): KubeObject {
  return withValueAt(item, [...target.workloadPath, ...target.podPath], pod);
}

/**
 * The pod (template) with its labels, annotations and spec replaced by the view's (a copy of its
 * top level and metadata). Empty label/annotation maps that did not exist before stay absent.
 */
export function podWithView(pod: JsonObject, view: PodView): JsonObject {
  const out: JsonObject = { ...pod };
  const meta: JsonObject = isObject(pod.metadata) ? { ...pod.metadata } : {};
  setOrDrop(meta, 'labels', view.labels);
  setOrDrop(meta, 'annotations', view.annotations);
  if (isObject(pod.metadata) || Object.keys(meta).length > 0) out.metadata = meta;
  out.spec = view.spec as unknown as JsonValue;
  return out;
}

/** A copy of the item with the pod's labels, annotations and spec replaced by the view's. */
export function writePodView(item: KubeObject, target: PodTarget, view: PodView): KubeObject {
  const pod = getPath(item, [...target.workloadPath, ...target.podPath]) as JsonObject;
  return replacePod(item, target, podWithView(pod, view));
}

/** The container names a view has that the pod did not (those its controller's defaulting gave). */
export function givenNames(pod: unknown, view: PodView): string[] {
  const given: string[] = [];
  for (const key of ['containers', 'initContainers'] as const) {
    const written = getPath(pod, ['spec', key]);
    const named = view.spec[key];
    if (!Array.isArray(written) || !Array.isArray(named)) continue;
    written.forEach((c, i) => {
      const name = named[i]?.name;
      if (isObject(c) && (c.name === undefined || c.name === null || c.name === '') && typeof name === 'string') given.push(name);
    });
  }
  return given;
}

function setOrDrop(meta: JsonObject, key: string, value: Record<string, string>): void {
  if (Object.keys(value).length > 0 || meta[key] !== undefined) meta[key] = value;
}
