// Shared YAML settings and helpers for the read and write ends of the function.
//
// Two schemas are in play, on purpose:
//  - PARSE: YAML 1.1 (as kubectl / go-yaml read manifests) but without the tags that would turn
//    scalars into non-JSON values (timestamps, sexagesimal numbers, !!binary, !!set, !!omap,
//    !!pairs). Those stay strings, which is what Kubernetes tooling sees too. An explicit tag for
//    one of them becomes an "unresolved tag" warning, which the reader rejects.
//  - OUTPUT: the full YAML 1.1 schema. It is only used to decide how to write strings: any string
//    that some 1.1 reader could take for a non-string (`yes`, `0755`, `1:20`, `2001-12-14`, ...)
//    is quoted.
import { Document, isAlias, isCollection, isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
import type { DocumentOptions, Node, ParseOptions, SchemaOptions, ToStringOptions } from 'yaml';

/** yaml's own default, set explicitly: bounds alias expansion ("billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

/**
 * Deepest nesting of collections accepted, counted from the document root (a ResourceList's
 * `items` list is level 2, an item level 3). Kubernetes objects, CRD schemas included, stay far
 * below; the yaml parser itself overflows the stack somewhere past ~800 levels, and every step
 * after reading (cloning, syncing, stringifying, verifying) recurses per level, so the limit is
 * well below that.
 */
export const MAX_DEPTH = 256;

const DROPPED_PARSE_TAGS = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
  'tag:yaml.org,2002:set',
]);

/**
 * What a plain YAML 1.1 float needs besides yaml's own test, as go-yaml (kubectl, the API server,
 * kyaml) reads floats: a digit before any exponent, and no `_` in one that starts with `.`. yaml
 * alone reads `.`, `-.`, `._` and `.e1` as NaN: a managedFields entry's `.: {}` key (in every
 * `kubectl get -o yaml`) would become `.nan`.
 */
const GO_FLOAT = /^(?!\.[^_]*_)(?=[-+]?_*[0-9]|[-+]?[0-9_]*\._*[0-9])/;

/** A float tag of the parse schema with GO_FLOAT added to its test (`.inf` and `.nan` have their own tag). */
function goFloat<T extends { tag?: string; test?: RegExp }>(t: T): T {
  if (t.tag !== 'tag:yaml.org,2002:float' || !(t.test instanceof RegExp) || t.test.test('.nan') || !t.test.source.startsWith('^')) return t;
  return { ...t, test: new RegExp(GO_FLOAT.source + t.test.source.slice(1), t.test.flags) };
}

export const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  uniqueKeys: true,
  strict: true,
  prettyErrors: true,
  merge: true,
  customTags: (tags) =>
    tags
      .filter((t) => {
        if (typeof t !== 'object' || t === null) return true;
        const tag = t as { tag?: string; format?: string };
        if (tag.tag !== undefined && DROPPED_PARSE_TAGS.has(tag.tag)) return false;
        return tag.format !== 'TIME';
      })
      .map((t) => (typeof t === 'object' && t !== null ? goFloat(t) : t)),
};

/**
 * Options for documents used only to stringify (full YAML 1.1 schema, see above). yaml's merge tag
 * claims the *string* "<<" too and would write a `"<<"` key as a bare `<<` (a merge key); here it
 * only claims real merge keys (a Symbol after parsing).
 */
export const OUTPUT_DOC_OPTIONS: DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags) =>
    tags.map((t) => {
      if (typeof t !== 'object' || t === null || (t as { tag?: string }).tag !== 'tag:yaml.org,2002:merge') return t;
      return { ...t, identify: (v: unknown) => typeof v === 'symbol' && v.description === '<<' };
    }),
};

export interface OutputStyle {
  indent: number;
  /** true: `- ` indented under the parent key; false: compact, at the key's column (kyaml). */
  indentSeq: boolean;
  /** with indentSeq: how far the `- ` is indented under the key (default: `indent`) */
  seqIndent?: number;
}

