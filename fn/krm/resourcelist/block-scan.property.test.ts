// Property tests for the block scanner: random Kubernetes-like objects, rendered by the yaml
// library in many styles (with comments and blank lines thrown in, and random edits), read by the
// scanner and by the library. Whenever the scanner accepts, its value must be exactly the
// library's, and the library must have accepted the text.
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { Document, isCollection, Scalar, visit } from 'yaml';
import type { ToStringOptions } from 'yaml';
import { scanBlockMapping } from './block-scan';
import { fastPathStats } from './fast-path-stats';
import type { MapNode, ScanNode } from './block-scan';
import { firstDifference, libValue } from '../../../test/support/yaml-compare';

// --- helpers ---------------------------------------------------------------------------------------


function firstContent(text: string): number {
  const re = /^[ ]*(?=[^ #\n])/gm;
  const m = re.exec(text);
  return m ? m.index + m[0].length : text.length;
}

/** A ResourceList holding `doc` as its second item (of three), and the item's [from, to). */
function inResourceList(doc: string, style: 'compact' | 'indented'): { text: string; from: number; to: number } {
  const dash = style === 'compact' ? '- ' : '  - ';
  const pad = ' '.repeat(dash.length);
  const item = (d: string) =>
    `${d
      .replace(/\n$/, '')
      .split('\n')
      .map((l, i) => (i === 0 ? dash + l : l === '' ? '' : pad + l))
      .join('\n')}\n`;
  const head = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${item('apiVersion: v1\nkind: A\nmetadata:\n  name: a')}`;
  const text = `${head}${item(doc)}${item('apiVersion: v1\nkind: C')}functionConfig: {}\n`;
  const ls = head.length;
  const eol = text.indexOf('\n', ls);
  let from = ls + dash.length;
  if (from >= eol || text[from] === '#') from = eol + 1 + firstContent(text.slice(eol + 1));
  const to = text.indexOf(`${dash}apiVersion: v1\n${pad}kind: C`, ls + 1);
  return { text, from, to: text.lastIndexOf('\n', to - 1) + 1 };
}

interface Stats {
  runs: number;
  accepted: number;
}

/**
 * The property: the scanner declines, or the library accepts the text and gives the same value.
 * Checked for the text as a document (level 1) and as a ResourceList item (level 3).
 */
function agree(doc: string, stats: Stats, positions: boolean): void {
  stats.runs++;
  const from = firstContent(doc);
  if (from < doc.length) {
    const r = scanBlockMapping(doc, from, doc.length, { level: 1, positions });
    if (r) {
      stats.accepted++;
      const lib = libValue(doc);
      if (!lib) throw new Error(`scanner accepted a document the library rejects:\n${doc}`);
      const d = firstDifference(r.value, lib.value);
      if (d) throw new Error(`different value (${d}) for:\n${doc}`);
      if (positions) checkPositions(doc, r.node as MapNode, lib.value);
    }
  }
  for (const style of ['compact', 'indented'] as const) {
    const rl = inResourceList(doc, style);
    if (rl.from >= rl.to) continue;
    const r = scanBlockMapping(rl.text, rl.from, rl.to, { positions });
    if (!r) continue;
    const lib = libValue(rl.text);
    if (!lib) throw new Error(`scanner accepted an item of a ResourceList the library rejects:\n${rl.text}`);
    const d = firstDifference(r.value, (lib.value as { items: unknown[] }).items[1]);
    if (d) throw new Error(`different value (${d}) for the item in:\n${rl.text}`);
  }
}

/** Ranges of the position tree, and each scalar's text alone gives its value. */
function checkPositions(text: string, root: MapNode, value: unknown): void {
  const fail = (what: string, at: number) => {
    throw new Error(`positions: ${what} at ${at} in:\n${text}`);
  };
  const endsLine = (end: number) => end === text.length || text[end - 1] === '\n';
  const blankOrComments = (s: string) => s.split('\n').every((l) => /^ *(#.*)?$/.test(l));
  const visitNode = (node: ScanNode, v: unknown): void => {
    if (node.kind === 'scalar' || node.kind === 'flow') {
      let expected;
      try {
        expected = node.start === node.end ? { value: { k: null } } : libValue(`k: ${text.slice(node.start, node.end)}`);
      } catch (e) {
        // An alias names an anchor elsewhere in the text, which its text alone lacks: its value was
        // checked with the whole document's.
        if (e instanceof ReferenceError && /Unresolved alias/.test(e.message)) return;
        throw e;
      }
      if (!expected || firstDifference((expected.value as { k: unknown }).k, v)) fail('scalar text alone', node.start);
      return;
    }
    if (node.kind === 'map') {
      const obj = v as Record<string, unknown>;
      node.pairs.forEach((p, i) => {
        if (p.keyStart - p.lineStart !== node.col || !/^ *(- +)*$/.test(text.slice(p.lineStart, p.keyStart))) fail('key position', p.keyStart);
        if (!endsLine(p.end) || p.end < p.valueEnd || p.valueStart !== p.value.start || p.valueEnd !== p.value.end) fail('pair range', p.keyStart);
        if (i > 0 && !blankOrComments(text.slice(node.pairs[i - 1].end, p.lineStart))) fail('between pairs', p.lineStart);
        visitNode(p.value, obj[p.key]);
      });
    } else {
      const arr = v as unknown[];
      node.items.forEach((it, i) => {
        if (text[it.dash] !== '-' || it.dash - it.lineStart !== node.col || !endsLine(it.end)) fail('item range', it.dash);
        if (i > 0 && !blankOrComments(text.slice(node.items[i - 1].end, it.lineStart))) fail('between items', it.lineStart);
        visitNode(it.value, arr[i]);
      });
    }
  };
  visitNode(root, value);
}

// --- generators ------------------------------------------------------------------------------------

/** A plain object from entries (later duplicates win), `__proto__` as an own property. */
function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(obj, k, { value: v, writable: true, enumerable: true, configurable: true });
  return obj;
}

const TRICKY = [
  '', ' ', '  ', 'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'N', 'true', 'False', 'null', '~', 'Null', 'NULL',
  '0644', '0x1F', '0b101', '1_000', '+12', '.5', '1e3', '-0', '0', '.inf', '-.inf', '.nan', '1:20', '2001-12-14',
  '2001-12-14T21:59:43Z', 'e5', '<<', '=', '-', '- a', '--x', '---', '...', 'a: b', 'a #b', '#x', 'x#', 'a:', '-a',
  "it's", 'say "hi"', "'q'", '"q"', '  lead', 'trail  ', 'a\tb', '\t', 'é', '日本', '😀', '\u2028', 'a\u0085b', '\u00a0',
  '\ufeff', 'a\nb', 'a\n\nb', 'a\n', '\n', 'line\n  indented\n', 'x\n\n\n', '  leading\nlines', '[a]', '{a}', '*a',
  '&a', '!a', '%a', '@a', '`a', '|', '>', '?', '? a', ': a', 'a,b', '\\', '\\n', '\u0000', '\u007f', '\u001b',
  '500m', '512Mi', '/data/x', 'http://x:80/y', 'a: b: c', 'k8s.io/name', '${VAR}', '*.example.com',
];
const NAMES = ['name', 'image', 'apiVersion', 'kind', 'metadata', 'labels', 'annotations', 'spec', 'containers', 'env', 'value', 'args'];

const keyArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY, '__proto__', 'constructor', 'toString', 'hasOwnProperty') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9./-]{0,12}$/) },
);

const stringArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 3, arbitrary: fc.stringMatching(/^[a-zA-Z0-9 :#'"\-/.,[\]{}&*!|>%@`?~\\]{0,14}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10, unit: 'binary' }) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom('', ' ', '  x', 'a: b', '# c', '\t', '- y'), fc.stringMatching(/^[a-z #:]{0,10}$/)), { maxLength: 5 })
      .map((lines) => lines.join('\n')),
  },
);

const scalarArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: stringArb },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(-0, 0.5, 1e21, 1e-7, 2 ** 53 + 2, true, false, null) },
);

const tree = fc.letrec<{ node: unknown; map: Record<string, unknown>; seq: unknown[] }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarArb, tie('map'), tie('seq')),
  map: fc.array(fc.tuple(keyArb, tie('node')), { maxLength: 5 }).map(objectOf),
  seq: fc.array(tie('node'), { maxLength: 4 }),
}));

const rootArb = fc.array(fc.tuple(keyArb, tree.node), { minLength: 1, maxLength: 6 }).map(objectOf);

const styleArb = fc.record({
  version: fc.constantFrom('1.1' as const, '1.2' as const),
  indent: fc.constantFrom(2, 2, 3, 4),
  indentSeq: fc.boolean(),
  defaultStringType: fc.constantFrom(Scalar.PLAIN, Scalar.PLAIN, Scalar.QUOTE_SINGLE, Scalar.QUOTE_DOUBLE, Scalar.BLOCK_LITERAL, Scalar.BLOCK_FOLDED),
  defaultKeyType: fc.constantFrom(null, Scalar.PLAIN, Scalar.QUOTE_SINGLE, Scalar.QUOTE_DOUBLE),
  lineWidth: fc.constantFrom(0, 0, 12, 80),
  nullStr: fc.constantFrom('null', '~', ''),
  trueStr: fc.constantFrom('true', 'yes', 'On'),
  blockQuote: fc.constantFrom(true, false, 'literal' as const, 'folded' as const),
  flowCollectionPadding: fc.boolean(),
  /** which nested collections are written in flow style */
  flow: fc.array(fc.boolean(), { maxLength: 12 }),
});

