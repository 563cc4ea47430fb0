// Read end of the function: ResourceList text (or plain manifest files) → plain objects.
// Pure functions over strings; the CLI does the I/O.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { isObject } from '../types';
import type { JsonObject, JsonValue, KubeObject } from '../types';
import { SOURCE } from './state';
import type { DocLocation, SourceState } from './state';
import { findNonJson, inspectNode, MAX_ALIAS_COUNT, PARSE_OPTIONS } from './yaml-util';

/** The input cannot be used. `field` is a path such as `items[3].metadata.name` when known. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

export interface InputItem {
  /** position in `items` (manifests mode: position over all documents of all files) */
  index: number;
  /** the item as a plain object, with YAML 1.1 meaning (`0755` is 493, `yes` is true) */
  object: KubeObject;
}

export interface ParsedResourceList {
  /** the input's apiVersion, echoed on output (`config.kubernetes.io/v1` in manifests mode) */
  apiVersion: string;
  items: InputItem[];
  /** plain object; undefined when absent or null (always undefined in manifests mode) */
  functionConfig?: JsonObject;
  /** source text for the writer; opaque to callers */
  readonly [SOURCE]: SourceState;
}

export const RESOURCE_LIST_API_VERSIONS: readonly string[] = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1'];
export const DEFAULT_API_VERSION = 'config.kubernetes.io/v1';

/** Parse and validate a ResourceList. Throws InputError (and nothing else). */
export function readResourceList(text: string): ParsedResourceList {
  try {
    return readResourceListUnchecked(text);
  } catch (e) {
    throw asInputError(e, 'cannot read the ResourceList');
  }
}

/**
 * Read plain multi-document YAML files (for `render FILE...`). Every non-empty document is one
 * item, numbered across all files in order; a `kind: List` document stays one item. Throws
 * InputError (and nothing else).
 */
export function readManifests(texts: { path: string; text: string }[]): ParsedResourceList {
  try {
    return readManifestsUnchecked(texts);
  } catch (e) {
    throw asInputError(e, 'cannot read the manifests');
  }
}

function readResourceListUnchecked(text: string): ParsedResourceList {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new InputError('input is empty; expected a ResourceList (kind: ResourceList)');
  }
  const doc = parseDocument(text, PARSE_OPTIONS);
  checkDocument(doc, 'input');
  if (!isMap(doc.contents)) {
    throw new InputError(`input is not a YAML mapping; expected a ResourceList, got ${describeNode(doc)}`);
  }
  const plain = toPlainChecked(doc, '', 'input');
  if (!isObject(plain)) throw new InputError('input is not a YAML mapping; expected a ResourceList');

  const apiVersion = plain.apiVersion;
  if (typeof apiVersion !== 'string' || !RESOURCE_LIST_API_VERSIONS.includes(apiVersion)) {
    throw new InputError(
      `apiVersion must be one of ${RESOURCE_LIST_API_VERSIONS.join(', ')}; got ${show(apiVersion)}`,
      'apiVersion',
    );
  }
  if (plain.kind !== 'ResourceList') {
    throw new InputError(`kind must be ResourceList; got ${show(plain.kind)}`, 'kind');
  }
  if (plain.items === undefined) throw new InputError('items is missing; a ResourceList needs an items list', 'items');
  if (!Array.isArray(plain.items)) {
    throw new InputError(`items must be a list; got ${typeName(plain.items)}`, 'items');
  }
  const items = plain.items.map((v, i) => ({ index: i, object: checkItem(v, `items[${i}]`, '') }));

  let functionConfig: JsonObject | undefined;
  if (plain.functionConfig !== undefined && plain.functionConfig !== null) {
    if (!isObject(plain.functionConfig)) {
      throw new InputError(`functionConfig must be a mapping; got ${typeName(plain.functionConfig)}`, 'functionConfig');
    }
    functionConfig = plain.functionConfig;
  }
  const parsed: ParsedResourceList = { apiVersion, items, [SOURCE]: { mode: 'resourceList', text } };
  if (functionConfig !== undefined) parsed.functionConfig = functionConfig;
  return parsed;
}

function readManifestsUnchecked(texts: { path: string; text: string }[]): ParsedResourceList {
  if (!Array.isArray(texts)) throw new InputError('no manifest files given');
  const items: InputItem[] = [];
  const locations: DocLocation[] = [];
  const files = texts.map((f) => ({ path: String(f.path), text: String(f.text) }));
  files.forEach((file, fi) => {
    const docs = parseAllDocuments(file.text, PARSE_OPTIONS);
    docs.forEach((doc, di) => {
      const where = `${file.path || '<stdin>'}: document ${di + 1}`;
      checkDocument(doc, where);
      if (isEmptyDocument(doc)) return;
      const field = `items[${items.length}]`;
      const plain = toPlainChecked(doc, field, where);
      items.push({ index: items.length, object: checkItem(plain, field, `${where}: `) });
      locations.push({ file: fi, doc: di });
    });
  });
  return { apiVersion: DEFAULT_API_VERSION, items, [SOURCE]: { mode: 'manifests', files, locations } };
}

