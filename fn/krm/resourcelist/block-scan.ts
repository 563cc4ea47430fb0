// Fast reader for the block-style YAML that kpt/kyaml and people write for Kubernetes objects.
//
// `scanBlockMapping` reads one block mapping (a ResourceList item, or a manifest document's root),
// and `scanFlowCollection` one flow collection written on one line (an item as kpt and kustomize
// pass a JSON file's object, `- {"apiVersion": ...}`, and the writer's JSON read back),
// straight from the text and returns the same plain value that the yaml library gives with
// PARSE_OPTIONS (`parseDocument(text, PARSE_OPTIONS).toJS(...)` of a document without errors or
// warnings): same keys in the same order, same numbers (`-0` included), booleans, nulls and
// strings, `__proto__` as an own data property. It is some 30 times faster than the library
// because it accepts only a subset of YAML and reads it in one pass over the characters. For
// anything outside that subset, or anything it is not sure about, it DECLINES (returns
// undefined) and the caller reads the item with the library. A value that differs from the
// library's is a bug; declining never is.
//
// Accepted: block mappings and block sequences (`- ` at the parent key's column as kyaml writes
// it, or indented); a sequence entry's mapping or sequence starting on the dash line
// (`- name: x`, `- - x`) or on the next lines (`- # comment`); plain keys that resolve to strings,
// and quoted keys, on one line; plain, single-quoted and double-quoted scalars, also continued on
// more lines (as go-yaml folds long strings) and also alone on the line after `key:` or `-`;
// literal and folded block scalars (`|`, `>`, with `-` or `+` chomping); flow collections written
// on one line (`{}`, `[a, b]`, `{app: web}`); comment lines anywhere, trailing comments, blank
// lines; anchors on values (`key: &a ...`, `- &a ...`), aliases as values (`key: *a`), merge keys
// (`<<: *a`, `<<: [*a, *b]`, `!!merge <<: *a`), see "anchors, aliases and merge keys" below.
// Declined: anchors on keys, aliases in flow collections, other tags, directives, document
// markers, `?` keys, plain keys that are not strings (`yes`, `1`, `~`), duplicate keys, block
// scalar indentation indicators, block scalars and flow collections not starting on the line of
// their key or dash,
// multi-line flow collections, tabs outside quoted scalars / block scalar content / comments,
// `\r` and U+FEFF (byte order mark) anywhere, indentation that does not fit the structure,
// nesting deeper than MAX_DEPTH, and everything else.
//
// Scalars are resolved exactly as the library does it, by construction: a plain scalar that none
// of the schema's implicit-tag tests (taken from the library with PARSE_OPTIONS) can match is a
// string; anything else (numbers, booleans, nulls, `0644`, `.inf`, ...), a double-quoted scalar
// with a backslash escape, a multi-line scalar, a folded block scalar, an unusual literal block
// scalar and a non-empty flow collection is resolved by the library itself, parsing that piece
// of text alone (memoised, as the same values repeat) and checking that it is exactly one scalar
// (or flow collection) of the expected kind.
//
// Position tree (with `positions: true`), for a writer that patches changed items in place.
// All offsets are into `text`; `end` offsets are exclusive.
//  - MapNode {kind 'map', col (column of its keys), start (its first key), end (its last pair's
//    end), pairs}.
//  - PairNode {key (the key's string), keyStart (its first character, quote included), lineStart
//    (start of the key's line; for the first pair of a sequence entry that line begins with `- `,
//    or `- - ` in nested sequences), valueStart/valueEnd (the value node's own range; for an
//    empty value both are just after the colon), end (just after the newline ending the pair's
//    last line of content: its value including a trailing comment on that line, but not
//    following comment-only or blank lines; text.length when that line has no newline), value}.
//  - SeqNode {kind 'seq', col (column of the `-`), start (its first `-`), end, items}; ItemNode
//    {dash (offset of its `-`), lineStart (start of the dash's line, which holds the outer dashes
//    too for the first entry of a nested sequence `- - x`), end (as for pairs), value}. An empty
//    entry (`-` alone) has a plain scalar node with start = end = just after the dash.
//  - ScalarNode {kind 'scalar', start, end, style}: plain and quoted scalars span their text
//    (quotes included, trailing spaces and comment excluded; a multi-line one from its first to
//    its last character); block scalars span from the `|` or `>` to just after the newline of
//    their last line (for `+` chomping: of the last kept empty line), so that for them
//    valueEnd = end.
//  - FlowNode {kind 'flow', start, end}: a flow collection (`{}`, `[a, b]`) from its opening to
//    its closing bracket.
// Comment-only and blank lines belong to no node (they may sit between a pair's key line and its
// nested value, inside its [lineStart, end) range); a trailing comment on a content line belongs
// to that line's pair or item.
import { Document, isAlias, isMap, isScalar, isSeq, parseDocument, Scalar, visit } from 'yaml';
import { cloneJson, isObject, setOwn } from '../../types';
import type { JsonObject, JsonValue } from '../../types';
import { fastPathStats } from './fast-path-stats';
import { MAX_ALIAS_COUNT, MAX_DEPTH, PARSE_OPTIONS } from './yaml-util';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

export interface MapNode {
  kind: 'map';
  col: number;
  start: number;
  end: number;
  pairs: PairNode[];
  /** keys that only a merge key gives the mapping (none of its own pairs sets them) */
  merged?: string[];
}

export interface PairNode {
  key: string;
  keyStart: number;
  lineStart: number;
  valueStart: number;
  valueEnd: number;
  end: number;
  value: ScanNode;
  /** a merge key (`<<: *a`), whose value is its aliases' text */
  merge?: true;
}

export interface SeqNode {
  kind: 'seq';
  col: number;
  start: number;
  end: number;
  items: ItemNode[];
}

export interface ItemNode {
  dash: number;
  lineStart: number;
  end: number;
  value: ScanNode;
}

export interface ScalarNode {
  kind: 'scalar';
  start: number;
  end: number;
  style: ScalarStyle;
}

export interface FlowNode {
  kind: 'flow';
  start: number;
  end: number;
}

export type ScanNode = MapNode | SeqNode | ScalarNode | FlowNode;

export interface ScanResult {
  value: JsonObject;
  node?: MapNode;
  /** set when a number in the value is not finite (`.inf`, `.nan`): the library's value, but not JSON */
  nonFinite?: true;
}

export interface ScanOptions {
  /** also build the position tree (`node`) */
  positions?: boolean;
  /**
   * Nesting level of the mapping itself, counted as MAX_DEPTH counts it: 1 for a document's root,
   * 3 (the default) for an item of a ResourceList's `items`. Collections deeper than MAX_DEPTH
   * are declined.
   */
  level?: number;
}

/**
 * Scan the block mapping that starts at `from` (the first character of its first key; the text
 * before it on that line is only spaces, optionally followed by one `- ` sequence indicator, e.g.
 * an item of a ResourceList's `items:`), and ends before `to` (a line start, or text.length). All
 * lines in [from, to) belong to this mapping (blank lines and comment lines anywhere are
 * allowed). Returns undefined to decline. With positions: true also returns the position tree.
 *
 * The caller answers for what precedes the mapping: no anchor, tag or other property may apply
 * to it (e.g. on a `- &a` line above `from`). What follows `to` is checked: the first non-blank
 * line there must be less indented than the mapping (or a comment line at most as indented, or,
 * for a mapping at column 0, a `---`/`...` marker), so that nothing after `to` can continue a
 * scalar of the mapping.
 */
export function scanBlockMapping(text: string, from: number, to: number, opts?: ScanOptions): ScanResult | undefined {
  fastPathStats.scans++;
  const scanner = new Scanner(text, to, opts?.positions === true);
  let result: ScanResult | undefined;
  try {
    result = scanner.scan(from, opts?.level ?? 3);
  } catch {
    // DECLINE, or anything else (a stack overflow on absurd input, a bug): let the library read it.
    result = undefined;
  }
  if (!result) fastPathStats.scanDeclines++;
  return result;
}

