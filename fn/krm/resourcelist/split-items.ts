// Fast path of the reader, step 1: split the ResourceList layout that kpt, kustomize and people
// write (a block mapping at column 0 whose `items:` is a block sequence of block mappings, or of
// the one-line flow mappings they pass for JSON files) into one text range per item, with a line
// scan and no YAML parse. Anything else declines (undefined) and the whole-document reader is
// used. The ranges are read by block-scan.ts; the rest of the root (apiVersion, kind,
// functionConfig, results) is read by the library from `skeleton`, a copy of the text with the
// items region replaced by `items: []`.

export interface ItemRange {
  /** start of the item's dash line */
  lineStart: number;
  /**
   * the item's first key (plain or quoted), or the `{` of a flow mapping item (on the dash line, or
   * on the first content line after it)
   */
  from: number;
  /** end of the item's lines: the next item's dash line, or the end of the items region */
  to: number;
}

export interface SplitList {
  /** column of the items' dashes (0: kyaml's compact style) */
  dashCol: number;
  items: ItemRange[];
  /** end of the items region (a line start, or text.length) */
  regionEnd: number;
  /** the text with the items region removed and `items: []` in place of `items:` */
  skeleton: string;
  /** the root keys, in text order, as found at column 0 */
  rootKeys: string[];
  /** where the line of each root key starts */
  rootKeyStarts: number[];
}

const LF = 10;
const SP = 32;
const HASH = 35;
const DASH = 45;
const LBRACE = 123;

