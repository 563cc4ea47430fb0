// The CSI ConfigMap `juicefs-csi-driver-config`, key `config.yaml` (§1.8, §5.4): the fields the
// injection reads, checked as the driver's typed decoder would (a wrong type fails the whole
// config). Lists, maps and strings that are empty count as absent: the driver deep-copies each
// patch through JSON with `omitempty`, so `mountOptions: []` replaces nothing.
import YAML from 'yaml';
import { isObject, JsonObject, JsonValue, refOf, ResourceRef } from '../types';
import type { ClusterContext, Indexed } from './context';
import { jfsError } from './errors';
import { parseQuantity, Quantity, QuantityError } from './quantities';
import { CSI_CONFIGMAP_KEY, CSI_CONFIGMAP_NAME } from './vocabulary';

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}

export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: LabelSelectorRequirement[];
}

export interface PvcSelector extends LabelSelector {
  matchName: string;
  matchStorageClassName: string;
}

export interface PatchCacheDir {
  type: string;
  path: string;
  name: string;
  sizeLimit?: Quantity;
  medium: string;
  storageClassName?: string;
  storage?: Quantity;
  accessModes: string[];
}

export interface PatchResources {
  limits?: Record<string, Quantity>;
  requests?: Record<string, Quantity>;
}

export interface ResourcePercentages {
  limits: Record<string, string>;
  requests: Record<string, string>;
  minLimits: Record<string, Quantity>;
}

/** One `mountPodPatch[]` item; undefined = absent (nil in the driver). */
export interface MountPodPatch {
  pvcSelector?: PvcSelector;
  nodeSelector?: LabelSelector;
  ceMountImage?: string;
  eeMountImage?: string;
  cacheDirs?: PatchCacheDir[];
  imagePullPolicy?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  hostNetwork?: boolean;
  livenessProbe?: JsonObject;
  readinessProbe?: JsonObject;
  startupProbe?: JsonObject;
  lifecycle?: JsonObject;
  resources?: PatchResources;
  resourcePercentages?: ResourcePercentages;
  volumes?: JsonObject[];
  volumeMounts?: JsonObject[];
  volumeDevices?: JsonObject[];
  env?: JsonObject[];
  mountOptions?: string[];
}

export interface CsiConfig {
  ref?: ResourceRef;
  enableNativeSidecar?: boolean;
  enableSetQuota?: boolean;
  mountPodPatch: MountPodPatch[];
}

/** Field of the ConfigMap at fault, for results: `data.config.yaml` plus the path inside it. */
const DATA_FIELD = `data.${CSI_CONFIGMAP_KEY}`;

class Reader {
  constructor(private readonly ref: ResourceRef) {}

  fail(path: string, message: string): never {
    throw jfsError('JFS-CSI-CONFIG', `ConfigMap ${this.ref.namespace ? `${this.ref.namespace}/` : ''}${this.ref.name}: ${CSI_CONFIGMAP_KEY}: ${path ? `${path} ` : ''}${message}`, {
      ref: this.ref,
      field: DATA_FIELD,
    });
  }