export interface FlowScanResult {
  value: JsonValue;
  /** just after the closing bracket */
  end: number;
  /** as in ScanResult */
  nonFinite?: true;
}

/**
 * Scan the flow collection that starts at `from` (its `{` or `[`) and is written on that one
 * line, followed on it only by spaces and a comment; the rest of [from, to) must be blank and
 * comment lines, and what follows `to` is checked as for scanBlockMapping (less indented than
 * the bracket). The text before `from` on its line is as for scanBlockMapping (spaces, optionally
 * one `- `). This is how kpt and kustomize pass the object of a JSON file (`- {"apiVersion":
 * ...}`), and how the writer's JSON text is read back. `level` is the collection's own nesting
 * level. Undefined to decline (the caller uses the library).
 */
export function scanFlowCollection(text: string, from: number, to: number, level: number): FlowScanResult | undefined {
  fastPathStats.scans++;
  let result: FlowScanResult | undefined;
  try {
    result = new Scanner(text, to, false).flowAlone(from, level);
  } catch {
    result = undefined;
  }
  if (!result) fastPathStats.scanDeclines++;
  return result;
}

// --- scalar resolution ---------------------------------------------------------------------------

type JsonScalar = string | number | boolean | null;

const DECLINE: unique symbol = Symbol('decline');
/** Thrown by the scanner's flow reader: leave this flow collection to the library. */
const FLOW_UNSURE: unique symbol = Symbol('flow: not sure');
const NOT_SCALAR: unique symbol = Symbol('not a scalar');

function decline(): never {
  throw DECLINE;
}

interface TagTest {
  tag: string;
  default?: boolean | 'key';
  test?: RegExp;
}

/** The implicit-tag tests of the parse schema (null, bool, int, float forms), from the library. */
let implicitTests: RegExp[] | undefined;
/** true when the schema has a compat list (it has not with PARSE_OPTIONS); then always ask yaml */
let schemaCompat = false;

function getImplicitTests(): RegExp[] {
  if (implicitTests) return implicitTests;
  const schema = new Document(null, PARSE_OPTIONS).schema as unknown as { tags: TagTest[]; compat?: unknown };
  schemaCompat = schema.compat !== null && schema.compat !== undefined;
  const out: RegExp[] = [];
  for (const t of schema.tags) {
    // default === 'key' (merge `<<`) applies to keys only; keys `<<` are declined separately.
    if (t.default === true && t.test instanceof RegExp && t.tag !== 'tag:yaml.org,2002:str') {
      if (t.test.global || t.test.sticky) out.push(new RegExp(t.test.source, t.test.flags.replace(/[gy]/g, '')));
      else out.push(t.test);
    }
  }
  implicitTests = out;
  return out;
}

/**
 * Plain scalars starting with an ASCII letter other than e/E (EXP floats such as `e5` start with
 * one) can only match the null and bool tests, and only as one of these words. Tested against the
 * schema's own tests in block-scan.test.ts.
 */
export const LETTER_SPECIAL_WORDS: ReadonlySet<string> = new Set([
  'null', 'Null', 'NULL',
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
]);

/** Entries per memo (cleared when full); longer texts are not remembered (they rarely repeat). */
const MEMO_LIMIT = 20000;
const MEMO_MAX_KEY = 256;
const plainMemo = new Map<string, JsonScalar | typeof NOT_SCALAR>();
const quotedMemo = new Map<string, JsonScalar | typeof NOT_SCALAR>();
const blockMemo = new Map<string, JsonScalar | typeof NOT_SCALAR>();

function remember<T>(memo: Map<string, T>, key: string, value: T): T {
  if (key.length > MEMO_MAX_KEY) return value;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/**
 * False when no implicit-tag test can match `s` judging by its first two characters: after an
 * optional sign, the null, int and float forms start with a digit, `.`, `e`/`E` or `~` (and the
 * bool and null words with a letter, see LETTER_SPECIAL_WORDS). Tested against the schema's own
 * tests in block-scan.test.ts.
 */
function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

export function mayBeSpecial(s: string): boolean {
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) c = s.charCodeAt(1); // + -
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 126 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * `0`, or up to 15 digits not starting with 0 after an optional `-`: a decimal integer in YAML 1.1
 * (replicas, ports, ids: the commonest non-string scalars), exact as a double, read without the
 * library. (`-0`, `+1`, `0644`, `1_000` and the rest go the general way.)
 */
export function isShortDecimal(s: string): boolean {
  const n = s.length;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  if (n - i > 15 || n === i) return false;
  const c = s.charCodeAt(i);
  if (c === 48) return n === 1;
  if (c < 49 || c > 57) return false;
  for (i++; i < n; i++) {
    const d = s.charCodeAt(i);
    if (d < 48 || d > 57) return false;
  }
  return true;
}

/**
 * `0` and up to 11 octal digits: an octal integer in YAML 1.1 (file modes: `defaultMode: 0644`),
 * read without the library.
 */
export function isShortOctal(s: string): boolean {
  const n = s.length;
  if (n < 2 || n > 12 || s.charCodeAt(0) !== 48) return false;
  for (let i = 1; i < n; i++) {
    const d = s.charCodeAt(i);
    if (d < 48 || d > 55) return false;
  }
  return true;
}

/**
 * The YAML 1.1 values of LETTER_SPECIAL_WORDS, so that `true`, `yes`, `null` need no library
 * parse (block-scan.test.ts checks each against the library).
 */
export const WORD_VALUES: ReadonlyMap<string, boolean | null> = new Map(
  [...LETTER_SPECIAL_WORDS].map((w) => [w, /^[nN]ull$|^NULL$/.test(w) ? null : /^(?:[yY]|[yY]es|YES|[tT]rue|TRUE|[oO]n|ON)$/.test(w)]),
);

/** Value of a single-line plain scalar's text (already known to be a syntactically plain scalar). */
export function resolvePlain(s: string): JsonScalar | typeof NOT_SCALAR {
  const c = s.charCodeAt(0);
  // `e`/`E` start a YAML 1.1 float (`e5`) only when a sign or digit follows: `env`, `exec`,
  // `emptyDir`, `Equal` are words like any other (#18: each used to run every implicit test)
  if ((c >= 97 && c <= 122 && c !== 101) || (c >= 65 && c <= 90 && c !== 69) || c === 47 || ((c === 101 || c === 69) && isAsciiLetter(s.charCodeAt(1)))) {
    if (s.length > 5 || !LETTER_SPECIAL_WORDS.has(s)) return s;
    return WORD_VALUES.get(s) as JsonScalar;
  } else if (!mayBeSpecial(s)) {
    return s;
  } else if (isShortDecimal(s)) {
    return Number(s);
  } else if (isShortOctal(s)) {
    return parseInt(s, 8);
  }
  const memo = plainMemo.get(s);
  if (memo !== undefined) return memo;
  const tests = getImplicitTests();
  if (!schemaCompat) {
    let special = false;
    for (let i = 0; i < tests.length; i++) {
      if (tests[i].test(s)) {
        special = true;
        break;
      }
    }
    if (!special) return s;
  }
  return remember(plainMemo, s, resolveAlone(s, Scalar.PLAIN));
}

/**
 * The value of `src` parsed alone as a YAML document, when that document is exactly one scalar of
 * the given type spanning all of `src` (without errors or warnings); NOT_SCALAR otherwise.
 */
function resolveAlone(src: string, type: Scalar.Type): JsonScalar | typeof NOT_SCALAR {
  let doc: Document;
  try {
    doc = parseDocument(src, PARSE_OPTIONS);
  } catch {
    return NOT_SCALAR;
  }
  if (doc.errors.length > 0 || doc.warnings.length > 0) return NOT_SCALAR;
  const c: unknown = doc.contents;
  if (!isScalar(c) || c.type !== type || c.anchor !== undefined || c.tag !== undefined) return NOT_SCALAR;
  // The scalar spans all of `src` (a block scalar's range includes its header's line break).
  const range = c.range;
  if (!range || range[0] !== 0 || range[1] !== src.length) return NOT_SCALAR;
  const v: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return NOT_SCALAR;
}

/** A quoted scalar (its text from quote to quote) with escapes or on several lines, by the library. */
function resolveQuotedAlone(src: string, double: boolean): JsonScalar | typeof NOT_SCALAR {
  const memo = quotedMemo.get(src);
  if (memo !== undefined) return memo;
  return remember(quotedMemo, src, resolveAlone(src, double ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE));
}

/**
 * A multi-line plain scalar (its text from the first character of its first line to the last of
 * its last line, continuation lines indented as in the input), folded and resolved by the library.
 */
function resolveMultiLinePlain(src: string): JsonScalar | typeof NOT_SCALAR {
  const memo = plainMemo.get(src);
  if (memo !== undefined) return memo;
  return remember(plainMemo, src, resolveAlone(src, Scalar.PLAIN));
}

function resolveBlockAlone(src: string, folded: boolean): JsonScalar | typeof NOT_SCALAR {
  const memo = blockMemo.get(src);
  if (memo !== undefined) return memo;
  return remember(blockMemo, src, resolveAlone(src, folded ? Scalar.BLOCK_FOLDED : Scalar.BLOCK_LITERAL));
}

/**
 * A flow collection written on one line, parsed alone. `src` is the rest of the line from the
 * opening bracket (it may end with a comment). Returns the value and the length of the
 * collection's text, or undefined when it is not exactly a plain flow collection.
 */
const flowMemo = new Map<string, { value: JsonValue; length: number } | null>();
/** Longest flow line remembered (a kpt-annotated `metadata: {...}` line is a few hundred characters). */
const FLOW_MEMO_MAX_KEY = 4096;

/** resolveFlowAlone, memoised; every call gets its own copy of the value. */
function resolveFlowMemo(src: string, level: number): { value: JsonValue; length: number } | undefined {
  const key = `${level} ${src}`;
  let f = flowMemo.get(key);
  if (f === undefined) {
    f = resolveFlowAlone(src, level) ?? null;
    if (key.length <= FLOW_MEMO_MAX_KEY) {
      if (flowMemo.size >= MEMO_LIMIT) flowMemo.clear();
      flowMemo.set(key, f);
    }
  }
  return f === null ? undefined : { value: cloneJson(f.value), length: f.length };
}

function resolveFlowAlone(src: string, level: number): { value: JsonValue; length: number } | undefined {
  // The library's composer recurses per level; bound it before parsing.
  let brackets = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 91 || c === 123) brackets++;
  }
  if (brackets > 64 || level + brackets > MAX_DEPTH) return undefined;
  let doc: Document;
  try {
    doc = parseDocument(src, PARSE_OPTIONS);
  } catch {
    return undefined;
  }
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  const c: unknown = doc.contents;
  if (!(isMap(c) || isSeq(c)) || !c.flow || !c.range || c.range[0] !== 0) return undefined;
  let ok = true;
  visit(doc.contents, {
    Alias() {
      ok = false;
      return visit.BREAK;
    },
    Pair(_, pair) {
      if (!isScalar(pair.key)) {
        ok = false;
        return visit.BREAK;
      }
      return undefined;
    },
    Node(_, node) {
      if (isAlias(node) || node.anchor !== undefined || node.tag !== undefined) {
        ok = false;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (!ok) return undefined;
  const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  if (!isPlainJson(value)) return undefined;
  return { value, length: c.range[1] };
}

function hasNonFinite(v: JsonValue): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (Array.isArray(v)) return v.some(hasNonFinite);
  if (typeof v === 'object' && v !== null) return Object.keys(v).some((k) => hasNonFinite(v[k] as JsonValue));
  return false;
}

function isPlainJson(v: unknown): v is JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return true;
  if (Array.isArray(v)) return v.every(isPlainJson);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.keys(v as object).every((k) => isPlainJson((v as Record<string, unknown>)[k]));
  }
  return false;
}