/** A root key line: a plain word key at column 0 followed by `:` and a space or the line end. */
const ROOT_KEY = /^([A-Za-z_][A-Za-z0-9_]*):(?: |$)/;
/** The `items:` line itself: nothing after the colon but spaces and a comment. */
const ITEMS_LINE = /^items:[ ]*(?:#.*)?$/;

/**
 * Per dash column D: a line whose first character other than a space is at column <= D and is not
 * `#`, found from the `\n` before it. In the items region only such a line can end an item or the
 * region; every other line (more indented, blank, a comment) is skipped, and a regular expression
 * skips them in native code: the line-by-line scan was ~12 M instructions of a one-item run (#18).
 */
const SHALLOW_LINES = new Map<number, RegExp>();
function shallowLineRe(col: number): RegExp {
  let re = SHALLOW_LINES.get(col);
  if (re === undefined) SHALLOW_LINES.set(col, (re = new RegExp(`\\n {0,${col}}[^ \\n#]`, 'g')));
  return re;
}

/**
 * Characters that cannot start an item the fast path reads, whose first token must be a plain or
 * quoted key or the `{` of a flow mapping (a JSON file's object).
 */
function badItemStart(c: number): boolean {
  // & ! * | > [ ? - % @ ` , ] } : # and white space
  return '&!*|>[?-%@`,]}:#\t '.includes(String.fromCharCode(c)) || c === LF || Number.isNaN(c);
}

/** Whether an item is a flow mapping (`- {...}`: kpt and kustomize pass a JSON file's object so). */
export function isFlowItem(text: string, range: ItemRange): boolean {
  return text.charCodeAt(range.from) === LBRACE;
}

export function splitItems(text: string): SplitList | undefined {
  // CRLF, byte order marks and tabs anywhere before a key make the line scan unsure: decline.
  if (text.indexOf('\r') !== -1 || text.indexOf('\ufeff') !== -1) return undefined;
  const n = text.length;
  const lineEnd = (p: number): number => {
    const e = text.indexOf('\n', p);
    return e === -1 ? n : e;
  };
  const next = (e: number): number => (e < n ? e + 1 : n);
  /** the start of the next line after the one ending at e that can end an item at dash column col (see SHALLOW_LINES), else n */
  const nextShallow = (e: number, col: number): number => {
    const re = shallowLineRe(col);
    re.lastIndex = e;
    const m = re.exec(text);
    return m === null ? n : m.index + 1;
  };
  /** first non-space offset of the line at p */
  const firstNonSpace = (p: number, e: number): number => {
    let i = p;
    while (i < e && text.charCodeAt(i) === SP) i++;
    return i;
  };

  const rootKeys: string[] = [];
  const rootKeyStarts: number[] = [];
  let itemsLine = -1;
  let regionEnd = -1;
  let dashCol = -1;
  const items: ItemRange[] = [];

  let p = 0;
  while (p < n) {
    const e = lineEnd(p);
    const c = text.charCodeAt(p);
    if (c === SP || c === LF || c === HASH || p === e) {
      // indented content of the current root key, a comment or a blank line
      if (c === SP && rootKeys.length === 0 && firstNonSpace(p, e) < e && text.charCodeAt(firstNonSpace(p, e)) !== HASH) return undefined;
      p = next(e);
      continue;
    }
    if (c === DASH && rootKeys.length > 0 && (p + 1 === e || text.charCodeAt(p + 1) === SP)) {
      // an entry of a compact sequence under another root key (`results:`); the library reads it
      p = next(e);
      continue;
    }
    const line = text.slice(p, e);
    const m = ROOT_KEY.exec(line);
    if (!m) return undefined; // document markers, directives, flow or odd keys, tabs, ...
    rootKeys.push(m[1]);
    rootKeyStarts.push(p);
    if (m[1] !== 'items') {
      p = next(e);
      continue;
    }
    if (itemsLine !== -1 || !ITEMS_LINE.test(line)) return undefined;
    itemsLine = p;
    // The items region: lines more indented than the dashes, comments, blank lines and the dash
    // lines themselves, up to the next root key.
    let q = next(e);
    while (q < n) {
      const qe = lineEnd(q);
      const i = firstNonSpace(q, qe);
      const ind = i - q;
      const ch = text.charCodeAt(i);
      if (i >= qe || ch === HASH) {
        q = dashCol === -1 ? next(qe) : nextShallow(qe, dashCol);
        continue;
      }
      const isDash = ch === DASH && (i + 1 === qe || text.charCodeAt(i + 1) === SP);
      if (dashCol === -1) {
        if (!isDash) return undefined; // `items:` followed by something other than a block sequence
        dashCol = ind;
      }
      if (ind < dashCol) {
        if (ind !== 0) return undefined;
        break;
      }
      if (ind === dashCol) {
        if (!isDash) {
          if (dashCol !== 0) return undefined;
          break; // the next root key
        }
        const item = itemStart(q, i, qe);
        if (item === undefined) return undefined;
        if (items.length > 0) items[items.length - 1].to = q;
        items.push({ lineStart: q, from: item, to: n });
      }
      q = nextShallow(qe, dashCol);
    }
    if (dashCol === -1) return undefined; // `items:` with nothing under it
    regionEnd = q;
    items[items.length - 1].to = q;
    p = q;
  }
  if (itemsLine === -1 || items.length === 0) return undefined;
  for (const it of items) if (it.from >= it.to) return undefined;
  const skeleton = `${text.slice(0, itemsLine)}items: []\n${text.slice(regionEnd)}`;
  return { dashCol, items, regionEnd, skeleton, rootKeys, rootKeyStarts };

  /**
   * The first key of the item whose dash is at `dash` on the line [ls, le): after `- ` on the same
   * line, or, when only a comment (or nothing) follows the dash, on the next content line.
   */
  function itemStart(ls: number, dash: number, le: number): number | undefined {
    const s = firstNonSpace(dash + 1, le);
    if (s < le && text.charCodeAt(s) !== HASH) return badItemStart(text.charCodeAt(s)) ? undefined : s;
    let r = next(le);
    while (r < n) {
      const re = lineEnd(r);
      const i = firstNonSpace(r, re);
      if (i >= re || text.charCodeAt(i) === HASH) {
        r = next(re);
        continue;
      }
      if (i - r <= dash - ls) return undefined; // an empty item
      return badItemStart(text.charCodeAt(i)) ? undefined : i;
    }
    return undefined;
  }
}