  bool(v: JsonValue | undefined, path: string): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') this.fail(path, 'must be a boolean');
    return v;
  }

  string(v: JsonValue | undefined, path: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') this.fail(path, 'must be a string');
    return v === '' ? undefined : v;
  }

  object(v: JsonValue | undefined, path: string): JsonObject | undefined {
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) this.fail(path, 'must be a map');
    return v;
  }

  list(v: JsonValue | undefined, path: string): JsonValue[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) this.fail(path, 'must be a list');
    return v.length === 0 ? undefined : v;
  }

  objects(v: JsonValue | undefined, path: string): JsonObject[] | undefined {
    return this.list(v, path)?.map((item, i) => this.object(item, `${path}[${i}]`) ?? {});
  }

  strings(v: JsonValue | undefined, path: string): string[] | undefined {
    return this.list(v, path)?.map((item, i) => {
      if (typeof item !== 'string') this.fail(`${path}[${i}]`, 'must be a string');
      return item;
    });
  }

  stringMap(v: JsonValue | undefined, path: string): Record<string, string> | undefined {
    const obj = this.object(v, path);
    if (!obj) return undefined;
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(obj)) {
      if (val === null || val === undefined) continue;
      if (typeof val !== 'string') this.fail(`${path}.${k}`, 'must be a string');
      out[k] = val;
    }
    return Object.keys(out).length ? out : undefined;
  }

  quantity(v: JsonValue | undefined, path: string): Quantity | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') this.fail(path, 'must be a quantity');
    try {
      return parseQuantity(String(v));
    } catch (e) {
      if (!(e instanceof QuantityError)) throw e;
      return this.fail(path, `is not a quantity: ${e.message}`);
    }
  }

  quantities(v: JsonValue | undefined, path: string): Record<string, Quantity> | undefined {
    const obj = this.object(v, path);
    if (!obj) return undefined;
    const out: Record<string, Quantity> = {};
    for (const [k, val] of Object.entries(obj)) {
      const q = this.quantity(val, `${path}.${k}`);
      if (q) out[k] = q;
    }
    return Object.keys(out).length ? out : undefined;
  }

  selector(v: JsonValue | undefined, path: string): LabelSelector | undefined {
    const obj = this.object(v, path);
    if (!obj) return undefined;
    const matchExpressions = (this.objects(obj.matchExpressions, `${path}.matchExpressions`) ?? []).map((e, i) => ({
      key: this.string(e.key, `${path}.matchExpressions[${i}].key`) ?? '',
      operator: this.string(e.operator, `${path}.matchExpressions[${i}].operator`) ?? '',
      values: this.strings(e.values, `${path}.matchExpressions[${i}].values`) ?? [],
    }));
    return { matchLabels: this.stringMap(obj.matchLabels, `${path}.matchLabels`) ?? {}, matchExpressions };
  }

  cacheDir(v: JsonObject, path: string): PatchCacheDir {
    const dir: PatchCacheDir = {
      type: this.string(v.type, `${path}.type`) ?? '',
      path: this.string(v.path, `${path}.path`) ?? '',
      name: this.string(v.name, `${path}.name`) ?? '',
      medium: this.string(v.medium, `${path}.medium`) ?? '',
      accessModes: this.strings(v.accessModes, `${path}.accessModes`) ?? [],
    };
    const sizeLimit = this.quantity(v.sizeLimit, `${path}.sizeLimit`);
    if (sizeLimit) dir.sizeLimit = sizeLimit;
    const storage = this.quantity(v.storage, `${path}.storage`);
    if (storage) dir.storage = storage;
    // A pointer: an explicit "" is kept (it selects the default class differently from absent).
    if (typeof v.storageClassName === 'string') dir.storageClassName = v.storageClassName;
    else if (v.storageClassName !== undefined && v.storageClassName !== null) this.fail(`${path}.storageClassName`, 'must be a string');
    return dir;
  }

  patch(v: JsonObject, path: string): MountPodPatch {
    const p: MountPodPatch = {};
    const set = <K extends keyof MountPodPatch>(key: K, value: MountPodPatch[K] | undefined): void => {
      if (value !== undefined) p[key] = value;
    };
    const pvc = this.object(v.pvcSelector, `${path}.pvcSelector`);
    if (pvc) {
      set('pvcSelector', {
        ...this.selector(pvc, `${path}.pvcSelector`)!,
        matchName: this.string(pvc.matchName, `${path}.pvcSelector.matchName`) ?? '',
        matchStorageClassName: this.string(pvc.matchStorageClassName, `${path}.pvcSelector.matchStorageClassName`) ?? '',
      });
    }
    set('nodeSelector', this.selector(v.nodeSelector, `${path}.nodeSelector`));
    set('ceMountImage', this.string(v.ceMountImage, `${path}.ceMountImage`));
    set('eeMountImage', this.string(v.eeMountImage, `${path}.eeMountImage`));
    set('cacheDirs', this.objects(v.cacheDirs, `${path}.cacheDirs`)?.map((d, i) => this.cacheDir(d, `${path}.cacheDirs[${i}]`)));
    set('imagePullPolicy', this.string(v.imagePullPolicy, `${path}.imagePullPolicy`));
    set('labels', this.stringMap(v.labels, `${path}.labels`));
    set('annotations', this.stringMap(v.annotations, `${path}.annotations`));
    set('hostNetwork', this.bool(v.hostNetwork, `${path}.hostNetwork`));
    this.bool(v.hostPID, `${path}.hostPID`);
    set('livenessProbe', this.object(v.livenessProbe, `${path}.livenessProbe`));
    set('readinessProbe', this.object(v.readinessProbe, `${path}.readinessProbe`));
    set('startupProbe', this.object(v.startupProbe, `${path}.startupProbe`));
    set('lifecycle', this.object(v.lifecycle, `${path}.lifecycle`));
    const resources = this.object(v.resources, `${path}.resources`);
    if (resources) {
      const r: PatchResources = {};
      const limits = this.quantities(resources.limits, `${path}.resources.limits`);
      const requests = this.quantities(resources.requests, `${path}.resources.requests`);
      if (limits) r.limits = limits;
      if (requests) r.requests = requests;
      p.resources = r;
    }
    const pct = this.object(v.resourcePercentages, `${path}.resourcePercentages`);
    if (pct) {
      p.resourcePercentages = {
        limits: this.stringMap(pct.limits, `${path}.resourcePercentages.limits`) ?? {},
        requests: this.stringMap(pct.requests, `${path}.resourcePercentages.requests`) ?? {},
        minLimits: this.quantities(pct.minLimits, `${path}.resourcePercentages.minLimits`) ?? {},
      };
    }
    set('volumes', this.objects(v.volumes, `${path}.volumes`));
    set('volumeMounts', this.objects(v.volumeMounts, `${path}.volumeMounts`));
    set('volumeDevices', this.objects(v.volumeDevices, `${path}.volumeDevices`));
    set('env', this.objects(v.env, `${path}.env`));
    set('mountOptions', this.strings(v.mountOptions, `${path}.mountOptions`));
    return p;
  }
}