const noiseArb = fc.array(
  fc.record({
    line: fc.nat(),
    kind: fc.constantFrom('comment', 'blank', 'spaces', 'trailing'),
    indent: fc.nat({ max: 10 }),
  }),
  { maxLength: 4 },
);

// Kubernetes-like objects as kubectl/kyaml would hold them: simple keys, one-line scalars.
const simpleKey = fc.stringMatching(/^[a-z][a-zA-Z0-9./-]{0,15}$/);
const simpleScalar = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9 :#'"\-/.,=_]{0,20}$/),
  // eslint-disable-next-line no-control-regex -- control characters are what this filters out
  fc.constantFrom(...TRICKY.filter((s) => !/[\t\r\u0000-\u001f\u007f\ufeff]/.test(s))),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const k8s = fc.letrec<{ node: unknown; map: Record<string, unknown>; seq: unknown[] }>((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, simpleScalar, tie('map'), tie('seq')),
  map: fc.array(fc.tuple(simpleKey, tie('node')), { minLength: 1, maxLength: 5 }).map(objectOf),
  seq: fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
}));
const kyamlArb = fc.array(fc.tuple(simpleKey, k8s.node), { minLength: 1, maxLength: 6 }).map(objectOf);

/** The documents of the repository's test manifests. */
const CASES = join(__dirname, '..', '..', '..', 'testdata', 'fluid');
const TESTDATA_DOCS: string[] = readdirSync(CASES)
  .filter((d) => existsSync(join(CASES, d, 'in.yaml')))
  .sort()
  .flatMap((d) => readFileSync(join(CASES, d, 'in.yaml'), 'utf8').split(/^---[^\n]*\n/m))
  .filter((d) => /^[a-zA-Z]/m.test(d));

type Style = typeof styleArb extends fc.Arbitrary<infer T> ? T : never;

