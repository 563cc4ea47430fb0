// The CSI ConfigMap's `mountPodPatch` (§5.4): which items apply (PVC and node selectors), how the
// matching items merge, the `${MOUNT_POINT}`-style templates, and how the merged patch lands on the
// settings (`applyConfigPatch`): image, resources and resource percentages, mount options with
// `buffer-size`, env, cache dirs, lifecycle, probes, volumes.
import { cloneJson, isObject } from '../types';
import type { JsonObject } from '../types';
import type { CsiConfig, LabelSelector, MountPodPatch, PatchResources } from './csi-config';
import { goParseFloat, isGoDuration } from '../krm/go';
import {
  addQuantities,
  binaryQuantity,
  compareQuantities,
  milliQuantity,
  milliValue,
  parseQuantity,
  Quantity,
  QuantityError,
  quantityValue,
} from './quantities';
import { jfsError } from './errors';
import type { ResourceList, Resources, Settings } from './model';
import { ANNOTATION_CLEAN_CACHE, ANNOTATION_DELETE_DELAY, DEFAULT_MIN_LIMITS, INTERNAL_VOLUME_PREFIXES } from './vocabulary';
import type { Pod } from './workloads';

/**
 * The merged patch; `image` is the edition's image of the merged items. Selectors and edition
 * images are spent on the merge; `startupProbe` is never merged.
 */
export type MergedPatch = Omit<MountPodPatch, 'pvcSelector' | 'nodeSelector' | 'ceMountImage' | 'eeMountImage' | 'startupProbe' | 'labels' | 'annotations'> & {
  image?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
};

// ---- selectors ---------------------------------------------------------------------------------

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) return false;
  }
  return name.length > 0 && name.length <= 63 && LABEL_NAME.test(name);
}

function validLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && LABEL_NAME.test(value));
}

/**
 * `metav1.LabelSelectorAsSelector(s).Matches(labels)`: an empty selector matches everything, an
 * invalid one (bad key or value, unknown operator, In without values, ...) matches nothing.
 */
