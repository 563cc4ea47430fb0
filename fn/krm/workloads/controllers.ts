// What some workload controllers do to a pod template before any pod exists, so that a template
// rendered offline is one the controller accepts and turns into the pods the webhook would see.
// Facts from knative/serving (pkg/apis/serving/v1/revision_defaults.go, pkg/apis/config/defaults.go,
// pkg/apis/serving/k8s_validation.go, pkg/apis/serving/fieldmask.go).
import { isObject, JsonObject } from '../../types';
import { FnError } from '../errors';
import { controllerTraits, ControllerTraits, formatPath, PodTarget } from './pod-templates';

/** Why a workload's controller would not take the rendered template. */
export type ControllerCode = 'main-container-displaced' | 'controller-refuses';

const KNATIVE_CONTAINER = 'user-container';
const KNATIVE_INIT_CONTAINER = 'init-container';

function listOf(v: unknown): JsonObject[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function unnamed(c: JsonObject): boolean {
  return c.name === undefined || c.name === null || c.name === '';
}

/**
 * Gives unnamed containers the names the controller's defaulting gives them, in place (`spec` is a
 * copy). Knative (default `container-name-template`): `user-container` for a lone container,
 * otherwise `user-container-<n>` with n counting from 0 past every name the user wrote; the same
 * for init containers with `init-container`. Named before injection, because Knative names by the
 * template it is given, and the injected sidecar would change the count.
 */
export function nameContainers(traits: ControllerTraits, spec: JsonObject): void {
  if (traits.names !== 'knative') return;
  const containers = listOf(spec.containers);
  const inits = listOf(spec.initContainers);
  const taken = new Set([...containers, ...inits].filter((c) => !unnamed(c)).map((c) => String(c.name)));
  const apply = (list: JsonObject[], base: string): void => {
    let next = 0;
    for (const c of list) {
      if (!unnamed(c)) continue;
      let name = base;
      if (list.length > 1 || taken.has(name)) {
        do name = `${base}-${next++}`;
        while (taken.has(name));
      }
      c.name = name;
    }
  };
  apply(containers, KNATIVE_CONTAINER);
  apply(inits, KNATIVE_INIT_CONTAINER);
}

/** A field the controller's admission webhook refuses in a template. */
export interface Refusal {
  /** relative to the pod template, e.g. `spec.containers[0].lifecycle` */
  field: string;
  /** stable identity across the injection's index shifts (container or volume name + rule) */
  key: string;
  what: string;
  /** the controller's feature flag that allows it; absent: never allowed */
  unlessFlag?: string;
}

const FLAG_HOST_PATH = 'kubernetes.podspec-volumes-hostpath';
const FLAG_MOUNT_PROPAGATION = 'kubernetes.podspec-volumes-mount-propagation';
const FLAG_INIT_CONTAINERS = 'kubernetes.podspec-init-containers';

/**
 * The fields of a pod spec the controller's webhook refuses in a template. Knative Serving allows
 * no `lifecycle` and no `privileged: true` in any container, no `restartPolicy` on containers, and
 * hostPath volumes, mount propagation and init containers only behind feature flags (config-features).
 */
export function refusedFields(traits: ControllerTraits, spec: JsonObject): Refusal[] {
  if (traits.restricts !== 'knative') return [];
  const out: Refusal[] = [];
  for (const key of ['containers', 'initContainers'] as const) {
    listOf(spec[key]).forEach((c, i) => {
      const at = `spec.${key}[${i}]`;
      const id = `${key}/${String(c.name)}`;
      if (c.lifecycle !== undefined) out.push({ field: `${at}.lifecycle`, key: `${id}/lifecycle`, what: 'lifecycle hooks' });
      const sc = c.securityContext;
      if (isObject(sc) && sc.privileged === true) {
        out.push({ field: `${at}.securityContext.privileged`, key: `${id}/privileged`, what: 'privileged containers' });
      }
      if (c.restartPolicy !== undefined) out.push({ field: `${at}.restartPolicy`, key: `${id}/restartPolicy`, what: 'container restartPolicy (native sidecars)' });
      listOf(c.volumeMounts).forEach((m, j) => {
        if (m.mountPropagation !== undefined) {
          out.push({
            field: `${at}.volumeMounts[${j}].mountPropagation`,
            key: `${id}/${String(m.name)}/mountPropagation`,
            what: 'mount propagation',
            unlessFlag: FLAG_MOUNT_PROPAGATION,
          });
        }
      });
    });
  }
  if (listOf(spec.initContainers).length > 0) {
    out.push({ field: 'spec.initContainers', key: 'initContainers', what: 'init containers', unlessFlag: FLAG_INIT_CONTAINERS });
  }
  listOf(spec.volumes).forEach((v, i) => {
    if (v.hostPath !== undefined) {
      out.push({ field: `spec.volumes[${i}].hostPath`, key: `volume/${String(v.name)}/hostPath`, what: 'hostPath volumes', unlessFlag: FLAG_HOST_PATH });
    }
  });
  return out;
}

/** Whose webhook refuses, for messages. */
export function refuser(traits: ControllerTraits): string {
  return traits.restricts === 'knative' ? 'Knative Serving' : 'the controller';
}

/** What the injection added that the controller refuses (what the user wrote it evidently accepts). */
export function newRefusals(traits: ControllerTraits, before: JsonObject, after: JsonObject): Refusal[] {
  const had = new Set(refusedFields(traits, before).map((r) => r.key));
  return refusedFields(traits, after).filter((r) => !had.has(r.key));
}

/** What a workload's controller would say to the rendered template. */
export interface ControllerVerdict {
  /** it would not take it (`field` relative to the item) */
  refused?: FnError<ControllerCode>;
  /** it takes it only with a feature flag on */
  warning?: string;
}

/**
 * Whether the workload's controller would take the rendered template: it keeps its main container
 * first (KubeRay, MPI operator), and its webhook allows what the injection added (Knative).
 * `before`/`after`: the pod spec as written (containers named) and as injected; `injector`: who
 * else can give its pods the sidecar; `mainHint`: how to keep the main container first.
 */
export function controllerVerdict(target: PodTarget, before: JsonObject, after: JsonObject, injector: string, mainHint: string): ControllerVerdict {
  const traits = controllerTraits(target.workload);
  const prefix = [...target.workloadPath, ...target.podPath];
  const field = (f: string): string => `${formatPath(prefix)}${prefix.length ? '.' : ''}${f}`;
  const nameAt0 = (spec: JsonObject): unknown => listOf(spec.containers)[0]?.name;
  const first = nameAt0(before);
  const now = nameAt0(after);
  if (traits.firstContainerIsMain && first !== undefined && now !== first) {
    const message = `${traits.firstContainerIsMain}, and the injection would put ${String(now)} there instead of ${String(first)}`;
    return { refused: new FnError<ControllerCode>('main-container-displaced', message, { field: field('spec.containers[0]'), hint: mainHint }) };
  }
  const refusals = newRefusals(traits, before, after);
  const at = (list: Refusal[]): string => list.map((r) => field(r.field)).join(', ');
  const what = (list: Refusal[]): string => [...new Set(list.map((r) => r.what))].join(' and ');
  const hard = refusals.filter((r) => !r.unlessFlag);
  if (hard.length > 0) {
    const why = `${refuser(traits)} refuses ${what(hard)} in a ${target.workload.kind}'s pod template, and the sidecar needs them (${at(hard)}): its pods can get the sidecar only from ${injector}`;
    return { refused: new FnError<ControllerCode>('controller-refuses', why, { field: field(hard[0].field), hint: 'errorMode: webhook leaves such workloads as written' }) };
  }
  if (refusals.length === 0) return {};
  const flags = [...new Set(refusals.map((r) => r.unlessFlag))].join(', ');
  return { warning: `the sidecar needs ${what(refusals)} (${at(refusals)}), which ${refuser(traits)} refuses unless its feature flags ${flags} are enabled` };
}
