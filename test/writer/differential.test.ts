// Differential test of the writer (#14): generated ResourceLists as people write them — changed
// workloads with anchors, aliases and merge keys, 1 to 4 spaces of indentation, both sequence
// styles, block scalars with whitespace-only lines, `|+`, indentation indicators, comments, flow
// collections, CRLF items among LF ones, a byte order mark, JSON — each changed the way the
// function changes workloads (a sidecar with odd strings, annotations, dropped fields). Checked:
// every untouched item keeps its bytes, and every item reads back as intended in YAML 1.1, in
// YAML 1.2 and with the function's own reader. Seeded and bounded (well under a minute).
import fc from 'fast-check';
import { parse } from 'yaml';
import type { JsonObject, KubeObject, Result } from '../../fn/types';
import { readResourceList } from '../../fn/krm/resourcelist/read';
import { writeResourceListTraced } from '../../fn/krm/resourcelist/write';
import { itemTexts, readThrice, renderEntry } from './support';
import type { Layout, YNode } from './support';

const TRICKY = [
  '0X1F', '0o1_7', '1e1_0', '0B1', '-_1', 'yes', 'Off', 'y', 'N', '~', '.inf', '0755', '1_000', '12:30', '2001-12-14', '=', '<<',
  '', ' ', '  ', ' \n', '\t', '\n', '\n\n', 'a\n  \nb\n\n', 'line\n', 'x\n\n', '  lead\nx', 'a\n \n', '---', '...', '# hash', 'é✓𝄞',
  `it's "q"`, 'null', 'a: b', '- x', 'plain', 'with space', 'tab\there', 'cr\r\nlf', 'ls\u2028ps', 'x'.repeat(300),
];
const trickyString = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(' ', '\n', 'a', '#', ':', '-', '\t', '"', "'"), maxLength: 10 }),
);

/** Scalars as people write them, read alike by YAML 1.1 and 1.2. */
const SCALARS = ['nginx', '"0755"', "'yes'", '"on"', 'true', '42', '-7', '"a b"', 'null', '~', 'a long\nplain scalar', '"0X1F"', "'it''s'", '3.5', 'x:y', '/path/to'];

/** Block scalars: [header, lines relative to the scalar's indentation]. */
const BLOCKS: [string, string[]][] = [
  ['|', ['hello', '  indented', 'world']],
  ['|+', ['line', '', '  ', 'end', '']],
  ['|-', ['a', '', 'b']],
  ['>', ['folded', 'text', '', 'para']],
  ['|2', ['  two more', 'x']],
  ['|+', ['x', '   ', '']],
  ['|', ['#!/bin/sh', 'echo "$1"  ', '', 'exit 0']],
];

interface ItemSpec {
  anchors: boolean;
  merge: boolean;
  layout: Layout;
  crlf: boolean;
  dashComment: string | undefined;
  block: number;
  scalars: number[];
  flowAnnotations: boolean;
  lineComment: boolean;
}

const itemSpec: fc.Arbitrary<ItemSpec> = fc
  .record({
    anchors: fc.boolean(),
    merge: fc.boolean(),
    indent: fc.integer({ min: 1, max: 4 }),
    indentedSeq: fc.boolean(),
    crlf: fc.boolean(),
    dashComment: fc.option(fc.constantFrom('the app', 'a: b # c'), { nil: undefined }),
    block: fc.nat(BLOCKS.length - 1),
    scalars: fc.array(fc.nat(SCALARS.length - 1), { maxLength: 3 }),
    flowAnnotations: fc.boolean(),
    lineComment: fc.boolean(),
  })
  .map(({ indent, indentedSeq, ...rest }) => ({ ...rest, layout: { indent, seqIndent: indentedSeq ? indent : 0 } }));

const s = (text: string, comment?: string): YNode => (comment ? { t: 'scalar', text, comment } : { t: 'scalar', text });
const map = (entries: [string, YNode][], anchor?: string): YNode => (anchor ? { t: 'map', entries, anchor } : { t: 'map', entries });

function workload(i: number, spec: ItemSpec): YNode {
  const block: YNode = { t: 'block', header: BLOCKS[spec.block][0], lines: BLOCKS[spec.block][1] };
  const anchor = spec.anchors ? `l${i}` : undefined;
  const labels: [string, YNode][] = [['app', s(`w${i}`)], ...spec.scalars.map((k, j): [string, YNode] => [`k${j}`, s(SCALARS[k])])];
  return map([
    ['apiVersion', s('apps/v1', spec.lineComment ? 'the API' : undefined)],
    ['kind', s('Deployment')],
    [
      'metadata',
      map([
        ['name', s(`w${i}`)],
        ['labels', map(labels, anchor)],
        ['annotations', spec.flowAnnotations ? { t: 'flow', text: '{a: "1",  b: [x, y]}' } : map([['note', block]])],
      ]),
    ],
    [
      'spec',
      map([
        ['selector', map([['matchLabels', anchor ? { t: 'alias', name: anchor } : map([['app', s(`w${i}`)]])]])],
        [
          'template',
          map([
            ['metadata', map([['labels', map(anchor && spec.merge ? [['<<', { t: 'alias', name: anchor }], ['tier', s('front')]] : [['app', s(`w${i}`)], ['tier', s('front')]])]])],
            [
              'spec',
              map([
                [
                  'containers',
                  {
                    t: 'seq',
                    items: [map([['name', s('app')], ['image', s('nginx', spec.lineComment ? 'pinned' : undefined)], ['env', { t: 'seq', items: [map([['name', s('MOTD')], ['value', block]])] }]])],
                  },
                ],
              ]),
            ],
          ]),
        ],
      ]),
    ],
  ]);
}