export function selectorMatches(selector: LabelSelector, labels: Record<string, unknown>): boolean {
  const has = (k: string): boolean => Object.hasOwn(labels, k) && typeof labels[k] === 'string';
  for (const [k, v] of Object.entries(selector.matchLabels)) {
    if (!validLabelKey(k) || !validLabelValue(v)) return false;
  }
  for (const e of selector.matchExpressions) {
    if (!validLabelKey(e.key) || !e.values.every(validLabelValue)) return false;
    const needsValues = e.operator === 'In' || e.operator === 'NotIn';
    const noValues = e.operator === 'Exists' || e.operator === 'DoesNotExist';
    if (!needsValues && !noValues) return false;
    if (needsValues ? e.values.length === 0 : e.values.length !== 0) return false;
  }
  for (const [k, v] of Object.entries(selector.matchLabels)) if (!has(k) || labels[k] !== v) return false;
  for (const e of selector.matchExpressions) {
    const present = has(e.key);
    switch (e.operator) {
      case 'In':
        if (!present || !e.values.includes(labels[e.key] as string)) return false;
        break;
      case 'NotIn':
        if (present && e.values.includes(labels[e.key] as string)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      default:
        if (present) return false;
    }
  }
  return true;
}

/** The PVC side of `isMatch`: `matchName` first, then `matchStorageClassName` decides alone, else labels. */
function matchesPvc(patch: MountPodPatch, pvc: JsonObject): boolean {
  const sel = patch.pvcSelector!;
  const meta = isObject(pvc.metadata) ? pvc.metadata : {};
  if (sel.matchName !== '' && sel.matchName !== meta.name) return false;
  if (sel.matchStorageClassName !== '') {
    const spec = isObject(pvc.spec) ? pvc.spec : {};
    return typeof spec.storageClassName === 'string' && spec.storageClassName === sel.matchStorageClassName;
  }
  return selectorMatches(sel, isObject(meta.labels) ? meta.labels : {});
}

function patchApplies(patch: MountPodPatch, pvc: JsonObject, nodeLabels: Record<string, string> | undefined): boolean {
  if (patch.pvcSelector && !matchesPvc(patch, pvc)) return false;
  if (patch.nodeSelector && (nodeLabels === undefined || !selectorMatches(patch.nodeSelector, nodeLabels))) return false;
  return true;
}

// ---- merge and templates -----------------------------------------------------------------------

function isInternalVolume(name: string): boolean {
  return INTERNAL_VOLUME_PREFIXES.some((p) => name.startsWith(p));
}

/** `MountPodPatch.merge`: scalars replace when set, lists and maps are replaced whole, volumes append. */
function merge(into: MergedPatch & { ceMountImage?: string; eeMountImage?: string }, p: MountPodPatch): void {
  if (p.ceMountImage) into.ceMountImage = p.ceMountImage;
  if (p.eeMountImage) into.eeMountImage = p.eeMountImage;
  if (p.imagePullPolicy) into.imagePullPolicy = p.imagePullPolicy;
  if (p.hostNetwork !== undefined) into.hostNetwork = p.hostNetwork;
  if (p.livenessProbe) into.livenessProbe = p.livenessProbe;
  if (p.readinessProbe) into.readinessProbe = p.readinessProbe;
  // startupProbe is never merged by the driver, so it never reaches the sidecar.
  if (p.lifecycle) into.lifecycle = p.lifecycle;
  if (p.labels) into.labels = p.labels;
  if (p.annotations) into.annotations = p.annotations;
  if (p.resources) into.resources = p.resources;
  if (p.resourcePercentages) into.resourcePercentages = p.resourcePercentages;
  const added = new Set<string>();
  if (p.volumes) {
    into.volumes ??= [];
    for (const v of p.volumes) {
      const name = typeof v.name === 'string' ? v.name : '';
      if (isInternalVolume(name) || into.volumes.some((w) => w.name === name)) continue;
      added.add(name);
      into.volumes.push(v);
    }
  }
  // A mount or device is kept only when its volume was added by this same item.
  if (p.volumeMounts) {
    into.volumeMounts ??= [];
    for (const m of p.volumeMounts) if (added.has(String(m.name ?? ''))) into.volumeMounts.push(m);
  }
  if (p.volumeDevices) {
    into.volumeDevices ??= [];
    for (const d of p.volumeDevices) if (added.has(String(d.name ?? ''))) into.volumeDevices.push(d);
  }
  if (p.env) into.env = p.env;
  if (p.mountOptions) into.mountOptions = p.mountOptions;
  if (p.cacheDirs) into.cacheDirs = p.cacheDirs;
}

/** `ReplaceMountPodTemplate` on one string. */
export function replaceTemplates(value: string, s: Pick<Settings, 'mountPath' | 'volumeId' | 'name' | 'subPath'>): string {
  return value
    .replaceAll('${MOUNT_POINT}', s.mountPath)
    .replaceAll('${VOLUME_ID}', s.volumeId)
    .replaceAll('${VOLUME_NAME}', s.name)
    .replaceAll('${SUB_PATH}', s.subPath);
}

/** Templates in every string, keys included, as the driver's text replace over the patch's JSON does. */
function replaceDeep<T>(value: T, s: Settings): T {
  if (typeof value === 'string') return replaceTemplates(value, s) as T;
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, s)) as T;
  if (typeof value === 'object' && value !== null && !('mantissa' in value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[replaceTemplates(k, s)] = replaceDeep(v, s);
    return out as T;
  }
  return value;
}

/** `GenMountPodPatch`: the matching items merged in order, images resolved by edition, templates replaced on request. */
export function genMountPodPatch(config: CsiConfig, s: Settings, replaceTemplate: boolean): MergedPatch {
  const merged: MergedPatch & { ceMountImage?: string; eeMountImage?: string } = { labels: {}, annotations: {} };
  for (const item of config.mountPodPatch) {
    if (patchApplies(item, s.pvc, s.nodeLabels)) merge(merged, cloneJson(item));
  }
  const { ceMountImage, eeMountImage, ...patch } = merged;
  const image = s.isCe ? ceMountImage : eeMountImage;
  const out: MergedPatch = image ? { ...patch, image } : patch;
  return replaceTemplate ? replaceDeep(out, s) : out;
}

// ---- resources ---------------------------------------------------------------------------------

