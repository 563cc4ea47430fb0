// Write end of the function: plain objects → output text that keeps the input's YAML.
//
// Input read item by item (read-items.ts, the common layout) is written item by item too
// (write-items.ts): unchanged items are copied as text, each changed item is patched in its own
// range and read back. Otherwise — or when that is not possible — three strategies over the whole
// document are tried in order; each result is parsed back (YAML 1.1) and must equal the expected
// data exactly, otherwise the next one is used:
//  1. splice  – the input text with only the changed items' text ranges replaced, new items
//               inserted after the last item, and `results` replaced / removed / appended.
//               Unchanged items stay byte-identical. Needs block style for the root mapping,
//               `items` and every changed item, and no anchors/aliases inside a changed item.
//  2. rewrite – the whole document synced (sync-node.ts) and stringified: comments and most
//               styles survive, byte layout does not (e.g. JSON / flow-style input).
//  3. fresh   – a new document from the plain data; always correct, no comments.
import { Document, isMap, isScalar, isSeq, parseAllDocuments, parseDocument } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { JsonObject, JsonValue, KubeObject, Result } from '../../types';
import { DEFAULT_API_VERSION, isEmptyDocument, plainOf } from './read';
import type { ParsedResourceList } from './read';
import {
  applyEdits,
  CannotSplice,
  detectStyle,
  lineStart,
  newlineOf,
  nodeColumn,
  reindent,
  stringifyNode,
  toLineEnd,
  withNewline,
} from './splice';
import type { Edit } from './splice';
import { SOURCE } from './state';
import { writeItemByItem } from './write-items';
import { syncNode } from './sync-node';
import {
  createNode,
  deepEqual,
  DEFAULT_STYLE,
  inspectNode,
  MAX_ALIAS_COUNT,
  OUTPUT_DOC_OPTIONS,
  PARSE_OPTIONS,
  toPlain,
  toStringOptions,
} from './yaml-util';
import type { OutputStyle } from './yaml-util';

export interface WriteRequest {
  /** index in items → the complete new plain object for that item (equal objects change nothing) */
  updated: Map<number, KubeObject>;
  /** new items, appended after the input items, in this order */
  added: KubeObject[];
  /** input items to leave out (e.g. generated objects an uninject takes back) */
  removed?: ReadonlySet<number>;
  /** replaces any input `results`; the field is omitted when empty */
  results: Result[];
  /** true: emit `items: []` (used when the input itself is unusable); updated/added are ignored */
  dropItems?: boolean;
}

/** Which strategy produced the output (see the top of this file). */
export type WriteMode = 'unchanged' | 'items' | 'splice' | 'rewrite' | 'fresh';

/** The ResourceList to print on stdout. */
export function writeResourceList(parsed: ParsedResourceList, req: WriteRequest): string {
  return writeResourceListWithMode(parsed, req).text;
}

/** writeResourceList, also telling which strategy was used (for tests and diagnostics). */
export function writeResourceListWithMode(
  parsed: ParsedResourceList,
  req: WriteRequest,
): { text: string; mode: WriteMode } {
  const apiVersion = parsed.apiVersion || DEFAULT_API_VERSION;
  if (req.dropItems) return { text: emptyResourceList(req.results, apiVersion), mode: 'fresh' };
  const src = parsed[SOURCE];
  if (src.mode === 'items') {
    checkRequest(req, src.split.items.length);
    const originals = parsed.items.map((i) => i.object);
    const out = writeItemByItem(src, originals, req);
    if (out !== undefined) return { text: out, mode: out === src.text ? 'unchanged' : 'items' };
    // Not patchable: the whole document, as if it had been read that way.
    return writeResourceListWithMode({ ...parsed, [SOURCE]: { mode: 'resourceList', text: src.text } }, req);
  }
  if (src.mode !== 'resourceList') {
    // Manifests read as files but written as a ResourceList: nothing to preserve byte-wise.
    const items = [...applyUpdates(manifestPlains(src.files), req), ...req.added];
    const rl: JsonObject = { apiVersion, kind: 'ResourceList', items };
    if (req.results.length > 0) rl.results = req.results as unknown as JsonValue;
    return { text: freshYaml(rl, DEFAULT_STYLE), mode: 'fresh' };
  }

  const text = src.text;
  // The reader's document, once: it is not parsed again (splicing edits it, so take it).
  const cached = src.cache?.doc;
  if (src.cache) src.cache.doc = undefined;
  const doc = cached ?? parseDocument(text, PARSE_OPTIONS);
  const plain = plainOf(doc) as JsonObject;
  const inputItems = plain.items as JsonValue[];
  checkRequest(req, inputItems.length);
  const expected: JsonObject = { ...plain, items: [...applyUpdates(inputItems, req), ...req.added] };
  if (req.results.length > 0) expected.results = req.results as unknown as JsonValue;
  else delete expected.results;
  if (deepEqual(plain, expected)) return { text, mode: 'unchanged' };

  const style = detectStyle(text, doc.contents);
  const attempts: [WriteMode, () => string][] = [
    ['splice', () => spliceResourceList(text, doc, req, style)],
    ['rewrite', () => rewriteResourceList(text, req, style)],
  ];
  for (const [mode, attempt] of attempts) {
    let out: string;
    try {
      out = attempt();
    } catch {
      continue; // CannotSplice, or anything unexpected: try the next strategy
    }
    if (sameDocument(out, expected)) return { text: out, mode };
  }
  return { text: freshYaml(expected, style), mode: 'fresh' };
}