function render(value: Record<string, unknown>, style: Style): string {
  const doc = new Document(value, { version: style.version, aliasDuplicateObjects: false });
  let i = 0;
  visit(doc, {
    Node(_, node) {
      if (isCollection(node) && node !== doc.contents) node.flow = style.flow[i++] === true;
      return undefined;
    },
  });
  const opts: ToStringOptions = {
    indent: style.indent,
    indentSeq: style.indentSeq,
    defaultStringType: style.defaultStringType,
    defaultKeyType: style.defaultKeyType,
    lineWidth: style.lineWidth,
    minContentWidth: 0,
    nullStr: style.nullStr,
    trueStr: style.trueStr,
    blockQuote: style.blockQuote,
    flowCollectionPadding: style.flowCollectionPadding,
  };
  return doc.toString(opts);
}

function addNoise(text: string, noise: { line: number; kind: string; indent: number }[]): string {
  const lines = text.split('\n');
  for (const n of noise) {
    const at = n.line % (lines.length + 1);
    if (n.kind === 'comment') lines.splice(at, 0, `${' '.repeat(n.indent)}# note`);
    else if (n.kind === 'blank') lines.splice(at, 0, '');
    else if (n.kind === 'spaces') lines.splice(at, 0, ' '.repeat(n.indent));
    else if (at < lines.length && lines[at] !== '') lines[at] += ' # t';
  }
  return lines.join('\n');
}

const EDIT_CHARS = [' ', ' ', '\n', ':', ': ', '#', ' #', '-', '- ', "'", '"', '|', '>', '{', '}', '[', ']', ',', '&', '*', '!', '?', '\t', '\r', '\\', 'x', '0', '%', '@', '~'];

const editArb = fc.array(
  fc.record({ at: fc.nat(), kind: fc.constantFrom('insert', 'delete', 'indent', 'dedent', 'duplicate'), text: fc.constantFrom(...EDIT_CHARS) }),
  { minLength: 1, maxLength: 3 },
);

function applyEdits(text: string, edits: { at: number; kind: string; text: string }[]): string {
  for (const e of edits) {
    const at = e.at % (text.length + 1);
    const ls = text.lastIndexOf('\n', at - 1) + 1;
    const le = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
    if (e.kind === 'insert') text = text.slice(0, at) + e.text + text.slice(at);
    else if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + 1);
    else if (e.kind === 'indent') text = `${text.slice(0, ls)} ${text.slice(ls)}`;
    else if (e.kind === 'dedent') text = text[ls] === ' ' ? text.slice(0, ls) + text.slice(ls + 1) : text;
    else text = text.slice(0, le) + '\n' + text.slice(ls, le) + text.slice(le);
  }
  return text;
}

// Texts built line by line from YAML fragments at random indentations: mostly invalid or odd
// YAML, to try the scanner's indentation and continuation rules against the library's.
const FRAGMENT_KEYS = ['a', 'b', 'k', 'name', '"q"', "'s'", '-x', 'a b', 'y', '__proto__'];
const FRAGMENT_VALUES = [
  '', '', '', 'v', 'v', 'w x', '1', ' ', 'v', 'w x', 'yes', '1', '0x1F', '~', '-', '- v', '|', '|-', '|+', '>', '>-', '|2', '"a', 'b"', '"c"', "'d", "e'", "'f'",
  '{}', '[]', '[a, b]', '{a: 1}', '[a,', 'b]', 'a: b', '# c', 'x # c', 'x#c', '&a v', '*a', '!!str 1', '? x', ': x', '\t', 'é',
];
const lineArb = fc.record({
  /** indentation change from the previous line */
  step: fc.constantFrom(0, 0, 0, 2, 2, -2, -2, -4, 1, -1, 3),
  kind: fc.constantFrom('key', 'key', 'key', 'dash', 'dashkey', 'dashkey', 'text', 'comment', 'blank'),
  key: fc.constantFrom(...FRAGMENT_KEYS),
  value: fc.constantFrom(...FRAGMENT_VALUES),
});
const fragmentTextArb = fc.array(lineArb, { minLength: 1, maxLength: 12 }).map((lines) => {
  let indent = 0;
  return lines
    .map((l, i) => {
      indent = i === 0 ? 0 : Math.max(0, indent + l.step);
      const pad = ' '.repeat(indent);
      const v = l.value === '' ? '' : ` ${l.value}`;
      switch (l.kind) {
        case 'key':
          return `${pad}${l.key}:${v}`;
        case 'dash':
          return `${pad}-${v}`;
        case 'dashkey':
          return `${pad}- ${l.key}:${v}`;
        case 'text':
          return `${pad}${l.value}`;
        case 'comment':
          return `${pad}# note`;
        default:
          return pad.slice(0, indent % 3);
      }
    })
    .join('\n');
});