/**
 * The CSI config of the input: the ConfigMap `juicefs-csi-driver-config` in any namespace (the
 * driver's own namespace is not known offline), or an empty config when there is none.
 */
export function readCsiConfig(context: ClusterContext): CsiConfig {
  const found = context.named('ConfigMap', CSI_CONFIGMAP_NAME);
  if (found.length === 0) return { mountPodPatch: [] };
  if (found.length > 1) {
    const where = found.map((f: Indexed) => context.namespaceOf(f.object)).join(', ');
    throw jfsError('JFS-DUPLICATE', `ConfigMap ${CSI_CONFIGMAP_NAME} appears in more than one namespace (${where}): the CSI config is ambiguous`, {
      ref: refOf(found[1].object),
    });
  }
  const cm = found[0].object;
  const ref = refOf(cm);
  const reader = new Reader(ref);
  const data = cm.data;
  if (data !== undefined && !isObject(data)) return reader.fail('', 'data must be a map');
  const text = isObject(data) ? data[CSI_CONFIGMAP_KEY] : undefined;
  if (text === undefined || text === null) return { ref, mountPodPatch: [] };
  if (typeof text !== 'string') return reader.fail('', 'must be a string');
  let parsed: unknown;
  try {
    parsed = YAML.parse(text, { version: '1.1' });
  } catch (e) {
    return reader.fail('', `is not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || parsed === undefined) return { ref, mountPodPatch: [] };
  if (!isObject(parsed)) return reader.fail('', 'must be a YAML map');
  const config: CsiConfig = { ref, mountPodPatch: (reader.objects(parsed.mountPodPatch, 'mountPodPatch') ?? []).map((p, i) => reader.patch(p, `mountPodPatch[${i}]`)) };
  const native = reader.bool(parsed.enableNativeSidecar, 'enableNativeSidecar');
  if (native !== undefined) config.enableNativeSidecar = native;
  const quota = reader.bool(parsed.enableSetQuota, 'enableSetQuota');
  if (quota !== undefined) config.enableSetQuota = quota;
  return config;
}