/**
 * Multi-document (manifest files) mode. Returns one entry per input file, in input order, whose
 * text is the file with its changed documents spliced in place (identical text when nothing in
 * it changed), plus — only when there are added items — a final entry with path '' (stdout)
 * holding the added items as a `---`-separated stream. `results` are not written here (the caller
 * reports them). With `dropItems`, returns []. A ParsedResourceList read from a ResourceList gives
 * a single '' entry with all items.
 */
export function writeManifests(parsed: ParsedResourceList, req: WriteRequest): { path: string; text: string }[] {
  if (req.dropItems) return [];
  const src = parsed[SOURCE];
  if (src.mode !== 'manifests') {
    const plain = plainOf(parseDocument(src.text, PARSE_OPTIONS)) as JsonObject;
    const inputItems = plain.items as JsonValue[];
    checkRequest(req, inputItems.length);
    const all = [...applyUpdates(inputItems, req), ...req.added];
    return all.length > 0 ? [{ path: '', text: freshStream(all) }] : [];
  }
  checkRequest(req, src.locations.length);
  const out = src.files.map((file, fi) => {
    const updates = new Map<number, JsonValue>();
    const removed = new Set<number>();
    src.locations.forEach((loc, idx) => {
      const v = req.updated.get(idx);
      if (loc.file === fi && v !== undefined) updates.set(loc.doc, v);
      if (loc.file === fi && req.removed?.has(idx)) removed.add(loc.doc);
    });
    // Leaving documents out is a rewrite of the file (synced, not spliced).
    if (removed.size > 0) return { path: file.path, text: rewriteManifestFile(file.text, updates, removed) };
    return { path: file.path, text: updates.size > 0 ? writeManifestFile(file.text, updates) : file.text };
  });
  if (req.added.length > 0) out.push({ path: '', text: freshStream(req.added) });
  return out;
}

/** A ResourceList with no items, for input that cannot be parsed (or used) at all. */
export function emptyResourceList(results: Result[], apiVersion: string = DEFAULT_API_VERSION): string {
  const rl: JsonObject = { apiVersion, kind: 'ResourceList', items: [] };
  if (results.length > 0) rl.results = results as unknown as JsonValue;
  return freshYaml(rl, DEFAULT_STYLE);
}

// --- ResourceList strategies ------------------------------------------------------------------

