// Near misses: opt-in labels written where or how the webhook does not read them, and templates
// that mount a dataset PVC without opting in. Each ships pods without a sidecar that fail at run
// time (or, for the last, use the CSI plugin, which serverless nodes lack), so each is reported.
import type { ClusterState } from '../state/cluster-state';
import { isObject, JsonObject, KubeObject } from '../../types';
import {
  claimNamesOf,
  EACH_ITEM,
  EACH_VALUE,
  formatPath,
  getPath,
  PathSegment,
  PatternSegment,
  podLabels,
  unrenderedKindReason,
  WorkloadKinds,
} from '../../krm/workloads/pod-templates';
import { asksForSidecar, LABEL_DEPRECATED_SIDECAR_INJECT, LABEL_DONE, LABEL_ENABLE_INJECTION, LABEL_SERVERFUL_INJECT, LABEL_SERVERLESS_INJECT } from '../labels';
import { isDatasetPvc } from '../dataset-pvc';
import { almostTrue, shownValue } from '../../krm/label-values';
import { eachObject } from '../../krm/objects';

export interface NearMiss {
  itemIndex: number;
  /** the object the finding is about (a `v1 List` entry when inside one) */
  object: KubeObject;
  severity: 'warning' | 'info';
  message: string;
  /** relative to `object` */
  field?: PathSegment[];
}

const OPT_IN_KEYS = [LABEL_SERVERLESS_INJECT, LABEL_DEPRECATED_SIDECAR_INJECT];

function mapAt(obj: unknown, path: PathSegment[]): JsonObject | undefined {
  const v = getPath(obj, path);
  return isObject(v) ? v : undefined;
}

/** Near misses of one pod (template): wrong values, the label written as an annotation. */
function templateMisses(pod: unknown, at: PathSegment[], where: string): { message: string; field: PathSegment[] }[] {
  const out: { message: string; field: PathSegment[] }[] = [];
  const labels = mapAt(pod, ['metadata', 'labels']) ?? {};
  const annotations = mapAt(pod, ['metadata', 'annotations']) ?? {};
  for (const key of OPT_IN_KEYS) {
    const v = labels[key];
    if (v !== undefined && almostTrue(v)) {
      out.push({
        field: [...at, 'metadata', 'labels'],
        message: `label ${key} on ${where} is ${shownValue(v)}, not the string "true": the webhook injects only pods labelled exactly "true", so this one gets no sidecar (write ${key}: "true")`,
      });
    }
  }
  if (!asksForSidecar(podLabels(pod))) {
    for (const key of OPT_IN_KEYS) {
      if (annotations[key] !== undefined) {
        out.push({
          field: [...at, 'metadata', 'annotations'],
          message: `${key} is an annotation on ${where}, but the webhook reads it as a label: no sidecar (move it to ${formatPath([...at, 'metadata', 'labels']) || 'metadata.labels'})`,
        });
      }
    }
  }
  return out;
}

/** Why a pod that does not opt in is not a near miss of the dataset check (it said so explicitly). */
function explicitlyOut(pod: unknown): boolean {
  const labels = mapAt(pod, ['metadata', 'labels']) ?? {};
  return labels[LABEL_ENABLE_INJECTION] === 'false' || labels[LABEL_SERVERFUL_INJECT] === 'true' || labels[LABEL_DONE] === 'true';
}

function datasetClaims(pod: unknown, namespace: string, state: ClusterState): string[] {
  return claimNamesOf(pod).filter((claim) => {
    const pvc = state.pvc(namespace, claim);
    return pvc !== undefined && isDatasetPvc(pvc.object);
  });
}

/**
 * Every `labels` map below `value` that holds an opt-in key, with its path. (`path` is one stack,
 * copied only for a match: this walks every node of every item.)
 */
function optInLabelMaps(value: unknown, path: PathSegment[], out: PathSegment[][]): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      optInLabelMaps(value[i], path, out);
      path.pop();
    }
    return;
  }
  if (!isObject(value)) return;
  for (const k of Object.keys(value)) {
    const v = value[k];
    path.push(k);
    if (k === 'labels' && isObject(v) && OPT_IN_KEYS.some((key) => v[key] !== undefined)) out.push([...path]);
    else optInLabelMaps(v, path, out);
    path.pop();
  }
}

/** The `extraPodTemplates` path a label map suggests: the object holding `metadata.labels`. */
function suggestedPath(labelsPath: PathSegment[]): string | undefined {
  const n = labelsPath.length;
  if (n < 2 || labelsPath[n - 2] !== 'metadata') return undefined;
  const template = labelsPath.slice(0, n - 2);
  if (template.length === 0) return undefined;
  return formatPath(template).replace(/\[\d+\]/g, '[*]');
}