export const DEFAULT_STYLE: OutputStyle = { indent: 2, indentSeq: false };

export function toStringOptions(style: OutputStyle): ToStringOptions {
  return {
    indent: style.indent,
    indentSeq: style.indentSeq,
    lineWidth: 0,
    minContentWidth: 0,
    flowCollectionPadding: false,
    // a double-quoted string on one line: broken over lines it depends on the indentation
    doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER,
  };
}

/** Create a yaml node for a plain value (never with anchors/aliases for shared JS objects). */
export function createNode(doc: Document, value: unknown): Node {
  const node = doc.createNode(value, { aliasDuplicateObjects: false, keepUndefined: false }) as Node;
  quoteRiskyStrings(node);
  return node;
}

// --- strings that a YAML 1.1 (or 1.2) reader would not take for a string --------------------------

interface TestTag {
  tag: string;
  test?: RegExp;
  default?: boolean | 'key';
}

function implicitTests(version: '1.1' | '1.2'): RegExp[] {
  const tags = new Document(null, { version }).schema.tags as unknown as TestTag[];
  const out: RegExp[] = [];
  for (const t of tags) {
    if (t.default && t.test instanceof RegExp && t.tag !== 'tag:yaml.org,2002:str') out.push(t.test);
  }
  return out;
}

let riskyTests: RegExp[] | undefined;

/**
 * First characters of every non-string plain scalar of all the rules below: digits, signs, `.`,
 * `~`, `=`, `<` (`<<`), and the letters of the words and of YAML 1.1 floats such as `e5`. Any
 * other first character makes a string (checked against every rule in yaml-util.test.ts).
 */
const RISKY_FIRST = new Set([...'0123456789+-.~=<eEnNyYtTfFoO'].map((c) => c.charCodeAt(0)));

/**
 * Words some YAML 1.1 reader takes for a boolean or null in some spelling: PyYAML and go-yaml v2
 * know `yes`, `Yes` and `YES` only, but other 1.1 readers fold case, so every spelling is quoted.
 * `=` is YAML 1.1's `!!value` key, which some readers refuse to construct.
 */
const SPECIAL_ANY_CASE = /^(?:y|n|yes|no|on|off|true|false|null|~|=|[-+]?\.inf|\.nan)$/i;

/**
 * go-yaml's plain-scalar resolution (gopkg.in/yaml.v2 and v3 `resolve.go`, and the v2 copy in
 * sigs.k8s.io/yaml that kubectl, kustomize and kpt use), which reads more strings as numbers
 * than YAML 1.1 or 1.2 do. It looks at the first character: a digit or a sign, or a dot.
 *  - sign or digit: a date `YYYY-M-D...` is a timestamp; then, with every `_` removed, Go's
 *    ParseInt/ParseUint with base 0 (`0x`/`0X`, `0o`/`0O`, `0b`/`0B`, a leading `0` octal,
 *    decimal, any size: too big for 64 bits is a float or a big integer) or the float pattern
 *    `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (so `-_1`, `0X1F`, `0o1_7`, `0B1`,
 *    `1e1_0`, `1_000` are numbers);
 *  - dot: Go's ParseFloat of the text as it is (`.5`, `.5e3`).
 * The words (`true`, `~`, `.inf`, v2's `yes`/`on`/`y`...) are covered by SPECIAL_ANY_CASE.
 */
export function goYamlReadsAsNonString(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c === 46 /* . */) return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(s);
  const digit = c >= 48 && c <= 57;
  if (!digit && c !== 43 && c !== 45) return false;
  if (/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:$|[Tt ])/.test(s)) return true;
  const plain = s.replace(/_/g, '');
  return (
    /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/.test(plain) ||
    /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(plain)
  );
}

