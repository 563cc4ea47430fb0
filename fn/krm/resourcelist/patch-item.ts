// Fast path of the writer: a changed item patched in its own text. From the item's position tree
// (block-scan.ts) and its old and new plain values, only what changed is rewritten: new keys are
// inserted after the key they follow, new sequence entries after the entry they follow (or before
// the first one, above its comments), removed ones are cut out, changed scalars are replaced in
// place. Everything else — comments, key order, quoting, blank lines — stays byte for byte; a
// value replaced whole keeps the comment on its key's (or dash's) line. New text is written by
// emit-yaml.ts. Declines (undefined) for anything it cannot do cleanly; the writer then tries
// its other strategies, and every patched item is read back and compared with the expected value.
import { isObject, setOwn } from '../../types';
import type { JsonObject, JsonValue } from '../../types';
import type { ItemNode, MapNode, PairNode, ScanNode, SeqNode } from './block-scan';
import { emitBlock, emitInline } from './emit-yaml';
import { reindent } from './splice';
import type { Edit } from './splice';
import { canonicalJson, deepEqual } from './yaml-util';
import type { OutputStyle } from './yaml-util';

class Decline extends Error {}

function decline(): never {
  throw new Decline();
}

/** Edits (absolute offsets into `text`) turning the item at `node` from `before` into `after`. */
export function patchItem(text: string, node: MapNode, before: JsonObject, after: JsonObject, style: OutputStyle): Edit[] | undefined {
  const p = new Patcher(text, style);
  try {
    p.map(node, before, after, node.start);
  } catch (e) {
    if (e instanceof Decline) return undefined;
    throw e;
  }
  return p.edits;
}

/** Indentation style of an item, from its position tree (the document's style where it shows none). */
export function itemStyle(node: MapNode, fallback: OutputStyle): OutputStyle {
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  let seqIndent: number | undefined;
  const visit = (n: ScanNode): void => {
    if (indent !== undefined && indentSeq !== undefined) return;
    if (n.kind === 'map') {
      for (const pair of n.pairs) {
        const v = pair.value;
        if (v.kind === 'seq' && indentSeq === undefined) {
          indentSeq = v.col > n.col;
          seqIndent = v.col - n.col;
        }
        if (v.kind === 'map' && indent === undefined && v.col > n.col && v.col - n.col <= 8) indent = v.col - n.col;
        visit(v);
      }
    } else if (n.kind === 'seq') {
      for (const item of n.items) visit(item.value);
    }
  };
  visit(node);
  const style: OutputStyle = { indent: indent ?? fallback.indent, indentSeq: indentSeq ?? fallback.indentSeq };
  if (indentSeq && seqIndent !== style.indent) style.seqIndent = seqIndent;
  else if (indentSeq === undefined && fallback.seqIndent !== undefined) style.seqIndent = fallback.seqIndent;
  return style;
}

// --- rendering -------------------------------------------------------------------------------------

/** `value` as YAML starting at column 0 (a block collection, or a scalar), ending with a newline. */
export function renderBlock(value: JsonValue, style: OutputStyle): string {
  return emitBlock(value, style);
}

/** Indent every non-empty line by `col` spaces. */
function indentAll(s: string, col: number): string {
  return col === 0 ? s : ' '.repeat(col) + reindent(s, col);
}

// --- the patcher -----------------------------------------------------------------------------------

const SP = 32;
const HASH = 35;

class Patcher {
  readonly edits: Edit[] = [];

  constructor(
    private readonly text: string,
    private readonly style: OutputStyle,
  ) {}

  /** `key: value` at column `col`, the first line without its indentation, ending with a newline. */
  private pairText(key: string, value: JsonValue, col: number): string {
    const obj: JsonObject = {};
    setOwn(obj, key, value);
    return reindent(renderBlock(obj, this.style), col);
  }

  /** Sequence entries at dash column `col`, every line indented. */
  private entriesText(values: JsonValue[], col: number): string {
    // One entry at a time: each is rendered the same alone, and alone it is more often memoised.
    return values.map((v) => indentAll(renderBlock([v], this.style), col)).join('');
  }

  /** A scalar or an empty collection on one line, else undefined. */
  private inline(value: JsonValue): string | undefined {
    return emitInline(value, this.style);
  }

  /**
   * The comment that ends the line of a key or dash (`head`: the offset just after its `:` or
   * `-`) whose value `v` is replaced whole: when only blanks stand between them, or the value is
   * a flow collection, an empty value or a scalar on that line. With its leading blanks, or ''.
   */
  private headComment(head: number, v: ScanNode): string {
    const t = this.text;
    let le = t.indexOf('\n', head);
    if (le === -1) le = t.length;
    let from = head;
    if (v.start < le) {
      if (v.kind === 'flow' || (v.kind === 'scalar' && v.style !== 'literal' && v.style !== 'folded')) from = v.end;
      else if (v.kind === 'scalar') from = v.start + /^[|>][-+0-9]*/.exec(t.slice(v.start, v.start + 4))![0].length;
      else return '';
    }
    if (from > le) return '';
    const seg = t.slice(from, le);
    return /^[ \t]+#/.test(seg) ? seg : '';
  }

