// Make an existing YAML node represent a new plain value while keeping as much of the node
// (comments, key order, scalar styles such as `0755` or quoting) as the new value allows.
import { isAlias, isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { isObject } from '../../types';
import type { JsonObject, JsonValue } from '../../types';
import { canonicalJson, createNode, deepEqual, quoteRiskyStrings, toPlain } from './yaml-util';

/**
 * Returns the node that represents `value`: `node` itself (possibly updated in place) when it can
 * be kept, otherwise a new node that carries over `node`'s comments. The caller puts the returned
 * node where `node` was.
 *
 * - equal plain value: the node is returned untouched (source formatting survives);
 * - maps: pairs are kept in their order, changed values synced recursively, removed keys dropped,
 *   new keys appended in the order of `value`; merge keys (`<<`) are dropped when the map changes
 *   (their effect is written out explicitly);
 * - sequences: each new element reuses an old element node: deep-equal first, then (for maps with
 *   a string `name`) same name, then same index (unless both are named differently);
 * - scalars: replaced by a new scalar that keeps comments, quote style for strings and the
 *   OCT/HEX/BIN format for integers; strings a YAML 1.1 reader would misread are double-quoted.
 *
 * Anchored nodes are updated in place like any other, which also changes what aliases to them
 * mean; the writer verifies its output and falls back when that happens.
 */
export function syncNode(doc: Document, node: Node, value: JsonValue): Node {
  if (deepEqual(toPlain(doc, node), value)) return node;
  if (isAlias(node)) return carryComments(node, createNode(doc, value));
  if (value === null || typeof value !== 'object') return syncScalar(doc, node, value);
  if (Array.isArray(value)) {
    if (isSeq(node)) {
      syncSeq(doc, node, value);
      return node;
    }
    return carryComments(node, createNode(doc, value));
  }
  if (isMap(node)) {
    syncMap(doc, node, value);
    return node;
  }
  return carryComments(node, createNode(doc, value));
}

function syncScalar(doc: Document, node: Node, value: string | number | boolean | null): Node {
  const next = createNode(doc, value);
  if (isScalar(node) && isScalar(next)) {
    const old = node.value;
    if (typeof value === 'string' && typeof old === 'string' && node.type && node.type !== Scalar.PLAIN) {
      next.type = node.type;
    }
    if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= 0 &&
      typeof old === 'number' &&
      Number.isInteger(old) &&
      (node.format === 'OCT' || node.format === 'HEX' || node.format === 'BIN')
    ) {
      next.format = node.format;
    }
  }
  return carryComments(node, next);
}

/** Key as yaml's toJS turns it into an object key; undefined for merge keys and collection keys. */
function keyOf(doc: Document, key: unknown): string | undefined {
  if (isScalar(key) && typeof key.value === 'symbol') return undefined; // `<<` merge key
  const plain = toPlain(doc, key);
  if (plain === null) return '';
  if (typeof plain === 'object') return undefined;
  return String(plain);
}

function syncMap(doc: Document, node: YAMLMap, value: JsonObject): void {
  const wanted = new Map<string, JsonValue>();
  for (const [k, v] of Object.entries(value)) if (v !== undefined) wanted.set(k, v);
  const kept: Pair[] = [];
  const seen = new Set<string>();
  for (const pair of node.items as Pair[]) {
    const key = keyOf(doc, pair.key);
    if (key === undefined || seen.has(key) || !wanted.has(key)) continue; // removed
    seen.add(key);
    const v = wanted.get(key) as JsonValue;
    const old = pair.value;
    pair.value = old === null || old === undefined ? createNode(doc, v) : syncNode(doc, old as Node, v);
    kept.push(pair);
  }
  for (const [k, v] of wanted) {
    if (seen.has(k)) continue;
    const pair = doc.createPair(k, v, { aliasDuplicateObjects: false, keepUndefined: false });
    quoteRiskyStrings(pair);
    kept.push(pair);
  }
  node.items = kept;
}

function nameOf(v: unknown): string | undefined {
  return isObject(v) && typeof v.name === 'string' ? v.name : undefined;
}

function syncSeq(doc: Document, node: YAMLSeq, value: JsonValue[]): void {
  const old = node.items as unknown[];
  const usable = old.map((n) => n !== null && n !== undefined && !isPair(n));
  const oldPlain = old.map((n, j) => (usable[j] ? toPlain(doc, n) : undefined));
  const used = new Set<number>();
  const assign: number[] = value.map(() => -1);
  const take = (i: number, j: number): void => {
    assign[i] = j;
    used.add(j);
  };
  const free = (j: number): boolean => j >= 0 && j < old.length && usable[j] && !used.has(j);
  // Old elements by a key (canonical text, name), in order: `first` gives the first free one, as a
  // scan from the start would, without scanning (4,000 entries of one name stay linear).
  const index = (keyOf: (p: unknown) => string | undefined): ((k: string) => number) => {
    const lists = new Map<string, { list: number[]; next: number }>();
    oldPlain.forEach((p, j) => {
      const k = usable[j] ? keyOf(p) : undefined;
      if (k === undefined) return;
      const e = lists.get(k);
      if (e) e.list.push(j);
      else lists.set(k, { list: [j], next: 0 });
    });
    return (k) => {
      const e = lists.get(k);
      if (!e) return -1;
      while (e.next < e.list.length && !free(e.list[e.next])) e.next++;
      return e.next < e.list.length ? e.list[e.next] : -1;
    };
  };

  // 1. deep-equal elements, preferring the same position
  value.forEach((v, i) => {
    if (free(i) && deepEqual(oldPlain[i], v)) take(i, i);
  });
  const equal = index(canonicalJson);
  value.forEach((v, i) => {
    if (assign[i] >= 0) return;
    const j = equal(canonicalJson(v));
    if (j >= 0) take(i, j);
  });
  // 2. maps with the same `name`
  const named = index(nameOf);
  value.forEach((v, i) => {
    const name = nameOf(v);
    if (assign[i] >= 0 || name === undefined) return;
    const j = named(name);
    if (j >= 0) take(i, j);
  });
  // 3. same index, unless both are named and the names differ
  value.forEach((v, i) => {
    if (assign[i] >= 0 || !free(i)) return;
    const a = nameOf(v);
    const b = nameOf(oldPlain[i]);
    if (a !== undefined && b !== undefined && a !== b) return;
    take(i, i);
  });

  const items = value.map((v, i) => (assign[i] >= 0 ? syncNode(doc, old[assign[i]] as Node, v) : createNode(doc, v)));

  // A comment above the first element is stored on the sequence; keep it with that element.
  const firstAt = assign.indexOf(0);
  if (node.commentBefore && firstAt > 0) {
    const target = items[firstAt] as { commentBefore?: string | null };
    target.commentBefore = target.commentBefore ? `${node.commentBefore}\n${target.commentBefore}` : node.commentBefore;
    node.commentBefore = undefined;
  }
  node.items = items;
}

function carryComments(from: Node, to: Node): Node {
  if (from.commentBefore) to.commentBefore = from.commentBefore;
  if (from.comment) to.comment = from.comment;
  if (from.spaceBefore) to.spaceBefore = from.spaceBefore;
  return to;
}
