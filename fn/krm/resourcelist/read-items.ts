// Fast path of the reader, step 2: every item of a split ResourceList (split-items.ts) as a plain
// value, read by the block scanner (a one-line flow mapping item by its flow reader), or — for an
// item the scanner declines (anchors, tags, odd scalars, ...) — by the yaml library from that
// item's text alone. Declines (undefined) when any
// item is not a clean block mapping that reads alone exactly as it reads in the whole document;
// the whole-document reader then takes over and reports what is wrong.
import { isMap } from 'yaml';
import { isObject } from '../../types';
import type { JsonObject } from '../../types';
import { scanBlockMapping, scanFlowCollection } from './block-scan';
import { fastPathStats } from './fast-path-stats';
import { isFlowItem, splitItems } from './split-items';
import type { ItemRange, SplitList } from './split-items';
import { findNonJson, inspectNode, MAX_ALIAS_COUNT, PARSE_OPTIONS } from './yaml-util';
import { parseStream } from './parse';

export interface ScannedItems {
  split: SplitList;
  values: JsonObject[];
}

/** Nesting level of an item's own mapping (root 1, `items` 2). */
export const ITEM_LEVEL = 3;

export function scanItems(text: string): ScannedItems | undefined {
  const split = splitItems(text);
  if (!split) return undefined;
  const values: JsonObject[] = [];
  for (const range of split.items) {
    const v = readItem(text, range);
    if (v === undefined) return undefined;
    values.push(v);
  }
  return { split, values };
}

/**
 * One item's value: by the block scanner, else by the library alone; undefined if neither can. A
 * flow mapping item (`- {...}`: kpt and kustomize pass a JSON file's object so) is read by the
 * scanner's flow reader, or declined.
 */
export function readItem(text: string, range: ItemRange): JsonObject | undefined {
  if (isFlowItem(text, range)) {
    const flow = scanFlowCollection(text, range.from, range.to, ITEM_LEVEL);
    return flow && !flow.nonFinite && isObject(flow.value) ? flow.value : undefined;
  }
  const scanned = scanBlockMapping(text, range.from, range.to, { level: ITEM_LEVEL });
  // The scanner gives the library's value, `.inf` and `.nan` included, which the reader rejects.
  if (scanned && !scanned.nonFinite) return scanned.value;
  fastPathStats.itemsByLibrary++;
  return readItemAlone(text, range);
}

/**
 * An item's text as a document of its own: its lines, with the item's dash blanked so that the
 * mapping keeps its columns. Undefined unless it is one block mapping read without errors,
 * warnings, cycles, collection keys or non-JSON values, within the nesting bound.
 */
export function readItemAlone(text: string, range: ItemRange): JsonObject | undefined {
  return readMappingText(itemText(text, range), undefined, ITEM_LEVEL);
}

/**
 * `text` as a document that is one block mapping (starting at `from`, when given) at nesting
 * `level`, read by the library; undefined when it is not exactly that (see readItemAlone).
 */
export function readMappingText(text: string, from: number | undefined, level: number): JsonObject | undefined {
  const stream = parseStream(text, PARSE_OPTIONS, false);
  if (stream.tooDeep || stream.docs.length !== 1) return undefined;
  const doc = stream.docs[0];
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  const root: unknown = doc.contents;
  if (!isMap(root) || root.flow || (from !== undefined && root.range?.[0] !== from)) return undefined;
  const facts = inspectNode(root, '', level);
  if (facts.tooDeepAt !== undefined || facts.collectionKeyAt !== undefined || facts.aliasCycle !== undefined) return undefined;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return undefined;
  }
  if (findNonJson(value, '') !== undefined) return undefined;
  return value as JsonObject;
}

/** The item's lines [lineStart, to) with its dash replaced by a space. */
export function itemText(text: string, range: ItemRange): string {
  const line = text.slice(range.lineStart, range.to);
  const dash = line.indexOf('-');
  return `${line.slice(0, dash)} ${line.slice(dash + 1)}`;
}