  /** `text` with `comment` (from headComment) at the end of its first line. */
  private static withComment(text: string, comment: string): string {
    if (comment === '') return text;
    const nl = text.indexOf('\n');
    return nl === -1 ? text + comment : text.slice(0, nl) + comment + text.slice(nl);
  }

  /** Offset just after the `:` of a plain key, or undefined (a quoted key: its comment is not looked for). */
  private colonAfter(p: PairNode): number | undefined {
    const at = p.keyStart + p.key.length;
    const c = this.text.charCodeAt(p.keyStart);
    if (c === 34 || c === 39 || this.text.slice(p.keyStart, at) !== p.key || this.text.charCodeAt(at) !== 58) return undefined;
    return at + 1;
  }

  private lineStartOf(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** True when only spaces precede `offset` on its line. */
  private startsLine(offset: number): boolean {
    const ls = this.lineStartOf(offset);
    for (let i = ls; i < offset; i++) if (this.text.charCodeAt(i) !== SP) return false;
    return true;
  }

  /**
   * The start of the comment lines (and blank lines between them) right above the line at `ls`,
   * not before `floor`: what is inserted before an entry goes above the comments that describe it.
   */
  private aboveComments(ls: number, floor: number): number {
    const t = this.text;
    let pos = ls;
    while (pos > floor) {
      const prev = t.lastIndexOf('\n', pos - 2) + 1;
      if (prev < floor) break;
      let i = prev;
      while (t.charCodeAt(i) === SP) i++;
      const c = t.charCodeAt(i);
      if (c !== HASH) break; // a content line (blank lines are left where they are)
      pos = prev;
    }
    return pos;
  }

  private insert(at: number, text: string): void {
    this.edits.push({ start: at, end: at, text, atLineStart: true });
  }

  /**
   * New pairs or entries: after `anchor` (the one they follow), or, without one, above the comments
   * of the first one (`first`, whose key or dash must start its line: not the first key of an entry).
   */
  private insertRun(anchor: { end: number } | undefined, first: { lineStart: number }, firstStart: number, floor: number, text: string): void {
    if (anchor) {
      this.insert(anchor.end, text);
      return;
    }
    if (!this.startsLine(firstStart)) decline();
    this.insert(this.aboveComments(first.lineStart, floor), text);
  }

  /** Removes a pair or entry with its lines (its key or dash must start its line). */
  private cut(x: { lineStart: number; end: number }, start: number): void {
    if (!this.startsLine(start)) decline();
    this.edits.push({ start: x.lineStart, end: x.end, text: '' });
  }

  map(node: MapNode, before: JsonObject, after: JsonObject, floor: number): void {
    // Keys a merge key gives (`<<: *a`) stay its own while unchanged; changing one would change
    // the anchored mapping too: not here.
    const merged = new Set(node.merged);
    for (const k of merged) if (!deepEqual(before[k], after[k])) decline();
    const newKeys = Object.keys(after).filter((k) => after[k] !== undefined && !merged.has(k));
    if (newKeys.length === 0) decline(); // an empty mapping: the caller replaces the value
    const own = node.pairs.filter((p) => !p.merge);
    if (own.length === 0) decline();
    const byKey = new Map<string, PairNode>();
    for (const p of own) byKey.set(p.key, p);
    const kept = new Set(newKeys);
    const commonOld = own.filter((p) => kept.has(p.key)).map((p) => p.key);
    const commonNew = newKeys.filter((k) => byKey.has(k));
    if (commonOld.length !== commonNew.length || commonOld.some((k, i) => k !== commonNew[i])) decline();

    const first = own[0];
    let anchor: PairNode | undefined;
    let pending: string[] = [];
    const flush = (): void => {
      if (pending.length === 0) return;
      const text = pending.map((k) => ' '.repeat(node.col) + this.pairText(k, after[k] as JsonValue, node.col)).join('');
      this.insertRun(anchor, first, first.keyStart, floor, text);
      pending = [];
    };
    for (const k of newKeys) {
      const p = byKey.get(k);
      if (!p) {
        pending.push(k);
        continue;
      }
      flush();
      anchor = p;
      this.value(p.value, before[k] as JsonValue, after[k] as JsonValue, p.keyStart, () => {
        const colon = this.colonAfter(p);
        const comment = colon === undefined ? '' : this.headComment(colon, p.value);
        return { start: p.keyStart, end: p.end, text: Patcher.withComment(this.pairText(p.key, after[k] as JsonValue, node.col), comment) };
      });
    }
    flush();
    for (const p of own) if (!kept.has(p.key)) this.cut(p, p.keyStart);
  }

  private seq(node: SeqNode, before: JsonValue[], after: JsonValue[], floor: number): void {
    const match = align(before, after);
    if (!match) decline();
    const items = node.items;
    const matchedOld = new Set<number>();
    let anchor: ItemNode | undefined;
    let pending: JsonValue[] = [];
    const flush = (): void => {
      if (pending.length === 0) return;
      this.insertRun(anchor, items[0], items[0].dash, floor, this.entriesText(pending, node.col));
      pending = [];
    };
    for (let j = 0; j < after.length; j++) {
      const i = match[j];
      if (i === -1) {
        pending.push(after[j]);
        continue;
      }
      flush();
      matchedOld.add(i);
      const item = items[i];
      anchor = item;
      this.value(item.value, before[i], after[j], item.dash, () => {
        if (!this.startsLine(item.dash)) decline();
        const comment = this.headComment(item.dash + 1, item.value);
        return { start: item.lineStart, end: item.end, text: Patcher.withComment(this.entriesText([after[j]], node.col), comment) };
      });
    }
    flush();
    for (let i = 0; i < items.length; i++) if (!matchedOld.has(i)) this.cut(items[i], items[i].dash);
  }

  /**
   * The value node `v` of a pair or entry (whose key or dash is at `head`) from `before` to
   * `after`: collections are patched, a scalar replaced in place, anything else by `whole()`, the
   * edit that rewrites the pair or entry.
   */
  private value(v: ScanNode, before: JsonValue, after: JsonValue, head: number, whole: () => Edit): void {
    if (deepEqual(before, after)) return;
    const floor = this.text.indexOf('\n', head) + 1;
    if (v.kind === 'map' && isObject(after) && Object.keys(after).length > 0 && isObject(before)) {
      this.map(v, before, after, floor);
      return;
    }
    // (`- - x`: nested entries that share the dash line are replaced whole)
    if (v.kind === 'seq' && Array.isArray(after) && after.length > 0 && Array.isArray(before) && this.startsLine(v.start)) {
      this.seq(v, before, after, floor);
      return;
    }
    const inline = this.inline(after);
    if (inline !== undefined && (v.kind === 'flow' || (v.kind === 'scalar' && v.style !== 'literal' && v.style !== 'folded'))) {
      const empty = v.kind === 'scalar' && v.start === v.end;
      this.edits.push({ start: v.start, end: v.end, text: empty ? ` ${inline}` : inline });
      return;
    }
    this.edits.push(whole());
  }
}


/**
 * For each entry of `after`, the index of the entry of `before` it continues (-1: new), increasing.
 * Entries are matched by `name` when every entry on both sides has a distinct one (containers,
 * volumes, env), else equal entries are matched in order and, between two matches, as many
 * changed entries as were removed are taken as edited in place. Undefined when names reorder.
 */
export function align(before: JsonValue[], after: JsonValue[]): number[] | undefined {
  const names = (xs: JsonValue[]): string[] | undefined => {
    const out: string[] = [];
    for (const x of xs) {
      if (!isObject(x) || typeof x.name !== 'string') return undefined;
      out.push(x.name);
    }
    return new Set(out).size === out.length ? out : undefined;
  };
  const bn = names(before);
  const an = bn && names(after);
  if (bn && an) {
    const at = new Map(bn.map((n, i) => [n, i]));
    const match = an.map((n) => at.get(n) ?? -1);
    let last = -1;
    for (const i of match) {
      if (i === -1) continue;
      if (i < last) return undefined;
      last = i;
    }
    return match;
  }
  // Each entry of `after` takes the first equal entry of `before` after the last one taken: the
  // equal entries are found by their canonical text (linear, not a scan per entry).
  const match = new Array<number>(after.length).fill(-1);
  const at = new Map<string, { list: number[]; next: number }>();
  before.forEach((b, k) => {
    const c = canonicalJson(b);
    const e = at.get(c);
    if (e) e.list.push(k);
    else at.set(c, { list: [k], next: 0 });
  });
  let i = 0;
  for (let j = 0; j < after.length && i < before.length; j++) {
    const e = at.get(canonicalJson(after[j]));
    if (!e) continue;
    while (e.next < e.list.length && e.list[e.next] < i) e.next++;
    if (e.next === e.list.length) continue;
    match[j] = e.list[e.next];
    i = match[j] + 1;
    e.next++;
  }
  // Between consecutive matches, pair up removed and added entries one to one (edited in place).
  let prevOld = -1;
  let gapNew: number[] = [];
  const closeGap = (nextOld: number): void => {
    const gapOld = nextOld - prevOld - 1;
    if (gapOld > 0 && gapOld === gapNew.length) gapNew.forEach((j, k) => (match[j] = prevOld + 1 + k));
    gapNew = [];
  };
  for (let j = 0; j < after.length; j++) {
    if (match[j] === -1) {
      gapNew.push(j);
      continue;
    }
    closeGap(match[j]);
    prevOld = match[j];
  }
  closeGap(before.length);
  return match;
}