// Flow style as people write it in manifests (#18): block objects whose values are, here and there,
// one-line flow collections written by hand in the spacings people use (`{a: b}`, `{ a: b }`,
// `{"a":"b"}`), with plain scalars where a person would write them plain (also where that reads as
// something else: `yes`, `0644`, `~`), else single- or double-quoted.
const flowSpacing = fc.record({
  pad: fc.constantFrom('', '', ' '),
  afterColon: fc.constantFrom(' ', ' ', '  '),
  afterComma: fc.constantFrom(' ', ' ', '', '  '),
  beforeComma: fc.constantFrom('', '', '', ' '),
  quote: fc.constantFrom('auto', 'auto', 'auto', 'double', 'single', 'json'),
});
type FlowSpacing = typeof flowSpacing extends fc.Arbitrary<infer T> ? T : never;

/** A scalar as a person would write it in a flow collection (not always valid YAML). */
function flowScalar(v: unknown, sp: FlowSpacing, isKey: boolean): string {
  if (typeof v !== 'string') return v === null ? (isKey ? 'null' : '~') : String(v);
  const single = `'${v.replace(/'/g, "''")}'`;
  if (sp.quote === 'double' || sp.quote === 'json') return JSON.stringify(v);
  if (sp.quote === 'single') return single;
  // plain when it looks plain to a person (the scanner and the library then decide what it means)
  if (/^[A-Za-z0-9~./_$][A-Za-z0-9 ./_:=@$~+-]*$/.test(v) && !/ $/.test(v)) return v;
  // eslint-disable-next-line no-control-regex -- control characters need double quotes
  return /['\\]/.test(v) || /[\u0000-\u001f]/.test(v) ? JSON.stringify(v) : single;
}

function flowText(v: unknown, sp: FlowSpacing): string {
  const colon = sp.quote === 'json' ? ':' : `:${sp.afterColon}`;
  const comma = `${sp.beforeComma},${sp.afterComma}`;
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${sp.pad}${v.map((x) => flowText(x, sp)).join(comma)}${sp.pad}]`;
  if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    const parts = keys.map((k) => `${flowScalar(k, sp, true)}${colon}${flowText((v as Record<string, unknown>)[k], sp)}`);
    return `{${sp.pad}${parts.join(comma)}${sp.pad}}`;
  }
  return flowScalar(v, sp, false);
}

/** A block rendering at 2 spaces, where the collections chosen by `flow` are one-line flow text. */
function blockWithFlow(value: Record<string, unknown>, flow: boolean[], sp: FlowSpacing, indentSeq: boolean): string {
  let n = 0;
  const lines: string[] = [];
  const isColl = (v: unknown) => typeof v === 'object' && v !== null;
  const emit = (v: unknown, ind: number, head: string): void => {
    // head: `key:` or `-` at column ind
    const pad = ' '.repeat(ind);
    if (!isColl(v) || flow[n++ % Math.max(1, flow.length)] || Object.keys(v as object).length === 0) {
      lines.push(`${pad}${head} ${flowText(v, sp)}`);
      return;
    }
    lines.push(`${pad}${head}`);
    if (Array.isArray(v)) for (const x of v) emit(x, head === '-' || indentSeq ? ind + 2 : ind, '-');
    else for (const k of Object.keys(v as object)) emit((v as Record<string, unknown>)[k], ind + 2, `${flowScalar(k, { ...sp, quote: 'auto' }, true)}:`);
  };
  for (const k of Object.keys(value)) emit(value[k], 0, `${flowScalar(k, { ...sp, quote: 'auto' }, true)}:`);
  return `${lines.join('\n')}\n`;
}

const flowScalarArb = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9 ./_:=@-]{0,16}$/) },
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-zA-Z0-9 :#'"\-/.,[\]{}&*!|>%@`?~\\]{0,10}$/) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, 0.5, -0) },
);
const flowTree = fc.letrec<{ node: unknown; map: Record<string, unknown>; seq: unknown[] }>((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, flowScalarArb, tie('map'), tie('seq')),
  map: fc.array(fc.tuple(fc.oneof(simpleKey, fc.constantFrom(...TRICKY, '__proto__', '<<')), tie('node')), { maxLength: 4 }).map(objectOf),
  seq: fc.array(tie('node'), { maxLength: 4 }),
}));
const flowRootArb = fc.array(fc.tuple(simpleKey, flowTree.node), { minLength: 1, maxLength: 5 }).map(objectOf);