// --- the scanner ---------------------------------------------------------------------------------

const LF = 10;
const TAB = 9;
const CR = 13;
const SP = 32;
const HASH = 35; // #
const DQ = 34; // "
const SQ = 39; // '
const DASH = 45; // -
const COLON = 58; // :
const PIPE = 124; // |
const GT = 62; // >
const LBRACKET = 91; // [
const LBRACE = 123; // {
const RBRACKET = 93; // ]
const RBRACE = 125; // }
const COMMA = 44; // ,
const QUESTION = 63; // ?
const AMP = 38; // &
const STAR = 42; // *
const LT = 60; // <
const BANG = 33; // !
/** Aliases (and merge keys) one scan reads; more are left to the library and its alias bound. */
const MAX_ALIASES = 50;
const BACKSLASH = 92;

/**
 * Characters that cannot start a plain scalar: , [ ] { } # & * ! | > ' " % @ ` and white space
 * (quotes, block headers, flow openers and comments are handled before this check). `-`, `?` and
 * `:` start one only when a non-space character follows (see indicatorAt).
 */
function badPlainStart(c: number): boolean {
  switch (c) {
    case 44: // ,
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 35: // #
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case 39: // '
    case 34: // "
    case 37: // %
    case 64: // @
    case 96: // `
    case TAB:
    case SP:
    case LF:
      return true;
    default:
      return false;
  }
}

/** Characters that cannot start a plain scalar inside a flow collection (`-`, `?`, `:`: see flowPlainEnd). */
function flowPlainBadStart(c: number): boolean {
  return badPlainStart(c) || c === RBRACE || c === RBRACKET || c < 32 || c === 0x7f;
}

// parseNode modes
const MAP_VALUE = 0;
const ITEM = 1;
const OWN_LINE = 2;

/** Longest implicit key accepted (yaml allows 1024 characters up to the `:`). */
const MAX_KEY_LENGTH = 1000;

class Scanner {
  /** start of the next content line (after the value just parsed), or `to` */
  private pos = 0;
  /** indentation of the line at `pos` (-1 at `to`) */
  private indent = -1;
  /** end of the pair/item whose value was just parsed (after its last content line's newline) */
  private vEnd = 0;
  /** position node of the value just parsed (with positions) */
  private vNode: ScanNode | undefined;
  /** text of the plain scalar found by the last plainEnd, and whether a comment ended it */
  private plain = '';
  private plainComment = false;
  /** end of the last line of the multi-line scalar just found */
  private lastLe = 0;
  /** set when a block scalar (with its trailing blank lines) reaches `to` */
  private blockReachesTo = false;
  /** set when a plain scalar or flow collection resolved to a non-finite number */
  private nonFinite = false;
  /** anchors defined so far (`&name`), each with its value as read; those that hold an alias are tainted */
  private anchors: Map<string, JsonValue> | undefined;
  private tainted: Set<string> | undefined;
  /** aliases used so far (merge keys included), bounded well below yaml's MAX_ALIAS_COUNT */
  private aliasUses = 0;
  /** the flow reader's position, and the end of the line it reads */
  private fp = 0;
  private fle = 0;

  constructor(
    private readonly text: string,
    private readonly to: number,
    private readonly positions: boolean,
  ) {}

