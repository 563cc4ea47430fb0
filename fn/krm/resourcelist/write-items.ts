// A ResourceList's new text, item by item: the input text with each rewritten item's own text
// replaced (rewrite-item.ts), new items inserted after the last item, and `results` replaced,
// removed or appended. Nothing else of the text changes. Two layouts, as the reader found them:
//  - lines: the items region split line by line (split-items.ts), the common layout;
//  - nodes: offsets of the library's nodes (any other layout: CRLF, `---`, JSON, flow items...).
// Every piece is read back alone as it is made; the caller then checks the whole text.
import type { JsonObject, JsonValue, KubeObject } from '../../types';
import { describeItem, WriteFailure } from './write-error';
import { flowText, newBlock, newEntry, rewriteBlockItem, rewriteFlowItem } from './rewrite-item';
import type { Strategy } from './rewrite-item';
import { applyEdits, lineStart, toLineEnd } from './splice';
import { isFlowItem } from './split-items';
import type { Edit } from './splice';
import type { ItemSlot, LinesLayout, NodesLayout } from './state';
import { ITEM_LEVEL } from './read-items';
import { DEFAULT_STYLE } from './yaml-util';
import type { OutputStyle } from './yaml-util';

export interface ListPlan {
  /** the text (without a byte order mark) */
  text: string;
  /** the new value of every item, input items first */
  items: readonly JsonObject[];
  /** indexes of the input items to rewrite, ascending */
  rewrite: readonly number[];
  added: readonly KubeObject[];
  /** indexes of input items to leave out */
  removed?: ReadonlySet<number>;
  /** the new `results`, or undefined to remove the field */
  results?: JsonValue;
}

export interface ListText {
  text: string;
  /** what each rewritten or new item became, by its index in the output */
  strategies: Map<number, Strategy>;
  /** lines layout: each item's text as planned (the caller checks that the output splits into these) */
  pieces?: string[];
}

// --- lines --------------------------------------------------------------------------------------------

export function writeLines(layout: LinesLayout, plan: ListPlan): ListText {
  const { text } = plan;
  const { split } = layout;
  const style: OutputStyle = { indent: DEFAULT_STYLE.indent, indentSeq: split.dashCol > 0 };
  const strategies = new Map<number, Strategy>();
  const pieces = split.items.map((r) => text.slice(r.lineStart, r.to));
  const edits: Edit[] = [];
  for (const i of plan.rewrite) {
    const r = split.items[i];
    const slot: ItemSlot = { lineStart: r.lineStart, from: r.from, to: r.to, dashCol: split.dashCol, flow: false };
    const done =
      isFlowItem(text, r) ? rewriteFlowItem(text, r, plan.items[i], ITEM_LEVEL) : rewriteBlockItem(text, slot, plan.items[i], style, ITEM_LEVEL);
    if (!done) throw new WriteFailure(i, describeItem(plan.items[i], i));
    edits.push({ start: r.lineStart, end: r.to, text: done.text });
    pieces[i] = done.text;
    strategies.set(outputIndex(plan, i), done.strategy);
  }
  for (const i of plan.removed ?? []) {
    const r = split.items[i];
    edits.push({ start: r.lineStart, end: r.to, text: '' });
  }
  const kept = pieces.filter((_, i) => !plan.removed?.has(i));
  if (kept.length === 0 && plan.added.length === 0) throw new WriteFailure(-1, 'a list left without items');
  pieces.splice(0, pieces.length, ...kept);
  if (plan.added.length > 0) {
    const last = pieces.length - 1;
    if (!pieces[last].endsWith('\n')) pieces[last] += '\n'; // (added by applyEdits: atLineStart)
    const n = split.items.length;
    const entries = plan.added.map((obj, k) => {
      const entry = newEntry(obj, split.dashCol, style, ITEM_LEVEL);
      if (!entry) throw new WriteFailure(n + k, describeItem(obj, n + k));
      strategies.set(outputIndex(plan, n + k), entry.strategy);
      pieces.push(entry.text);
      return entry.text;
    });
    edits.push({ start: split.regionEnd, end: split.regionEnd, text: entries.join(''), atLineStart: true });
  }
  const at = split.rootKeys.indexOf('results');
  const block = plan.results === undefined ? '' : resultsBlock(plan.results, 0, style);
  if (at >= 0) {
    // The results key's lines, up to the next root key; comment lines after its last content line stay.
    const start = split.rootKeyStarts[at];
    const limit = split.rootKeyStarts[at + 1] ?? text.length;
    edits.push({ start, end: contentEnd(text, start, limit), text: block });
  } else if (block !== '') {
    const last = pieces.length - 1;
    if (split.regionEnd === text.length && !pieces[last].endsWith('\n')) pieces[last] += '\n'; // (atLineStart)
    edits.push({ start: text.length, end: text.length, text: block, atLineStart: true });
  }
  return { text: applyEdits(text, edits, '\n'), strategies, pieces };
}