/** Edits `doc` (the text's own document) in place. */
function spliceResourceList(text: string, doc: Document, req: WriteRequest, docStyle: OutputStyle): string {
  const root = doc.contents;
  if (!isMap(root) || !root.range) throw new CannotSplice('root is not a mapping');
  const nl = newlineOf(text);
  const edits: Edit[] = [];
  const seq = findPair(root, 'items')?.value;
  if (!isSeq(seq)) throw new CannotSplice('items is not a sequence');

  const changed = [...req.updated.entries()]
    .filter(([i, v]) => !deepEqual(toPlain(doc, seq.items[i]), v))
    .sort((a, b) => a[0] - b[0]);
  if ((changed.length > 0 || req.added.length > 0) && seq.flow) throw new CannotSplice('items is in flow style');
  if (req.removed?.size) throw new CannotSplice('items are removed');

  for (const [i, value] of changed) {
    const node = seq.items[i];
    edits.push(replaceNodeEdit(text, doc, node, value, docStyle, true, nl));
  }

  if (req.added.length > 0) {
    const items = seq.items as Node[];
    const last = items[items.length - 1];
    if (!last?.range) throw new CannotSplice('no item to insert after');
    let prefix: string | undefined;
    for (let k = items.length - 1; k >= 0 && prefix === undefined; k--) {
      const r = items[k]?.range;
      if (!r) continue;
      const p = text.slice(lineStart(text, r[0]), r[0]);
      if (/^ *- +$/.test(p)) prefix = p;
    }
    if (prefix === undefined && seq.range) {
      const dashCol = nodeColumn(text, seq.range[0], false);
      if (dashCol !== undefined && text[seq.range[0]] === '-') prefix = `${' '.repeat(dashCol)}- `;
    }
    if (prefix === undefined) throw new CannotSplice('cannot tell the item indentation');
    const pos = toLineEnd(text, last.range[1]);
    if (pos === undefined) throw new CannotSplice('last item does not end a line');
    let ins = '';
    for (const obj of req.added) {
      const frag = stringifyNode(createNode(doc, obj), docStyle, false);
      ins += withNewline(prefix + reindent(frag, prefix.length), nl);
    }
    edits.push({ start: pos, end: pos, text: ins, atLineStart: true });
  }

  const resultsPair = findPair(root, 'results');
  const want = req.results.length > 0;
  if (resultsPair || want) {
    if (root.flow) throw new CannotSplice('root is in flow style');
    const rootCol = nodeColumn(text, root.range[0], false);
    if (rootCol === undefined) throw new CannotSplice('root does not start a line');
    const frag = want
      ? withNewline(reindent(stringifyNode(createNode(doc, { results: req.results }), docStyle, false), rootCol), nl)
      : '';
    if (resultsPair) {
      const key: unknown = resultsPair.key;
      if (!isScalar(key) || !key.range) throw new CannotSplice('odd results key');
      const start = key.range[0];
      if (nodeColumn(text, start, false) !== rootCol) throw new CannotSplice('results key not at the root column');
      const value = resultsPair.value as Node | null;
      const end = toLineEnd(text, value?.range ? value.range[1] : key.range[1]);
      if (end === undefined) throw new CannotSplice('results value does not end a line');
      const atEof = end === text.length && !text.endsWith('\n');
      edits.push({ start, end, text: atEof ? frag.replace(/\r?\n$/, '') : frag });
    } else {
      const pos = toLineEnd(text, root.range[1]);
      if (pos === undefined) throw new CannotSplice('root does not end a line');
      edits.push({ start: pos, end: pos, text: ' '.repeat(rootCol) + frag, atLineStart: true });
    }
  }
  return applyEdits(text, edits, nl);
}

/**
 * Edit replacing a block mapping node (an item, or a document's root) by its synced version,
 * re-indented to the node's column. Only the node's own range [start, value end) is replaced:
 * comments before it and its own trailing comments stay in the text.
 */
function replaceNodeEdit(
  text: string,
  doc: Document,
  node: unknown,
  value: JsonValue,
  docStyle: OutputStyle,
  allowDash: boolean,
  nl: string,
): Edit {
  if (!isMap(node) || node.flow || !node.range || node.anchor || node.tag) {
    throw new CannotSplice('changed node is not a plain block mapping');
  }
  const facts = inspectNode(node);
  if (facts.hasAlias || facts.hasAnchor) throw new CannotSplice('changed node uses anchors or aliases');
  const [start, end] = node.range;
  const col = nodeColumn(text, start, allowDash);
  if (col === undefined) throw new CannotSplice('changed node does not start its line');
  const style = detectStyle(text, node, docStyle);
  if (syncNode(doc, node, value) !== node) throw new CannotSplice('node was replaced');
  let frag = reindent(stringifyNode(node, style, true), col);
  if (!text.slice(start, end).endsWith('\n')) frag = frag.replace(/\n$/, '');
  return { start, end, text: withNewline(frag, nl) };
}

function rewriteResourceList(text: string, req: WriteRequest, style: OutputStyle): string {
  const doc = parseDocument(text, PARSE_OPTIONS);
  const root: unknown = doc.contents;
  if (!isMap(root)) throw new Error('root is not a mapping');
  const seq = findPair(root, 'items')?.value;
  if (!isSeq(seq)) throw new Error('items is not a sequence');
  for (const [i, v] of req.updated) seq.items[i] = syncNode(doc, seq.items[i] as Node, v);
  if (req.removed?.size) seq.items = seq.items.filter((_, i) => !req.removed!.has(i));
  // `items: []` with new items: write them as a block sequence (unless the whole input is flow/JSON)
  if (seq.flow && seq.items.length === 0 && req.added.length > 0 && !root.flow) seq.flow = false;
  for (const obj of req.added) seq.items.push(createNode(doc, obj));
  const pairs = root.items as Pair[];
  const idx = pairs.findIndex((p) => keyIs(p, 'results'));
  if (req.results.length > 0) {
    const node = createNode(doc, req.results);
    const existing = pairs[idx];
    if (existing) existing.value = node;
    else pairs.push(doc.createPair('results', node));
  } else if (idx >= 0) {
    pairs.splice(idx, 1);
  }
  return stringifyDocument(doc, style);
}

// --- manifests -------------------------------------------------------------------------------

