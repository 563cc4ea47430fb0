// Read end of the function: ResourceList text (or plain manifest files) → plain objects.
// Pure functions over strings; the CLI does the I/O.
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';
import { isUtf8 } from 'node:buffer';
import { describe, isObject, typeName } from '../../types';
import { FnError } from '../errors';
import type { JsonObject, JsonValue, KubeObject, ResourceRef } from '../../types';
import { parseStream } from './parse';
import { scanBlockMapping } from './block-scan';
import { scanItems } from './read-items';
import { fastPathStats } from './fast-path-stats';
import type { TooDeep } from './parse';
import { documentSlot, jsonLayout, nodesLayout } from './layout';
import { detectStyle } from './splice';
import { SOURCE } from './state';
import type { DocLocation, ItemSlot, JsonLayout, ManifestFile, SourceState } from './state';
import { DEFAULT_STYLE, findNonJson, inspectNode, MAX_ALIAS_COUNT, MAX_DEPTH, PARSE_OPTIONS, pathAtOffset } from './yaml-util';
import type { OutputStyle } from './yaml-util';

/**
 * The input cannot be used. `field` is a path such as `items[3].metadata.name` when known (from the
 * ResourceList root; in manifests mode `items[n]` numbers the documents); `resource` is the item it
 * is in when that item's apiVersion, kind and name could be read.
 */
/** Input that cannot be read; `field` is the path in the ResourceList (`items[0].data.k`). */
export class InputError extends FnError<'invalid-input'> {
  constructor(message: string, field?: string, resource?: ResourceRef) {
    super('invalid-input', message, { field, ref: resource });
    this.name = 'InputError';
  }
}

/**
 * Largest input accepted, in bytes (the ResourceList on stdin, or all manifest files together).
 * Read and written item by item, a run takes some 0.4 s and 20 MB of memory per MB of input when
 * every workload is injected (N=10,000 Deployments, 32.5 MiB: 13 s, 645 MiB), much less for items
 * copied through (60 MB of ConfigMaps: 1.4 s, 279 MB); input the whole-document path has to take
 * costs about 0.2 s and 18 MB per MB. Anything bigger is refused before it is parsed.
 */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** `n` bytes as MiB with one decimal, for messages. */
export function mib(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

export function tooBigError(where: string, bytes: number | undefined): InputError {
  const size = bytes === undefined ? `more than ${mib(MAX_INPUT_BYTES)}` : mib(bytes);
  return new InputError(`${where} is ${size}; the limit is ${mib(MAX_INPUT_BYTES)} (split the package or render it in parts)`);
}

/**
 * Input bytes as text. Only UTF-8 is accepted (a byte order mark stays in the text): a byte sequence
 * that is not UTF-8 is an InputError naming its line, column and byte offset, never silently
 * replaced, so that a Latin-1 or UTF-16 file cannot turn into different data.
 */
export function decodeInput(bytes: Uint8Array, where: string): string {
  if (bytes.length > MAX_INPUT_BYTES) throw tooBigError(where, bytes.length);
  if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    const col = Buffer.from(bytes.subarray(lineStart, at)).toString('utf8').length + 1;
    const hex = (bytes[at] ?? 0).toString(16).padStart(2, '0');
    throw new InputError(
      `${where} is not valid UTF-8: byte 0x${hex} at line ${line}, column ${col} (byte offset ${at}); re-encode it as UTF-8`,
    );
  }
  // (a byte order mark is kept: the readers drop it and the writer writes it back)
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let n: number;
    let min: number;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
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

/**
 * Parse and validate a ResourceList. Throws InputError (and nothing else). A byte order mark is
 * dropped from the text and written back by the writer.
 */
export function readResourceList(input: string): ParsedResourceList {
  try {
    const { text, bom } = withoutBom(input);
    let parsed = readItemByItem(text);
    if (!parsed) {
      fastPathStats.wholeDocumentReads++;
      parsed = readResourceListUnchecked(text);
    }
    const src = parsed[SOURCE];
    return bom && src.mode === 'resourceList' ? { ...parsed, [SOURCE]: { ...src, bom } } : parsed;
  } catch (e) {
    throw asInputError(e, 'cannot read the ResourceList');
  }
}

/** The text without a leading byte order mark, and whether it had one. */
export function withoutBom(text: string): { text: string; bom: boolean } {
  return typeof text === 'string' && text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), bom: true } : { text, bom: false };
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

/**
 * A function config file (`render --config FILE`): one YAML mapping, read with the same checks as
 * the input. Throws InputError (and nothing else).
 */