export function findNearMisses(items: readonly KubeObject[], kinds: WorkloadKinds, state: ClusterState, defaultNamespace: string): NearMiss[] {
  const out: NearMiss[] = [];
  eachObject(items, (object, _item, itemIndex) => {
    const add = (severity: NearMiss['severity'], message: string, field?: PathSegment[]): void => {
      const m: NearMiss = { itemIndex, object, severity, message };
      if (field) m.field = field;
      out.push(m);
    };
    if (!kinds.templatePatterns(object)) {
      unknownKind(object, kinds, add);
      return;
    }
    const namespace = object.metadata.namespace || defaultNamespace;
    const paths = kinds.templatePaths(object).filter((p) => isObject(getPath(object, p)));
    const templated = paths.some((p) => p.length > 0);
    const anyOptIn = paths.some((p) => asksForSidecar(podLabels(getPath(object, p))));
    let missed = false;
    if (templated && !anyOptIn) {
      for (const where of ['labels', 'annotations'] as const) {
        const own = mapAt(object, ['metadata', where]) ?? {};
        const key = OPT_IN_KEYS.find((k) => own[k] !== undefined);
        if (key === undefined) continue;
        missed = true;
        const targets = paths.map((p) => formatPath([...p, 'metadata', 'labels'])).join(', ');
        add('warning', `${key} is on the ${object.kind}'s own metadata.${where}, which its pods do not inherit: no sidecar (put the label on ${targets})`, ['metadata', where]);
      }
    }
    for (const p of paths) {
      const pod = getPath(object, p);
      const where = p.length ? `the pod template ${formatPath(p)}` : 'the pod';
      const misses = templateMisses(pod, p, where);
      for (const m of misses) add('warning', m.message, m.field);
      if (missed || misses.length > 0 || asksForSidecar(podLabels(pod)) || explicitlyOut(pod)) continue;
      const claims = datasetClaims(pod, namespace, state);
      if (claims.length === 0) continue;
      add(
        'info',
        `${where} mounts dataset PVC ${claims.join(', ')} but does not opt in (${LABEL_SERVERLESS_INJECT}: "true" in ${formatPath([...p, 'metadata', 'labels'])}): its pods use Fluid's CSI plugin, not a sidecar`,
        [...p, 'metadata', 'labels'],
      );
    }
  });
  return out;
}

/** A template path pattern as written in extraPodTemplates (`[*]` for every list entry, `*` for every map value). */
function formatPattern(pattern: readonly PatternSegment[]): string {
  return pattern.map((seg, i) => (seg === EACH_ITEM ? '[*]' : typeof seg === 'number' ? `[${seg}]` : `${i > 0 ? '.' : ''}${seg === EACH_VALUE ? '*' : seg}`)).join('');
}

/** An opt-in label anywhere in an object whose kind has no pod template this function knows. */
function unknownKind(object: KubeObject, kinds: WorkloadKinds, add: (severity: NearMiss['severity'], message: string, field?: PathSegment[]) => void): void {
  const found: PathSegment[][] = [];
  optInLabelMaps(object, [], found);
  if (found.length === 0) return;
  const reason = unrenderedKindReason(object);
  const at = found.map((p) => formatPath(p)).join(', ');
  if (reason) {
    // The chassis says why; where Fluid's label belongs instead is Fluid's to say.
    const runtime = object.kind === 'TrainJob' ? kinds.templatePatterns({ apiVersion: object.apiVersion, kind: 'TrainingRuntime', metadata: {} }) : undefined;
    const advice = runtime ? `; opt in on the TrainingRuntime's templates (${runtime.map(formatPattern).join(', ')})` : '';
    add('warning', `not rendered although ${at} opts in: ${reason}${advice}`, found[0]);
    return;
  }
  const suggested = [...new Set(found.map(suggestedPath).filter((p): p is string => p !== undefined))];
  const hint = suggested.length
    ? `name its pod templates in extraPodTemplates ({apiVersion: ${object.apiVersion}, kind: ${object.kind}, paths: [${suggested.join(', ')}]})`
    : 'the webhook selects pods by their own labels';
  add('warning', `not rendered although ${at} carries ${LABEL_SERVERLESS_INJECT}: ${object.kind} (${object.apiVersion}) is not a known workload kind; ${hint}`, found[0]);
}