type Mod = { kind: 'sidecar' | 'annotation' | 'label' | 'drop' | 'env' | 'replicas'; text: string; n: number };
const mod: fc.Arbitrary<Mod> = fc.record({ kind: fc.constantFrom('sidecar', 'annotation', 'label', 'drop', 'env', 'replicas'), text: trickyString, n: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })) });

/** The change the function might make, on the item's plain value. */
function apply(value: JsonObject, mods: Mod[]): JsonObject {
  const v = JSON.parse(JSON.stringify(value)) as any;
  for (const m of mods) {
    const pod = v.spec.template.spec;
    if (m.kind === 'sidecar') pod.containers.unshift({ name: 'fluid-fuse-0', image: 'fuse:1', env: [{ name: 'X', value: m.text }] });
    else if (m.kind === 'annotation') v.metadata.annotations = { ...(typeof v.metadata.annotations === 'object' ? v.metadata.annotations : {}), 'fluid.io/x': m.text };
    else if (m.kind === 'label') v.metadata.labels = { ...v.metadata.labels, [m.text.slice(0, 20) || 'e']: m.text };
    else if (m.kind === 'drop') delete v.spec.selector;
    else if (m.kind === 'env') pod.containers[pod.containers.length - 1].env[0].value = m.text;
    else v.spec.replicas = m.n;
  }
  return v as JsonObject;
}

const listSpec = fc.record({
  items: fc.array(fc.record({ spec: itemSpec, changed: fc.boolean(), mods: fc.array(mod, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 5 }),
  dashCol: fc.constantFrom(0, 2),
  crlfHead: fc.boolean(),
  bom: fc.boolean(),
  json: fc.constantFrom(undefined, undefined, undefined, 2, 0),
  added: fc.array(trickyString, { maxLength: 2 }),
  results: fc.array(trickyString, { maxLength: 2 }),
  tail: fc.constantFrom('', 'functionConfig:\n  a: 1 # config\n', '# the end\n'),
});

test('generated ResourceLists: untouched items keep their bytes, every item reads back as intended', () => {
  let checked = 0;
  const strategies = new Map<string, number>();
  fc.assert(
    fc.property(listSpec, (l) => {
      const head = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
      const items = l.items.map((it, i) => {
        const t = renderEntry(workload(i, it.spec), l.dashCol, it.spec.layout, it.spec.dashComment);
        return it.spec.crlf ? t.replace(/\n/g, '\r\n') : t;
      });
      let text = (l.crlfHead ? head.replace(/\n/g, '\r\n') : head) + items.join('') + l.tail;
      const value11 = parse(text, { version: '1.1', merge: true }) as { items: JsonObject[] };
      fc.pre(JSON.stringify(parse(text, { version: '1.2', merge: true })) === JSON.stringify(value11));
      if (l.json !== undefined) text = JSON.stringify(value11, null, l.json);
      if (l.bom) text = `\ufeff${text}`;

      const parsed = readResourceList(text);
      const inputItems = parsed.items.map((i) => i.object);
      const updated = new Map<number, KubeObject>();
      l.items.forEach((it, i) => {
        if (it.changed) updated.set(i, apply(inputItems[i], it.mods) as KubeObject);
      });
      const added = l.added.map((d, k): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `new-${k}` }, data: { d } }));
      const results = l.results.map((m): Result => ({ message: m, severity: 'info' }));
      const out = writeResourceListTraced(parsed, { updated, added, results });
      for (const v of out.strategies.values()) strategies.set(v, (strategies.get(v) ?? 0) + 1);

      const expected = [...inputItems.map((o, i) => updated.get(i) ?? o), ...added];
      for (const got of readThrice(out.text)) expect(got).toEqual(expected);
      expect(out.text.startsWith('\ufeff')).toBe(l.bom);
      const before = itemTexts(text);
      const after = itemTexts(out.text);
      before.forEach((t, i) => {
        if (!updated.has(i)) expect(after[i]).toBe(t);
        else if (l.json === undefined && l.items[i].spec.crlf) expect(after[i]).not.toMatch(/[^\r]\n/);
      });
      const rl = parse(out.text.replace(/^\ufeff/, ''), { version: '1.1' }) as { results?: unknown };
      expect(rl.results).toEqual(results.length > 0 ? results : undefined);
      if (l.json !== undefined) expect(JSON.parse(out.text.replace(/^\ufeff/, ''))).toBeDefined();
      checked++;
    }),
    // (WRITER_RUNS and WRITER_SEED for a longer search by hand)
    { numRuns: Number(process.env.WRITER_RUNS ?? 150), seed: Number(process.env.WRITER_SEED ?? 1414) },
  );
  expect(checked).toBeGreaterThan(Number(process.env.WRITER_RUNS ?? 150) * 0.66);
  // every strategy was exercised
  for (const k of ['patch', 'fresh', 'json']) expect(strategies.get(k)).toBeGreaterThan(0);
});