function writeManifestFile(text: string, updates: Map<number, JsonValue>): string {
  const docs = parseAllDocuments(text, PARSE_OPTIONS) as Document[];
  const expected: JsonValue[] = [];
  let changed = false;
  docs.forEach((d, di) => {
    if (isEmptyDocument(d)) return;
    const orig = plainOf(d);
    const v = updates.get(di);
    if (v !== undefined && !deepEqual(orig, v)) changed = true;
    expected.push(v ?? orig);
  });
  if (!changed) return text;

  const attempts = [() => spliceManifestFile(text, updates), () => rewriteManifestFile(text, updates)];
  for (const attempt of attempts) {
    let out: string;
    try {
      out = attempt();
    } catch {
      continue;
    }
    if (sameStream(out, expected)) return out;
  }
  return freshStream(expected);
}

function spliceManifestFile(text: string, updates: Map<number, JsonValue>): string {
  const docs = parseAllDocuments(text, PARSE_OPTIONS) as Document[];
  const nl = newlineOf(text);
  const edits: Edit[] = [];
  for (const [di, value] of updates) {
    const doc = docs[di];
    if (!doc) throw new CannotSplice('no such document');
    if (deepEqual(plainOf(doc), value)) continue;
    edits.push(replaceNodeEdit(text, doc, doc.contents, value, DEFAULT_STYLE, false, nl));
  }
  return applyEdits(text, edits, nl);
}

function rewriteManifestFile(text: string, updates: Map<number, JsonValue>, removed: ReadonlySet<number> = new Set()): string {
  const docs = parseAllDocuments(text, PARSE_OPTIONS) as Document[];
  let first = true;
  return docs
    .map((doc, di) => {
      if (removed.has(di)) return '';
      const v = updates.get(di);
      if (v !== undefined && doc.contents) doc.contents = syncNode(doc, doc.contents as Node, v) as typeof doc.contents;
      if (!first && doc.directives) doc.directives.docStart = true;
      first = false;
      return stringifyDocument(doc, detectStyle(text, doc.contents));
    })
    .join('');
}

// --- shared ------------------------------------------------------------------------------------

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return (map.items as Pair[]).find((p) => keyIs(p, key));
}

function keyIs(pair: Pair, key: string): boolean {
  return isScalar(pair.key) && pair.key.value === key;
}

function checkRequest(req: WriteRequest, count: number): void {
  for (const i of req.updated.keys()) {
    if (!Number.isInteger(i) || i < 0 || i >= count) {
      throw new RangeError(`updated item index ${i} is out of range (there are ${count} input items)`);
    }
  }
}

function applyUpdates(items: JsonValue[], req: WriteRequest): JsonValue[] {
  return items.map((o, i) => req.updated.get(i) ?? o).filter((_, i) => !req.removed?.has(i));
}

function manifestPlains(files: readonly { path: string; text: string }[]): JsonValue[] {
  const out: JsonValue[] = [];
  for (const f of files) {
    for (const d of parseAllDocuments(f.text, PARSE_OPTIONS) as Document[]) {
      if (!isEmptyDocument(d)) out.push(plainOf(d));
    }
  }
  return out;
}

/** Stringify a parsed document with the output schema (keeps its comments and `---`). */
function stringifyDocument(doc: Document, style: OutputStyle): string {
  const out = new Document(null, OUTPUT_DOC_OPTIONS);
  out.contents = doc.contents as typeof out.contents;
  out.commentBefore = doc.commentBefore;
  out.comment = doc.comment;
  if (doc.directives) out.directives = doc.directives;
  return out.toString(toStringOptions(style));
}

function freshYaml(value: JsonValue, style: OutputStyle): string {
  const out = new Document(null, OUTPUT_DOC_OPTIONS);
  out.contents = createNode(out, value) as typeof out.contents;
  return out.toString(toStringOptions(style));
}

function freshStream(values: JsonValue[]): string {
  return values.map((v) => freshYaml(v, DEFAULT_STYLE)).join('---\n');
}

function parsePlain(doc: Document): { ok: true; value: unknown } | { ok: false } {
  if (doc.errors.length > 0 || doc.warnings.length > 0) return { ok: false };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch {
    return { ok: false };
  }
}

function sameDocument(out: string, expected: JsonValue): boolean {
  const r = parsePlain(parseDocument(out, PARSE_OPTIONS));
  return r.ok && deepEqual(r.value, expected);
}

function sameStream(out: string, expected: JsonValue[]): boolean {
  const got: unknown[] = [];
  for (const d of parseAllDocuments(out, PARSE_OPTIONS) as Document[]) {
    if (isEmptyDocument(d)) {
      if (d.errors.length > 0 || d.warnings.length > 0) return false;
      continue;
    }
    const r = parsePlain(d);
    if (!r.ok) return false;
    got.push(r.value);
  }
  return deepEqual(got, expected);
}