/** A document without content (only comments, or a bare `---`). */
export function isEmptyDocument(doc: Document): boolean {
  const c: unknown = doc.contents;
  return c === null || c === undefined || (isScalar(c) && c.value === null);
}

/** First line of a yaml error message ("... at line 3, column 5"), without the source excerpt. */
function briefly(message: string): string {
  return message.split('\n')[0].replace(/:\s*$/, '');
}

function checkDocument(doc: Document, where: string): void {
  for (const err of doc.errors) {
    if (err.code === 'MULTIPLE_DOCS') {
      throw new InputError(`${where} contains more than one YAML document; a ResourceList must be a single document`);
    }
    if (err.code === 'DUPLICATE_KEY') throw new InputError(`${where}: duplicate key: ${briefly(err.message)}`);
    throw new InputError(`${where} is not valid YAML: ${briefly(err.message)}`);
  }
  for (const w of doc.warnings) {
    throw new InputError(`${where}: unsupported YAML (${w.code}): ${briefly(w.message)}`);
  }
  const version = doc.directives?.yaml.version;
  if (version !== undefined && version !== '1.1') {
    throw new InputError(`${where}: %YAML ${version} directive is not supported; input is read as YAML 1.1`);
  }
}

function toPlainChecked(doc: Document, fieldPrefix: string, where: string): unknown {
  const facts = inspectNode(doc.contents);
  if (facts.collectionKeyAt !== undefined) {
    const field = join(fieldPrefix, facts.collectionKeyAt);
    const what = field === '' ? 'the root mapping' : field;
    throw new InputError(`${where}: ${what}: a mapping key must be a scalar, not a collection`, field || undefined);
  }
  let plain: unknown;
  try {
    plain = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof ReferenceError) {
      throw new InputError(`${where}: YAML aliases expand too much (more than ${MAX_ALIAS_COUNT}); refusing to expand`);
    }
    throw e;
  }
  const bad = findNonJson(plain, fieldPrefix);
  if (bad) throw new InputError(`${where}: ${bad.path || 'value'}: ${bad.what} cannot be represented in JSON`, bad.path);
  return plain;
}

function checkItem(v: unknown, field: string, prefix: string): KubeObject {
  if (!isObject(v)) {
    throw new InputError(`${prefix}${field} must be a mapping (a Kubernetes object); got ${typeName(v)}`, field);
  }
  const what = describeItem(v);
  if (typeof v.apiVersion !== 'string' || v.apiVersion === '') {
    throw new InputError(`${prefix}${field}.apiVersion must be a non-empty string${what}`, `${field}.apiVersion`);
  }
  if (typeof v.kind !== 'string' || v.kind === '') {
    throw new InputError(`${prefix}${field}.kind must be a non-empty string${what}`, `${field}.kind`);
  }
  if (v.metadata !== undefined && !isObject(v.metadata)) {
    throw new InputError(`${prefix}${field}.metadata must be a mapping${what}`, `${field}.metadata`);
  }
  if (v.kind !== 'List') {
    if (!isObject(v.metadata)) {
      throw new InputError(`${prefix}${field}.metadata is missing${what}`, `${field}.metadata`);
    }
    const { name, generateName } = v.metadata;
    // A Pod may be named by the API server from generateName (kubectl create, the webhook's input).
    const named = (typeof name === 'string' && name !== '') || (typeof generateName === 'string' && generateName !== '' && name === undefined);
    if (!named) {
      throw new InputError(`${prefix}${field}.metadata.name must be a non-empty string${what}`, `${field}.metadata.name`);
    }
  }
  return v as KubeObject;
}

function describeItem(v: JsonObject): string {
  const kind = typeof v.kind === 'string' ? v.kind : undefined;
  const meta = isObject(v.metadata) ? v.metadata : undefined;
  const name = meta && typeof meta.name === 'string' ? meta.name : undefined;
  if (kind === undefined && name === undefined) return '';
  return ` (${[kind, name].filter((x) => x !== undefined).join(' ')})`;
}

function describeNode(doc: Document): string {
  const c: unknown = doc.contents;
  if (c === null || c === undefined) return 'an empty document';
  if (isSeq(c)) return 'a list';
  if (isAlias(c)) return 'an alias';
  if (isScalar(c)) return c.value === null ? 'an empty document' : typeName(c.value);
  return 'something else';
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)})`;
  return `a ${typeof v} (${String(v)})`;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  return typeof v === 'string' ? JSON.stringify(v) : typeName(v);
}

function join(prefix: string, path: string): string {
  if (prefix === '') return path;
  if (path === '') return prefix;
  return path.startsWith('[') ? prefix + path : `${prefix}.${path}`;
}

function asInputError(e: unknown, what: string): InputError {
  if (e instanceof InputError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new InputError(`${what}: ${msg}`);
}

/** Plain JSON value of a document, assuming it was validated by the reader. */
export function plainOf(doc: Document): JsonValue {
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as JsonValue;
}