/** Flow collections built from tokens, mostly odd: the flow reader's edges against the library's. */
const FLOW_TOKENS = [
  '{', '}', '[', ']', ', ', ',', ': ', ':', ' ', 'a', 'b c', '"d"', "'e'", '"f\\"g"', "'h''i'", 'yes', '0644', '~', '-1', '.inf',
  '1e3', '<<', '__proto__', '#', ' #x', '&a ', '*a', '!t ', '? ', '?', '- ', '-', 'x:y', 'http://h:80/p', '""', "''", '\t', 'é',
  '\u00a0', '{a: b}', '[c]', '{}', '[]',
];
const flowTokensArb = fc.array(fc.constantFrom(...FLOW_TOKENS), { minLength: 1, maxLength: 12 }).map((ts) => ts.join(''));

// --- properties --------------------------------------------------------------------------------------

/** Run counts can be multiplied for a longer search: BLOCK_SCAN_RUNS=20 npx jest block-scan.property */
const SCALE = Math.max(1, Number(process.env.BLOCK_SCAN_RUNS ?? '1') || 1);

describe('block scanner agrees with the yaml library', () => {
  test('random objects in random renderings, with comments and blank lines', () => {
    const clean: Stats = { runs: 0, accepted: 0 };
    const noisy: Stats = { runs: 0, accepted: 0 };
    fc.assert(
      fc.property(rootArb, styleArb, noiseArb, fc.boolean(), (value, style, noise, positions) => {
        const text = render(value, style);
        agree(text, clean, positions);
        if (noise.length > 0) agree(addNoise(text, noise), noisy, positions);
      }),
      { numRuns: 1200 * SCALE },
    );
    console.log(
      `block-scan property: clean renderings ${clean.accepted}/${clean.runs} accepted, with comments ${noisy.accepted}/${noisy.runs} accepted`,
    );
    // The generator must exercise the accepting path, not only the declines.
    expect(clean.accepted / clean.runs).toBeGreaterThan(0.35);
  });

  test('kubectl-like objects in the kyaml style are (almost) all accepted', () => {
    const stats: Stats = { runs: 0, accepted: 0 };
    fc.assert(
      fc.property(kyamlArb, fc.boolean(), (value, indentSeq) => {
        const doc = new Document(value, { version: '1.1', aliasDuplicateObjects: false });
        const text = doc.toString({ indent: 2, indentSeq, lineWidth: 0, minContentWidth: 0 });
        agree(text, stats, true);
      }),
      { numRuns: 300 * SCALE },
    );
    console.log(`block-scan property: kyaml-like ${stats.accepted}/${stats.runs} accepted`);
    expect(stats.accepted / stats.runs).toBeGreaterThan(0.97);
  });

  test('texts built from YAML fragments at random indentations', () => {
    const stats: Stats = { runs: 0, accepted: 0 };
    fc.assert(
      fc.property(fragmentTextArb, fc.boolean(), (text, positions) => {
        agree(`${text}\n`, stats, positions);
      }),
      { numRuns: 1500 * SCALE },
    );
    console.log(`block-scan property: fragment texts ${stats.accepted}/${stats.runs} accepted`);
    expect(stats.accepted).toBeGreaterThan(0);
  });

  test('random edits of renderings and of testdata documents: the scanner never accepts what the library reads differently', () => {
    const stats: Stats = { runs: 0, accepted: 0 };
    const base = fc.oneof(
      fc.tuple(rootArb, styleArb).map(([value, style]) => render(value, style)),
      kyamlArb.map((value) => new Document(value, { version: '1.1', aliasDuplicateObjects: false }).toString({ indent: 2, lineWidth: 0, minContentWidth: 0 })),
      fc.constantFrom(...TESTDATA_DOCS),
    );
    fc.assert(
      fc.property(base, editArb, (text, edits) => {
        agree(applyEdits(text, edits), stats, false);
      }),
      { numRuns: 800 * SCALE },
    );
    console.log(`block-scan property: edited texts ${stats.accepted}/${stats.runs} accepted`);
    expect(stats.accepted / stats.runs).toBeGreaterThan(0.1);
  });

  test('flow-heavy manifests (one-line flow collections written by hand) read by the scanner itself', () => {
    const stats: Stats = { runs: 0, accepted: 0 };
    const flowsBefore = fastPathStats.flowToLibrary;
    let flows = 0;
    fc.assert(
      fc.property(flowRootArb, fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), flowSpacing, fc.boolean(), fc.boolean(), (value, flow, sp, indentSeq, positions) => {
        const text = blockWithFlow(value, flow, sp, indentSeq);
        flows += (text.match(/[:-] [[{]/g) ?? []).length;
        agree(text, stats, positions);
      }),
      { numRuns: 1500 * SCALE },
    );
    const toLibrary = fastPathStats.flowToLibrary - flowsBefore;
    console.log(`block-scan property: flow-heavy ${stats.accepted}/${stats.runs} accepted; ${toLibrary} flow collections left to the library of ~${flows * 3} read`);
    expect(stats.accepted / stats.runs).toBeGreaterThan(0.5);
    // The scanner reads the flow collections itself; the library gets only the odd ones.
    expect(toLibrary).toBeLessThan(flows * 3 * 0.2);
  });

  test('flow collections built from tokens, and random edits of flow-heavy texts', () => {
    const stats: Stats = { runs: 0, accepted: 0 };
    fc.assert(
      fc.property(fc.array(flowTokensArb, { minLength: 1, maxLength: 3 }), fc.boolean(), (values, positions) => {
        agree(`${values.map((v, i) => `k${i}: ${v}`).join('\n')}\n`, stats, positions);
        agree(`k:\n${values.map((v) => `- ${v}`).join('\n')}\n`, stats, positions);
      }),
      { numRuns: 3000 * SCALE },
    );
    const edited: Stats = { runs: 0, accepted: 0 };
    fc.assert(
      fc.property(flowRootArb, flowSpacing, editArb, (value, sp, edits) => {
        agree(applyEdits(blockWithFlow(value, [true], sp, false), edits), edited, false);
      }),
      { numRuns: 1500 * SCALE },
    );
    console.log(`block-scan property: flow tokens ${stats.accepted}/${stats.runs} accepted, edited flow texts ${edited.accepted}/${edited.runs} accepted`);
    expect(stats.accepted).toBeGreaterThan(0);
    expect(edited.accepted / edited.runs).toBeGreaterThan(0.1);
  });
});