/** `util.ParsePercentageToFloat`. */
export function parsePercentage(value: string): number | undefined {
  const v = value.trim();
  if (!v.endsWith('%')) return undefined;
  const num = v.slice(0, -1).trim();
  if (num === '') return undefined;
  const pct = goParseFloat(num);
  if (pct === undefined || Number.isNaN(pct) || pct < 0 || !Number.isFinite(pct)) return undefined;
  return pct;
}

const MIB = 1024n * 1024n;

/** `calculateResourcePercentage`: CPU rounds up to a millicore, memory up to a whole MiB. */
function percentOf(name: string, base: Quantity, pct: number): Quantity {
  if (name === 'cpu') return milliQuantity(BigInt(Math.ceil((Number(milliValue(base)) * pct) / 100)));
  let value = BigInt(Math.ceil((Number(quantityValue(base)) * pct) / 100));
  if (value > 0n) value = ((value + MIB - 1n) / MIB) * MIB;
  return binaryQuantity(value);
}

function applyPercentages(target: ResourceList, pcts: Record<string, string>, minimums: ResourceList | undefined, app: ResourceList): void {
  for (const [name, text] of Object.entries(pcts)) {
    const base = app[name];
    if (base === undefined || (name !== 'cpu' && name !== 'memory')) continue;
    const pct = parsePercentage(text);
    if (pct === undefined) continue;
    let q = percentOf(name, base, pct);
    const min = minimums?.[name];
    if (min && compareQuantities(q, min) < 0) q = min;
    target[name] = q;
  }
}

/**
 * Sums of the requests and limits of every app container and init container that mounts the PVC.
 * A quantity that does not parse is a JFS-SHAPE error whose field is relative to the pod.
 */
export function appResources(pod: Pod, pvcName: string): { requests: ResourceList; limits: ResourceList } {
  const volumes = new Set((pod.spec.volumes ?? []).filter((v) => v.persistentVolumeClaim?.claimName === pvcName).map((v) => v.name));
  const sums = { requests: {} as ResourceList, limits: {} as ResourceList };
  for (const key of ['containers', 'initContainers'] as const) {
    (pod.spec[key] ?? []).forEach((c, i) => {
      if (!(c.volumeMounts ?? []).some((m) => volumes.has(m.name))) return;
      const res = isObject(c.resources) ? c.resources : {};
      for (const kind of ['requests', 'limits'] as const) {
        const list = isObject(res[kind]) ? (res[kind] as JsonObject) : {};
        for (const name of ['cpu', 'memory']) {
          const raw = list[name];
          if (raw === undefined || raw === null) continue;
          let q: Quantity;
          try {
            q = parseQuantity(String(raw));
          } catch (e) {
            if (!(e instanceof QuantityError)) throw e;
            const field = `spec.${key}[${i}].resources.${kind}.${name}`;
            throw jfsError('JFS-SHAPE', `${field} is not a quantity (${JSON.stringify(raw)}): ${e.message}`, { field });
          }
          sums[kind][name] = sums[kind][name] ? addQuantities(sums[kind][name], q) : q;
        }
      }
    });
  }
  return sums;
}

// ---- options -----------------------------------------------------------------------------------

const BYTE_SHIFTS: Record<string, number> = { k: 10, K: 10, m: 20, M: 20, g: 30, G: 30, t: 40, T: 40, p: 50, P: 50, e: 60, E: 60 };

/** `util.ParseToBytes`: a number with an optional unit letter (default M); undefined on error. */
export function parseToBytes(value: string): number | undefined {
  if (value.length === 0) return 0;
  let s = value;
  let unit = 'M';
  const last = s[s.length - 1];
  if (last < '0' || last > '9') {
    unit = last;
    s = s.slice(0, -1);
  }
  const val = goParseFloat(s);
  const shift = BYTE_SHIFTS[unit];
  if (val === undefined || shift === undefined) return undefined;
  const bytes = val * 2 ** shift;
  // uint64(negative) wraps on amd64: far above any limit.
  return bytes < 0 ? Number.POSITIVE_INFINITY : Math.trunc(bytes);
}

