// The function config: a typed `fn.fluid.io/v1alpha1 InjectFluidSidecar` or a `v1 ConfigMap` whose
// string data carries the same keys. Both are validated against one JSON Schema (schemas/).
import type { ErrorObject, ValidateFunction } from 'ajv';
import YAML from 'yaml';
import schema from '../../../schemas/inject-fluid-sidecar.schema.json';
import { isObject, JsonObject, JsonValue, ResourceRef } from '../../types';

export const CONFIG_API_VERSION = 'fn.fluid.io/v1alpha1';
export const CONFIG_KIND = 'InjectFluidSidecar';

export type PluginName = 'FilePrefetcher' | 'FuseSidecar' | 'DatasetUsageInjector';

export interface ExtraPodTemplate {
  apiVersion: string;
  kind: string;
  paths: string[];
}

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
});

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface LoadedConfig {
  options: Options;
  /** The config object's identity, for results about it. */
  ref?: ResourceRef;
}

interface Validators {
  spec: ValidateFunction;
  typed: ValidateFunction;
}

let validators: Validators | undefined;

/** Compiled on first use: loading and compiling ajv is most of a small run's start-up otherwise. */
function getValidators(): Validators {
  if (!validators) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    const ajv = new Ajv({ allErrors: true, strict: true });
    validators = { spec: ajv.compile(schema.definitions.spec), typed: ajv.compile({ ...schema, $id: undefined }) };
  }
  return validators;
}

// Go's strconv.ParseBool, as the webhook reads DISABLE_INJECTION.
const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

export function parseGoBool(value: string): boolean | undefined {
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  return undefined;
}

/**
 * Turns the functionConfig of a ResourceList into options. Absent config and kpt's empty
 * `function-input` ConfigMap mean all defaults. Throws ConfigError naming the field.
 */
export function loadConfig(functionConfig: JsonObject | undefined): LoadedConfig {
  if (functionConfig === undefined) return { options: { ...DEFAULT_OPTIONS } };
  const ref = configRef(functionConfig);
  const { apiVersion, kind } = functionConfig;
  if (apiVersion === 'v1' && kind === 'ConfigMap') {
    return { options: fromConfigMap(functionConfig), ref };
  }
  if (apiVersion === CONFIG_API_VERSION && kind === CONFIG_KIND) {
    const { typed } = getValidators();
    if (!typed(functionConfig)) throw schemaError(typed.errors ?? [], '');
    const spec = isObject(functionConfig.spec) ? functionConfig.spec : {};
    return { options: withDefaults(spec), ref };
  }
  throw new ConfigError(
    `unsupported function config ${String(apiVersion)} ${String(kind)}: use ${CONFIG_API_VERSION} ${CONFIG_KIND} or a v1 ConfigMap`,
    'kind',
  );
}

function configRef(config: JsonObject): ResourceRef {
  const meta = isObject(config.metadata) ? config.metadata : {};
  const ref: ResourceRef = {
    apiVersion: String(config.apiVersion ?? ''),
    kind: String(config.kind ?? ''),
    name: String(meta.name ?? ''),
  };
  if (typeof meta.namespace === 'string' && meta.namespace) ref.namespace = meta.namespace;
  return ref;
}

const LIST_KEYS = new Set(['plugins']);
const BOOL_KEYS = new Set(['disabled']);
const STRUCTURED_KEYS = new Set(['extraPodTemplates']);

function fromConfigMap(cm: JsonObject): Options {
  const data = cm.data ?? {};
  if (!isObject(data)) throw new ConfigError('ConfigMap data must be a map of strings', 'data');
  // No prototype: a `__proto__` key must become a field (and fail as unknown), not set the prototype.
  const spec: JsonObject = Object.create(null) as JsonObject;
  for (const [key, raw] of Object.entries(data)) {
    if (typeof raw !== 'string') {
      throw new ConfigError(`ConfigMap value must be a string, got ${typeOf(raw)}`, `data.${key}`);
    }
    spec[key] = convertConfigMapValue(key, raw);
  }
  // kpt's empty `function-input` ConfigMap: all defaults, nothing to validate.
  if (Object.keys(spec).length === 0) return withDefaults(spec);
  const validate = getValidators().spec;
  if (!validate(spec)) throw schemaError(validate.errors ?? [], 'data', spec);
  return withDefaults(spec);
}

function convertConfigMapValue(key: string, raw: string): JsonValue {
  if (BOOL_KEYS.has(key)) {
    const b = parseGoBool(raw.trim());
    if (b === undefined) throw new ConfigError(`must be a boolean ("true" or "false"), got "${raw}"`, `data.${key}`);
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
      throw new ConfigError(`must be a YAML or JSON list: ${(e as Error).message.split('\n')[0]}`, `data.${key}`);
    }
  }
  return raw;
}

function withDefaults(spec: JsonObject): Options {
  const merged = { ...DEFAULT_OPTIONS, ...spec } as Options;
  // Schema validation guarantees the shapes; copy arrays so callers can't alias the defaults.
  return { ...merged, plugins: [...merged.plugins], extraPodTemplates: [...merged.extraPodTemplates] };
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  return Array.isArray(v) ? 'list' : typeof v;
}

/** The first schema violation as a ConfigError with a dotted field path under `root`. */
function schemaError(errors: ErrorObject[], root: string, converted?: JsonObject): ConfigError {
  const err = errors[0];
  if (!err) return new ConfigError('invalid function config', root || undefined);
  const segments = err.instancePath.split('/').slice(1).map(decodePointer);
  let field = root;
  for (const s of segments) field = /^\d+$/.test(s) ? `${field}[${s}]` : field ? `${field}.${s}` : s;
  let message: string;
  switch (err.keyword) {
    case 'additionalProperties': {
      const extra = String((err.params as { additionalProperty: string }).additionalProperty);
      field = field ? `${field}.${extra}` : extra;
      segments.push(extra);
      message = `unknown field "${extra}"`;
      break;
    }
    case 'enum':
      message = `must be one of ${((err.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'const':
      message = `must be ${JSON.stringify((err.params as { allowedValue: unknown }).allowedValue)}`;
      break;
    default:
      message = err.message ?? 'is invalid';
  }
  const current = converted ? lookup(converted, segments) : undefined;
  const shown = current === undefined ? '' : `, got ${JSON.stringify(current)}`;
  return new ConfigError(`invalid function config field ${field}: ${message}${shown}`, field);
}

function decodePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
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