export function readConfigText(input: string, where: string): JsonObject {
  try {
    const { text } = withoutBom(input);
    checkSize(Buffer.byteLength(text, 'utf8'), where);
    const doc = parseSingle(text, where);
    checkDocument(doc, where, '');
    const plain = toPlainChecked(doc, '', where);
    if (!isObject(plain)) throw new InputError(`function config ${where} must be a YAML mapping; got ${typeName(plain)}`);
    return plain;
  } catch (e) {
    throw asInputError(e, `cannot read the function config ${where}`);
  }
}

function readResourceListUnchecked(text: string): ParsedResourceList {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new InputError('input is empty; expected a ResourceList (kind: ResourceList)');
  }
  checkSize(Buffer.byteLength(text, 'utf8'), 'input');
  const doc = parseSingle(text, 'input');
  checkDocument(doc, 'input', '');
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
  const layout = nodesLayout(text, doc);
  if (!layout) throw new InputError('items must be a list', 'items');
  const root = { ...plain };
  delete root.items;
  const parsed: ParsedResourceList = { apiVersion, items, [SOURCE]: { mode: 'resourceList', text, bom: false, root, layout } };
  if (functionConfig !== undefined) parsed.functionConfig = functionConfig;
  return parsed;
}

/** A ResourceList's root: its apiVersion, functionConfig, and the root mapping without its items. */
interface Skeleton {
  apiVersion: string;
  functionConfig?: JsonObject;
  root: JsonObject;
}

/**
 * The root of an item-by-item input with `items: []` in place of its items (split-items.ts): read
 * by the block scanner when it can (kpt's `apiVersion`, `kind`, `items`, `functionConfig`), else
 * by the library with the whole-document checks. Undefined unless it is a valid ResourceList root.
 */