/**
 * `processOption`: `buffer-size=N%` becomes that share of the memory limit in MiB (at most 100 %),
 * an absolute size above the limit is clamped to it; "" means the option is dropped.
 */
export function processOption(option: string, resources: Resources): string {
  const pair = option.split('=');
  if (pair.length !== 2 || pair[0] !== 'buffer-size') return option;
  const limit = resources.limits?.memory;
  const limitBytes = limit ? quantityValue(limit) : 0n;
  if (limitBytes <= 0n) return option;
  if (pair[1].trim().endsWith('%')) {
    let pct = parsePercentage(pair[1]);
    if (pct === undefined) return '';
    if (pct > 100) pct = 100;
    const size = BigInt(Math.ceil((Number(limitBytes) * pct) / 100));
    return `buffer-size=${(size + MIB - 1n) / MIB}`;
  }
  const size = parseToBytes(pair[1]);
  if (size === undefined) return '';
  if (size > Number(limitBytes)) return `buffer-size=${limitBytes / 1024n / 1024n}`;
  return option;
}

/** The key of an option for the patch's replace rule: the text before the first `=`. */
function optionKey(option: string): string {
  return option.split('=')[0];
}

// ---- apply -------------------------------------------------------------------------------------

function copyResources(r: PatchResources): Resources {
  const out: Resources = {};
  if (r.limits) out.limits = { ...r.limits };
  if (r.requests) out.requests = { ...r.requests };
  return out;
}

/**
 * `applyConfigPatch`: run once while parsing the settings (no templates, no app pod) and again when
 * the sidecar is built (templates replaced, app pod known: that is when percentages take effect).
 */
export function applyConfigPatch(s: Settings, config: CsiConfig, replaceTemplate: boolean): void {
  const attr = s.attr;
  const patch = genMountPodPatch(config, s, replaceTemplate);
  if (patch.image) attr.image = patch.image;
  if (patch.imagePullPolicy) attr.imagePullPolicy = patch.imagePullPolicy;
  if (patch.hostNetwork !== undefined) attr.hostNetwork = patch.hostNetwork;
  Object.assign(attr.labels, patch.labels);
  Object.assign(attr.annotations, patch.annotations);
  if (patch.resources) attr.resources = copyResources(patch.resources);
  if (patch.resourcePercentages && s.appPod) {
    const app = appResources(s.appPod, String((s.pvc.metadata as JsonObject).name));
    const pct = patch.resourcePercentages;
    const minLimits: ResourceList = { cpu: parseQuantity(DEFAULT_MIN_LIMITS.cpu), memory: parseQuantity(DEFAULT_MIN_LIMITS.memory), ...pct.minLimits };
    if (Object.keys(pct.requests).length) applyPercentages((attr.resources.requests ??= {}), pct.requests, undefined, app.requests);
    if (Object.keys(pct.limits).length) applyPercentages((attr.resources.limits ??= {}), pct.limits, minLimits, app.limits);
  }
  attr.lifecycle = patch.lifecycle;
  attr.livenessProbe = patch.livenessProbe;
  attr.readinessProbe = patch.readinessProbe;
  attr.volumes = patch.volumes;
  attr.volumeMounts = patch.volumeMounts;
  attr.volumeDevices = patch.volumeDevices;
  attr.env = patch.env;
  attr.cacheDirs = patch.cacheDirs;

  // Patch options first, then the volume's options whose key the patch does not set.
  const patchKeys = new Set((patch.mountOptions ?? []).map(optionKey));
  const options: string[] = [];
  for (const o of [...(patch.mountOptions ?? []), ...s.options.filter((o) => !patchKeys.has(optionKey(o)))]) {
    const v = processOption(o, attr.resources);
    if (v !== '') options.push(v);
  }
  s.options = options;

  const delay = attr.annotations[ANNOTATION_DELETE_DELAY];
  if (delay !== undefined) {
    if (isGoDuration(delay)) s.deletedDelay = delay;
    delete attr.annotations[ANNOTATION_DELETE_DELAY];
  }
  const clean = attr.annotations[ANNOTATION_CLEAN_CACHE];
  if (clean !== undefined) {
    s.cleanCache = clean === 'true';
    delete attr.annotations[ANNOTATION_CLEAN_CACHE];
  }
}
