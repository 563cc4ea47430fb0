// The function config: a typed `fn.fluid.io/v1alpha1 InjectFluidSidecar` or a `v1 ConfigMap` whose
// string data carries the same keys. Both are validated against one JSON Schema (schemas/).
import type { ErrorObject } from 'ajv';
import YAML from 'yaml';
import schema from '../../../schemas/inject-fluid-sidecar.schema.json';
import { firstViolation, lazyValidators } from '../../krm/config-schema';
import { parseGoBool } from '../../krm/go';
import type { ExtraPodTemplate } from '../../krm/workloads/pod-templates';
import { isObject, JsonObject, JsonValue, refOf, ResourceRef } from '../../types';
import { ConfigError } from '../errors';
import { DEVELOPMENT_PROFILE, FLUID_VERSIONS, FluidProfile, FluidVersion, PROFILES, unsupportedVersion } from '../versions';

export const CONFIG_API_VERSION = 'fn.fluid.io/v1alpha1';
export const CONFIG_KIND = 'InjectFluidSidecar';

export type PluginName = 'FilePrefetcher' | 'FuseSidecar' | 'DatasetUsageInjector';

export interface Options {
  injectionMode: 'legacy' | 'native-sidecar';
  disabled: boolean;
  plugins: PluginName[];
  filePrefetcherImage?: string;
  defaultNamespace: string;
  randomSuffixSeed: string;
  errorMode: 'strict' | 'webhook';
  action: 'inject' | 'uninject';
  checkConfigMaps: 'emit' | 'skip';
  extraPodTemplates: ExtraPodTemplate[];
  /** What the cluster's Fluid release injects (`fluidVersion`; see ../versions.ts). */
  profile: FluidProfile;
}

export const DEFAULT_OPTIONS: Readonly<Options> = Object.freeze<Options>({
  injectionMode: 'legacy',
  disabled: false,
  plugins: ['FilePrefetcher', 'FuseSidecar', 'DatasetUsageInjector'],
  defaultNamespace: 'default',
  randomSuffixSeed: '',
  errorMode: 'strict',
  action: 'inject',
  checkConfigMaps: 'emit',
  extraPodTemplates: [],
  profile: DEVELOPMENT_PROFILE,
});

export interface LoadedConfig {
  options: Options;
  /** The config object's identity, for results about it. */
  ref?: ResourceRef;
  /** The options the config sets (spec keys); the others may come from the cluster's webhook objects. */
  given: ReadonlySet<string>;
  /** Field path of a given option in the config object (`spec.x` or `data.x`). */
  fieldOf: (key: string) => string;
}

const getValidators = lazyValidators(schema);

/**
 * Turns the functionConfig of a ResourceList into options. Absent config and kpt's empty
 * `function-input` ConfigMap mean all defaults. Throws ConfigError naming the field.
 */
export function loadConfig(functionConfig: JsonObject | undefined): LoadedConfig {
  if (functionConfig === undefined) return { options: { ...DEFAULT_OPTIONS }, given: new Set(), fieldOf: (k) => k };
  try {
    const { spec, root } = specOf(functionConfig);
    return { options: withDefaults(spec), ref: refOf(functionConfig), given: new Set(Object.keys(spec)), fieldOf: (k) => `${root}.${k}` };
  } catch (e) {
    throw e instanceof ConfigError ? e.at({ ref: refOf(functionConfig) }) : e;
  }
}

/** The validated options the config gives, and where they are (`spec` or `data`). */
function specOf(functionConfig: JsonObject): { spec: JsonObject; root: string } {
  const { apiVersion, kind } = functionConfig;
  if (apiVersion === 'v1' && kind === 'ConfigMap') return { spec: fromConfigMap(functionConfig), root: 'data' };
  if (apiVersion === CONFIG_API_VERSION && kind === CONFIG_KIND) {
    const spec = isObject(functionConfig.spec) ? functionConfig.spec : {};
    checkFluidVersion(spec, 'spec');
    const { typed } = getValidators();
    if (!typed(functionConfig)) throw schemaError(typed.errors ?? [], '');
    return { spec, root: 'spec' };
  }
  throw new ConfigError(
    'config-kind-unsupported',
    `unsupported function config ${String(apiVersion)} ${String(kind)}: use ${CONFIG_API_VERSION} ${CONFIG_KIND} or a v1 ConfigMap`,
    { field: 'kind' },
  );
}