/**
 * True when `s`, written as a plain scalar, would be read as something other than this string by
 * some reader of the ecosystem: a YAML 1.1 reader (`yes`, `on`, `0755`, `1e3`, `~`, `1:20`,
 * `2001-12-14`, `<<`), a YAML 1.2 reader (`0o17`), or go-yaml (`0X1F`, `-_1`, see
 * goYamlReadsAsNonString).
 */
export function isRiskyPlainString(s: string): boolean {
  if (s === '') return true;
  const c = s.charCodeAt(0);
  if (!RISKY_FIRST.has(c)) return false;
  // a letter other than e/E (YAML 1.1 floats such as `e5` start with one): only the words can be
  // read as something else, and none is longer than 5 (a quick answer for the many names and paths)
  if (((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) && c !== 101 && c !== 69) return s.length <= 5 && SPECIAL_ANY_CASE.test(s);
  return readsAsNonString(s);
}

/** isRiskyPlainString by every rule, without the first-character shortcut (tests compare both). */
export function readsAsNonString(s: string): boolean {
  riskyTests ??= [...implicitTests('1.1'), ...implicitTests('1.2')];
  if (s === '' || SPECIAL_ANY_CASE.test(s) || goYamlReadsAsNonString(s)) return true;
  return riskyTests.some((re) => {
    re.lastIndex = 0;
    return re.test(s);
  });
}

/** Mark strings (values and keys) that could be misread as another type to be double-quoted. */
export function quoteRiskyStrings(node: unknown): void {
  if (isScalar(node)) {
    if (typeof node.value === 'string' && (node.type === undefined || node.type === Scalar.PLAIN)) {
      if (isRiskyPlainString(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    }
  } else if (isPair(node)) {
    quoteRiskyStrings(node.key);
    quoteRiskyStrings(node.value);
  } else if (isCollection(node)) {
    for (const item of node.items) quoteRiskyStrings(item);
  }
}

// --- plain values ----------------------------------------------------------------------------------

export function toPlain(doc: Document, node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node) || isCollection(node) || isAlias(node)) {
    return node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
  }
  return node;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Structural equality for JSON-like values; object key order is ignored, undefined = absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const aa = Array.isArray(a);
  if (aa !== Array.isArray(b)) return false;
  if (aa) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!deepEqual(x[i], y[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // Without allocating key lists (for-in walks V8's cached keys; Object.keys copies them, and
  // this runs for every member of every item): count the defined members on both sides.
  let n = 0;
  for (const k in ao) {
    if (!hasOwn.call(ao, k)) continue;
    const v = ao[k];
    if (v === undefined) continue;
    n++;
    if (!hasOwn.call(bo, k) || !deepEqual(v, bo[k])) return false;
  }
  let m = 0;
  for (const k in bo) if (hasOwn.call(bo, k) && bo[k] !== undefined) m++;
  return n === m;
}

/**
 * A text that is the same for two values exactly when deepEqual says they are equal (keys sorted,
 * undefined members left out): a key for finding equal values without comparing every pair.
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return v === undefined ? 'null' : JSON.stringify(v);
}

/**
 * Returns a description of the first value that is not plain JSON (`undefined` when all is fine):
 * non-finite numbers, bigints, Dates, Maps, Sets, buffers...
 */
export function findNonJson(value: unknown, path: string, depth = 0): { path: string; what: string } | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'object' && depth >= MAX_DEPTH) {
    // Reachable when aliases nest expanded copies into each other.
    return { path, what: `nesting deeper than ${MAX_DEPTH} levels (after expanding aliases)` };
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : { path, what: `non-finite number ${String(value)}` };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findNonJson(value[i], `${path}[${i}]`, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const bad = findNonJson(v, joinPath(path, k), depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  const what = typeof value === 'object' ? (value as object).constructor?.name ?? 'object' : typeof value;
  return { path, what: `unsupported value of type ${what}` };
}

export function joinPath(path: string, key: string): string {
  const seg = /^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  return path === '' ? seg.replace(/^\./, '') : path + seg;
}

// --- node inspection --------------------------------------------------------------------------------

export interface NodeFacts {
  hasAlias: boolean;
  hasAnchor: boolean;
  /** path of the first map key that is not a scalar (a collection used as a key) */
  collectionKeyAt?: string;
  /** path of the first collection nested deeper than MAX_DEPTH (not looked into further) */
  tooDeepAt?: string;
  /** first alias that points at a node containing it (a cycle), with its path */
  aliasCycle?: { path: string; anchor: string };
}

/**
 * Walk a node tree without following aliases (linear in the source size). The walk stops at
 * MAX_DEPTH, so its own recursion is bounded. `depth` is the nesting level of `node` itself.
 */
export function inspectNode(node: unknown, path = '', depth = 1): NodeFacts {
  const facts: NodeFacts = { hasAlias: false, hasAnchor: false };
  // Anchors by name as met in document order (an alias refers to the latest one before it), and
  // the collections on the way from the root to the current node.
  const anchors = new Map<string, unknown>();
  const ancestors = new Set<unknown>();
  const visit = (n: unknown, p: string, d: number): void => {
    if (n === null || n === undefined) return;
    if (isAlias(n)) {
      facts.hasAlias = true;
      if (facts.aliasCycle === undefined && ancestors.has(anchors.get(n.source))) {
        facts.aliasCycle = { path: p, anchor: n.source };
      }
      return;
    }
    const anchor = (n as { anchor?: string }).anchor;
    if (anchor) {
      facts.hasAnchor = true;
      anchors.set(anchor, n);
    }
    if (!isCollection(n)) return;
    if (d > MAX_DEPTH) {
      facts.tooDeepAt ??= p;
      return;
    }
    ancestors.add(n);
    if (isMap(n)) {
      for (const pair of n.items) {
        const key: unknown = pair.key;
        if (isCollection(key) && facts.collectionKeyAt === undefined) facts.collectionKeyAt = p;
        visit(key, p, d + 1);
        visit(pair.value, joinPath(p, isScalar(key) ? String(key.value) : '?'), d + 1);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => {
        if (isPair(item)) {
          visit(item.key, `${p}[${i}]`, d + 1);
          visit(item.value, `${p}[${i}]`, d + 1);
        } else visit(item, `${p}[${i}]`, d + 1);
      });
    }
    ancestors.delete(n);
  };
  visit(node, path, depth);
  return facts;
}

/**
 * Path of the deepest node whose source range contains `offset` (for error messages), looking no
 * deeper than MAX_DEPTH. '' when the offset is at the root or outside every node.
 */
export function pathAtOffset(node: unknown, offset: number): string {
  let found = '';
  const within = (n: unknown): boolean => {
    const r = (n as { range?: [number, number, number] } | null)?.range;
    return !!r && r[0] <= offset && offset < Math.max(r[1], r[2]);
  };
  const visit = (n: unknown, p: string, d: number): void => {
    if (!isCollection(n) || d > MAX_DEPTH) return;
    if (isMap(n)) {
      for (const pair of n.items) {
        const key: unknown = pair.key;
        const kp = joinPath(p, isScalar(key) ? String(key.value) : '?');
        const start = (key as { range?: number[] } | null)?.range?.[0];
        const valueRange = (pair.value as { range?: number[] } | null)?.range;
        const end = valueRange ? Math.max(valueRange[1], valueRange[2]) : undefined;
        // From the key to the end of the value: tags and anchors sit between them.
        if (within(key) || within(pair.value) || (start !== undefined && end !== undefined && start <= offset && offset < end)) {
          found = kp;
          visit(pair.value, kp, d + 1);
          return;
        }
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => {
        if (!isPair(item) && within(item)) {
          found = `${p}[${i}]`;
          visit(item, found, d + 1);
        }
      });
    }
  };
  visit(node, '', 1);
  return found;
}
