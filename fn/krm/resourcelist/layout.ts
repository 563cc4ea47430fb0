// The reader's side of the writer's state for input read as a whole document: where each item's
// text is, where new items and `results` go, which anchors items share. Offsets only: the
// Document is not kept.
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import { detectStyle, lineStart, nodeColumn, toLineEnd } from './splice';
import type { ItemSlot, JsonLayout, NodesLayout } from './state';

/** The layout of a ResourceList document whose root is a mapping with an `items` sequence; undefined otherwise. */
export function nodesLayout(text: string, doc: Document): NodesLayout | undefined {
  const root: unknown = doc.contents;
  if (!isMap(root) || !root.range) return undefined;
  const pairs = root.items as Pair[];
  const itemsPair = pairs.find((p) => keyIs(p, 'items'));
  const seq: unknown = itemsPair?.value;
  if (!isSeq(seq) || !seq.range) return undefined;
  const seqCol = seq.flow ? -1 : nodeColumn(text, seq.range[0], false) ?? -1;
  const items = (seq.items as unknown[]).map((n, i) => itemSlot(text, n, seq.flow === true, seqCol, i === 0 ? seq.range![0] : undefined));
  const lastPair = pairs[pairs.length - 1];
  const lastValue = lastPair?.value as Node | null | undefined;
  const lastValueEnd = lastValue?.range ? lastValue.range[1] : ((lastPair?.key as Node | undefined)?.range?.[1] ?? root.range[1]);
  const layout: {
    -readonly [K in keyof NodesLayout]: NodesLayout[K];
  } = {
    kind: 'nodes',
    style: detectStyle(text, root),
    root: {
      flow: root.flow === true,
      col: root.flow ? -1 : nodeColumn(text, root.range[0], false) ?? -1,
      start: root.range[0],
      end: root.range[1],
      lastValueEnd,
    },
    seq: { flow: seq.flow === true, start: seq.range[0], end: seq.range[1], col: seqCol },
    items,
    anchors: (seq.items as unknown[]).map(anchorsOf),
    rootUses: pairs.filter((p) => p !== itemsPair).flatMap((p) => [...anchorsOf(p.key).uses, ...anchorsOf(p.value).uses]),
  };
  const ri = pairs.findIndex((p) => keyIs(p, 'results'));
  if (ri >= 0) {
    const p = pairs[ri];
    const key = p.key as Node;
    const value = p.value as Node | null;
    if (key.range) {
      const prev = pairs[ri - 1]?.value as Node | null | undefined;
      const next = pairs[ri + 1]?.key as Node | undefined;
      layout.results = {
        keyStart: key.range[0],
        valueStart: value?.range ? value.range[0] : key.range[1],
        valueEnd: value?.range ? value.range[1] : key.range[1],
        ...(prev?.range ? { prevValueEnd: prev.range[1] } : {}),
        ...(next?.range ? { nextKeyStart: next.range[0] } : {}),
      };
    }
  }
  // (the whole text must be the JSON: nothing but blanks around the root)
  const json = text.slice(0, root.range[0]).trim() === '' && text.slice(root.range[1]).trim() === '' ? jsonLayout(text, root.range[0], root.range[1]) : undefined;
  if (json) layout.json = json;
  return layout;
}

/** The slot of a manifest document's root mapping; undefined for anything else. */
export function documentSlot(text: string, doc: Document): ItemSlot | undefined {
  const root: unknown = doc.contents;
  if (!isMap(root) || !root.range) return undefined;
  const [from, end] = root.range;
  if (root.flow) return { lineStart: from, from, end, to: -1, dashCol: -1, flow: true };
  const ls = lineStart(text, from);
  const to = toLineEnd(text, end) ?? -1;
  // (a first key on the `---` line, or after properties: not replaceable as lines)
  return { lineStart: ls, from, end, to: /^ *$/.test(text.slice(ls, from)) ? to : -1, dashCol: -1, flow: false };
}

/** The JSON layout of the JSON object at [start, end) of a text, or undefined when it is not one. */
export function jsonLayout(text: string, start: number, end: number): JsonLayout | undefined {
  if (text.charCodeAt(start) !== 123 /* { */) return undefined;
  try {
    JSON.parse(text.slice(start, end));
  } catch {
    return undefined;
  }
  const nl = text.indexOf('\n', start);
  const body = nl === -1 ? undefined : /^[ \t]*/.exec(text.slice(nl + 1))![0];
  const spaced = /^\{\s*"(?:[^"\\]|\\.)*"\s*:\s/.test(text.slice(start, start + 2000));
  return body === undefined ? { spaced } : { unit: body, spaced };
}

function keyIs(pair: Pair, key: string): boolean {
  return isScalar(pair.key) && pair.key.value === key;
}

function itemSlot(text: string, node: unknown, seqFlow: boolean, dashCol: number, firstDash?: number): ItemSlot {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) return { lineStart: 0, from: 0, to: -1, dashCol, flow: seqFlow };
  const [from, end] = range;
  const flow = seqFlow || (isCollection(node) && node.flow === true);
  if (flow) return { lineStart: from, from, end, to: -1, dashCol, flow: true };
  // The dash: on the item's first line, or on a line above it (`- # comment`, `- &anchor`).
  let ls = lineStart(text, from);
  const floor = firstDash === undefined ? 0 : lineStart(text, firstDash);
  while (!(text.charCodeAt(ls + dashCol) === 45 && /^ *$/.test(text.slice(ls, ls + dashCol))) && ls > floor) ls = lineStart(text, ls - 1);
  const dashFound = text.charCodeAt(ls + dashCol) === 45;
  const to = end === text.length || text.charCodeAt(end - 1) === 10 ? end : toLineEnd(text, end) ?? -1;
  return { lineStart: ls, from, end, to: dashFound ? to : -1, dashCol, flow: false };
}

/** Anchor names defined and alias names used in a node (not following aliases). */
function anchorsOf(node: unknown): { defines: string[]; uses: string[] } {
  const defines: string[] = [];
  const uses: string[] = [];
  const visit = (n: unknown): void => {
    if (n === null || n === undefined) return;
    if (isAlias(n)) {
      uses.push(n.source);
      return;
    }
    if (isPair(n)) {
      visit(n.key);
      visit(n.value);
      return;
    }
    const anchor = (n as { anchor?: string }).anchor;
    if (anchor) defines.push(anchor);
    if (isCollection(n)) for (const item of n.items) visit(item);
  };
  visit(node);
  return { defines, uses };
}