const LIST_KEYS = new Set(['plugins']);
const BOOL_KEYS = new Set(['disabled']);
const STRUCTURED_KEYS = new Set(['extraPodTemplates']);

function fromConfigMap(cm: JsonObject): JsonObject {
  const data = cm.data ?? {};
  if (!isObject(data)) throw new ConfigError('config-invalid', 'ConfigMap data must be a map of strings', { field: 'data' });
  // No prototype: a `__proto__` key must become a field (and fail as unknown), not set the prototype.
  const spec: JsonObject = Object.create(null) as JsonObject;
  for (const [key, raw] of Object.entries(data)) {
    if (typeof raw !== 'string') {
      throw new ConfigError('config-invalid', `ConfigMap value must be a string, got ${typeOf(raw)}`, { field: `data.${key}` });
    }
    spec[key] = convertConfigMapValue(key, raw);
  }
  // kpt's empty `function-input` ConfigMap: all defaults, nothing to validate.
  if (Object.keys(spec).length === 0) return spec;
  checkFluidVersion(spec, 'data');
  const validate = getValidators().spec;
  if (!validate(spec)) throw schemaError(validate.errors ?? [], 'data', spec);
  return spec;
}

/** A release the function declines gets its reason, not only the list of allowed values. */
function checkFluidVersion(spec: JsonObject, root: string): void {
  const v = spec.fluidVersion;
  if (typeof v !== 'string' || (FLUID_VERSIONS as readonly string[]).includes(v)) return;
  const why = unsupportedVersion(v);
  if (why) throw new ConfigError('config-invalid', `invalid function config field ${root}.fluidVersion: ${why}`, { field: `${root}.fluidVersion` });
}

function convertConfigMapValue(key: string, raw: string): JsonValue {
  if (BOOL_KEYS.has(key)) {
    const b = parseGoBool(raw.trim());
    if (b === undefined) throw new ConfigError('config-invalid', `must be a boolean ("true" or "false"), got "${raw}"`, { field: `data.${key}` });
    return b;
  }
  if (LIST_KEYS.has(key)) {
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  if (STRUCTURED_KEYS.has(key)) {
    try {
      return (YAML.parse(raw, { version: '1.1' }) ?? []) as JsonValue;
    } catch (e) {
      throw new ConfigError('config-invalid', `must be a YAML or JSON list: ${(e as Error).message.split('\n')[0]}`, { field: `data.${key}` });
    }
  }
  return raw;
}

function withDefaults(spec: JsonObject): Options {
  const { fluidVersion, ...rest } = spec;
  const merged = { ...DEFAULT_OPTIONS, ...rest } as Options;
  if (typeof fluidVersion === 'string') merged.profile = PROFILES[fluidVersion as FluidVersion];
  // Schema validation guarantees the shapes; copy arrays so callers can't alias the defaults.
  return { ...merged, plugins: [...merged.plugins], extraPodTemplates: [...merged.extraPodTemplates] };
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  return Array.isArray(v) ? 'list' : typeof v;
}

/** The first schema violation as a ConfigError with a dotted field path under `root`; a ConfigMap's value is shown. */
function schemaError(errors: ErrorObject[], root: string, converted?: JsonObject): ConfigError {
  const v = firstViolation(errors, root);
  if (!v) return new ConfigError('config-invalid', 'invalid function config', { field: root || undefined });
  const current = converted ? lookup(converted, v.segments) : undefined;
  const shown = current === undefined ? '' : `, got ${JSON.stringify(current)}`;
  return new ConfigError('config-invalid', `invalid function config field ${v.field}: ${v.message}${shown}`, { field: v.field });
}

function lookup(obj: JsonValue, path: string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = obj;
  for (const p of path) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObject(cur) && Object.hasOwn(cur, p)) cur = cur[p];
    else return undefined;
  }
  return cur;
}
