// Text helpers for the writer: columns, style detection, stringifying one node so that it fits at
// a given column, and applying non-overlapping edits to the source text.
import { Document, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { DEFAULT_STYLE, OUTPUT_DOC_OPTIONS, toStringOptions } from './yaml-util';
import type { OutputStyle } from './yaml-util';

export interface Edit {
  start: number;
  end: number;
  text: string;
  /** the inserted text must start a line: a line break is added first when needed */
  atLineStart?: boolean;
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Column of `offset` when the line before it holds only spaces (and optionally one `- `). */
export function nodeColumn(text: string, offset: number, allowDash: boolean): number | undefined {
  const ls = lineStart(text, offset);
  const prefix = text.slice(ls, offset);
  const ok = allowDash ? /^ *(?:- +)?$/.test(prefix) : /^ *$/.test(prefix);
  return ok ? offset - ls : undefined;
}

/**
 * Position right after the end of the line that `offset` is on, when the rest of that line is only
 * blanks or a comment (offset itself when it already starts a line). Undefined otherwise.
 */
export function toLineEnd(text: string, offset: number): number | undefined {
  if (offset === 0 || text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  const rest = text.slice(offset, nl < 0 ? text.length : nl);
  if (!/^[ \t]*(?:#.*)?\r?$/.test(rest)) return undefined;
  return nl < 0 ? text.length : nl + 1;
}

/**
 * Indentation style found in a node's source: the first block sequence that is the value of a
 * block-map key tells whether sequences are indented under their key (`indentSeq`), the first
 * block map nested under a key gives the indentation step.
 */
export function detectStyle(text: string, root: unknown, fallback: OutputStyle = DEFAULT_STYLE): OutputStyle {
  let indentSeq: boolean | undefined;
  let indent: number | undefined;
  const visit = (n: unknown): void => {
    if (indentSeq !== undefined && indent !== undefined) return;
    if (isMap(n)) {
      for (const pair of n.items) {
        const key: unknown = pair.key;
        const value: unknown = pair.value;
        if (!n.flow && isScalar(key) && key.range && (isSeq(value) || isMap(value)) && !value.flow && value.range) {
          const keyCol = nodeColumn(text, key.range[0], true);
          const valCol = nodeColumn(text, value.range[0], false);
          if (keyCol !== undefined && valCol !== undefined) {
            if (isSeq(value) && indentSeq === undefined) indentSeq = valCol > keyCol;
            if (isMap(value) && indent === undefined && valCol > keyCol && valCol - keyCol <= 8) {
              indent = valCol - keyCol;
            }
          }
        }
        visit(value);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) visit(isPair(item) ? item.value : item);
    }
  };
  visit(root);
  return { indent: indent ?? fallback.indent, indentSeq: indentSeq ?? fallback.indentSeq };
}

/**
 * Stringify one node on its own, starting at column 0. With `stripOuter`, the node's own leading
 * and trailing comments / blank line are left out (they lie outside the node's source range and
 * stay in the source text), and so are any leading comment or blank lines.
 */
export function stringifyNode(node: Node, style: OutputStyle, stripOuter: boolean): string {
  const out = new Document(null, OUTPUT_DOC_OPTIONS);
  const saved = { commentBefore: node.commentBefore, comment: node.comment, spaceBefore: node.spaceBefore };
  if (stripOuter) {
    node.commentBefore = undefined;
    node.comment = undefined;
    node.spaceBefore = undefined;
  }
  try {
    out.contents = node as typeof out.contents;
    let s = out.toString(toStringOptions(style));
    if (stripOuter) s = s.replace(/^(?:[ \t]*(?:#[^\n]*)?\n)+/, '');
    return s;
  } finally {
    if (stripOuter) {
      node.commentBefore = saved.commentBefore;
      node.comment = saved.comment;
      node.spaceBefore = saved.spaceBefore;
    }
  }
}

/** Indent every non-empty line but the first by `col` spaces. */
export function reindent(s: string, col: number): string {
  if (col === 0) return s;
  const pad = ' '.repeat(col);
  return s
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : pad + line))
    .join('\n');
}

/** Apply non-overlapping edits (sorted by start, ties in the given order); throws RangeError on overlap. */
export function applyEdits(text: string, edits: Edit[], nl: string): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.i - b.i);
  // Pieces joined once at the end (a growing string would be flattened by every look at its end).
  const parts: string[] = [];
  let last = '';
  const push = (s: string): void => {
    if (s === '') return;
    parts.push(s);
    last = s;
  };
  let cursor = 0;
  for (const { e } of sorted) {
    if (e.start < cursor || e.end < e.start) throw new RangeError('overlapping edits');
    push(text.slice(cursor, e.start));
    if (e.atLineStart && last !== '' && !last.endsWith('\n')) push(nl);
    push(e.text);
    cursor = e.end;
  }
  push(text.slice(cursor));
  return parts.join('');
}