  scan(from: number, level: number): ScanResult | undefined {
    const { text, to } = this;
    if (!(from >= 0 && from < to && to <= text.length)) return undefined;
    if (to < text.length && text.charCodeAt(to - 1) !== LF) return undefined;
    if (level < 1 || level > MAX_DEPTH) return undefined;
    const ls = text.lastIndexOf('\n', from - 1) + 1;
    // Before the first key: spaces, optionally `-` and at least one space.
    if (!this.onlyDashBefore(ls, from)) return undefined;
    // CR (CRLF line ends) and byte order marks (dropped by yaml at the start of a stream or
    // document) are declined anywhere. (A slice of a long string shares its characters, so this
    // searches only [ls, to).)
    const range = text.slice(ls, to);
    if (range.indexOf('\r') !== -1 || range.indexOf('\ufeff') !== -1) return undefined;
    const col = from - ls;
    const value = this.parseMap(col, ls, from, level);
    if (this.pos < to) return undefined;
    if (!this.afterToIsSafe(col)) return undefined;
    const result: ScanResult = { value };
    if (this.nonFinite) result.nonFinite = true;
    if (this.positions) result.node = this.vNode as MapNode;
    return result;
  }

  /** See scanFlowCollection. */
  flowAlone(from: number, level: number): FlowScanResult | undefined {
    const { text, to } = this;
    if (!(from >= 0 && from < to && to <= text.length)) return undefined;
    if (to < text.length && text.charCodeAt(to - 1) !== LF) return undefined;
    const open = text.charCodeAt(from);
    if ((open !== LBRACE && open !== LBRACKET) || level < 1 || level > MAX_DEPTH) return undefined;
    const ls = text.lastIndexOf('\n', from - 1) + 1;
    if (!this.onlyDashBefore(ls, from)) return undefined;
    const range = text.slice(ls, to);
    if (range.indexOf('\r') !== -1 || range.indexOf('\ufeff') !== -1) return undefined;
    const le = this.lineEnd(from);
    const f = this.flow(from, le, level);
    // after it on its line: nothing, or spaces and a comment
    const p = this.spaces(f.end, le);
    if (p < le && (text.charCodeAt(p) !== HASH || p === f.end)) return undefined;
    this.skipBlank(this.after(le));
    if (this.pos < to || !this.afterToIsSafe(from - ls)) return undefined;
    const result: FlowScanResult = { value: f.value, end: f.end };
    if (this.nonFinite) result.nonFinite = true;
    return result;
  }

  /** [ls, from) is spaces, optionally followed by `-` and at least one space. */
  private onlyDashBefore(ls: number, from: number): boolean {
    const text = this.text;
    let i = ls;
    while (i < from && text.charCodeAt(i) === SP) i++;
    if (i < from) {
      if (text.charCodeAt(i) !== DASH) return false;
      i++;
      if (i === from) return false;
      while (i < from && text.charCodeAt(i) === SP) i++;
      if (i < from) return false;
    }
    return true;
  }

  /** What follows `to` cannot continue the mapping (see scanBlockMapping). */
  private afterToIsSafe(col: number): boolean {
    const { text, to } = this;
    let p = to;
    const n = text.length;
    while (p < n) {
      let i = p;
      while (i < n && text.charCodeAt(i) === SP) i++;
      const c = text.charCodeAt(i);
      if (i >= n || c === LF) {
        // A blank line: it would belong to a block scalar that reaches `to`.
        if (this.blockReachesTo) return false;
        p = i + 1;
        continue;
      }
      if (c === CR) {
        // blank line with CRLF, or anything else with \r: not sure
        return false;
      }
      if (c === TAB) return false;
      const ind = i - p;
      if (ind < col) return true;
      if (c === HASH && ind <= col) return true;
      if (col === 0 && ind === 0 && isDocMarker(text, i)) return true;
      return false;
    }
    return true;
  }

  private lineEnd(p: number): number {
    const e = this.text.indexOf('\n', p);
    return e === -1 || e >= this.to ? this.to : e;
  }

  /** Start of the line after the line ending at `e` (a lineEnd result). */
  private after(e: number): number {
    return e < this.to ? e + 1 : this.to;
  }

  /**
   * From the line start `p`, skip blank and comment lines; sets `pos` and `indent` to the next
   * content line (or `to`, -1).
   */
  private skipBlank(p: number): void {
    const { text, to } = this;
    while (p < to) {
      let i = p;
      let c = text.charCodeAt(i);
      while (c === SP) c = text.charCodeAt(++i);
      if (i >= to || c === LF) {
        p = i + 1;
        continue;
      }
      if (c === HASH) {
        p = this.after(this.lineEnd(i));
        continue;
      }
      if (c === TAB) decline();
      if (i === p && isDocMarker(text, i)) decline();
      this.pos = p;
      this.indent = i - p;
      return;
    }
    this.pos = to;
    this.indent = -1;
  }

  /** Skip spaces within a line; tabs are declined. */
  private spaces(p: number, le: number): number {
    const t = this.text;
    while (p < le) {
      const c = t.charCodeAt(p);
      if (c === SP) p++;
      else if (c === TAB) decline();
      else break;
    }
    return p;
  }

  /** A `-` sequence indicator at `p` (followed by a space, a tab or the line end). */
  private isDash(p: number): boolean {
    const t = this.text;
    if (t.charCodeAt(p) !== DASH) return false;
    if (p + 1 >= this.to) return true;
    const c = t.charCodeAt(p + 1);
    return c === SP || c === LF || c === TAB;
  }

  /** `-`, `?` or `:` followed by white space or the line end: an indicator, not a plain scalar. */
  private indicatorAt(p: number): boolean {
    const c = this.text.charCodeAt(p);
    if (c !== DASH && c !== 63 && c !== COLON) return false;
    if (p + 1 >= this.to) return true;
    const c1 = this.text.charCodeAt(p + 1);
    return c1 === SP || c1 === LF || c1 === TAB;
  }

  /** After a scalar or flow collection ending at `e`: only spaces, then the line end or ` #...`. */
  private restIsClean(e: number, le: number): boolean {
    const p = this.spaces(e, le);
    if (p === le) return true;
    return p > e && this.text.charCodeAt(p) === HASH;
  }

  // --- mappings ------------------------------------------------------------------------------------

  /** A block mapping whose keys are at column `col`; its first key is at `keyPos` on line `ls`. */
  private parseMap(col: number, ls: number, keyPos: number, level: number): JsonObject {
    if (level > MAX_DEPTH) decline();
    const { text } = this;
    const obj: JsonObject = {};
    const pairs: PairNode[] | undefined = this.positions ? [] : undefined;
    /** keys a merge key added, which a later pair may still set (yaml's YAML 1.1 merge) */
    let merged: Set<string> | undefined;
    let merges = 0;
    for (;;) {
      const le = this.lineEnd(keyPos);
      // --- a merge key: `<<: *a`, `<<: [*a, *b]`, `!!merge <<: *a`
      const mergeColon = this.mergeKeyColon(keyPos, le);
      if (mergeColon !== -1) {
        if (++merges > 1) decline();
        const { sources, start, end } = this.mergeSources(mergeColon, le, col);
        for (const source of sources) {
          for (const k of Object.keys(source)) {
            if (Object.hasOwn(obj, k)) continue;
            setOwn(obj, k, source[k]);
            (merged ??= new Set()).add(k);
          }
        }
        if (pairs) {
          const value: ScanNode = { kind: 'scalar', start, end, style: 'plain' };
          pairs.push({ key: '<<', keyStart: keyPos, lineStart: ls, valueStart: start, valueEnd: end, end: this.vEnd, value, merge: true });
        }
      } else {
        // --- the key
        let key: string;
        let colon: number;
        const c0 = text.charCodeAt(keyPos);
        if (c0 === DQ || c0 === SQ) {
          const e = this.quotedEnd(keyPos, le);
          if (e === -1 || e >= le || text.charCodeAt(e) !== COLON) decline();
          const v = this.quotedValue(keyPos, e);
          if (typeof v !== 'string') decline();
          key = v;
          colon = e;
        } else {
          if (badPlainStart(c0) || this.indicatorAt(keyPos)) decline();
          // The first `:` followed by a space or the line end (native searches: this runs per line).
          colon = text.indexOf(':', keyPos);
          while (colon !== -1 && colon < le && colon + 1 < le && text.charCodeAt(colon + 1) !== SP) colon = text.indexOf(':', colon + 1);
          if (colon === -1 || colon >= le) decline();
          const keyText = text.slice(keyPos, colon);
          // a comment before the colon, a tab, or a space before the colon: not sure
          if (keyText.indexOf(' #') !== -1 || keyText.indexOf('\t') !== -1 || keyText.charCodeAt(keyText.length - 1) === SP) decline();
          const k = resolvePlain(keyText);
          if (typeof k !== 'string' || k === '<<') decline();
          key = k;
        }
        if (colon - keyPos > MAX_KEY_LENGTH) decline();
        if (colon + 1 < le && text.charCodeAt(colon + 1) !== SP) decline();
        if (Object.hasOwn(obj, key) && !merged?.delete(key)) decline();
        // --- the value
        const value = this.parseMapValue(colon + 1, le, ls, col, level);
        setOwn(obj, key, value);
        if (pairs) {
          const node = this.vNode as ScanNode;
          pairs.push({ key, keyStart: keyPos, lineStart: ls, valueStart: node.start, valueEnd: node.end, end: this.vEnd, value: node });
        }
      }
      // --- the next line
      if (this.pos >= this.to || this.indent < col) break;
      if (this.indent > col || this.isDash(this.pos + col)) decline();
      ls = this.pos;
      keyPos = ls + col;
    }
    if (pairs) {
      const last = pairs[pairs.length - 1];
      const node: MapNode = { kind: 'map', col, start: pairs[0].keyStart, end: last.end, pairs };
      if (merged?.size) node.merged = [...merged];
      this.vNode = node;
      this.vEnd = last.end;
    }
    return obj;
  }

