// Write end of the function: plain objects → output text that keeps the input's YAML.
//
// One way of changing text: an item that changed (and only such an item) is rewritten on its own
// (rewrite-item.ts: patched in place, else synced, else written afresh; a flow or JSON item as
// JSON), new items are inserted after the last item, `results` is replaced, removed or appended
// (write-items.ts). Every other byte of the input is copied: untouched items, comments, document
// markers, a byte order mark, each item's own line breaks. JSON input stays JSON.
//
// Every byte written is checked: each new piece is read back alone when it is made, and the
// whole output is then read back with the reader and compared with the intended values. Output
// that cannot be made exact is never written: the writer throws an FnError naming the item.
// A ResourceList made from nothing (input that could not be used, manifests written as a
// ResourceList) and manifests' new documents are written by emit-yaml.ts and checked the same way.
import { parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import type { JsonObject, JsonValue, KubeObject, Result } from '../../types';
import { emitBlock, emitJson } from './emit-yaml';
import { DEFAULT_API_VERSION, isEmptyDocument, readResourceList } from './read';
import type { ParsedResourceList } from './read';
import { scanBlockMapping } from './block-scan';
import { flowText, rewriteBlockItem } from './rewrite-item';
import type { Strategy } from './rewrite-item';
import { scanDocuments } from './split-documents';
import { splitItems } from './split-items';
import { applyEdits } from './splice';
import type { Edit } from './splice';
import { SOURCE } from './state';
import type { ManifestFile, NodesLayout, SourceState } from './state';
import { describeItem, writeError, WriteFailure } from './write-error';
import { writeLines, writeNodes } from './write-items';
import type { ListPlan, ListText } from './write-items';
import { deepEqual, DEFAULT_STYLE, MAX_ALIAS_COUNT, PARSE_OPTIONS } from './yaml-util';

export type { Strategy } from './rewrite-item';

export interface WriteRequest {
  /** index in items → the complete new plain object for that item (equal objects change nothing) */
  updated: Map<number, KubeObject>;
  /** new items, appended after the input items, in this order */
  added: KubeObject[];
  /** input items to leave out (what an uninject takes back) */
  removed?: ReadonlySet<number>;
  /** replaces any input `results`; the field is omitted when empty */
  results: Result[];
  /** true: emit `items: []` (used when the input itself is unusable); updated/added are ignored */
  dropItems?: boolean;
}

/** A written text, and what was done to each item (for tests and DEBUG=writer). */
export interface Written {
  text: string;
  /** by index in the output: how each rewritten or new item was written */
  strategies: Map<number, Strategy>;
  /** one line per rewritten or new item: `items[3] Deployment ns/web: patch` */
  trace: string[];
}

/** The ResourceList to print on stdout. Throws FnError when it cannot be written exactly. */
export function writeResourceList(parsed: ParsedResourceList, req: WriteRequest): string {
  return writeResourceListTraced(parsed, req).text;
}

/** writeResourceList, also telling how each item was written. */
export function writeResourceListTraced(parsed: ParsedResourceList, req: WriteRequest): Written {
  const apiVersion = parsed.apiVersion || DEFAULT_API_VERSION;
  if (req.dropItems) return fresh(freshList(apiVersion, [], req.results));
  const src = parsed[SOURCE];
  const originals = parsed.items.map((i) => i.object);
  checkRequest(req, originals.length);
  const items: JsonObject[] = originals.map((o, i) => req.updated.get(i) ?? o);
  const removed = req.removed ?? new Set<number>();
  const kept = items.filter((_, i) => !removed.has(i));
  if (src.mode === 'manifests') {
    // Manifests read as files but written as a ResourceList: nothing to keep byte for byte.
    return fresh(freshList(apiVersion, [...kept, ...req.added], req.results));
  }
  const changed = originals.map((_, i) => i).filter((i) => !removed.has(i) && !deepEqual(originals[i], items[i]));
  const root: JsonObject = { ...src.root };
  if (req.results.length > 0) root.results = req.results as unknown as JsonValue;
  else delete root.results;
  if (changed.length === 0 && removed.size === 0 && req.added.length === 0 && deepEqual(root, src.root)) {
    return { text: withBom(src.text, src.bom), strategies: new Map(), trace: [] };
  }
  const all = [...kept, ...req.added];
  const plan: ListPlan = { text: src.text, items, rewrite: changed, added: req.added, removed };
  if (req.results.length > 0) plan.results = req.results as unknown as JsonValue;
  let out: ListText;
  try {
    if (src.layout.kind === 'lines') {
      out = writeLines(src.layout, plan);
    } else {
      plan.rewrite = withDependents(src.layout, changed);
      out = writeNodes(src.layout, plan);
    }
    const bad = misread(out, src, all, root);
    if (bad !== undefined) throw new WriteFailure(bad, bad >= 0 ? describeItem(all[bad], bad) : 'the ResourceList');
  } catch (e) {
    // (failures name input indexes: the removed items count)
    if (e instanceof WriteFailure) throw writeError(e, e.index >= 0 ? [...items, ...req.added][e.index] : undefined);
    throw e;
  }
  return { text: withBom(out.text, src.bom), strategies: out.strategies, trace: traceOf(out.strategies, all) };
}

/** A ResourceList with no items, for input that cannot be parsed (or used) at all. */
export function emptyResourceList(results: Result[], apiVersion: string = DEFAULT_API_VERSION): string {
  return fresh(freshList(apiVersion, [], results)).text;
}

/**
 * Multi-document (manifest files) mode. Returns one entry per input file, in input order, whose
 * text is the file with its changed documents rewritten in place (identical text when nothing in
 * it changed), plus — only when there are added items — a final entry with path '' (stdout)
 * holding the added items as a `---`-separated stream. `results` are not written here (the caller
 * reports them). With `dropItems`, returns []. A ParsedResourceList read from a ResourceList gives
 * a single '' entry with all items. Throws FnError when a file cannot be written exactly.
 */
export function writeManifests(parsed: ParsedResourceList, req: WriteRequest): { path: string; text: string }[] {
  return writeManifestsTraced(parsed, req).files;
}

export function writeManifestsTraced(parsed: ParsedResourceList, req: WriteRequest): { files: { path: string; text: string }[]; trace: string[] } {
  if (req.dropItems) return { files: [], trace: [] };
  const src = parsed[SOURCE];
  const originals = parsed.items.map((i) => i.object);
  checkRequest(req, originals.length);
  const items: JsonObject[] = originals.map((o, i) => req.updated.get(i) ?? o);
  const trace: string[] = [];
  try {
    if (src.mode !== 'manifests') {
      const all = [...items, ...req.added];
      return { files: all.length > 0 ? [{ path: '', text: newDocuments(all, false) }] : [], trace };
    }
    const files = src.files.map((file, fi) => {
      const updates = new Map<number, { index: number; value: JsonObject | undefined }>();
      src.locations.forEach((loc, idx) => {
        if (loc.file !== fi) return;
        if (req.removed?.has(idx)) updates.set(loc.doc, { index: idx, value: undefined });
        else if (!deepEqual(originals[idx], items[idx])) updates.set(loc.doc, { index: idx, value: items[idx] });
      });
      const expected = src.locations
        .map((loc, idx) => ({ loc, idx }))
        .filter((x) => x.loc.file === fi && !req.removed?.has(x.idx))
        .map((x) => items[x.idx]);
      const text = updates.size > 0 ? writeManifestFile(file, updates, expected, trace) : file.text;
      return { path: file.path, text: withBom(text, file.bom) };
    });
    if (req.added.length > 0) {
      const json = src.files.length > 0 && src.files.every((f) => f.json.every((j, di) => j !== undefined || f.docs[di] === undefined));
      files.push({ path: '', text: newDocuments(req.added, json) });
      req.added.forEach((obj, k) => trace.push(`${describeItem(obj, originals.length + k)}: ${json ? 'json' : 'fresh'}`));
    }
    return { files, trace };
  } catch (e) {
    if (e instanceof WriteFailure) throw writeError(e, e.index >= 0 ? [...items, ...req.added][e.index] : undefined);
    throw e;
  }
}

/**
 * The manifests as one `---`-separated stream (what `render` prints): the files and the added
 * documents, each ending with a line break, read back as a whole and compared with the items.
 */
export function manifestStream(parsed: ParsedResourceList, req: WriteRequest): { text: string; trace: string[] } {
  const { files, trace } = writeManifestsTraced(parsed, req);
  const texts = files.map((f, i) => (i > 0 ? f.text.replace(/^\ufeff/, '') : f.text)).filter((t) => t.trim() !== '');
  const text = texts.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('---\n');
  if (req.dropItems) return { text, trace };
  const expected = [...parsed.items.filter((i) => !req.removed?.has(i.index)).map((i) => req.updated.get(i.index) ?? i.object), ...req.added];
  if (!sameStream(text.replace(/^\ufeff/, ''), expected)) throw writeError(new WriteFailure(-1, 'the manifests'), undefined);
  return { text, trace };
}

// --- ResourceList ---------------------------------------------------------------------------------------

/**
 * Items whose text must be rewritten: the changed ones, and (nodes layout) every item that refers
 * to an anchor of a rewritten item, which loses its anchors when written afresh.
 */
function withDependents(layout: NodesLayout, changed: number[]): number[] {
  const out = new Set(changed);
  const queue = [...changed];
  while (queue.length > 0) {
    const i = queue.pop()!;
    for (const name of layout.anchors[i]?.defines ?? []) {
      layout.anchors.forEach((a, k) => {
        if (!out.has(k) && a.uses.includes(name)) {
          out.add(k);
          queue.push(k);
        }
      });
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Undefined when the output reads back as the intended items and root; else the index of the
 * first item that does not (-1: the rest of the ResourceList, or the whole text).
 */
function misread(out: ListText, src: Extract<SourceState, { mode: 'resourceList' }>, items: JsonObject[], root: JsonObject): number | undefined {
  // Lines layout: the output splits into the pieces that were each read back alone; only the
  // rest of the root is read again.
  if (out.pieces) {
    const again = splitItems(out.text);
    if (
      again &&
      again.items.length === out.pieces.length &&
      again.items.every((r, k) => out.text.slice(r.lineStart, r.to) === out.pieces![k]) &&
      again.rootKeys.filter((k) => k !== 'items').join('\n') === Object.keys(root).join('\n')
    ) {
      return deepEqual(skeletonRoot(again.skeleton), root) ? undefined : -1;
    }
  }
  let back: ParsedResourceList;
  try {
    back = readResourceList(out.text);
  } catch {
    return -1;
  }
  const b = back[SOURCE];
  const bad = items.findIndex((v, k) => !deepEqual(back.items[k]?.object, v));
  if (bad >= 0) return bad;
  if (b.mode !== 'resourceList' || back.items.length !== items.length || !deepEqual(b.root, root)) return -1;
  if (src.layout.kind === 'nodes' && src.layout.json) {
    try {
      JSON.parse(out.text);
    } catch {
      return -1;
    }
  }
  return undefined;
}

/** The root mapping (without `items`) of a split text's skeleton, as the reader reads it. */
function skeletonRoot(skeleton: string): JsonObject | undefined {
  // The block scanner first: `results` can be long, and the library is slow on it.
  const first = /^[A-Za-z_]/m.exec(skeleton);
  const scanned = first ? scanBlockMapping(skeleton, first.index, skeleton.length, { level: 1 }) : undefined;
  let root: JsonObject | undefined;
  if (scanned && !scanned.nonFinite) {
    root = { ...scanned.value };
  } else {
    try {
      const src = readResourceList(skeleton)[SOURCE];
      if (src.mode === 'resourceList') root = { ...src.root };
    } catch {
      return undefined;
    }
  }
  if (root) delete root.items;
  return root;
}

function freshList(apiVersion: string, items: JsonValue[], results: Result[]): JsonObject {
  const rl: JsonObject = { apiVersion, kind: 'ResourceList', items };
  if (results.length > 0) rl.results = results as unknown as JsonValue;
  return rl;
}

/** A ResourceList written from nothing, read back. */
function fresh(rl: JsonObject): Written {
  for (const quoted of [false, true]) {
    let text: string;
    try {
      text = emitBlock(rl, DEFAULT_STYLE, quoted);
    } catch {
      break;
    }
    let back: ParsedResourceList | undefined;
    try {
      back = readResourceList(text);
    } catch {
      back = undefined;
    }
    const b = back?.[SOURCE];
    if (back && b?.mode === 'resourceList' && deepEqual({ ...b.root, items: back.items.map((i) => i.object) }, rl)) {
      return { text, strategies: new Map(), trace: [] };
    }
  }
  throw writeError(new WriteFailure(-1, 'the ResourceList'), undefined);
}

// --- manifests --------------------------------------------------------------------------------------------

function writeManifestFile(file: ManifestFile, updates: Map<number, { index: number; value: JsonObject | undefined }>, expected: JsonObject[], trace: string[]): string {
  const edits: Edit[] = [];
  for (const [di, { index, value }] of updates) {
    const slot = file.docs[di];
    if (!slot) throw new WriteFailure(index, describeItem(value, index));
    if (value === undefined) {
      // Left out: the document's text goes (an empty document stays between its separators).
      const end = slot.flow ? slot.end : slot.to;
      if (end === undefined || end < 0) throw new WriteFailure(index, `document ${di + 1} of ${file.path || 'the manifests'}`);
      edits.push({ start: slot.flow ? slot.from : slot.lineStart, end, text: '' });
      trace.push(`${file.path || '<stdin>'}: document ${di + 1}: removed`);
      continue;
    }
    let strategy: Strategy;
    if (slot.flow) {
      const multiLine = file.text.slice(slot.from, slot.end).includes('\n');
      const out = flowText(value, file.json[di], multiLine, '');
      if (out === undefined || slot.end === undefined) throw new WriteFailure(index, describeItem(value, index));
      edits.push({ start: slot.from, end: slot.end, text: out });
      strategy = 'json';
    } else {
      const done = rewriteBlockItem(file.text, slot, value, file.styles[di], 1);
      if (!done) throw new WriteFailure(index, describeItem(value, index));
      edits.push({ start: slot.lineStart, end: slot.to, text: done.text });
      strategy = done.strategy;
    }
    trace.push(`${file.path || '<stdin>'}: ${describeItem(value, index)}: ${strategy}`);
  }
  const text = applyEdits(file.text, edits, '\n');
  if (!sameStream(text, expected)) throw new WriteFailure(-1, file.path || 'the manifests');
  return text;
}

/** New documents as a `---`-separated stream (JSON documents when the input was all JSON), read back. */
function newDocuments(values: JsonObject[], json: boolean): string {
  const docs = values.map((v, k) => {
    for (const quoted of json ? [false] : [false, true]) {
      const text = json ? `${emitJson(v, { unit: '  ' })}\n` : emitBlock(v, DEFAULT_STYLE, quoted);
      if (sameStream(text, [v])) return text;
    }
    throw new WriteFailure(-1, `new document ${k + 1}`);
  });
  return docs.join('---\n');
}

/**
 * Whether a multi-document text reads back as exactly `expected` (empty documents left out). The
 * block scanner first, as the ResourceList writer reads back: the library takes seconds on the
 * megabytes of a big chart's stream (`render`), and this runs on every file and on the whole output.
 */
export function sameStream(out: string, expected: JsonValue[]): boolean {
  const scanned = scanDocuments(out);
  if (scanned !== undefined) return deepEqual(scanned, expected);
  const got: unknown[] = [];
  for (const d of parseAllDocuments(out, PARSE_OPTIONS) as Document[]) {
    if (d.errors.length > 0 || d.warnings.length > 0) return false;
    if (isEmptyDocument(d)) continue;
    try {
      got.push(d.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
    } catch {
      return false;
    }
  }
  return deepEqual(got, expected);
}

// --- shared ------------------------------------------------------------------------------------------------

function checkRequest(req: WriteRequest, count: number): void {
  for (const i of req.updated.keys()) {
    if (!Number.isInteger(i) || i < 0 || i >= count) {
      throw new RangeError(`updated item index ${i} is out of range (there are ${count} input items)`);
    }
  }
}

function withBom(text: string, bom: boolean): string {
  return bom ? `\ufeff${text}` : text;
}

function traceOf(strategies: Map<number, Strategy>, items: JsonValue[]): string[] {
  return [...strategies.entries()].sort((a, b) => a[0] - b[0]).map(([i, s]) => `${describeItem(items[i], i)}: ${s}`);
}