function readSkeleton(skeleton: string): Skeleton | undefined {
  const first = /^[^ #\n]/m.exec(skeleton);
  const scanned = first ? scanBlockMapping(skeleton, first.index, skeleton.length, { level: 1 }) : undefined;
  if (scanned && !scanned.nonFinite) {
    const v = scanned.value;
    const fc = v.functionConfig;
    if (typeof v.apiVersion !== 'string' || !RESOURCE_LIST_API_VERSIONS.includes(v.apiVersion) || v.kind !== 'ResourceList') return undefined;
    if (!Array.isArray(v.items) || v.items.length !== 0 || !(fc === undefined || fc === null || isObject(fc))) return undefined;
    const root = { ...v };
    delete root.items;
    return { apiVersion: v.apiVersion, functionConfig: isObject(fc) ? fc : undefined, root };
  }
  let root: ParsedResourceList;
  try {
    root = readResourceListUnchecked(skeleton);
  } catch {
    return undefined;
  }
  const head = root[SOURCE];
  if (head.mode !== 'resourceList') return undefined;
  return { apiVersion: root.apiVersion, functionConfig: root.functionConfig, root: head.root };
}

/**
 * The fast path (split-items.ts, read-items.ts): the same result as readResourceListUnchecked for
 * the common layout, without building a Document of the whole input. Undefined for anything it is
 * not sure about, and for any input with an error, whose message the whole-document reader gives.
 */
function readItemByItem(text: string): ParsedResourceList | undefined {
  if (typeof text !== 'string' || Buffer.byteLength(text, 'utf8') > MAX_INPUT_BYTES) return undefined;
  const scanned = scanItems(text);
  if (!scanned) return undefined;
  const { split, values } = scanned;
  const skeleton = readSkeleton(split.skeleton);
  if (!skeleton) return undefined;
  const rootKeys = split.rootKeys.filter((k) => k !== 'items');
  if (Object.keys(skeleton.root).join('\n') !== rootKeys.join('\n')) return undefined;
  const items: InputItem[] = [];
  for (let i = 0; i < values.length; i++) {
    try {
      items.push({ index: i, object: checkItem(values[i], `items[${i}]`, '') });
    } catch {
      return undefined;
    }
  }
  const parsed: ParsedResourceList = {
    apiVersion: skeleton.apiVersion,
    items,
    [SOURCE]: { mode: 'resourceList', text, bom: false, root: skeleton.root, layout: { kind: 'lines', split } },
  };
  if (skeleton.functionConfig !== undefined) parsed.functionConfig = skeleton.functionConfig;
  return parsed;
}

function readManifestsUnchecked(texts: { path: string; text: string }[]): ParsedResourceList {
  if (!Array.isArray(texts)) throw new InputError('no manifest files given');
  const items: InputItem[] = [];
  const locations: DocLocation[] = [];
  const inputs = texts.map((f) => ({ path: String(f.path), ...withoutBom(String(f.text)) }));
  checkSize(
    inputs.reduce((n, f) => n + Buffer.byteLength(f.text, 'utf8'), 0),
    inputs.length === 1 ? inputs[0].path || '<stdin>' : 'the manifests together',
  );
  const files = inputs.map((file, fi): ManifestFile => {
    const stream = parseStream(file.text, PARSE_OPTIONS);
    if (stream.tooDeep) {
      const before = stream.docs.filter((d) => !isEmptyDocument(d)).length;
      throw tooDeepError(`${file.path || '<stdin>'}`, stream.tooDeep, `items[${items.length + before}]`);
    }
    const docs: (ItemSlot | undefined)[] = [];
    const json: (JsonLayout | undefined)[] = [];
    const styles: OutputStyle[] = [];
    stream.docs.forEach((doc, di) => {
      const where = `${file.path || '<stdin>'}: document ${di + 1}`;
      checkDocument(doc, where, `items[${items.length}]`);
      docs.push(undefined);
      json.push(undefined);
      styles.push(DEFAULT_STYLE);
      if (isEmptyDocument(doc)) return;
      const field = `items[${items.length}]`;
      const plain = toPlainChecked(doc, field, where);
      items.push({ index: items.length, object: checkItem(plain, field, `${where}: `) });
      locations.push({ file: fi, doc: di });
      docs[di] = documentSlot(file.text, doc);
      const range = (doc.contents as { range?: number[] } | null)?.range;
      json[di] = range ? jsonLayout(file.text, range[0], range[1]) : undefined;
      styles[di] = detectStyle(file.text, doc.contents);
    });
    return { ...file, docs, json, styles };
  });
  return { apiVersion: DEFAULT_API_VERSION, items, [SOURCE]: { mode: 'manifests', files, locations } };
}

/** The one document of a text (more than one is an InputError); nesting checked before composing. */
function parseSingle(text: string, where: string): Document {
  const stream = parseStream(text, PARSE_OPTIONS, true);
  if (stream.tooDeep) throw tooDeepError(where, stream.tooDeep, '');
  if (stream.docs.length > 1) {
    throw new InputError(`${where} contains more than one YAML document; a ResourceList must be a single document`);
  }
  return stream.docs[0];
}

function tooDeepError(where: string, deep: TooDeep, fieldPrefix: string): InputError {
  const full = join(fieldPrefix, deep.path);
  const field = full ? shortPath(full) : undefined;
  const resource: ResourceRef | undefined = deep.item && { ...deep.item };
  return new InputError(
    `${where}: nesting is too deep under ${field ?? 'the document root'}${resource ? ` (${describe(resource)})` : ''} at line ${deep.line}, column ${deep.col} (the limit is ${MAX_DEPTH} levels)`,
    field,
    resource,
  );
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

function checkSize(bytes: number, where: string): void {
  if (bytes > MAX_INPUT_BYTES) throw tooBigError(where, bytes);
}

/**
 * Rejects a document with YAML errors or warnings. `fieldPrefix` is the document's own field path
 * (`''` for a ResourceList, `items[n]` for a manifest document); messages name the field where
 * the error is and the item it is in, when known.
 */
function checkDocument(doc: Document, where: string, fieldPrefix: string): void {
  for (const err of doc.errors) {
    if (err.code === 'MULTIPLE_DOCS') {
      throw new InputError(`${where} contains more than one YAML document; a ResourceList must be a single document`);
    }
    const at = locate(doc, err.pos[0], fieldPrefix);
    if (err.code === 'RESOURCE_EXHAUSTION') {
      const under = at.field ? ` under ${shortPath(at.field)}${at.resource ? ` (${describe(at.resource)})` : ''}` : '';
      throw new InputError(
        `${where}: nesting is too deep${under}${lineOf(err)} (the limit is ${MAX_DEPTH} levels)`,
        at.field && shortPath(at.field),
        at.resource,
      );
    }
    if (err.code === 'DUPLICATE_KEY') {
      throw new InputError(`${where}: duplicate key${at.label}${lineOf(err)}`, at.field, at.resource);
    }
    const inField = at.field ? ` (in${at.label})` : '';
    throw new InputError(`${where} is not valid YAML: ${briefly(err.message)}${inField}`, at.field, at.resource);
  }
  for (const w of doc.warnings) {
    const at = locate(doc, w.pos[0], fieldPrefix);
    const inField = at.field ? ` (in${at.label})` : '';
    throw new InputError(`${where}: unsupported YAML (${w.code}): ${briefly(w.message)}${inField}`, at.field, at.resource);
  }
  const version = doc.directives?.yaml.version;
  if (version !== undefined && version !== '1.1') {
    throw new InputError(`${where}: %YAML ${version} directive is not supported; input is read as YAML 1.1`);
  }
}

/** ` at line L, column C` of a yaml error, or ''. */
function lineOf(err: { linePos?: [{ line: number; col: number }] | [{ line: number; col: number }, unknown] }): string {
  const p = err.linePos?.[0];
  return p ? ` at line ${p.line}, column ${p.col}` : '';
}

/** Field path and item of a source offset, `label` as ` items[2].data.k (ConfigMap x)` or ''. */
function locate(doc: Document, offset: number, fieldPrefix: string): { field?: string; resource?: ResourceRef; label: string } {
  let path: string;
  try {
    path = pathAtOffset(doc.contents, offset);
  } catch {
    path = '';
  }
  const field = join(fieldPrefix, path) || undefined;
  const m = field ? /^items\[(\d+)\]/.exec(field) : null;
  let resource: ResourceRef | undefined;
  if (m) {
    const item = fieldPrefix === '' ? itemNode(doc, Number(m[1])) : doc.contents;
    resource = refOfNode(item);
  }
  const label = field ? ` ${field}${resource ? ` (${describe(resource)})` : ''}` : '';
  return { field, resource, label };
}

/** The first few segments of a (deep) field path: an ancestor to name in a message. */
function shortPath(path: string, max = 8): string {
  const segments = path.match(/(?:^|\.)[^.[]+|\[[^\]]*\]/g) ?? [path];
  return segments.length <= max ? path : segments.slice(0, max).join('');
}

function itemNode(doc: Document, index: number): unknown {
  const root: unknown = doc.contents;
  if (!isMap(root)) return undefined;
  const items: unknown = root.get('items', true);
  return isSeq(items) ? items.items[index] : undefined;
}

/** apiVersion, kind, name (and namespace) of an item node, when they are plain strings. */
function refOfNode(node: unknown): ResourceRef | undefined {
  if (!isMap(node)) return undefined;
  const str = (v: unknown): string | undefined => (isScalar(v) && typeof v.value === 'string' && v.value !== '' ? v.value : undefined);
  const meta: unknown = node.get('metadata', true);
  const apiVersion = str(node.get('apiVersion', true));
  const kind = str(node.get('kind', true));
  const name = isMap(meta) ? str(meta.get('name', true)) : undefined;
  if (apiVersion === undefined || kind === undefined || name === undefined) return undefined;
  const ref: ResourceRef = { apiVersion, kind, name };
  const namespace = isMap(meta) ? str(meta.get('namespace', true)) : undefined;
  if (namespace !== undefined) ref.namespace = namespace;
  return ref;
}

function toPlainChecked(doc: Document, fieldPrefix: string, where: string): unknown {
  const facts = inspectNode(doc.contents);
  if (facts.tooDeepAt !== undefined) {
    const full = join(fieldPrefix, facts.tooDeepAt);
    const field = full ? shortPath(full) : undefined;
    const resource = resourceOf(doc, field, fieldPrefix);
    throw new InputError(
      `${where}: nesting is too deep under ${field ?? 'the document root'}${resource ? ` (${describe(resource)})` : ''} (the limit is ${MAX_DEPTH} levels)`,
      field,
      resource,
    );
  }
  if (facts.collectionKeyAt !== undefined) {
    const field = join(fieldPrefix, facts.collectionKeyAt);
    const what = field === '' ? 'the root mapping' : field;
    throw new InputError(`${where}: ${what}: a mapping key must be a scalar, not a collection`, field || undefined, resourceOf(doc, field, fieldPrefix));
  }
  if (facts.aliasCycle !== undefined) {
    const field = join(fieldPrefix, facts.aliasCycle.path) || undefined;
    throw new InputError(
      `${where}: ${field ?? 'the document'}: alias *${facts.aliasCycle.anchor} refers to a node that contains it (a cycle)`,
      field,
      resourceOf(doc, field, fieldPrefix),
    );
  }
  let plain: unknown;
  try {
    plain = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof ReferenceError) {
      throw new InputError(`${where}: YAML aliases expand too much (more than ${MAX_ALIAS_COUNT}); refusing to expand`);
    }
    if (e instanceof RangeError) {
      throw new InputError(`${where}: nesting is too deep once aliases are expanded (the limit is ${MAX_DEPTH} levels)`);
    }
    throw e;
  }
  const bad = findNonJson(plain, fieldPrefix);
  if (bad) {
    throw new InputError(`${where}: ${bad.path || 'value'}: ${bad.what} cannot be represented in JSON`, bad.path || undefined, resourceOf(doc, bad.path, fieldPrefix));
  }
  return plain;
}

/** The item a field path (from the ResourceList root, or `items[n]...` of a manifest) is in. */
function resourceOf(doc: Document, field: string | undefined, fieldPrefix: string): ResourceRef | undefined {
  const m = field ? /^items\[(\d+)\]/.exec(field) : null;
  if (!m) return undefined;
  return refOfNode(fieldPrefix === '' ? itemNode(doc, Number(m[1])) : doc.contents);
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
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new InputError(`${what}: nesting is too deep (the limit is ${MAX_DEPTH} levels)`);
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new InputError(`${what}: ${msg}`);
}

/** Plain JSON value of a document, assuming it was validated by the reader. */
export function plainOf(doc: Document): JsonValue {
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as JsonValue;
}