  /** The `:` of a merge key (`<<`, `!!merge <<`) at `keyPos`, else -1. */
  private mergeKeyColon(keyPos: number, le: number): number {
    const t = this.text;
    const c = t.charCodeAt(keyPos);
    if (c !== LT && c !== BANG) return -1; // (every key of every mapping asks)
    let k = keyPos;
    if (t.startsWith('!!merge ', k)) k = this.spaces(k + 8, le);
    if (t.charCodeAt(k) !== LT || t.charCodeAt(k + 1) !== LT) return k === keyPos ? -1 : decline();
    const colon = k + 2;
    if (t.charCodeAt(colon) !== COLON || (colon + 1 < le && t.charCodeAt(colon + 1) !== SP)) return k === keyPos ? -1 : decline();
    return colon;
  }

  /** The value of a pair whose `:` ends just before `p` (a space or the line end). */
  private parseMapValue(p: number, le: number, ls: number, col: number, level: number): JsonValue {
    const s = this.spaces(p, le);
    const c = this.text.charCodeAt(s);
    if (c === AMP) return this.anchored(s, le, ls, col, level, MAP_VALUE);
    if (c === STAR) return this.alias(s, le, col);
    if (s < le && c !== HASH) return this.parseNode(s, le, ls, col, level, MAP_VALUE);
    return this.valueBelow(p, le, col, level);
  }

  /** After `key:` with nothing more on its line: a node on the next lines, or null. */
  private valueBelow(p: number, le: number, col: number, level: number): JsonValue {
    const next = this.after(le);
    this.skipBlank(next);
    if (this.pos < this.to) {
      const ind = this.indent;
      // a sequence may be at the key's column (kyaml's compact style)
      if (ind >= col && this.isDash(this.pos + ind)) return this.parseSeq(ind, this.pos, level + 1);
      if (ind > col) return this.parseNode(this.pos + ind, this.lineEnd(this.pos), this.pos, col, level, OWN_LINE);
    }
    if (this.positions) this.vNode = { kind: 'scalar', start: p, end: p, style: 'plain' };
    this.vEnd = next;
    return null;
  }

  // --- sequences -----------------------------------------------------------------------------------

  /** A block sequence whose `-` are at column `dcol`; the first one is on line `ls`. */
  private parseSeq(dcol: number, ls: number, level: number): JsonValue[] {
    if (level > MAX_DEPTH) decline();
    const arr: JsonValue[] = [];
    const items: ItemNode[] | undefined = this.positions ? [] : undefined;
    for (;;) {
      const dash = ls + dcol;
      const le = this.lineEnd(dash);
      arr.push(this.parseItem(dash + 1, le, dcol, ls, level));
      if (items) items.push({ dash, lineStart: ls, end: this.vEnd, value: this.vNode as ScanNode });
      if (this.pos >= this.to || this.indent < dcol) break;
      if (this.indent > dcol) decline();
      if (!this.isDash(this.pos + dcol)) break;
      ls = this.pos;
    }
    if (items) {
      const last = items[items.length - 1];
      this.vNode = { kind: 'seq', col: dcol, start: items[0].dash, end: last.end, items };
      this.vEnd = last.end;
    }
    return arr;
  }

  /** The value of a sequence entry whose `-` ends just before `p`. */
  private parseItem(p: number, le: number, dcol: number, ls: number, level: number): JsonValue {
    const s = this.spaces(p, le);
    const c = this.text.charCodeAt(s);
    if (c === AMP) return this.anchored(s, le, ls, dcol, level, ITEM);
    if (c === STAR) return this.alias(s, le, dcol);
    if (s < le && c !== HASH) return this.parseNode(s, le, ls, dcol, level, ITEM);
    const next = this.after(le);
    this.skipBlank(next);
    if (this.pos < this.to && this.indent > dcol) {
      return this.parseNode(this.pos + this.indent, this.lineEnd(this.pos), this.pos, dcol, level, OWN_LINE);
    }
    if (this.positions) this.vNode = { kind: 'scalar', start: p, end: p, style: 'plain' };
    this.vEnd = next;
    return null;
  }

  // --- anchors, aliases and merge keys ----------------------------------------------------------------
  //
  // An anchored node is read as any node and remembered by its name; an alias is a copy of that
  // value; a merge key (`<<: *a`, `<<: [*a, *b]`, `!!merge <<: *a` as kyaml writes it) adds the
  // keys of the mappings it names that the mapping does not have, where it stands (yaml's YAML 1.1
  // merge). Positions: an anchored node's own (after the anchor), an alias as a one-line scalar, a
  // merge key as a pair marked `merge` and the keys only it gives as the map's `merged`; the
  // patcher leaves them alone, and its read-back catches an edit that an alias would repeat.
  // Declined: properties on keys (`- &a k: v` anchors the key), alone on a line, or with a tag; an
  // alias to an anchor that is not (yet) defined in the scanned text, or whose value holds an
  // alias; more than MAX_ALIASES aliases.

