// Plain-object model shared by every step. The mutation works on plain JSON-like values only;
// YAML nodes exist solely in the read and write modules at the two ends of the flow.

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

export interface ObjectMeta extends JsonObject {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface KubeObject extends JsonObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

export type Severity = 'error' | 'warning' | 'info';

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** A KRM function result (kustomize functions-spec). */
export interface Result {
  message: string;
  severity: Severity;
  resourceRef?: ResourceRef;
  field?: { path: string; currentValue?: JsonValue; proposedValue?: JsonValue };
  file?: { path: string; index?: number };
  tags?: Record<string, string>;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * A deep copy of a JSON-like value (what structuredClone gives for one, several times faster):
 * `undefined` members are kept, a `__proto__` key stays an own data property.
 */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // (for-in, own keys only: it walks V8's cached keys where Object.keys would copy them)
  for (const k in src) if (hasOwn.call(src, k)) setOwn(out, k, cloneJson(src[k]));
  return out as T;
}

/** What a value is, for a message about a value of the wrong type: `a list`, `a string ("x")`, `null`. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)})`;
  return `a ${typeof v} (${String(v)})`;
}

/** `obj[key] = value` as an own data property: a `__proto__` key is data, not the prototype. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

const SURROGATE = /[\ud800-\udfff]/;

/**
 * Go's string order (UTF-8 bytes, i.e. code points), independent of the locale. JS's `<` compares
 * UTF-16 units, which differs only past the BMP, so the slow path runs only for such strings.
 */
export function compareStrings(a: string, b: string): number {
  if (SURROGATE.test(a) || SURROGATE.test(b)) {
    const x = [...a].map((c) => c.codePointAt(0) as number);
    const y = [...b].map((c) => c.codePointAt(0) as number);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function refOf(obj: { apiVersion?: unknown; kind?: unknown; metadata?: unknown }): ResourceRef {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const ref: ResourceRef = {
    apiVersion: String(obj.apiVersion ?? ''),
    kind: String(obj.kind ?? ''),
    name: String(meta.name ?? ''),
  };
  if (typeof meta.namespace === 'string' && meta.namespace !== '') ref.namespace = meta.namespace;
  return ref;
}

/** The API group of an apiVersion (`apps/v1` → `apps`; `v1`, the core group, → ''). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * What makes two objects of the input the same object to the API server: group, kind, namespace
 * and name (the version does not count). `namespace` is where the object lands ('' if none).
 */
export function objectKey(ref: ResourceRef, namespace: string): string {
  return `${apiGroupOf(ref.apiVersion)}/${ref.kind}/${namespace}/${ref.name}`;
}

/** `Kind ns/name` (or `Kind name` when cluster-scoped) for messages. */
export function describe(ref: ResourceRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** SHA-256 of the UTF-8 text. */
export function sha256(text: string): Buffer {
  // node:crypto is loaded on first use, not at start: it is a few ms of every run's start-up (#18)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(text).digest();
}
