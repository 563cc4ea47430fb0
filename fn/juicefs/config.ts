// The JuiceFS function's config: a typed `fn.fluid.io/v1alpha1 InjectJuiceFSSidecar` or a
// `v1 ConfigMap` whose string data carries the same keys (`kpt fn eval -- key=value`), both
// validated against schemas/inject-juicefs-sidecar.schema.json. The webhook's environment (§1.10)
// becomes options with the same defaults (A6).
import type { ValidateFunction } from 'ajv';
import YAML from 'yaml';
import schema from '../../schemas/inject-juicefs-sidecar.schema.json';
import { isObject, JsonObject, JsonValue, refOf } from '../types';
import { jfsError } from './errors';
import { firstViolation, lazyValidators } from '../krm/config-schema';
import { parseGoBool } from '../krm/go';
import type { ExtraPodTemplates } from './workloads';
import {
  DEFAULT_CE_IMAGE,
  DEFAULT_DRIVER_NAME,
  DEFAULT_EE_IMAGE,
  DEFAULT_MOUNT_PATH,
  NATIVE_SIDECAR_VERSION,
  CONFIG_KIND,
} from './vocabulary';

export const CONFIG_API_VERSION = 'fn.fluid.io/v1alpha1';
export { CONFIG_KIND };

export interface JuiceFSOptions {
  action: 'inject' | 'uninject';
  defaultInjection: 'none' | 'sidecar' | 'serverless';
  generatedSecret: 'external' | 'emit';
  kubernetesVersion: string;
  ceMountImage: string;
  eeMountImage: string;
  mountImage?: string;
  mountPath: string;
  immutable: boolean;
  shareMount: 'none' | 'storageClass' | 'fs';
  noUpdateConfig: boolean;
  driverName: string;
  nodeName: string;
  defaultNamespace: string;
  extraPodTemplates: ExtraPodTemplates[];
}

export const DEFAULT_OPTIONS: Readonly<JuiceFSOptions> = Object.freeze<JuiceFSOptions>({
  action: 'inject',
  defaultInjection: 'none',
  generatedSecret: 'external',
  kubernetesVersion: '1.29',
  ceMountImage: DEFAULT_CE_IMAGE,
  eeMountImage: DEFAULT_EE_IMAGE,
  mountPath: DEFAULT_MOUNT_PATH,
  immutable: false,
  shareMount: 'none',
  noUpdateConfig: false,
  driverName: DEFAULT_DRIVER_NAME,
  nodeName: '',
  defaultNamespace: 'default',
  extraPodTemplates: [],
});

const BOOL_KEYS = new Set(['immutable', 'noUpdateConfig']);
const STRUCTURED_KEYS = new Set(['extraPodTemplates']);

const getValidators = lazyValidators(schema);

/**
 * Options from a ResourceList's functionConfig: absent, kpt's empty `function-input` ConfigMap, a
 * ConfigMap with string data, or the typed kind. Throws JuiceFSError JFS-CONFIG naming the field.
 */
export function loadJuiceFSConfig(functionConfig: JsonObject | undefined): JuiceFSOptions {
  if (functionConfig === undefined) return withDefaults({});
  const ref = refOf(functionConfig);
  const fail = (message: string, field: string): never => {
    throw jfsError('JFS-CONFIG', message, { ref, field });
  };
  const { apiVersion, kind } = functionConfig;
  if (apiVersion === 'v1' && kind === 'ConfigMap') {
    const data = functionConfig.data ?? {};
    if (!isObject(data)) return fail('ConfigMap data must be a map of strings', 'data');
    // No prototype: a `__proto__` key is a field (and fails as unknown), never the prototype.
    const spec = Object.create(null) as JsonObject;
    for (const [key, raw] of Object.entries(data)) {
      if (typeof raw !== 'string') return fail(`invalid function config field data.${key}: must be a string`, `data.${key}`);
      spec[key] = fromString(key, raw, fail);
    }
    if (Object.keys(spec).length > 0) validate(getValidators().spec, spec, 'data', fail);
    return withDefaults(spec);
  }
  if (apiVersion === CONFIG_API_VERSION && kind === CONFIG_KIND) {
    validate(getValidators().typed, functionConfig, '', fail);
    return withDefaults(isObject(functionConfig.spec) ? functionConfig.spec : {});
  }
  return fail(`unsupported function config ${String(apiVersion)} ${String(kind)}: use ${CONFIG_API_VERSION} ${CONFIG_KIND} or a v1 ConfigMap`, 'kind');
}

function fromString(key: string, raw: string, fail: (m: string, f: string) => never): JsonValue {
  if (BOOL_KEYS.has(key)) {
    const b = parseGoBool(raw.trim());
    return b ?? fail(`invalid function config field data.${key}: must be a boolean ("true" or "false"), got ${JSON.stringify(raw)}`, `data.${key}`);
  }
  if (STRUCTURED_KEYS.has(key)) {
    try {
      return (YAML.parse(raw, { version: '1.1' }) ?? []) as JsonValue;
    } catch (e) {
      return fail(`invalid function config field data.${key}: must be a YAML or JSON list: ${(e as Error).message.split('\n')[0]}`, `data.${key}`);
    }
  }
  return raw;
}

function validate(fn: ValidateFunction, value: JsonObject, root: string, fail: (m: string, f: string) => never): void {
  if (fn(value)) return;
  const v = firstViolation(fn.errors, root);
  const field = v?.field ?? root;
  fail(`invalid function config field ${field}: ${v?.message ?? 'is invalid'}`, field);
}

function withDefaults(spec: JsonObject): JuiceFSOptions {
  const merged = { ...DEFAULT_OPTIONS, ...spec } as JuiceFSOptions;
  return { ...merged, extraPodTemplates: merged.extraPodTemplates.map((e) => ({ ...e, paths: [...e.paths] })) };
}

/** The default sidecar images after JUICEFS_MOUNT_IMAGE (`mountImage`), as the controller sets them up. */
export function defaultImages(options: JuiceFSOptions): { ce: string; ee: string } {
  const images = { ce: options.ceMountImage, ee: options.eeMountImage };
  if (options.mountImage) {
    // `util.ImageResol`: the text after the first ':' is the tag; no tag or `latest` is CE only.
    const parts = options.mountImage.split(':');
    const tag = parts[1];
    const ce = tag === undefined || tag === 'latest' || !tag.startsWith('ee-');
    const ee = tag !== undefined && tag !== 'latest' && !tag.startsWith('ce-');
    if (ce) images.ce = options.mountImage;
    if (ee) images.ee = options.mountImage;
  }
  return images;
}

/** Whether `kubernetesVersion` is at least 1.29.0 (`v` prefix and suffixes such as `-eks-1` allowed). */
export function versionSupportsNativeSidecar(version: string): boolean {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!m) return false;
  const parts = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  for (let i = 0; i < 3; i++) {
    if (parts[i] !== NATIVE_SIDECAR_VERSION[i]) return parts[i] > NATIVE_SIDECAR_VERSION[i];
  }
  return true;
}
