import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { CST, Document, isMap, Parser, parseAllDocuments } from 'yaml';
import fc from 'fast-check';
import { LETTER_SPECIAL_WORDS, mayBeSpecial, resolvePlain, scanBlockMapping, scanFlowCollection } from './block-scan';
import type { MapNode, ScanNode, SeqNode } from './block-scan';
import { parseStream } from './parse';
import { MAX_ALIAS_COUNT, MAX_DEPTH, PARSE_OPTIONS } from './yaml-util';
import { firstDifference, libValue } from '../../../test/support/yaml-compare';

// --- helpers ---------------------------------------------------------------------------------------

function expectSame(actual: unknown, expected: unknown): void {
  expect(firstDifference(actual, expected)).toBeUndefined();
  expect(actual).toStrictEqual(expected);
}

/** Offset of the first character of the first content line (not blank, not a comment). */
function firstContent(text: string): number {
  const re = /^[ ]*(?=[^ #\n])/gm;
  const m = re.exec(text);
  return m ? m.index + m[0].length : text.length;
}

/** Scan a whole text as a document root (level 1). */
function scanDoc(text: string, positions = false) {
  return scanBlockMapping(text, firstContent(text), text.length, { level: 1, positions });
}

/** The scanner accepts the document and agrees with the library. */
function accepts(text: string): unknown {
  const lib = libValue(text);
  expect(lib).toBeDefined();
  const r = scanDoc(text);
  expect(r).toBeDefined();
  expectSame(r?.value, lib?.value);
  // and the same with positions, and as an item of a ResourceList (both sequence styles)
  const rp = scanDoc(text, true);
  expectSame(rp?.value, lib?.value);
  checkPositions(text, rp?.node as MapNode, lib?.value);
  for (const style of ['compact', 'indented'] as const) {
    const rl = asResourceList([text], style);
    const libRl = libValue(rl.text);
    expect(libRl).toBeDefined();
    const [from, to] = rl.items[0];
    const ri = scanBlockMapping(rl.text, from, to);
    expect(ri).toBeDefined();
    expectSame(ri?.value, (libRl?.value as { items: unknown[] }).items[0]);
  }
  return r?.value;
}

function declines(text: string): void {
  expect(scanDoc(text)).toBeUndefined();
  expect(scanDoc(text, true)).toBeUndefined();
}

/**
 * A ResourceList with the given mapping texts as items (each re-indented under `- `), with the
 * [from, to) range of each item.
 */
function asResourceList(docs: string[], style: 'compact' | 'indented'): { text: string; items: [number, number][] } {
  let text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
  const dash = style === 'compact' ? '- ' : '  - ';
  const pad = ' '.repeat(dash.length);
  const items: [number, number][] = [];
  for (const doc of docs) {
    const lines = doc.replace(/\n$/, '').split('\n');
    const start = text.length;
    text += lines.map((l, i) => (i === 0 ? dash + l : l === '' ? '' : pad + l)).join('\n') + '\n';
    items.push([start, text.length]);
  }
  text += 'functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n';
  return { text, items: items.map(([s, e]) => [itemFrom(text, s, dash.length), e]) };
}

/** First key of an item whose dash line starts at `ls`. */
function itemFrom(text: string, ls: number, dashWidth: number): number {
  const afterDash = ls + dashWidth;
  const eol = text.indexOf('\n', ls);
  if (afterDash < eol && text[afterDash] !== '#') return afterDash;
  return eol + 1 + firstContent(text.slice(eol + 1));
}

const reparseMemo = new Map<string, { value: unknown } | undefined>();

/**
 * Checks the position tree against the text (see the header of block-scan.ts): ranges, and that
 * each node's text alone parses (with the library) to the node's value. Collections are re-parsed
 * down to `reparseDepth` levels below the root (deeper ones are covered by their ancestors).
 */
function checkPositions(text: string, root: MapNode, value: unknown, reparseDepth = Infinity): void {
  expect(root).toBeDefined();
  const problems: string[] = [];
  const check = (ok: boolean, what: string, at: number) => {
    if (!ok) problems.push(`${what} at ${at}: ${JSON.stringify(text.slice(at, at + 40))}`);
  };
  const lineStartOf = (p: number) => text.lastIndexOf('\n', p - 1) + 1;
  const onlyBlankOrComments = (s: string) => s.split('\n').every((l) => /^ *(#.*)?$/.test(l));
  const endsLine = (end: number) => end === text.length || text[end - 1] === '\n';
  // A node's text alone, parsed by the library: a collection indented as it is in `text`, a
  // scalar or flow collection as the value of a key.
  const reparse = (node: ScanNode, expected: unknown): void => {
    if (node.kind === 'scalar' && node.start === node.end) {
      check(expected === null, 'empty node with a value', node.start);
      return;
    }
    const col = node.start - lineStartOf(node.start);
    const slice = text.slice(node.start, node.end);
    const collection = node.kind === 'map' || node.kind === 'seq';
    const src = collection ? ' '.repeat(col) + slice : `k: ${slice}`;
    let lib = reparseMemo.get(src);
    if (lib === undefined && !reparseMemo.has(src)) {
      lib = libValue(src);
      if (!collection) reparseMemo.set(src, lib);
    }
    if (!lib) return check(false, 'node text does not parse alone', node.start);
    const d = firstDifference(collection ? lib.value : (lib.value as { k: unknown }).k, expected);
    check(d === undefined, `node text alone gives another value (${d})`, node.start);
  };
  const visit = (node: ScanNode, value: unknown, depth: number): void => {
    if ((node.kind !== 'map' && node.kind !== 'seq') || depth <= reparseDepth) reparse(node, value);
    if (node.kind === 'map') {
      check(node.start === node.pairs[0].keyStart, 'map start', node.start);
      check(node.end === node.pairs[node.pairs.length - 1].end, 'map end', node.start);
      const obj = value as Record<string, unknown>;
      check(node.pairs.map((p) => p.key).join('\u0000') === Object.keys(obj).join('\u0000'), 'keys', node.start);
      node.pairs.forEach((p, i) => {
        check(p.keyStart - p.lineStart === node.col, 'key column', p.keyStart);
        check(/^ *(- +)*$/.test(text.slice(p.lineStart, p.keyStart)), 'before the key', p.lineStart);
        check(p.valueStart === p.value.start && p.valueEnd === p.value.end, 'value range', p.keyStart);
        check(endsLine(p.end) && p.end >= p.valueEnd, 'pair end', p.end);
        if (p.value.kind === 'scalar' && (p.value.style === 'literal' || p.value.style === 'folded')) {
          check(p.end === p.valueEnd, 'block scalar pair end', p.end);
        } else {
          check(/^ *(#[^\n]*)?\n?$/.test(text.slice(p.valueEnd, p.end)), 'after the value', p.valueEnd);
        }
        if (i > 0) check(onlyBlankOrComments(text.slice(node.pairs[i - 1].end, p.lineStart)), 'between pairs', node.pairs[i - 1].end);
        visit(p.value, obj[p.key], depth + 1);
      });
    } else if (node.kind === 'seq') {
      const arr = value as unknown[];
      check(node.items.length === arr.length, 'item count', node.start);
      check(node.start === node.items[0].dash, 'seq start', node.start);
      node.items.forEach((it, i) => {
        check(text[it.dash] === '-' && it.dash - it.lineStart === node.col, 'dash', it.dash);
        check(endsLine(it.end), 'item end', it.end);
        if (i > 0) check(onlyBlankOrComments(text.slice(node.items[i - 1].end, it.lineStart)), 'between items', node.items[i - 1].end);
        visit(it.value, arr[i], depth + 1);
      });
    }
  };
  visit(root, value, 0);
  expect(problems).toEqual([]);
}

// --- unit tests ------------------------------------------------------------------------------------

describe('accepted constructs give the library value', () => {
  test.each([
    ['plain map', 'a: b\nc: d\n'],
    ['nested maps', 'a:\n  b:\n    c: d\n  e: f\ng: h\n'],
    ['compact sequence (kyaml)', 'a:\n- x\n- y\nb: z\n'],
    ['indented sequence', 'a:\n  - x\n  - y\nb: z\n'],
    ['deeply indented sequence', 'a:\n      - x\n      - y\nb: z\n'],
    ['sequence of maps, first key on the dash line', 'c:\n- name: a\n  image: b\n- name: c\n  args:\n  - x\n  - y\n  env:\n  - name: E\n    value: v\n'],
    ['sequence entry with extra spaces after the dash', 'c:\n-   name: a\n    image: b\n'],
    ['`- # comment` then the mapping', 'c:\n- # first\n  name: a\n- # second\n\n  name: b\n'],
    ['`-` then the mapping', 'c:\n-\n  name: a\n-\n    name: b\n'],
    ['`key: # comment` then the value', 'a: # note\n  b: c\nd: # note\n- e\n'],
    ['`key:` then comment lines then the value', 'a:\n# one\n    # two\n\n  b: c\n'],
    ['empty values', 'a:\nb: 1\nc:\n'],
    ['multi-line plain', 'a: b\n  c\n    d\nz: 1\n'],
    ['multi-line plain with blank lines', 'a: b\n\n  c\n\n\n  d\n\nz: 1\n'],
    ['multi-line plain ending with a comment', 'a: b\n  c # x\nz: 1\n'],
    ['multi-line plain before a comment line', 'a: b\n  c\n# x\nz: 1\n'],
    ['multi-line plain with indicators inside', 'a: b\n  - c\n  [d] {e} &f *g !h |i >j\nz: 1\n'],
    ['multi-line plain that looks like a number', 'a: 1\n  2\nb: 0x\n  1F\n'],
    ['multi-line plain in sequences', 'a:\n- b\n  c\n- name: x\n  value: long\n    text\n-\n  d\n  e\n'],
    ['multi-line plain on the line after the key', 'a:\n  b\n  c\n'],
    ['multi-line single quote (controller-gen style)', "a: 'it''s a long\n  description: of an object.\n\n  More info: x'\nz: 1\n"],
    ['multi-line double quote', 'a: "b\n  c\\\n  d\\n e \\t"\nz: 1\n'],
    ['multi-line double quote with an escaped quote', 'a: "b \\"\n  c"\n'],
    ['multi-line quotes in sequences', "a:\n- 'b\n  c'\n- k: \"d\n    e\" # c\n"],
    ['scalars and flow collections on the line after the key or dash', 'a:\n  x\nb: # c\n    "y" # d\nc:\n  [1, {}]\nd:\n-\n  z\n-   # c\n  \'q\'\n'],
    ['nested sequences on the dash line', 'a:\n- - b\n  - - c\n    -   - d\n- e\n'],
    ['nested sequences on the next line', 'a:\n-\n  - b\n  -\n      - c\n- e\n'],
    ['block scalar in a nested sequence', 'a:\n- - |\n   b\n  - c\n'],
    ['empty sequence entries', 'a:\n-\n- x\n-\n'],
    ['empty value before a less indented sequence entry', 'a:\n- k:\n- l: 1\n  m:\n'],
    ['comments anywhere', '# head\na: 1 # trailing\n# mid\n  # more indented\nb:\n# col 0 inside\n  c: 2\n    # deeper\n  d: 3\n# tail\n'],
    ['comments between sequence entries', 'a:\n- x # one\n# between\n- y\n  # indented\n- z\n'],
    ['blank lines', '\na: 1\n\n\nb:\n\n  c: 2\n\n'],
    ['compact sequence in a sequence-entry mapping', 'a:\n- name: x\n  ports:\n  - 80\n  - 443\n  image: y\n'],
    ['null in a compact sequence before a sibling', 'a:\n- x\nb:\n- y\n'],
    ['no newline at the end', 'a: 1\nb: x'],
    ['no newline at the end after a nested map', 'a:\n  b: x'],
    ['a key longer than usual', `${'k'.repeat(900)}: v\n`],
  ])('%s', (_, text) => {
    accepts(text);
  });

  test.each([
    'hello', 'hello world', 'a#b', 'a:b', 'http://x:80/y', 'a, b', 'a]', 'x}', "it's", 'say "hi"', 'trailing   ', 'a  # comment',
    '/data/x', '--data-dir=/x', '-foo', ':b', '?b', '?-', '---', '...', '<<', '=', '$HOME', '${X}', '(x)', '500m', '512Mi', '25%', '0.0.0.0', 'v1.2.3',
    '1', '0', '-0', '+0', '-1', '+12', '12_000', '1__0', '0644', '0o17', '0x1F', '0x_1f', '0b101', '-0b1', '08', '09.5', '.5', '-.5', '+.5', '1.', '1e3', '1E3', '-1e-3', '1.5e+3',
    'e5', 'E3', 'e', 'E', '.inf', '-.inf', '+.Inf', '.INF', '.nan', '.NaN', '.NAN', 'nan', 'inf', '1:20', '190:20:30', '2001-12-14', '2001-12-14t21:59:43.10-05:00',
    'y', 'Y', 'n', 'N', 'yes', 'Yes', 'YES', 'yES', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF',
    '~', 'null', 'Null', 'NULL', 'nULL', 'nullable', 'yesterday', 'one', 'n/a', 'Y2K', 'é', '日本語', 'a\u2028b', 'a\u00a0', '\u00a0a', 'a\u0085',
    "'single'", "'it''s'", "''", "'a # b: c'", "'  spaced  '", "'tab\tinside'", '"double"', '""', '"a # b: c"', '"esc\\n\\t\\"\\\\"', '"\\u00e9\\x41\\U0001F600"', '"\\/"', '"  spaced  "', '"tab\tinside"', "'\\n'",
    '{}', '[]', '{}  # c', '[a, b]', '["sh", "-c", "ls && sleep 1"]', '{app: web}', '{a: 1, b: [x, {c: yes}]}', '[ ]', '{ }', '[a, b] # c',
  ])('scalar %s', (v) => {
    accepts(`k: ${v}\nl:\n- ${v}\n- ${v} # c\n`);
  });

  test.each([
    'a b', 'a#b', 'a[0]', '-a', 'a.b/c', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'é', '日本', '"y"', "'1'", '"a: b"', '""', "''", '"<<"', '"\\u0041"', 'e5x', 'nulls', 'x:y', ':x', '?x', '-', '--', '-x-',
  ])('key %s', (k) => {
    accepts(`${k}: v\nz:\n- ${k}: w\n  o: 1\n`);
  });

  test('__proto__ and constructor become own data properties', () => {
    const v = accepts('__proto__:\n  polluted: yes\nconstructor: 1\ntoString: x\n') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getOwnPropertyDescriptor(v, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('numbers keep their exact value', () => {
    const v = accepts('a: -0\nb: 0644\nc: .inf\nd: .nan\ne: 1_000\nf: 0x1F\ng: 1e3\n') as Record<string, number>;
    expect(Object.is(v.a, -0)).toBe(true);
    expect(v.b).toBe(420);
    expect(v.c).toBe(Infinity);
    expect(Number.isNaN(v.d)).toBe(true);
    expect([v.e, v.f, v.g]).toEqual([1000, 31, 1000]);
  });

  test.each([
    ['literal', 'k: |\n  a\n  b\n'],
    ['literal strip', 'k: |-\n  a\n  b\n\nz: 1\n'],
    ['literal keep', 'k: |+\n  a\n  b\n\n\nz: 1\n'],
    ['literal keep before a comment', 'k: |+\n  a\n\n# c\nz: 1\n'],
    ['literal keep at the end', 'k: |+\n  a\n\n\n'],
    ['literal clip at the end with blank lines', 'k: |\n  a\n\n\n'],
    ['literal with blank and more indented lines', 'k: |\n  a\n\n    b\n  \n  c\n  d\n'],
    ['literal with leading blank lines', 'k: |\n\n \n  a\n'],
    ['literal with header comment', 'k: | # c\n  a\n'],
    ['literal with `#` lines', 'k: |\n  #!/bin/sh\n  # not a comment\n  echo # x\n'],
    ['literal with trailing spaces kept', 'k: |\n  a  \n  b\t\n'],
    ['literal with tabs in content', 'k: |\n  \ta\n  b\tc\n'],
    ['literal with more indented blank lines', 'k: |\n  a\n      \n  b\n      \nz: 1\n'],
    ['literal keep with more indented blank lines', 'k: |+\n  a\n     \n\nz: 1\n'],
    ['literal without a final newline', 'k: |\n  a\n  b'],
    ['literal keep without a final newline', 'k: |+\n  a\n\n  '],
    ['literal deeply indented', 'k: |\n        a\n         b\n'],
    ['literal in a sequence', 'k:\n- |\n  a\n- |-\n   b\n-   |+\n  c\n\n'],
    ['literal in a sequence-entry mapping', 'k:\n- a: |\n    x\n  b: 1\n'],
    ['literal with a less indented comment after it', 'k: |\n    a\n  # c\nz: 1\n'],
    ['folded', 'k: >\n  a\n  b\n\n  c\n    d\n  e\n'],
    ['folded strip and keep', 'k: >-\n  a\n  b\nl: >+\n  c\n\nz: 1\n'],
    ['folded with tabs', 'k: >\n  a\n  \tb\n  c\n'],
  ])('block scalar: %s', (_, text) => {
    accepts(text);
  });

  test('a ResourceList item with the first key on the dash line or after `- # comment`', () => {
    const rl = asResourceList(['apiVersion: v1\nkind: A\nmetadata:\n  name: a\n', '# comment\napiVersion: v1\nkind: B\n'], 'compact');
    const lib = libValue(rl.text)?.value as { items: unknown[] };
    rl.items.forEach(([from, to], i) => expectSame(scanBlockMapping(rl.text, from, to)?.value, lib.items[i]));
  });
});

describe('position tree', () => {
  test('offsets of pairs, items and scalars', () => {
    const text = 'a: 1 # c\nb:\n  # c\n  - x\n  - k: v\n    l: |\n      t\n\n    m:\n# c\nc: "q"\n';
    const root = scanDoc(text, true)?.node as MapNode;
    expect(root).toMatchObject({ kind: 'map', col: 0, start: 0, end: text.length });
    const [a, b, c] = root.pairs;
    expect(a).toMatchObject({ key: 'a', keyStart: 0, lineStart: 0, valueStart: 3, valueEnd: 4, end: 9 });
    expect(a.value).toEqual({ kind: 'scalar', start: 3, end: 4, style: 'plain' });
    const seqStart = text.indexOf('- x');
    expect(b).toMatchObject({ key: 'b', keyStart: 9, lineStart: 9, valueStart: seqStart, valueEnd: text.indexOf('# c\nc:') });
    expect(b.end).toBe(b.valueEnd);
    const seq = b.value as SeqNode;
    expect(seq).toMatchObject({ kind: 'seq', col: 2, start: seqStart });
    expect(seq.items[0]).toMatchObject({ dash: seqStart, lineStart: seqStart - 2, end: text.indexOf('  - k') });
    const item = seq.items[1].value as MapNode;
    expect(item).toMatchObject({ kind: 'map', col: 4, start: text.indexOf('k: v') });
    const [k, l, m] = item.pairs;
    expect(k).toMatchObject({ keyStart: text.indexOf('k: v'), lineStart: text.indexOf('  - k') });
    // a block scalar ends after its last line (clip: not the blank line after it)
    expect(l.value).toEqual({ kind: 'scalar', start: text.indexOf('|'), end: text.indexOf('\n    m:'), style: 'literal' });
    expect(l.end).toBe(l.valueEnd);
    // an empty value: both ends just after the colon; the pair ends after its line
    const afterColon = text.indexOf('m:') + 2;
    expect(m).toMatchObject({ valueStart: afterColon, valueEnd: afterColon, end: afterColon + 1 });
    expect(c).toMatchObject({ key: 'c', valueStart: text.indexOf('"q"'), valueEnd: text.indexOf('"q"') + 3, end: text.length });
    expect(c.value).toMatchObject({ style: 'double' });
  });

  test('multi-line scalars and keep chomping', () => {
    const text = "a: 'x\n  y' # c\nb: |+\n  t\n\n# c\nd: p\n  q\n";
    const [a, b, d] = (scanDoc(text, true)?.node as MapNode).pairs;
    expect(a).toMatchObject({ valueStart: 3, valueEnd: text.indexOf(' # c'), end: text.indexOf('b:') });
    expect(b).toMatchObject({ valueStart: text.indexOf('|+'), valueEnd: text.indexOf('# c\nd'), end: text.indexOf('# c\nd') });
    expect(d).toMatchObject({ valueStart: text.indexOf('p\n'), valueEnd: text.length - 1, end: text.length });
  });
});

describe('anchors, aliases and merge keys: the library\'s value, with positions too', () => {
  test.each([
    'a: &x {p: 1}\nb: *x\n',
    'a: &x\n  p: 1\n  q: 2\nb:\n  <<: *x\n  q: 3\n',
    'a: &x\n  p: 1\n  q: 2\nb:\n  q: 3\n  <<: *x\n',
    'a: &x\n  p: 1\nb:\n  !!merge <<: *x\n  r: 2\n',
    'a: &x\n  p: 1\nb:\n  r: 0\n  !!merge <<: *x\n',
    'a: &x\n  p: 1\nc: &y\n  p: 5\n  z: 1\nb:\n  <<: [*x, *y]\n',
    'l:\n- &i\n  k: v\n- *i\n',
    'a: &x 1\nb: *x\nc: &x 2\nd: *x\n',
    'a: &x\n  p: 1\nb:\n  "<<": *x\n',
    'env: &env\n- name: A\n  value: "1"\nother: *env\n',
    'a: &x "q"\nb: *x # c\n',
    'a: &x 0755\nb: *x\n',
    'spec:\n  selector:\n    matchLabels: &sel\n      app: web\n  template:\n    metadata:\n      labels:\n        <<: *sel\n        tier: x\n',
    'a: &x\n  - 1\n  - 2\nb: *x\n',
    'l:\n- &i "s"\n- *i\n- &j\n  - 1\n- *j\n',
    'a: &x-1.b_c |\n  text\nb: *x-1.b_c\n',
  ])('%j', (text) => {
    const lib = libValue(text);
    expect(lib).toBeDefined();
    expectSame(scanDoc(text)?.value, lib?.value);
    expect(Object.keys(scanDoc(text)?.value ?? {})).toEqual(Object.keys(lib?.value as object));
    expectSame(scanDoc(text, true)?.value, lib?.value);
  });

  test('positions: an alias is a one-line value, a merge key a marked pair, the keys only it gives are `merged`', () => {
    const text = 'a: &x\n  p: 1\n  q: 2\nb:\n  q: 3\n  <<: *x # m\n  r: *x\n';
    const root = scanDoc(text, true)?.node as MapNode;
    const b = root.pairs[1].value as MapNode;
    expect(b.pairs.map((p) => [p.key, p.merge ?? false])).toEqual([['q', false], ['<<', true], ['r', false]]);
    expect(b.merged).toEqual(['p']);
    const merge = b.pairs[1];
    expect(text.slice(merge.valueStart, merge.valueEnd)).toBe('*x');
    expect(text.slice(b.pairs[2].value.start, b.pairs[2].value.end)).toBe('*x');
    expect(merge.end).toBe(text.indexOf('  r:'));
  });

  test('an alias is a copy: changing one value leaves the other', () => {
    const v = scanDoc('a: &x {p: 1}\nb: *x\n')?.value as { a: { p: number }; b: { p: number } };
    v.a.p = 2;
    expect(v.b.p).toBe(1);
  });
});

describe('declines', () => {
  test.each([
    ['anchor on a key', '&x a: 1\n'],
    ['anchor on a key in a sequence entry (`- &i k: v` anchors the key)', 'l:\n- &i k: v\n- *i\n'],
    ['anchor on an empty value', 'a: &x\nb: *x\n'],
    ['alias to no anchor', 'a: *x\n'],
    ['alias to an anchor that holds an alias', 'a: &x\n  b: &y 1\n  c: *y\nd: *x\n'],
    ['anchor ending in a colon', 'a: &x: 1\n'],
    ['merge of a sequence', 'a: &x [1, 2]\nb:\n  <<: *x\n'],
    ['two merge keys', 'a: &x\n  p: 1\nb:\n  <<: *x\n  <<: *x\n'],
    ['a key twice after a merge', 'm: &m\n  a: 1\nn:\n  <<: *m\n  a: 2\n  a: 3\n'],
    ['an alias in a flow collection', 'a: &x yes\nb: [*x]\n'],
    ['anchored nested sequence on its line', 'k:\n- &a - x\n'],
    ['tag', 'a: !!str 1\n'],
    ['custom tag', 'a: !foo x\n'],
    ['tag on a key', '!!str a: 1\n'],
    ['merge key', 'a:\n  <<: {b: 1}\n'],
    ['complex key', '? a\n: b\n'],
    ['plain bool key', 'yes: 1\n'],
    ['plain y key', 'y: 1\n'],
    ['plain int key', '1: a\n'],
    ['plain float key', '1.5: a\n'],
    ['plain null key', '~: a\n'],
    ['plain null word key', 'null: a\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['duplicate quoted keys', 'a: 1\n"a": 2\n'],
    ['nested compact mapping', 'a: b: c\n'],
    ['trailing colon', 'a: b:\n'],
    ['unterminated double quote', 'a: "b\n'],
    ['unterminated single quote', "a: 'b\n"],
    ['block scalar header on the line after the key', 'a:\n  |\n   b\n'],
    ['more indented line after a comment', 'a: b\n# c\n  d\n'],
    ['more indented line after a trailing comment', 'a: b # c\n  d\n'],
    ['multi-line plain with a key in a continuation line', 'a: b\n  c: d\n'],
    ['multi-line plain continued after a comment', 'a: b\n  c # x\n  d\n'],
    ['multi-line plain continued too little', 'x:\n  a: b\n  c\n'],
    ['multi-line plain with a tab', 'a: b\n  \tc\n'],
    ['multi-line quoted continued too little', 'x:\n  a: "b\n  c"\n'],
    ['multi-line quoted key', 'x:\n- "a\n  b": c\n'],
    ['multi-line quoted with text after it', 'a: "b\n  c" d\n'],
    ['multi-line quoted never closed', 'a: "b\n  c\n'],
    ['text after a quoted scalar', 'a: "b" c\n'],
    ['comment glued to a quoted scalar', 'a: "b"#c\n'],
    ['text after a flow collection', 'a: [b] c\n'],
    ['multi-line flow', 'a: [b,\n  c]\n'],
    ['flow with an alias', 'a: [&x b, *x]\n'],
    ['flow with a tag', 'a: [!!str 1]\n'],
    ['flow with a collection key', 'a: {[x]: 1}\n'],
    ['indentation indicator', 'a: |2\n   b\n'],
    ['empty block scalar', 'a: |\nb: 1\n'],
    ['more indented leading blank line', 'a: |\n      \n  b\n'],
    ['block scalar header junk', 'a: |x\n  b\n'],
    ['tab indentation', 'a:\n\tb: 1\n'],
    ['tab after the colon', 'a:\tb\n'],
    ['tab in a plain scalar', 'a: b\tc\n'],
    ['CRLF', 'a: 1\r\nb: 2\r\n'],
    ['lone CR', 'a: 1\rb\n'],
    ['byte order mark in a key', '\ufeffa: 1\n'],
    ['byte order mark in a value', 'a: x\ufeff\n'],
    ['document start inside', 'a: 1\n---\nb: 2\n'],
    ['document end inside', 'a: 1\n...\n'],
    ['directive-like key', '%a: 1\n'],
    ['block scalar in a nested sequence at the inner dash column', 'a:\n- - |\n  b\n'],
    ['less indented key', 'a:\n  b: 1\n c: 2\n'],
    ['more indented key', 'a: 1\n  b: 2\n'],
    ['sequence after a scalar value', 'a: 1\n- b\n'],
    ['sequence entry misaligned', 'a:\n  - b\n - c\n'],
    ['key after an indented sequence at its column', 'a:\n  - b\n  c: 1\n'],
    ['space before the colon', 'a : b\n'],
    ['quoted key without a space after the colon', '"a":b\n'],
    ['sequence as a value on the key line', 'a: - b\n'],
    ['dash alone as a value', 'a: -\n'],
    ['plain scalar starting with an indicator', 'a: @b\n'],
    ['plain scalar starting with %', 'a: %b\n'],
    ['plain scalar starting with `', 'a: `b\n'],
    ['`? ` as a value', 'a: ? b\n'],
    ['`: ` as a value', 'a: : b\n'],
    ['`?` alone as a value', 'a: ?\n'],
    ['key line without a colon', 'a: 1\nb\n'],
    ['key with a comment before the colon', 'a #b: 1\n'],
    ['block scalar with too little indentation', 'a:\n  b: |\n  c\n'],
    ['block scalar in an indented sequence at the dash column', 'a:\n - |\n a\n'],
  ])('%s', (_, text) => {
    declines(text);
  });

  test('the range must be the whole mapping', () => {
    const text = 'a:\n  b: 1\n  c: 2\nd: 3\n';
    // `to` inside the nested mapping: the line at `to` is more indented than the mapping
    expect(scanBlockMapping(text, 0, text.indexOf('  c:'), { level: 1 })).toBeUndefined();
    // the whole text is fine
    expect(scanBlockMapping(text, 0, text.length, { level: 1 })?.value).toEqual({ a: { b: 1, c: 2 }, d: 3 });
    // a nested mapping alone, with less indented text after it
    expect(scanBlockMapping(text, text.indexOf('b:'), text.indexOf('d:'), { level: 2 })?.value).toEqual({ b: 1, c: 2 });
    // `to` not at a line start, `from` not at a key
    expect(scanBlockMapping(text, 0, 5, { level: 1 })).toBeUndefined();
    expect(scanBlockMapping(text, 1, text.length, { level: 1 })).toBeUndefined();
    expect(scanBlockMapping(text, text.length, text.length, { level: 1 })).toBeUndefined();
    // a line inside the range less indented than the mapping
    const t2 = '  a: 1\nb: 2\n';
    expect(scanBlockMapping(t2, 2, t2.length, { level: 1 })).toBeUndefined();
    // a plain scalar that would continue after `to`
    const t3 = 'a: x\n\n  y\n';
    expect(scanBlockMapping(t3, 0, 5, { level: 1 })).toBeUndefined();
    // blank lines after `to` that would belong to a kept block scalar
    const t4 = 'a: |+\n  x\n\n';
    expect(scanBlockMapping(t4, 0, 10, { level: 1 })).toBeUndefined();
    expect(scanBlockMapping(t4, 0, t4.length, { level: 1 })?.value).toEqual({ a: 'x\n\n' });
    // a comment at `to` that is more indented than the mapping
    const t5 = 'x:\n- a: |\n    b\n    # c\n';
    expect(scanBlockMapping(t5, 5, t5.indexOf('    # c'))).toBeUndefined();
    // text before `from` other than spaces and one `- `
    const t6 = 'x: a: 1\n';
    expect(scanBlockMapping(t6, 3, t6.length)).toBeUndefined();
    const t7 = '- - a: 1\n';
    expect(scanBlockMapping(t7, 4, t7.length)).toBeUndefined();
  });

  test('nesting deeper than MAX_DEPTH (the mapping counts as `level`)', () => {
    // A ResourceList whose item nests `n` mappings below itself.
    const rl = (n: number): string => {
      let s = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: X\n';
      for (let i = 0; i < n; i++) s += `${' '.repeat(2 * i + 2)}k${i}:\n`;
      return `${s}${' '.repeat(2 * n + 2)}leaf: 1\n`;
    };
    const from = (t: string) => t.indexOf('apiVersion: v1');
    // item at level 3; n nested mappings; the deepest is at level 3 + n
    const ok = rl(MAX_DEPTH - 3);
    expect(parseStream(ok, PARSE_OPTIONS, true).tooDeep).toBeUndefined();
    expect(scanBlockMapping(ok, from(ok), ok.length)).toBeDefined();
    const deep = rl(MAX_DEPTH - 2);
    expect(parseStream(deep, PARSE_OPTIONS, true).tooDeep).toBeDefined();
    expect(scanBlockMapping(deep, from(deep), deep.length)).toBeUndefined();
    // an empty flow collection counts as a level too
    const flow = ok.replace('leaf: 1', 'leaf: {}');
    expect(parseStream(flow, PARSE_OPTIONS, true).tooDeep).toBeDefined();
    expect(scanBlockMapping(flow, from(flow), flow.length)).toBeUndefined();
    expect(scanBlockMapping(ok, from(ok), ok.length, { level: 4 })).toBeUndefined();
  });
});

describe('scanFlowCollection: a one-line flow collection alone (a JSON file\'s object as kpt passes it)', () => {
  /** `- COLLECTION` as an item: the scanner's value equals the library's value of the same text. */
  function flowItem(line: string, after = ''): unknown {
    const text = `items:\n- ${line}\n${after}`;
    const from = text.indexOf('- ') + 2;
    const to = text.length;
    const r = scanFlowCollection(text, from, to, 3);
    const lib = libValue(text);
    expect(lib).toBeDefined();
    expect(r).toBeDefined();
    expectSame(r?.value, (lib?.value as { items: unknown[] }).items[0]);
    expect(text.slice(from, r?.end)).toBe(line.replace(/ *#.*$/, ''));
    return r?.value;
  }

  test.each([
    '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "annotations": {config.kubernetes.io/index: \'0\'}}}',
    '{"a":1,"b":[true,null,"x"],"c":{}}',
    '{a: yes, b: 0755, c: "0755", d: [], e: -0, f: 1.5}',
    '{"k": "v"} # a comment',
    '[{"name": "x"}, {"name": "y"}]',
  ])('%s', (line) => {
    flowItem(line);
  });

  test('comment and blank lines after it belong to the item', () => {
    flowItem('{"a": 1}', '\n# trailing\n  # more\n');
  });

  test('nested values: equal to JSON.parse of a JSON line', () => {
    const obj = { apiVersion: 'apps/v1', spec: { template: { spec: { containers: [{ name: 'app', args: ['--x=1', 'a b'], ports: [{ containerPort: 80 }] }] } } } };
    const line = JSON.stringify(obj).replace(/,/g, ', ').replace(/":/g, '": ');
    expect(flowItem(line)).toEqual(obj);
  });

  test.each([
    ['not closed on its line', '- {"a": 1,\n  "b": 2}\n'],
    ['more on its line', '- {"a": 1} x\n'],
    ['a comment without a space before it', '- {"a": 1}#c\n'],
    ['content on a following line', '- {"a": 1}\n  b: 2\n'],
    ['a tab after it', '- {"a": 1}\t\n'],
    ['not a collection', '- "a"\n'],
    ['CRLF', '- {"a": 1}\r\n'],
  ])('declines: %s', (_, item) => {
    const text = `items:\n${item}`;
    expect(scanFlowCollection(text, text.indexOf('- ') + 2, text.length, 3)).toBeUndefined();
  });

  test('nesting deeper than MAX_DEPTH is declined', () => {
    // (the collection itself is at `level`)
    const nested = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(scanFlowCollection(nested(MAX_DEPTH), 0, 2 * MAX_DEPTH, 1)).toBeDefined();
    expect(scanFlowCollection(nested(MAX_DEPTH), 0, 2 * MAX_DEPTH, 2)).toBeUndefined();
    expect(scanFlowCollection(nested(MAX_DEPTH + 1), 0, 2 * MAX_DEPTH + 2, 1)).toBeUndefined();
  });

  test('.inf is flagged as not finite', () => {
    expect(scanFlowCollection('{a: .inf}', 0, 9, 1)?.nonFinite).toBe(true);
  });
});

describe('plain scalar resolution', () => {
  test('the parse schema has no compat tags (resolution is by its own tests only)', () => {
    expect((new Document(null, PARSE_OPTIONS).schema as unknown as { compat: unknown }).compat).toBeNull();
  });

  test('letter-initial words that are not strings are exactly LETTER_SPECIAL_WORDS', () => {
    const tests = (new Document(null, PARSE_OPTIONS).schema.tags as unknown as { default?: unknown; test?: RegExp; tag: string }[])
      .filter((t) => t.default === true && t.test && t.tag !== 'tag:yaml.org,2002:str')
      .map((t) => t.test as RegExp);
    const candidates = new Set<string>(LETTER_SPECIAL_WORDS);
    const letters = 'abcdfghijklmnopqrstuvwxyzABCDFGHIJKLMNOPQRSTUVWXYZ';
    for (const a of letters) {
      candidates.add(a);
      for (const b of `${letters}0123456789.+-_`) candidates.add(a + b);
    }
    for (const w of ['null', 'true', 'false', 'yes', 'no', 'on', 'off', 'inf', 'nan']) {
      // every upper/lower case variant
      for (let mask = 0; mask < 1 << w.length; mask++) {
        candidates.add([...w].map((ch, i) => (mask & (1 << i) ? ch.toUpperCase() : ch)).join(''));
      }
    }
    for (const s of candidates) {
      if (!/^[a-df-zA-DF-Z]/.test(s)) continue;
      const special = tests.some((re) => re.test(s));
      expect([s, special]).toEqual([s, LETTER_SPECIAL_WORDS.has(s)]);
    }
    // the words in the set are all longer than nothing and at most 5 characters
    for (const w of LETTER_SPECIAL_WORDS) expect(w.length).toBeLessThanOrEqual(5);
  });

  test('mayBeSpecial is true for every string an implicit-tag test matches', () => {
    const tests = (new Document(null, PARSE_OPTIONS).schema.tags as unknown as { default?: unknown; test?: RegExp; tag: string }[])
      .filter((t) => t.default === true && t.test && t.tag !== 'tag:yaml.org,2002:str')
      .map((t) => t.test as RegExp);
    const chars = [...'0123456789_.+-~eExXbBoOaAfFiInNlLuUsStTrRyY:,/ #<=$%&!@'];
    const candidates = fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
    const examples = ['~', '0', '-0', '+.5', '.5', '-.inf', '.nan', '1e3', '-1E3', '.5e3', '+1.E3', '0x1f', '-0b1', '07', '1_0', 'null', 'yes'];
    fc.assert(
      fc.property(fc.oneof(candidates, fc.constantFrom(...examples)), (s) => {
        if (tests.some((re) => re.test(s))) expect([s, mayBeSpecial(s)]).toEqual([s, true]);
      }),
      { numRuns: 20000 },
    );
    for (const s of examples) expect(tests.some((re) => re.test(s))).toBe(true);
  });

  test('resolvePlain agrees with the library on awkward scalars', () => {
    for (const s of [...LETTER_SPECIAL_WORDS, '0644', '0755', '00', '000', '08', '0o17', '0777777777777', '07777777777', '-0644', '7', '-7', '10', '-0', '+1', '01', '-01', '1_0', '123456789012345', '-123456789012345', '1234567890123456', '9007199254740993', '0', '00', '0_', '0b', '0x', '0o', '+', '.', '._', '_', '1_', '._1', '1e', 'e1', '+e1', '1e+', '0.1.2', '0x1g', '0b2', '07_7', '.inf.', '~~', 'Nullx', '-.NaN', '+.nan', '<<', '---', '...']) {
      const lib = libValue(`k: ${s}`);
      expect(lib).toBeDefined();
      expectSame(resolvePlain(s), (lib?.value as { k: unknown }).k);
    }
  });
});

// --- differential test over the repository's YAML files -------------------------------------------

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (name.endsWith('.yaml') || name.endsWith('.yml')) out.push(p);
  }
  return out.sort();
}

/** [from, to) of each document whose content is a block mapping, with its library value. */
function documentsOf(text: string): { from: number; to: number; value: unknown }[] {
  const out: { from: number; to: number; value: unknown }[] = [];
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  if (!Array.isArray(docs)) return out;
  // document boundaries: `---` / `...` lines
  const markers: number[] = [];
  const re = /^(?:---|\.\.\.)(?=[ \t\n]|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) markers.push(m.index);
  for (const doc of docs) {
    const c: unknown = doc.contents;
    if (!isMap(c) || c.flow || !c.range) continue;
    if (doc.errors.length > 0 || doc.warnings.length > 0) continue;
    const from = c.range[0];
    const to = markers.find((m) => m > from) ?? text.length;
    out.push({ from, to, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) });
  }
  return out;
}

/**
 * [from, to) of each item of a ResourceList's `items`, found with the library's CST as a caller
 * would: `from` is the item's first key, `to` the start of the next item's dash line (or of the
 * line of whatever follows the sequence).
 */
function resourceListItems(text: string): [number, number][] {
  const docs = [...new Parser().parse(text)].filter((t): t is CST.Document => t.type === 'document');
  const root = docs[0]?.value;
  if (!root || root.type !== 'block-map') return [];
  const at = root.items.findIndex((it) => it.key && CST.isScalar(it.key) && CST.resolveAsScalar(it.key)?.value === 'items');
  const seq = root.items[at]?.value;
  if (!seq || seq.type !== 'block-seq') return [];
  const lineStart = (p: number) => text.lastIndexOf('\n', p - 1) + 1;
  const dashes = seq.items.map((it) => it.start.find((t) => t.type === 'seq-item-ind')?.offset ?? -1);
  const after = root.items[at + 1]?.start[0]?.offset ?? (root.items[at + 1]?.key as { offset?: number } | undefined)?.offset ?? text.length;
  return seq.items.map((it, i) => {
    const value = it.value as { offset: number } | undefined;
    const to = i + 1 < dashes.length ? lineStart(dashes[i + 1]) : after === text.length ? text.length : lineStart(after);
    return [value?.offset ?? -1, to];
  });
}

describe('ResourceList items located with the CST', () => {
  test('the kpt fixture: every item read, same values as the library', () => {
    const text = readFileSync(join(__dirname, '__fixtures__', 'kpt-input.yaml'), 'utf8');
    const lib = libValue(text)?.value as { items: unknown[] };
    const ranges = resourceListItems(text);
    expect(ranges.length).toBe(lib.items.length);
    ranges.forEach(([from, to], i) => {
      const r = scanBlockMapping(text, from, to, { positions: true });
      expect(r).toBeDefined();
      expectSame(r?.value, lib.items[i]);
      checkPositions(text, r?.node as MapNode, lib.items[i]);
    });
  });
});

describe('differential: testdata/ and example/', () => {
  const root = join(__dirname, '..', '..', '..');
  const files = [...yamlFiles(join(root, 'testdata')), ...yamlFiles(join(root, 'example'))];

  test('every document and every ResourceList item: same value as the library, or declined', () => {
    expect(files.length).toBeGreaterThan(20);
    let total = 0;
    let declined = 0;
    const declinedWhere: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const docs = documentsOf(text);
      // 1. the documents themselves (manifests mode, level 1), with and without positions
      for (const d of docs) {
        total++;
        const r = scanBlockMapping(text, d.from, d.to, { level: 1 });
        if (!r) {
          declined++;
          declinedWhere.push(`${file}@${d.from}`);
          continue;
        }
        expectSame(r.value, d.value);
        const rp = scanBlockMapping(text, d.from, d.to, { level: 1, positions: true });
        expectSame(rp?.value, d.value);
        checkPositions(text.slice(0, d.to), rp?.node as MapNode, d.value, 2);
      }
      // 2. the same documents as items of a ResourceList, in both sequence styles
      const bodies = docs.map((d) => text.slice(text.lastIndexOf('\n', d.from - 1) + 1, d.to).replace(/^(?:---|\.\.\.)[^\n]*\n/gm, ''));
      if (bodies.length === 0) continue;
      for (const style of ['compact', 'indented'] as const) {
        const rl = asResourceList(bodies, style);
        const lib = libValue(rl.text);
        expect(lib).toBeDefined();
        const items = (lib?.value as { items: unknown[] }).items;
        expect(items.length).toBe(bodies.length);
        expect(resourceListItems(rl.text)).toEqual(rl.items);
        rl.items.forEach(([from, to], i) => {
          total++;
          const r = scanBlockMapping(rl.text, from, to, { positions: true });
          if (!r) {
            declined++;
            declinedWhere.push(`${file} item ${i} (${style})`);
            return;
          }
          expectSame(r.value, items[i]);
        });
      }
    }
    const rate = declined / total;
    console.log(`block-scan differential: ${total} mappings from ${files.length} files, ${declined} declined (${(rate * 100).toFixed(1)}%)${declinedWhere.length ? `:\n  ${declinedWhere.join('\n  ')}` : ''}`);
    expect(total).toBeGreaterThan(200);
    expect(rate).toBeLessThan(0.05);
  });
});