/**
 * End of the lines of a root key starting at `start`, before `limit`: after its last line that is
 * neither blank nor a comment at column 0 (those belong to what follows).
 */
function contentEnd(text: string, start: number, limit: number): number {
  const lineEnd = (p: number): number => {
    const e = text.indexOf('\n', p);
    return e === -1 || e >= limit ? limit : e + 1;
  };
  let end = lineEnd(start);
  for (let p = end; p < limit; ) {
    const e = lineEnd(p);
    const line = text.slice(p, e);
    if (!/^\s*$/.test(line) && !line.startsWith('#')) end = e;
    p = e;
  }
  return end;
}

function resultsBlock(results: JsonValue, col: number, style: OutputStyle): string {
  const block = newBlock({ results }, col, style);
  if (block === undefined) throw new WriteFailure(-1, 'the results');
  return block;
}

/** An input (or new) item's index in the output, where the removed items are gone. */
function outputIndex(plan: ListPlan, i: number): number {
  let n = i;
  for (const r of plan.removed ?? []) if (r < i) n--;
  return n;
}

// --- nodes --------------------------------------------------------------------------------------------

export function writeNodes(layout: NodesLayout, plan: ListPlan): ListText {
  const { text } = plan;
  const strategies = new Map<number, Strategy>();
  const edits: Edit[] = [];
  for (const i of plan.removed ?? []) {
    // Only whole block lines can go (a flow entry would leave its comma behind).
    const slot = layout.items[i];
    if (slot.flow || slot.to < 0) throw new WriteFailure(i, describeItem(plan.items[i], i));
    edits.push({ start: slot.lineStart, end: slot.to, text: '' });
  }
  for (const i of plan.rewrite) {
    const slot = layout.items[i];
    const value = plan.items[i];
    if (slot.flow) {
      const multiLine = text.slice(slot.from, slot.end).includes('\n');
      const out = flowText(value, layout.json, multiLine, indentationAt(text, slot.from));
      if (out === undefined || slot.end === undefined) throw new WriteFailure(i, describeItem(value, i));
      edits.push({ start: slot.from, end: slot.end, text: out });
      strategies.set(outputIndex(plan, i), 'json');
      continue;
    }
    const done = rewriteBlockItem(text, slot, value, layout.style, ITEM_LEVEL);
    if (!done) throw new WriteFailure(i, describeItem(value, i));
    edits.push({ start: slot.lineStart, end: slot.to, text: done.text });
    strategies.set(outputIndex(plan, i), done.strategy);
  }
  addItems(layout, plan, edits, strategies);
  setResults(layout, plan, edits);
  return { text: applyEdits(text, edits, breakAt(text, text.length)), strategies };
}

