// Fast path of the writer, for input read item by item (read-items.ts): the output is the input
// text with each changed item patched in its own range (patch-item.ts, or else the item alone
// synced by the yaml library), new items inserted after the last item and `results` appended.
// Every rewritten item is read back and must equal its new value. Returns undefined whenever any
// of that is not possible; the writer then uses its whole-document strategies.
import { isMap } from 'yaml';
import type { Document, Node } from 'yaml';
import type { JsonObject, JsonValue, KubeObject, Result } from '../../types';
import { scanBlockMapping } from './block-scan';
import { ITEM_LEVEL, itemText, parseItemAlone, readItem } from './read-items';
import { itemStyle, patchItem, renderBlock } from './patch-item';
import { applyEdits, reindent, stringifyNode } from './splice';
import type { Edit } from './splice';
import type { ItemRange } from './split-items';
import type { SourceState } from './state';
import { syncNode } from './sync-node';
import { deepEqual, DEFAULT_STYLE, inspectNode } from './yaml-util';
import type { OutputStyle } from './yaml-util';

/** What the reader keeps of input read item by item. */
export type ItemsSource = Extract<SourceState, { mode: 'items' }>;

export interface ItemsWrite {
  updated: Map<number, KubeObject>;
  added: KubeObject[];
  removed?: ReadonlySet<number>;
  results: Result[];
}

export function writeItemByItem(src: ItemsSource, originals: readonly JsonObject[], req: ItemsWrite): string | undefined {
  if (src.hasResults) return undefined; // rare (kpt and kustomize send none): the whole-document writer
  const { text, split } = src;
  const docStyle: OutputStyle = { indent: DEFAULT_STYLE.indent, indentSeq: split.dashCol > 0 };
  const removed = [...(req.removed ?? [])].map((i): [number, undefined] => [i, undefined]);
  const changed = [...req.updated.entries(), ...removed]
    .filter(([i, v]) => v === undefined || (!req.removed?.has(i) && !deepEqual(originals[i], v)))
    .sort((a, b) => a[0] - b[0]);
  if (changed.length === 0 && req.added.length === 0 && req.results.length === 0) return text;
  if (removed.length > 0 && removed.length === split.items.length && req.added.length === 0) return undefined; // `items: []`
  // Pieces joined once at the end (a growing string would be flattened by every look at its end).
  const parts: string[] = [];
  let cursor = 0;
  for (const [i, value] of changed) {
    const range = split.items[i];
    if (value === undefined) {
      // A removed item: its lines, from its dash line to the next item's.
      parts.push(text.slice(cursor, range.lineStart));
      cursor = range.to;
      continue;
    }
    const patched = rewriteItem(text, range, originals[i], value, docStyle);
    if (patched === undefined) return undefined;
    parts.push(text.slice(cursor, range.from), patched);
    cursor = range.to;
  }
  parts.push(text.slice(cursor, split.regionEnd));
  if (req.added.length > 0) {
    if (!endsLine(parts)) parts.push('\n');
    for (const obj of req.added) parts.push(entryText(obj, split.dashCol, docStyle));
  }
  parts.push(text.slice(split.regionEnd));
  if (req.results.length > 0) {
    if (!endsLine(parts)) parts.push('\n');
    parts.push(renderBlock({ results: req.results as unknown as JsonValue }, docStyle));
  }
  return parts.join('');
}

/** Whether the text so far is empty or ends with a line break. */
function endsLine(parts: string[]): boolean {
  for (let i = parts.length - 1; i >= 0; i--) if (parts[i] !== '') return parts[i].endsWith('\n');
  return true;
}

/** One new item: `- ` at the items' column, the object indented under it. */
function entryText(obj: KubeObject, dashCol: number, style: OutputStyle): string {
  const body = renderBlock(obj, style);
  return `${' '.repeat(dashCol)}- ${reindent(body, dashCol + 2)}`;
}

/**
 * The new text of [range.from, range.to): patched in place, else synced alone by the library;
 * undefined when neither reads back as `value`.
 */
function rewriteItem(text: string, range: ItemRange, before: JsonObject, value: JsonObject, docStyle: OutputStyle): string | undefined {
  const scanned = scanBlockMapping(text, range.from, range.to, { positions: true, level: ITEM_LEVEL });
  if (scanned?.node) {
    const style = itemStyle(scanned.node, docStyle);
    const edits = patchItem(text, scanned.node, before, value, style);
    if (edits) {
      const local = edits.map((e) => ({ ...e, start: e.start - range.from, end: e.end - range.from }));
      if (local.every((e) => e.start >= 0 && e.end <= range.to - range.from)) {
        const out = safeApply(text.slice(range.from, range.to), local);
        if (out !== undefined && readsBackAs(text, range, out, value)) return out;
      }
    }
  }
  const synced = syncAlone(text, range, value, docStyle);
  return synced !== undefined && readsBackAs(text, range, synced, value) ? synced : undefined;
}

function safeApply(fragment: string, edits: Edit[]): string | undefined {
  try {
    return applyEdits(fragment, edits, '\n');
  } catch {
    return undefined;
  }
}

/** The item's text alone as a Document, its root synced to `value` and stringified at its column. */
function syncAlone(text: string, range: ItemRange, value: JsonObject, docStyle: OutputStyle): string | undefined {
  let doc: Document;
  try {
    doc = parseItemAlone(text, range);
  } catch {
    return undefined;
  }
  const root: unknown = doc.contents;
  if (doc.errors.length > 0 || doc.warnings.length > 0 || !isMap(root) || !root.range || root.flow) return undefined;
  const facts = inspectNode(root);
  if (facts.hasAlias || facts.hasAnchor) return undefined;
  const fragment = itemText(text, range);
  const offset = range.from - range.lineStart;
  if (root.range[0] !== offset) return undefined;
  if (syncNode(doc, root as Node, value) !== root) return undefined;
  let body: string;
  try {
    body = reindent(stringifyNode(root as Node, docStyle, true), offset);
  } catch {
    return undefined;
  }
  // Keep what follows the node's own range (trailing comment lines, the next item's comments).
  const end = root.range[1];
  const tail = fragment.slice(end);
  if (!fragment.slice(offset, end).endsWith('\n')) body = body.replace(/\n$/, '');
  return body + tail;
}

/** Whether `out`, put in place of [range.from, range.to), reads as `value`. */
function readsBackAs(text: string, range: ItemRange, out: string, value: JsonObject): boolean {
  const head = text.slice(range.lineStart, range.from);
  const local = head + out;
  // The last item may end without a newline; the scanner wants its ranges to end lines.
  const withNl = local.endsWith('\n') ? local : `${local}\n`;
  const got = readItem(withNl, { lineStart: 0, from: head.length, to: withNl.length });
  return got !== undefined && deepEqual(got, value);
}
