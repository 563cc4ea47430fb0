// One changed item (or manifest document) rewritten on its own: the only way the writer changes
// text. The item's lines are taken alone (its dash blanked, CRLF line breaks made LF), and
// candidate texts are tried in order, each read back alone and compared with the new value:
//  1. patch        – only what changed is rewritten (patch-item.ts); everything else keeps its bytes;
//  2. sync         – the item's Document synced (sync-node.ts) and stringified by the library: its
//                    comments survive, its layout may not;
//  3. fresh        – the new value written by emit-yaml.ts under the item's leading comments (an
//                    item with anchors, aliases or merge keys lands here: written out in full);
//  4. fresh-quoted – the same with every string double-quoted.
// The first candidate that reads back exactly is used, with the item's own line breaks; when none
// does, the caller fails loudly. A flow item (`- {...}`, an entry of `[...]`, a JSON document) is
// written as JSON, read back the same way.
import { isMap, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import type { JsonObject, JsonValue } from '../../types';
import { scanBlockMapping, scanFlowCollection } from './block-scan';
import type { MapNode } from './block-scan';
import { CannotEmit, emitBlock, emitJson } from './emit-yaml';
import { fastPathStats } from './fast-path-stats';
import { itemStyle, patchItem } from './patch-item';
import { readMappingText } from './read-items';
import { applyEdits, detectStyle, reindent, stringifyNode, toLineEnd } from './splice';
import type { ItemSlot, JsonLayout } from './state';
import { syncNode } from './sync-node';
import { deepEqual, inspectNode, PARSE_OPTIONS } from './yaml-util';
import type { OutputStyle } from './yaml-util';

export type Strategy = 'patch' | 'sync' | 'fresh' | 'fresh-quoted' | 'json';

export interface Rewritten {
  /** the new text of the slot's [lineStart, to) (block) or [from, end) (flow) */
  text: string;
  strategy: Strategy;
}

/** The item's lines alone, as the candidates see them. */
interface Local {
  /** [lineStart, to) with `\r\n` made `\n` (the dash stays: the scanner reads past it) */
  text: string;
  /** first key */
  from: number;
  /** end of the content (after the line break of its last line), when known */
  end?: number;
  dashCol: number;
  /** nesting level of the mapping (3: an item, 1: a document) */
  level: number;
  style: OutputStyle;
  /** the scanner's reading of the item, when it reads it */
  scanned?: { node: MapNode; value: JsonObject };
}

/** A candidate text of the item's lines, with the offset of its first key. */
interface Candidate {
  text: string;
  from: number;
}

/** Only spaces, comment lines and blank lines: what may precede an item's first key (its dash blanked). */
const CLEAN_HEAD = /^(?:[ ]*(?:#[^\n]*)?\n)*[ ]*$/;

/**
 * New text for a block item's lines [slot.lineStart, slot.to) that reads back as `value`, or
 * undefined when no candidate does (or the slot cannot be replaced as lines).
 */
export function rewriteBlockItem(text: string, slot: ItemSlot, value: JsonObject, docStyle: OutputStyle, level: number): Rewritten | undefined {
  if (slot.flow || slot.to < 0) return undefined;
  let local = text.slice(slot.lineStart, slot.to);
  let from = slot.from - slot.lineStart;
  let end = slot.end === undefined ? undefined : slot.end - slot.lineStart;
  if (slot.dashCol >= 0 && local.charCodeAt(slot.dashCol) !== 45) return undefined;
  const firstBreak = local.indexOf('\n');
  const crlf = firstBreak > 0 && local[firstBreak - 1] === '\r';
  if (local.includes('\r\n')) {
    const crsBefore = (n: number): number => (local.slice(0, n).match(/\r\n/g) ?? []).length;
    from -= crsBefore(from);
    if (end !== undefined) end -= crsBefore(end);
    local = local.replace(/\r\n/g, '\n');
  }
  const scanned = scanBlockMapping(local, from, local.length, { positions: true, level });
  const l: Local = { text: local, from, dashCol: slot.dashCol, level, style: docStyle };
  if (scanned?.node) {
    l.scanned = { node: scanned.node, value: scanned.value };
    l.style = itemStyle(scanned.node, docStyle);
    l.end = end ?? scanned.node.end;
  } else {
    // The library's nodes (also of an item whose aliases point outside it) give its style and end.
    const root: unknown = parseDocument(blankDash(local, slot.dashCol), PARSE_OPTIONS).contents;
    if (isMap(root) && root.range && root.range[0] === from) {
      l.style = detectStyle(local, root, docStyle);
      const e = root.range[1];
      l.end = end ?? (e === local.length || local.charCodeAt(e - 1) === 10 ? e : toLineEnd(local, e));
    } else {
      l.end = end;
    }
  }
  const strategies: [Strategy, (l: Local, v: JsonObject) => Candidate | undefined][] = [
    ['patch', patch],
    ['sync', sync],
    ['fresh', (x, v) => fresh(x, v, false)],
    ['fresh-quoted', (x, v) => fresh(x, v, true)],
  ];
  for (const [strategy, make] of strategies) {
    let c: Candidate | undefined;
    try {
      c = make(l, value);
    } catch (e) {
      if (e instanceof CannotEmit) continue;
      throw e;
    }
    if (c === undefined) continue;
    // An item at the end of a text without a final line break: keep it so, when that reads the same.
    const texts = !local.endsWith('\n') && c.text.endsWith('\n') ? [c.text.slice(0, -1), c.text] : [c.text];
    for (const t of texts) {
      if (readsBackAs(t, c.from, value, level, slot.dashCol)) {
        if (strategy !== 'patch') fastPathStats.itemsNotPatched++;
        return { text: crlf ? t.replace(/\n/g, '\r\n') : t, strategy };
      }
    }
  }
  return undefined;
}

/** `text` with the `-` at `dashCol` of its first line made a space (the mapping keeps its columns). */
function blankDash(text: string, dashCol: number): string {
  return dashCol >= 0 && text.charCodeAt(dashCol) === 45 ? `${text.slice(0, dashCol)} ${text.slice(dashCol + 1)}` : text;
}

/**
 * Whether `text` (an item's lines, its dash at `dashCol` of the first line, or -1 for none) is one
 * block mapping at `from` that reads as `value`.
 */
export function readsBackAs(text: string, from: number, value: JsonObject, level: number, dashCol = -1): boolean {
  const scanned = scanBlockMapping(text, from, text.length, { level });
  // The scanner reads what the library reads; `.inf` and `.nan` are left to the library's check.
  if (scanned && !scanned.nonFinite) return deepEqual(scanned.value, value);
  const read = readMappingText(blankDash(text, dashCol), from, level);
  return read !== undefined && deepEqual(read, value);
}

/** New entry text (`- ` at `dashCol`, the object under it) that reads back as `value`; undefined when none does. */
export function newEntry(value: JsonObject, dashCol: number, style: OutputStyle, level: number): { text: string; strategy: Strategy } | undefined {
  for (const quoted of [false, true]) {
    let body: string;
    try {
      body = emitBlock(value, style, quoted);
    } catch (e) {
      if (e instanceof CannotEmit) return undefined;
      throw e;
    }
    const entry = `${' '.repeat(dashCol)}- ${reindent(body, dashCol + 2)}`;
    if (readsBackAs(entry, dashCol + 2, value, level, dashCol)) return { text: entry, strategy: quoted ? 'fresh-quoted' : 'fresh' };
  }
  return undefined;
}

/** A block mapping at column `col` (a root key such as `results:`) that reads back as `value`. */
export function newBlock(value: JsonObject, col: number, style: OutputStyle): string | undefined {
  for (const quoted of [false, true]) {
    let body: string;
    try {
      body = `${' '.repeat(col)}${reindent(emitBlock(value, style, quoted), col)}`;
    } catch (e) {
      if (e instanceof CannotEmit) return undefined;
      throw e;
    }
    if (readsBackAs(body, col, value, 1)) return body;
  }
  return undefined;
}

/**
 * A value written as JSON in a flow context (or as a JSON document): one line unless `json`
 * says the text is indented; undefined when it does not read back, as YAML and as JSON.
 */
export function flowText(value: JsonValue, json: JsonLayout | undefined, multiLine: boolean, base: string): string | undefined {
  let out: string;
  try {
    out = emitJson(value, json && multiLine && json.unit !== undefined ? { unit: json.unit, base } : { spaced: json ? json.spaced : true });
  } catch (e) {
    if (e instanceof CannotEmit) return undefined;
    throw e;
  }
  let back: unknown;
  try {
    back = JSON.parse(out);
  } catch {
    return undefined;
  }
  if (!deepEqual(back, value)) return undefined;
  // As YAML: by the scanner's flow reader when it reads it (one line), else by the library.
  const scanned = value !== null && typeof value === 'object' && !out.includes('\n') ? scanFlowCollection(out, 0, out.length, 1) : undefined;
  if (scanned && !scanned.nonFinite) return deepEqual(scanned.value, value) ? out : undefined;
  const doc = parseDocument(out, PARSE_OPTIONS);
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  return deepEqual(doc.toJS(), value) ? out : undefined;
}

/**
 * New text for the lines [lineStart, to) of a one-line flow mapping item (`- {...}`, as kpt and
 * kustomize pass a JSON file's object): the new value as one line of JSON in place of the old
 * collection, what stood around it on its lines kept, read back alone; undefined when it does not
 * read back.
 */
export function rewriteFlowItem(text: string, range: { lineStart: number; from: number; to: number }, value: JsonObject, level: number): Rewritten | undefined {
  const old = scanFlowCollection(text, range.from, range.to, level);
  if (!old) return undefined;
  const json = flowText(value, undefined, false, '');
  if (json === undefined) return undefined;
  const piece = text.slice(range.lineStart, range.from) + json + text.slice(old.end, range.to);
  const back = scanFlowCollection(piece, range.from - range.lineStart, piece.length, level);
  return back && !back.nonFinite && deepEqual(back.value, value) ? { text: piece, strategy: 'json' } : undefined;
}

// --- candidates --------------------------------------------------------------------------------------

/** The text before the first key, dash blanked, when it holds nothing but blanks and comments. */
function cleanHead(l: Local): string | undefined {
  const head = blankDash(l.text.slice(0, l.from), l.dashCol);
  return CLEAN_HEAD.test(head) ? head : undefined;
}

function patch(l: Local, value: JsonObject): Candidate | undefined {
  if (!l.scanned || cleanHead(l) === undefined) return undefined;
  const edits = patchItem(l.text, l.scanned.node, l.scanned.value, value, l.style);
  if (!edits) return undefined;
  try {
    return { text: applyEdits(l.text, edits, '\n'), from: l.from };
  } catch {
    return undefined;
  }
}

function sync(l: Local, value: JsonObject): Candidate | undefined {
  if (cleanHead(l) === undefined) return undefined;
  const doc = parseDocument(blankDash(l.text, l.dashCol), PARSE_OPTIONS);
  const root: unknown = doc.contents;
  if (doc.errors.length > 0 || doc.warnings.length > 0 || !isMap(root) || !root.range || root.flow || root.range[0] !== l.from) return undefined;
  const facts = inspectNode(root, '', l.level);
  if (facts.hasAlias || facts.hasAnchor || facts.tooDeepAt !== undefined) return undefined;
  // (the library writes a lone surrogate as an escape that go-yaml refuses)
  if (hasLoneSurrogate(value)) return undefined;
  if (syncNode(doc, root as Node, value) !== root) return undefined;
  let body = reindent(stringifyNode(root as Node, l.style, true), columnOf(l.text, l.from));
  // What follows the node's own range (trailing comment lines, the next item's comments) stays.
  const end = root.range[1];
  if (!l.text.slice(l.from, end).endsWith('\n')) body = body.replace(/\n$/, '');
  return { text: l.text.slice(0, l.from) + body + l.text.slice(end), from: l.from };
}

function fresh(l: Local, value: JsonObject, quoted: boolean): Candidate | undefined {
  if (l.end === undefined) return undefined;
  // Properties (`- &anchor`, `- !!map`) before the first key are dropped with the item's old text.
  const kept = cleanHead(l) !== undefined ? l.text.slice(0, l.from) : l.dashCol >= 0 ? `${' '.repeat(l.dashCol)}- ` : undefined;
  if (kept === undefined) return undefined;
  const col = columnOf(kept, kept.length);
  const body = reindent(emitBlock(value, l.style, quoted), col);
  // The last content line's own trailing comment goes with it; comment lines after it stay.
  const tailStart = l.end === 0 || l.text.charCodeAt(l.end - 1) === 10 ? l.end : toLineEnd(l.text, l.end) ?? l.text.length;
  return { text: kept + body + l.text.slice(tailStart), from: kept.length };
}

function hasLoneSurrogate(v: JsonValue | undefined): boolean {
  if (typeof v === 'string') return /\p{Cs}/u.test(v);
  if (Array.isArray(v)) return v.some(hasLoneSurrogate);
  if (typeof v === 'object' && v !== null) return Object.keys(v).some((k) => /\p{Cs}/u.test(k) || hasLoneSurrogate(v[k]));
  return false;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}