function addItems(layout: NodesLayout, plan: ListPlan, edits: Edit[], strategies: Map<number, Strategy>): void {
  if (plan.added.length === 0) return;
  const { text } = plan;
  const { seq, root, json } = layout;
  const n = layout.items.length;
  const last = layout.items[n - 1];
  const fail = (k: number): WriteFailure => new WriteFailure(n + k, describeItem(plan.added[k], n + k));
  if (seq.flow && (root.flow || n > 0)) {
    // JSON, or a flow sequence: the new items as JSON after the last one (or in place of `[]`).
    const pretty = json?.unit !== undefined && text.slice(root.start, root.end).includes('\n');
    const base = n > 0 ? indentationAt(text, last.from) : indentationAt(text, seq.start) + (json?.unit ?? '');
    const texts = plan.added.map((obj, k) => {
      const out = flowText(obj, json, pretty, base);
      if (out === undefined) throw fail(k);
      strategies.set(outputIndex(plan, n + k), 'json');
      return out;
    });
    const sep = pretty ? `,\n${base}` : json && !json.spaced ? ',' : ', ';
    if (n > 0) {
      if (last.end === undefined) throw fail(0);
      edits.push({ start: last.end, end: last.end, text: texts.map((t) => sep + t).join('') });
    } else {
      const close = pretty ? `\n${indentationAt(text, seq.start)}` : '';
      edits.push({ start: seq.start, end: seq.end, text: `[${pretty ? `\n${base}` : ''}${texts.join(sep)}${close}]` });
    }
    return;
  }
  // A block sequence: after its last item. `items: []` in a block root becomes a block sequence
  // at the root's column.
  let at: number;
  let dashCol: number;
  if (seq.flow) {
    let s = seq.start;
    while (s > 0 && text[s - 1] === ' ') s--;
    edits.push({ start: s, end: seq.end, text: '' });
    at = toLineEnd(text, seq.end) ?? -1;
    dashCol = root.col;
  } else {
    at = last.flow ? toLineEnd(text, last.end ?? -1) ?? -1 : last.to;
    dashCol = seq.col;
  }
  if (at < 0 || dashCol < 0) throw fail(0);
  const nl = breakAt(text, at);
  const texts = plan.added.map((obj, k) => {
    const entry = newEntry(obj, dashCol, layout.style, ITEM_LEVEL);
    if (!entry) throw fail(k);
    strategies.set(outputIndex(plan, n + k), entry.strategy);
    return withBreaks(entry.text, nl);
  });
  edits.push({ start: at, end: at, text: texts.join(''), atLineStart: true });
}

function setResults(layout: NodesLayout, plan: ListPlan, edits: Edit[]): void {
  const { text } = plan;
  const { root, json } = layout;
  const have = layout.results;
  const want = plan.results;
  if (!have && want === undefined) return;
  const fail = (): WriteFailure => new WriteFailure(-1, 'the results');
  if (root.flow) {
    const pretty = json?.unit !== undefined && text.slice(root.start, root.end).includes('\n');
    if (have) {
      if (want !== undefined) {
        const value = flowText(want, json, pretty, indentationAt(text, have.keyStart));
        if (value === undefined) throw fail();
        edits.push({ start: have.valueStart, end: have.valueEnd, text: value });
      } else if (have.prevValueEnd !== undefined) {
        edits.push({ start: have.prevValueEnd, end: have.valueEnd, text: '' });
      } else if (have.nextKeyStart !== undefined) {
        edits.push({ start: have.keyStart, end: have.nextKeyStart, text: '' });
      }
    } else if (want !== undefined) {
      const base = indentationAt(text, root.lastValueEnd);
      const value = flowText(want, json, pretty, base);
      if (value === undefined) throw fail();
      const sep = pretty ? `,\n${base}` : json && !json.spaced ? ',' : ', ';
      const colon = json && !json.spaced && !pretty ? ':' : ': ';
      edits.push({ start: root.lastValueEnd, end: root.lastValueEnd, text: `${sep}"results"${colon}${value}` });
    }
    return;
  }
  if (root.col < 0) throw fail();
  let block = '';
  if (want !== undefined) {
    const b = newBlock({ results: want }, root.col, layout.style);
    if (b === undefined) throw fail();
    block = b;
  }
  if (have) {
    const end = toLineEnd(text, have.valueEnd);
    const ls = lineStart(text, have.keyStart);
    if (end === undefined || ls + root.col !== have.keyStart) throw fail();
    const atEof = end === text.length && !text.endsWith('\n');
    edits.push({ start: ls, end, text: withBreaks(atEof ? block.replace(/\n$/, '') : block, breakAt(text, ls)) });
  } else {
    const at = toLineEnd(text, root.end);
    if (at === undefined) throw fail();
    edits.push({ start: at, end: at, text: withBreaks(block, breakAt(text, at)), atLineStart: true });
  }
}

/** The blanks at the start of the line of `offset`. */
function indentationAt(text: string, offset: number): string {
  const ls = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(ls, offset))![0];
}

/** The line break used where `offset` is: the one ending the line before it, else the first in the text. */
function breakAt(text: string, offset: number): string {
  const prev = text.lastIndexOf('\n', offset - 1);
  const i = prev >= 0 ? prev : text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

function withBreaks(s: string, nl: string): string {
  return nl === '\n' ? s : s.replace(/\r?\n/g, nl);
}
