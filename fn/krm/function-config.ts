// What every function's config loader shares. A function config is the typed object of this
// package's group (`fn.fluid.io/v1alpha1 <Kind>`, options under `spec`) or a `v1 ConfigMap` whose
// string data carries the same keys (`kpt fn eval -- key=value`, kustomize's generated ConfigMap);
// both are validated against the function's JSON schema. Each function names its kind and which of
// its keys a ConfigMap writes as booleans, comma lists or YAML, and turns a failure into its own
// error code: the rules and the messages are these, for every function.
import YAML from 'yaml';
import { isObject, JsonObject, JsonValue, typeName } from '../types';
import { firstViolation, SchemaValidators } from './config-schema';
import { parseGoBool } from './go';

export const CONFIG_API_VERSION = 'fn.fluid.io/v1alpha1';

export interface ConfigShape {
  /** the typed config's kind */
  kind: string;
  validators: () => SchemaValidators;
  /** ConfigMap keys whose value is a boolean (as Go's strconv.ParseBool reads it) */
  booleans?: ReadonlySet<string>;
  /** ConfigMap keys whose value is a comma-separated list */
  lists?: ReadonlySet<string>;
  /** ConfigMap keys whose value is a YAML or JSON list */
  structured?: ReadonlySet<string>;
  /** A check of the options before the schema's, for a better message than the schema gives (`[field, message]`). */
  precheck?: (spec: JsonObject, root: string) => [string, string] | undefined;
}

/** `kind`: a config of another kind; `invalid`: a value the function cannot take. */
export type ConfigFail = (failure: 'kind' | 'invalid', message: string, field: string) => never;

/**
 * The options of a function config and where they are in it (`data` or `spec`), validated. kpt's
 * empty `function-input` ConfigMap gives none. Calls `fail` (which throws) on the first problem.
 */
export function readFunctionConfig(config: JsonObject, shape: ConfigShape, fail: ConfigFail): { spec: JsonObject; root: 'data' | 'spec' } {
  const invalid = (field: string, message: string): never => fail('invalid', `invalid function config field ${field}: ${message}`, field);
  const { apiVersion, kind } = config;
  if (apiVersion === 'v1' && kind === 'ConfigMap') {
    const data = config.data ?? {};
    if (!isObject(data)) return fail('invalid', 'ConfigMap data must be a map of strings', 'data');
    // No prototype: a `__proto__` key must become a field (and fail as unknown), not set the prototype.
    const spec = Object.create(null) as JsonObject;
    for (const [key, raw] of Object.entries(data)) {
      if (typeof raw !== 'string') return invalid(`data.${key}`, `must be a string, got ${typeName(raw)}`);
      spec[key] = fromString(shape, key, raw, invalid);
    }
    if (Object.keys(spec).length > 0) validate(shape, spec, 'data', invalid);
    return { spec, root: 'data' };
  }
  if (apiVersion === CONFIG_API_VERSION && kind === shape.kind) {
    const spec = isObject(config.spec) ? config.spec : {};
    validate(shape, spec, 'spec', invalid, config);
    return { spec, root: 'spec' };
  }
  return fail('kind', `unsupported function config ${String(apiVersion)} ${String(kind)}: use ${CONFIG_API_VERSION} ${shape.kind} or a v1 ConfigMap`, 'kind');
}

function fromString(shape: ConfigShape, key: string, raw: string, invalid: (field: string, message: string) => never): JsonValue {
  if (shape.booleans?.has(key)) return parseGoBool(raw.trim()) ?? invalid(`data.${key}`, `must be a boolean ("true" or "false"), got ${JSON.stringify(raw)}`);
  if (shape.lists?.has(key)) {
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  if (shape.structured?.has(key)) {
    try {
      return (YAML.parse(raw, { version: '1.1' }) ?? []) as JsonValue;
    } catch (e) {
      return invalid(`data.${key}`, `must be a YAML or JSON list: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return raw;
}

/**
 * The precheck, then the schema: the options alone (a ConfigMap's, converted), or the whole typed
 * object. A ConfigMap's converted value is shown: `a,b` was read as a list.
 */
function validate(shape: ConfigShape, spec: JsonObject, root: 'data' | 'spec', invalid: (field: string, message: string) => never, typed?: JsonObject): void {
  const early = shape.precheck?.(spec, root);
  if (early) invalid(early[0], early[1]);
  const fn = typed ? shape.validators().typed : shape.validators().spec;
  if (fn(typed ?? spec)) return;
  const v = firstViolation(fn.errors, typed ? '' : root);
  if (!v) return invalid(root, 'is invalid');
  const current = typed ? undefined : lookup(spec, v.segments);
  invalid(v.field, `${v.message}${current === undefined ? '' : `, got ${JSON.stringify(current)}`}`);
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