  /** The name of the anchor or alias whose `&` or `*` is at `s`, and where it ends. */
  private propertyName(s: number, le: number): { name: string; end: number } {
    const t = this.text;
    let e = s + 1;
    // letters, digits, `_`, `-` and `.` only (yaml warns about a name ending in `:`, for one)
    while (e < le) {
      const c = t.charCodeAt(e);
      if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === DASH || c === 46)) break;
      e++;
    }
    const after = t.charCodeAt(e);
    if (e === s + 1 || (e < le && after !== SP && after !== COMMA && after !== RBRACKET)) decline();
    return { name: t.slice(s + 1, e), end: e };
  }

  /** `&name node` (or `&name` with the node on the next lines) after `key: ` or `- `. */
  private anchored(s: number, le: number, ls: number, parentCol: number, level: number, mode: number): JsonValue {
    const { name, end } = this.propertyName(s, le);
    const uses = this.aliasUses;
    const n = this.spaces(end, le);
    const c = this.text.charCodeAt(n);
    let value: JsonValue;
    if (n < le && c !== HASH) {
      // (and not a block sequence starting on its line: `- &a - x` is an error)
      if (n === end || c === AMP || c === STAR || c === BANG || (c === DASH && this.isDash(n))) decline();
      value = this.parseNode(n, le, ls, parentCol, level, mode);
      // `- &a k: v` anchors the key, not the mapping
      if (mode === ITEM && c !== LBRACE && isObject(value)) decline();
    } else {
      const next = this.after(le);
      this.skipBlank(next);
      // an anchored empty value: not sure (a sequence may be at the key's column, as kyaml writes it)
      const atKeyColumn = mode === MAP_VALUE && this.indent === parentCol && this.isDash(this.pos + this.indent);
      if (this.pos >= this.to || (this.indent <= parentCol && !atKeyColumn)) decline();
      value = mode === ITEM ? this.parseItem(le, le, parentCol, ls, level) : this.valueBelow(le, le, parentCol, level);
    }
    (this.anchors ??= new Map()).set(name, value);
    if (this.aliasUses !== uses) (this.tainted ??= new Set()).add(name);
    else this.tainted?.delete(name);
    return value;
  }

  /** The value of the anchor an alias names, copied; the alias alone on its line (and a comment). */
  private aliasValue(name: string): JsonValue {
    const v = this.anchors?.get(name);
    if (v === undefined || this.tainted?.has(name) || ++this.aliasUses > MAX_ALIASES) decline();
    return cloneJson(v);
  }

  /** `*name` after `key: ` or `- `. */
  private alias(s: number, le: number, parentCol: number): JsonValue {
    const { name, end } = this.propertyName(s, le);
    const value = this.aliasValue(name);
    if (!this.restIsClean(end, le)) decline();
    // (to the patcher an alias is a one-line value: replaced by the new value when that changes)
    if (this.positions) this.vNode = { kind: 'scalar', start: s, end, style: 'plain' };
    this.endValueLine(le, parentCol);
    return value;
  }

  /**
   * The value of a merge key whose `:` is at `colon`: the mappings it names (`*a`, or `[*a, *b]`),
   * on that line; then the next line, as after any pair.
   */
  private mergeSources(colon: number, le: number, col: number): { sources: JsonObject[]; start: number; end: number } {
    const t = this.text;
    let p = this.spaces(colon + 1, le);
    const start = p;
    const names: string[] = [];
    if (t.charCodeAt(p) === STAR) {
      const { name, end } = this.propertyName(p, le);
      names.push(name);
      p = end;
    } else if (t.charCodeAt(p) === LBRACKET) {
      p = this.spaces(p + 1, le);
      for (;;) {
        if (t.charCodeAt(p) !== STAR) decline();
        const { name, end } = this.propertyName(p, le);
        names.push(name);
        p = this.spaces(end, le);
        const c = t.charCodeAt(p);
        if (c === RBRACKET) {
          p++;
          break;
        }
        if (c !== COMMA) decline();
        p = this.spaces(p + 1, le);
      }
    } else {
      decline();
    }
    if (!this.restIsClean(p, le)) decline();
    const sources = names.map((n) => {
      const v = this.aliasValue(n);
      if (!isObject(v)) decline();
      return v;
    });
    this.endValueLine(le, col);
    return { sources, start, end: p };
  }

  // --- any node --------------------------------------------------------------------------------------

  /**
   * The node whose first character is at `s` on the line [ls, le), inside a collection at nesting
   * `level` whose keys or dashes are at column `parentCol`: in MAP_VALUE mode it follows `key: `,
   * in ITEM mode `- `, in OWN_LINE mode it is alone at the start of its line (after `key:` or `-`
   * on an earlier line). A mapping or a sequence may start here, except after `key: `.
   */
  private parseNode(s: number, le: number, ls: number, parentCol: number, level: number, mode: number): JsonValue {
    // `le` moves to the last line of a multi-line scalar
    const { text } = this;
    const c = text.charCodeAt(s);
    if (c === PIPE || c === GT) {
      if (mode === OWN_LINE) decline();
      return this.parseBlockScalar(s, le, parentCol);
    }
    if (c === BANG && mode !== MAP_VALUE && this.mergeKeyColon(s, le) !== -1) {
      // a mapping whose first key is `!!merge <<` (as kyaml writes merge keys)
      return this.parseMap(s - ls, ls, s, level + 1);
    }
    if (c === DASH && this.isDash(s)) {
      // `- - x`, or a sequence on the lines after `-`: its dashes are at column s - ls
      if (mode === MAP_VALUE) decline(); // `key: - x`
      return this.parseSeq(s - ls, ls, level + 1);
    }
    let value: JsonValue;
    let e: number;
    let style: ScalarStyle | undefined;
    if (c === DQ || c === SQ) {
      e = this.quotedEnd(s, le);
      let v: JsonScalar | typeof NOT_SCALAR;
      if (e === -1) {
        // continued on the next lines: folded by the library
        e = this.quotedEndMultiLine(s, le, parentCol);
        le = this.lastLe;
        if (text.charCodeAt(e) === COLON) decline(); // a multi-line implicit key
        v = resolveQuotedAlone(text.slice(s, e), c === DQ);
      } else {
        if (e < le && text.charCodeAt(e) === COLON && (e + 1 === le || text.charCodeAt(e + 1) === SP)) {
          // `- "key": value`: a mapping whose keys are at column s - ls
          if (mode === MAP_VALUE) decline(); // `key: "a": b`
          return this.parseMap(s - ls, ls, s, level + 1);
        }
        v = this.quotedValue(s, e);
      }
      if (v === NOT_SCALAR) decline();
      value = v;
      style = c === DQ ? 'double' : 'single';
    } else if (c === LBRACE || c === LBRACKET) {
      const f = this.flow(s, le, level + 1);
      value = f.value;
      e = f.end;
    } else {
      if (badPlainStart(c) || this.indicatorAt(s)) decline();
      e = this.plainEnd(s, le);
      if (e === -1) {
        if (mode === MAP_VALUE) decline(); // `key: a: b`
        return this.parseMap(s - ls, ls, s, level + 1);
      }
      let v: JsonScalar | typeof NOT_SCALAR;
      const more = this.plainComment ? -1 : this.plainContinuation(le, parentCol);
      if (more === -1) {
        v = resolvePlain(this.plain);
      } else {
        // a multi-line plain scalar: folded and resolved by the library
        v = resolveMultiLinePlain(text.slice(s, more));
        e = more;
        le = this.lastLe;
      }
      if (v === NOT_SCALAR) decline();
      if (typeof v === 'number' && !Number.isFinite(v)) this.nonFinite = true;
      value = v;
      style = 'plain';
    }
    if (!this.restIsClean(e, le)) decline();
    if (this.positions) {
      this.vNode = style ? { kind: 'scalar', start: s, end: e, style } : { kind: 'flow', start: s, end: e };
    }
    this.endValueLine(le, parentCol);
    return value;
  }

  /**
   * After a value that ends on the line ending at `le`: its pair or entry ends there, and the next
   * content line must not be more indented than `parentCol` (it would continue a plain scalar, or
   * be an error).
   */
  private endValueLine(le: number, parentCol: number): void {
    const next = this.after(le);
    this.vEnd = next;
    this.skipBlank(next);
    if (this.pos < this.to && this.indent > parentCol) decline();
  }

  // --- scalars -------------------------------------------------------------------------------------

  /**
   * End (exclusive, trailing spaces dropped) of a plain scalar starting at `s`, stopping at a
   * comment; -1 when a `: ` / `:` at the line end makes it a mapping key. Sets `plain` to its text.
   */
  private plainEnd(s: number, le: number): number {
    const line = this.text.slice(s, le);
    let n = line.length;
    const hash = line.indexOf(' #');
    if (hash !== -1) n = hash;
    for (let k = line.indexOf(':'); k !== -1 && k < n; k = line.indexOf(':', k + 1)) {
      if (k + 1 === line.length || line.charCodeAt(k + 1) === SP) return -1;
    }
    const tab = line.indexOf('\t');
    if (tab !== -1 && tab < n) decline();
    while (line.charCodeAt(n - 1) === SP) n--;
    this.plain = n === line.length ? line : line.slice(0, n);
    this.plainComment = hash !== -1;
    return s + n;
  }

  /**
   * The continuation lines of a plain scalar whose first line ends at `le` (without a comment):
   * returns the end of its last content (-1 when it has no continuation) and sets `lastLe` to the
   * end of that line. As yaml's lexer: a continuation line is indented more than `parentCol`; a
   * blank line belongs to the scalar when a continuation line follows; a comment ends it.
   */
  private plainContinuation(le: number, parentCol: number): number {
    const t = this.text;
    let lastEnd = -1;
    let p = this.after(le);
    while (p < this.to) {
      let i = p;
      while (t.charCodeAt(i) === SP) i++;
      const e = this.lineEnd(p);
      if (i >= e) {
        p = this.after(e);
        continue;
      }
      const c = t.charCodeAt(i);
      if (i - p <= parentCol || c === HASH) break;
      if (c === TAB) decline();
      const line = t.slice(i, e);
      let n = line.length;
      const hash = line.indexOf(' #');
      if (hash !== -1) n = hash;
      // `: ` would end the scalar as an implicit key spanning lines: an error
      for (let k = line.indexOf(':'); k !== -1 && k < n; k = line.indexOf(':', k + 1)) {
        if (k + 1 === line.length || line.charCodeAt(k + 1) === SP) decline();
      }
      const tab = line.indexOf('\t');
      if (tab !== -1 && tab < n) decline();
      while (line.charCodeAt(n - 1) === SP) n--;
      lastEnd = i + n;
      this.lastLe = e;
      if (hash !== -1) break;
      p = this.after(e);
    }
    return lastEnd;
  }

  /** End (after the closing quote) of a quoted scalar starting at `s`, or -1 when it does not end on this line. */
  private quotedEnd(s: number, le: number): number {
    const t = this.text;
    if (t.charCodeAt(s) === SQ) {
      let i = s + 1;
      for (;;) {
        const j = t.indexOf("'", i);
        if (j === -1 || j >= le) return -1;
        if (t.charCodeAt(j + 1) === SQ) i = j + 2;
        else return j + 1;
      }
    }
    for (let i = s + 1; i < le; i++) {
      const c = t.charCodeAt(i);
      if (c === BACKSLASH) i++;
      else if (c === DQ) return i + 1;
    }
    return -1;
  }

  /**
   * End (after the closing quote) of a quoted scalar starting at `s` that continues past its first
   * line (ending at `le`); sets `lastLe` to the end of the line of the closing quote. As yaml's
   * lexer, every line after the first must be blank or indented more than `parentCol`.
   */
  private quotedEndMultiLine(s: number, le: number, parentCol: number): number {
    const t = this.text;
    let j: number;
    if (t.charCodeAt(s) === SQ) {
      j = t.indexOf("'", s + 1);
      while (j !== -1 && t.charCodeAt(j + 1) === SQ) j = t.indexOf("'", j + 2);
    } else {
      j = t.indexOf('"', s + 1);
      while (j !== -1) {
        let n = 0;
        while (t.charCodeAt(j - 1 - n) === BACKSLASH) n++;
        if (n % 2 === 0) break;
        j = t.indexOf('"', j + 1);
      }
    }
    if (j === -1 || j >= this.to) decline();
    let nl = le;
    while (nl < j) {
      const p = nl + 1;
      let i = p;
      while (t.charCodeAt(i) === SP) i++;
      if (t.charCodeAt(i) !== LF && i - p <= parentCol) decline();
      nl = this.lineEnd(p);
    }
    this.lastLe = nl;
    return j + 1;
  }

  private quotedValue(s: number, e: number): JsonScalar | typeof NOT_SCALAR {
    const t = this.text;
    const inner = t.slice(s + 1, e - 1);
    if (t.charCodeAt(s) === SQ) return inner.indexOf("'") === -1 ? inner : inner.replace(/''/g, "'");
    return inner.indexOf('\\') === -1 ? inner : resolveQuotedAlone(t.slice(s, e), true);
  }

  /**
   * A flow collection on one line starting at `s`, at nesting `level`: read here (flowCollection)
   * when it is in the subset below, else by the library alone (counted); declined when neither.
   */
  private flow(s: number, le: number, level: number): { value: JsonValue; end: number } {
    if (level > MAX_DEPTH) decline();
    this.fp = s;
    this.fle = le;
    try {
      const value = this.flowCollection(level);
      return { value, end: this.fp };
    } catch (e) {
      if (e !== FLOW_UNSURE) throw e;
    }
    fastPathStats.flowToLibrary++;
    const f = resolveFlowMemo(this.text.slice(s, le), level);
    if (!f) decline();
    if (hasNonFinite(f.value)) this.nonFinite = true;
    return { value: f.value, end: s + f.length };
  }

  // --- flow collections ------------------------------------------------------------------------------
  //
  // The one-line flow collections people write in manifests: `{name: x, labels: {a: b}}`,
  // `[{containerPort: 80, name: http}]`, `["a", 'b']`, nested, with plain, single- and
  // double-quoted scalars (resolved as in block context), separated by spaces. Anything else
  // throws FLOW_UNSURE and the library reads the collection: comments, tabs, anchors, tags,
  // aliases, `?` keys, `key: value` pairs directly in a sequence, keys without a value or values
  // without a key, empty values, trailing commas, collections as keys, `<<` and duplicate keys,
  // and a collection that does not close on its line (which the library then declines too).

  /** The flow collection at `fp` (its `{` or `[`), at nesting `level`; leaves `fp` after it. */
  private flowCollection(level: number): JsonValue {
    if (level > MAX_DEPTH) throw FLOW_UNSURE;
    const t = this.text;
    const open = t.charCodeAt(this.fp);
    this.fp++;
    this.flowSpaces();
    if (open === LBRACE) {
      const obj: JsonObject = {};
      if (t.charCodeAt(this.fp) === RBRACE) {
        this.fp++;
        return obj;
      }
      for (;;) {
        const key = this.flowKey();
        const value = this.flowValue(level, RBRACE);
        if (Object.hasOwn(obj, key)) throw FLOW_UNSURE;
        setOwn(obj, key, value);
        if (this.flowNext(RBRACE)) return obj;
      }
    }
    const arr: JsonValue[] = [];
    if (t.charCodeAt(this.fp) === RBRACKET) {
      this.fp++;
      return arr;
    }
    for (;;) {
      arr.push(this.flowValue(level, RBRACKET));
      if (this.flowNext(RBRACKET)) return arr;
    }
  }

  /** Spaces inside a flow collection (a tab, or the end of the line, is not sure). */
  private flowSpaces(): void {
    const t = this.text;
    let p = this.fp;
    while (t.charCodeAt(p) === SP) p++;
    if (p >= this.fle || t.charCodeAt(p) === TAB) throw FLOW_UNSURE;
    this.fp = p;
  }

  /**
   * After an entry: `,` and the next entry (false), or the closing bracket (true). A comma before
   * the closing bracket, and anything else, is not sure.
   */
  private flowNext(close: number): boolean {
    this.flowSpaces();
    const c = this.text.charCodeAt(this.fp);
    if (c === close) {
      this.fp++;
      return true;
    }
    if (c !== COMMA) throw FLOW_UNSURE;
    this.fp++;
    this.flowSpaces();
    const d = this.text.charCodeAt(this.fp);
    if (d === RBRACE || d === RBRACKET || d === COMMA) throw FLOW_UNSURE;
    return false;
  }

  /** A key of a flow mapping and its `:` (for a plain key followed by a space). */
  private flowKey(): string {
    const t = this.text;
    const s = this.fp;
    const c = t.charCodeAt(s);
    let key: JsonScalar | typeof NOT_SCALAR;
    if (c === DQ || c === SQ) {
      const e = this.quotedEnd(s, this.fle);
      if (e === -1) throw FLOW_UNSURE;
      key = this.quotedValue(s, e);
      // a JSON-like key: the `:` may follow the quote directly, and the value the `:`
      this.fp = e;
      while (t.charCodeAt(this.fp) === SP) this.fp++;
      if (t.charCodeAt(this.fp) !== COLON) throw FLOW_UNSURE;
    } else {
      const e = this.flowPlainEnd(s);
      // the key ends at `: ` (a `:` followed by anything else is part of it, or not sure)
      if (t.charCodeAt(this.fp) !== COLON || t.charCodeAt(this.fp + 1) !== SP) throw FLOW_UNSURE;
      key = resolvePlain(t.slice(s, e));
    }
    if (typeof key !== 'string' || key === '<<' || this.fp - s > MAX_KEY_LENGTH) throw FLOW_UNSURE;
    this.fp++; // the `:`
    this.flowSpaces();
    return key;
  }

  /**
   * An entry's value at `fp` (never empty); leaves `fp` after it and its spaces, where there must
   * be a `,` or `close` (a `:` there would make it a key: not sure).
   */
  private flowValue(level: number, close: number): JsonValue {
    const t = this.text;
    const s = this.fp;
    const c = t.charCodeAt(s);
    let value: JsonValue;
    if (c === LBRACE || c === LBRACKET) {
      value = this.flowCollection(level + 1);
    } else if (c === DQ || c === SQ) {
      const e = this.quotedEnd(s, this.fle);
      if (e === -1) throw FLOW_UNSURE;
      const v = this.quotedValue(s, e);
      if (v === NOT_SCALAR) throw FLOW_UNSURE;
      value = v;
      this.fp = e;
    } else {
      const e = this.flowPlainEnd(s);
      const v = resolvePlain(t.slice(s, e));
      if (v === NOT_SCALAR) throw FLOW_UNSURE;
      if (typeof v === 'number' && !Number.isFinite(v)) this.nonFinite = true;
      value = v;
    }
    while (t.charCodeAt(this.fp) === SP) this.fp++;
    const d = t.charCodeAt(this.fp);
    if (d !== COMMA && d !== close) throw FLOW_UNSURE;
    return value;
  }

  /**
   * A plain scalar in a flow collection starting at `s`: returns its end (trailing spaces
   * dropped) and leaves `fp` after its spaces, at the `,`, closing bracket or `:` that ends it.
   */
  private flowPlainEnd(s: number): number {
    const t = this.text;
    const le = this.fle;
    let c = t.charCodeAt(s);
    if (flowPlainBadStart(c)) throw FLOW_UNSURE;
    if (c === DASH || c === QUESTION || c === COLON) {
      const d = t.charCodeAt(s + 1);
      if (s + 1 >= le || d === SP || d === COMMA || d === RBRACKET || d === RBRACE || d === LBRACKET || d === LBRACE) throw FLOW_UNSURE;
    }
    let e = s + 1; // end of the last non-space character
    for (let i = s + 1; i < le; i++) {
      c = t.charCodeAt(i);
      if (c === SP) continue;
      if (c === COMMA || c === RBRACKET || c === RBRACE) {
        this.fp = i;
        return e;
      }
      if (c === COLON) {
        const d = t.charCodeAt(i + 1);
        if (d === SP || d === COMMA || d === RBRACKET || d === RBRACE || d === LBRACKET || d === LBRACE || i + 1 >= le) {
          this.fp = i;
          return e;
        }
      } else if (c === HASH) {
        if (t.charCodeAt(i - 1) === SP) throw FLOW_UNSURE; // a comment
      } else if (c === LBRACKET || c === LBRACE || c === TAB || c < 32 || c === 0x7f) {
        throw FLOW_UNSURE;
      }
      e = i + 1;
    }
    throw FLOW_UNSURE; // the line ends inside the collection
  }

  /**
   * A literal or folded block scalar whose header is at `s`; its content must be indented more
   * than `parentCol` (the column of the keys of the mapping it is a value in, or of the `-`).
   */
  private parseBlockScalar(s: number, le: number, parentCol: number): string {
    const { text, to } = this;
    const folded = text.charCodeAt(s) === GT;
    let h = s + 1;
    const ch = text.charCodeAt(h);
    let chomp = 0; // -1 strip, 0 clip, 1 keep
    if (ch === DASH) {
      chomp = -1;
      h++;
    } else if (ch === 43 /* + */) {
      chomp = 1;
      h++;
    }
    if (h < le) {
      if (text.charCodeAt(h) !== SP) decline(); // indentation indicator, or anything else
      const q = this.spaces(h, le);
      if (q < le && text.charCodeAt(q) !== HASH) decline();
    }
    const bodyStart = this.after(le);
    let m = -1; // content indentation
    let leadingMax = 0; // most spaces on a blank line before the first content line
    let leadingBlank = 0; // number of those lines
    let blanks = 0; // blank lines since the last content line
    let unusual = folded; // resolve with the library
    const parts: string[] = []; // literal: the lines from the first to the last content line, without their first m spaces
    let tokenEnd = -1; // the library's token end for strip/clip: after the last line that is content or a blank line with more than m spaces
    let p = bodyStart;
    while (p < to) {
      let i = p;
      let c = text.charCodeAt(i);
      while (c === SP) c = text.charCodeAt(++i);
      const e = this.lineEnd(p);
      const n = i - p;
      if (i >= e) {
        // blank line (spaces only)
        if (e === text.length && n > 0) unusual = true; // no newline after it
        if (m === -1) {
          if (n > leadingMax) leadingMax = n;
          leadingBlank++;
        } else {
          if (n > m) {
            unusual = true;
            tokenEnd = this.after(e);
          }
          blanks++;
        }
        p = this.after(e);
        continue;
      }
      if (m === -1) {
        // An empty scalar (content not more indented than the parent): not sure, decline.
        if (n <= parentCol) decline();
        m = n;
        if (leadingMax > m) decline();
      } else if (n < m) {
        break;
      }
      for (; blanks > 0; blanks--) parts.push('');
      const part = text.slice(p + m, e);
      if (part.indexOf('\t') !== -1) unusual = true;
      if (e === text.length) unusual = true; // no newline after the last line
      parts.push(part);
      p = this.after(e);
      tokenEnd = p;
    }
    if (m === -1) decline();
    const bodyEnd = p; // after the last line of the scalar, kept empty lines included
    let value: string;
    if (unusual) {
      const header = text.slice(s, s + 1) + (chomp === -1 ? '-' : chomp === 1 ? '+' : '');
      const v = resolveBlockAlone(`${header}\n${text.slice(bodyStart, bodyEnd)}`, folded);
      if (typeof v !== 'string') decline();
      value = v;
    } else {
      // Literal: the lines without their first m spaces (blank lines have at most m spaces);
      // clip adds the last line break, keep all the trailing ones.
      value = '\n'.repeat(leadingBlank) + parts.join('\n');
      if (chomp === 0) value += '\n';
      else if (chomp === 1) value += '\n'.repeat(1 + blanks);
    }
    const end = chomp === 1 ? bodyEnd : tokenEnd;
    // Blank lines just after `to` would belong to this scalar (kept, or more indented than m).
    if (bodyEnd === to) this.blockReachesTo = true;
    if (this.positions) this.vNode = { kind: 'scalar', start: s, end, style: folded ? 'folded' : 'literal' };
    this.vEnd = end;
    this.skipBlank(bodyEnd);
    return value;
  }
}

/** A document marker (`---` or `...`) at `i`, the start of a line: three of the same, then the end of the line or a blank. */
export function isDocMarker(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c !== DASH && c !== 46) return false;
  if (text.charCodeAt(i + 1) !== c || text.charCodeAt(i + 2) !== c) return false;
  const d = text.charCodeAt(i + 3);
  return Number.isNaN(d) || d === SP || d === LF || d === TAB || d === CR;
}
