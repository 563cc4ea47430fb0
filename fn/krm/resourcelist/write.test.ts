import { readFileSync } from 'fs';
import { join } from 'path';
import { isMap, isSeq, parse, parseDocument } from 'yaml';
import type { KubeObject, Result } from '../../types';
import { readResourceList } from './read';
import type { ParsedResourceList } from './read';
import { emptyResourceList, writeResourceList, writeResourceListWithMode } from './write';
import type { WriteRequest } from './write';

const fixture = (name: string): string => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');
const KPT = fixture('kpt-input.yaml');

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const parse11 = (text: string): any => parse(text, { version: '1.1' });
const req = (r: Partial<WriteRequest>): WriteRequest => ({ updated: new Map(), added: [], results: [], ...r });

/** Source text of item i, from the start of its line (`- ` included) to the end of its value. */
function itemText(text: string, i: number): string {
  const doc = parseDocument(text, { version: '1.1' });
  const seq = doc.get('items', true);
  if (!isSeq(seq)) throw new Error('no items');
  const node = seq.items[i] as { range?: [number, number, number] };
  if (!node.range) throw new Error('no range');
  const start = text.lastIndexOf('\n', node.range[0] - 1) + 1;
  return text.slice(start, node.range[1]);
}

function itemRange(text: string, i: number): [number, number] {
  const seq = parseDocument(text, { version: '1.1' }).get('items', true);
  if (!isSeq(seq)) throw new Error('no items');
  const r = (seq.items[i] as { range: [number, number, number] }).range;
  return [r[0], r[1]];
}

const KPT_ANNOTATIONS = [
  'config.kubernetes.io/index',
  'config.kubernetes.io/path',
  'internal.config.kubernetes.io/index',
  'internal.config.kubernetes.io/path',
  'internal.config.kubernetes.io/seqindent',
];

/** The kind of change the sidecar injection makes to the fixture's Deployment. */
function injectInto(parsed: ParsedResourceList): KubeObject {
  const dep = clone(parsed.items[0].object) as any;
  const pod = dep.spec.template.spec;
  pod.containers.unshift({
    name: 'fluid-fuse',
    image: 'fluid/fuse:v1',
    securityContext: { privileged: true },
    env: [{ name: 'FUSE_ON', value: 'on' }],
  });
  pod.volumes[0] = { name: 'data', hostPath: { path: '/runtime-mnt/ml/data', type: 'Directory' } };
  dep.metadata.annotations['fluid.io/injected'] = 'true';
  return dep as KubeObject;
}

describe('writeResourceList: unchanged input', () => {
  test('is byte-identical (comments, quoting, block scalars, both sequence styles, kpt annotations)', () => {
    const parsed = readResourceList(KPT);
    const r = writeResourceListWithMode(parsed, req({}));
    expect(r.text).toBe(KPT);
    expect(r.mode).toBe('unchanged');
  });

  test('is byte-identical when `updated` holds equal objects (other key order)', () => {
    const parsed = readResourceList(KPT);
    const reordered = Object.fromEntries(Object.entries(clone(parsed.items[1].object)).reverse()) as KubeObject;
    const out = writeResourceList(parsed, req({ updated: new Map([[0, clone(parsed.items[0].object)], [1, reordered]]) }));
    expect(out).toBe(KPT);
  });

  test('results only: every item stays byte-identical, results appended at the end', () => {
    const parsed = readResourceList(KPT);
    const results: Result[] = [{ message: 'nothing to inject', severity: 'info' }];
    const r = writeResourceListWithMode(parsed, req({ results }));
    expect(r.mode).toBe('items');
    expect(r.text).toBe(`${KPT}results:\n- message: nothing to inject\n  severity: info\n`);
  });
});

describe('writeResourceList: changed item', () => {
  const parsed = readResourceList(KPT);
  const dep = injectInto(parsed);
  const r = writeResourceListWithMode(parsed, req({ updated: new Map([[0, dep]]) }));
  const out = r.text;

  test('is spliced: the text around the changed item is untouched', () => {
    expect(r.mode).toBe('items');
    const [start, end] = itemRange(KPT, 0);
    expect(out.startsWith(KPT.slice(0, start))).toBe(true);
    expect(out.endsWith(KPT.slice(end))).toBe(true);
    expect(itemText(out, 1)).toBe(itemText(KPT, 1));
  });

  test('parses back (YAML 1.1) to exactly the object given', () => {
    expect(parse11(out).items[0]).toEqual(dep);
    expect(readResourceList(out).items[0].object).toEqual(dep);
    expect(readResourceList(out).items[1].object).toEqual(parsed.items[1].object);
  });

  test('keeps 0755 octal and "yes"/\'on\' quoted', () => {
    const text = itemText(out, 0);
    expect(text).toMatch(/^ {12}defaultMode: 0755$/m);
    expect(text).toContain('feature-flag: "yes"');
    expect(text).toContain("switch: 'on'");
    expect(text).toContain('value: "on"'); // untouched container env
    expect(text).toMatch(/- name: FUSE_ON\n\s+value: "on"/); // new string that YAML 1.1 would read as true
    expect(text).toContain('fluid.io/injected: "true"');
    expect(parse11(out).items[0].spec.template.spec.volumes[1].configMap.defaultMode).toBe(0o755);
  });

  test('keeps comments and key order of untouched fields, and the kpt annotations', () => {
    const before = itemText(KPT, 0);
    const text = itemText(out, 0);
    // metadata block: identical except the appended annotation
    const meta = (s: string): string => s.slice(s.indexOf('  metadata:'), s.indexOf('  spec:'));
    expect(meta(text)).toBe(meta(before).replace(/(switch: 'on'\n)/, `$1      fluid.io/injected: "true"\n`));
    expect(text.startsWith('- apiVersion: apps/v1 # the workload\n  kind: Deployment\n  metadata:\n')).toBe(true);
    for (const item of parse11(out).items) {
      for (const a of KPT_ANNOTATIONS) expect(item.metadata.annotations[a]).toBeDefined();
    }
    expect(parse11(out).items.map((i: any) => i.metadata.annotations)).toEqual([
      { ...parsed.items[0].object.metadata.annotations, 'fluid.io/injected': 'true' },
      parsed.items[1].object.metadata.annotations,
    ]);
  });

  test('a container prepended to containers keeps the comments on the existing container', () => {
    const text = itemText(out, 0);
    expect(text).toContain(
      [
        '        containers:',
        '        - name: fluid-fuse',
        '          image: fluid/fuse:v1',
        '          securityContext:',
        '            privileged: true',
        '          env:',
        '          - name: FUSE_ON',
        '            value: "on"',
        '        # the main container',
        '        - name: app',
        '          image: "registry.example.com/trainer:1.0" # pinned',
        '          # arguments, keep in order',
        '          args: [--epochs, "10"]',
      ].join('\n'),
    );
  });

  test('a PVC volume replaced in place by a hostPath of the same name keeps the comment above it', () => {
    const text = itemText(out, 0);
    expect(text).toContain(
      [
        '        volumes:',
        '        # dataset volume, replaced by the function',
        '        - name: data',
        '          hostPath:',
        '            path: /runtime-mnt/ml/data',
        '            type: Directory',
        '        - name: scripts',
      ].join('\n'),
    );
    expect(text).not.toContain('persistentVolumeClaim');
  });
});

describe('writeResourceList: added items and results', () => {
  const extra: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'fluid-config', annotations: { note: 'line one\nline two\n' } },
    data: { list: ['a', 'b'] } as any,
  };

  test('compact items: new items go after the last item, `- ` at the items column', () => {
    const parsed = readResourceList(KPT);
    const r = writeResourceListWithMode(parsed, req({ added: [extra] }));
    expect(r.mode).toBe('items');
    const [, end] = itemRange(KPT, 1);
    expect(r.text).toBe(
      KPT.slice(0, end) +
        [
          '- apiVersion: v1',
          '  kind: ConfigMap',
          '  metadata:',
          '    name: fluid-config',
          '    annotations:',
          '      note: |',
          '        line one',
          '        line two',
          '  data:',
          '    list:',
          '    - a',
          '    - b',
          '',
        ].join('\n') +
        KPT.slice(end),
    );
    expect(parse11(r.text).items[2]).toEqual(extra);
  });

  test('indented items: new items use the same indentation', () => {
    const text = [
      'apiVersion: config.kubernetes.io/v1',
      'kind: ResourceList',
      'items:',
      '  - apiVersion: v1',
      '    kind: ConfigMap',
      '    metadata:',
      '      name: a',
      '    data:',
      '      l:',
      '        - x',
      '',
    ].join('\n');
    const out = writeResourceList(readResourceList(text), req({ added: [extra] }));
    expect(out).toBe(
      text +
        [
          '  - apiVersion: v1',
          '    kind: ConfigMap',
          '    metadata:',
          '      name: fluid-config',
          '      annotations:',
          '        note: |',
          '          line one',
          '          line two',
          '    data:',
          '      list:',
          '        - a',
          '        - b',
          '',
        ].join('\n'),
    );
  });

  test('results replace the input results; empty results remove the field', () => {
    const text = KPT.replace('functionConfig:', 'results:\n- message: stale\n  severity: error\nfunctionConfig:');
    const parsed = readResourceList(text);
    const results: Result[] = [
      {
        message: 'injected 1 sidecar',
        severity: 'info',
        resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'trainer', namespace: 'ml' },
        field: { path: 'spec.template.spec.containers[0]', proposedValue: { name: 'fluid-fuse' } },
      },
    ];
    const replaced = writeResourceList(parsed, req({ results }));
    expect(replaced).not.toContain('stale');
    expect(parse11(replaced).results).toEqual(results);
    expect(replaced).toBe(
      text.replace(
        'results:\n- message: stale\n  severity: error\n',
        [
          'results:',
          '- message: injected 1 sidecar',
          '  severity: info',
          '  resourceRef:',
          '    apiVersion: apps/v1',
          '    kind: Deployment',
          '    name: trainer',
          '    namespace: ml',
          '  field:',
          '    path: spec.template.spec.containers[0]',
          '    proposedValue:',
          '      name: fluid-fuse',
          '',
        ].join('\n'),
      ),
    );
    const removed = writeResourceList(parsed, req({}));
    expect(removed).toBe(KPT);
  });

  test('changed, added and results together, input without a final newline, CRLF line breaks', () => {
    const text = [
      'apiVersion: config.kubernetes.io/v1',
      'kind: ResourceList',
      'items:',
      '    - apiVersion: v1 # four-space style',
      '      kind: ConfigMap',
      '      metadata:',
      '          name: a',
      '      data:',
      '          l:',
      '              - x',
      '    - apiVersion: v1',
      '      kind: ConfigMap',
      '      metadata:',
      '          name: b',
    ].join('\r\n');
    const parsed = readResourceList(text);
    const a = clone(parsed.items[0].object) as any;
    a.data.l.push('z');
    const b = clone(parsed.items[1].object) as any;
    b.data = { k: 'v' };
    const added: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'n' } };
    const results: Result[] = [{ message: 'm', severity: 'warning' }];
    const r = writeResourceListWithMode(parsed, req({ updated: new Map([[0, a], [1, b]]), added: [added], results }));
    expect(r.mode).toBe('splice');
    expect(r.text).not.toMatch(/[^\r]\n/);
    expect(r.text).toBe(
      [
        'apiVersion: config.kubernetes.io/v1',
        'kind: ResourceList',
        'items:',
        '    - apiVersion: v1 # four-space style',
        '      kind: ConfigMap',
        '      metadata:',
        '          name: a',
        '      data:',
        '          l:',
        '              - x',
        '              - z',
        '    - apiVersion: v1',
        '      kind: ConfigMap',
        '      metadata:',
        '          name: b',
        '      data:',
        '          k: v',
        '    - apiVersion: v1',
        '      kind: Secret',
        '      metadata:',
        '          name: "n"', // `n` is a boolean in YAML 1.1
        'results:',
        '    - message: m',
        '      severity: warning',
        '',
      ].join('\r\n'),
    );
    expect(parse11(r.text)).toEqual({ ...parse11(text), items: [a, b, added], results });
  });
});

describe('writeResourceList: odd but valid layouts', () => {
  test('directive, `---` with comment, `...` end, comment after the dash, keep-chomped block scalar, long string', () => {
    const text = [
      '%YAML 1.1',
      '--- # start',
      'apiVersion: config.kubernetes.io/v1',
      'kind: ResourceList',
      'items:',
      '-   # after the dash',
      '  apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata:',
      '    name: x',
      '  data:',
      '    keep: |+',
      '      text',
      '',
      '  # trailing comment in the item',
      '# before functionConfig',
      'functionConfig:',
      '  a: 1 # c',
      '...',
      '# after the end',
      '',
    ].join('\n');
    const parsed = readResourceList(text);
    const x = clone(parsed.items[0].object) as any;
    const long = `${'x'.repeat(60)} ${'y'.repeat(100)} z`;
    x.data.long = long;
    const added: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'm' } };
    const results: Result[] = [{ message: 'hi', severity: 'info' }];
    const r = writeResourceListWithMode(parsed, req({ updated: new Map([[0, x]]), added: [added], results }));
    expect(r.mode).toBe('splice');
    expect(r.text).toBe(
      [
        '%YAML 1.1',
        '--- # start',
        'apiVersion: config.kubernetes.io/v1',
        'kind: ResourceList',
        'items:',
        '-   # after the dash',
        '  apiVersion: v1',
        '  kind: ConfigMap',
        '  metadata:',
        '    name: x',
        '  data:',
        '    keep: |+',
        '      text',
        '',
        `    long: ${long}`,
        '- apiVersion: v1',
        '  kind: Secret',
        '  metadata:',
        '    name: m',
        '  # trailing comment in the item',
        '# before functionConfig',
        'functionConfig:',
        '  a: 1 # c',
        'results:',
        '- message: hi',
        '  severity: info',
        '...',
        '# after the end',
        '',
      ].join('\n'),
    );
    expect(parse11(r.text)).toEqual({ ...parse11(text), items: [x, added], results });
  });

  test('`items: []` with new items gives a block sequence', () => {
    const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  a: 1\n';
    const added: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'm' } };
    const out = writeResourceList(readResourceList(text), req({ added: [added] }));
    expect(out).toBe(
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: m\nfunctionConfig:\n  a: 1\n',
    );
  });
});

describe('writeResourceList: strings YAML 1.1 would misread are quoted', () => {
  test.each(['true', 'yes', 'on', 'off', 'y', 'n', '0755', '1e3', 'null', '~', '', '2001-12-14', '1:20', '0o17', '0x1F', '.inf', '<<'])(
    '%j',
    (s) => {
      const parsed = readResourceList(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n`);
      const obj: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { [s || 'empty']: s } } };
      const out = writeResourceList(parsed, req({ added: [obj] }));
      expect(parse11(out).items[0]).toEqual(obj); // YAML 1.1 reader
      expect(parse(out).items[0]).toEqual(obj); // YAML 1.2 reader
    },
  );
});

describe('writeResourceList: fallbacks', () => {
  test('JSON input (flow style) is rewritten and parses back to the same data', () => {
    const input = {
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { mode: '0755', on: 'yes' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } },
      ],
    };
    const text = JSON.stringify(input, null, 2);
    const parsed = readResourceList(text);
    const a = clone(parsed.items[0].object) as any;
    a.data.extra = 'true';
    const added: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'c' } };
    const results: Result[] = [{ message: 'ok', severity: 'info' }];
    const r = writeResourceListWithMode(parsed, req({ updated: new Map([[0, a]]), added: [added], results }));
    expect(r.mode).toBe('rewrite');
    expect(parse11(r.text)).toEqual({ ...input, items: [a, input.items[1], added], results });
  });

  test('a changed item using anchors/aliases is not spliced, and aliases keep their meaning', () => {
    const text = [
      'apiVersion: config.kubernetes.io/v1',
      'kind: ResourceList',
      'items:',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata: &meta',
      '    name: shared # comment',
      '  data:',
      '    k: v',
      '- apiVersion: v1',
      '  kind: Secret',
      '  metadata: *meta',
      '',
    ].join('\n');
    const parsed = readResourceList(text);
    const a = clone(parsed.items[0].object) as any;
    a.data.k = 'changed';
    const r = writeResourceListWithMode(parsed, req({ updated: new Map([[0, a]]) }));
    expect(r.mode).toBe('rewrite');
    expect(r.text).toContain('name: shared # comment');
    expect(parse11(r.text).items).toEqual([a, parsed.items[1].object]);

    // changing the anchored node itself cannot keep the alias: still correct output
    const a2 = clone(parsed.items[0].object) as any;
    a2.metadata.labels = { x: 'y' };
    const r2 = writeResourceListWithMode(parsed, req({ updated: new Map([[0, a2]]) }));
    expect(parse11(r2.text).items).toEqual([a2, parsed.items[1].object]);
    expect(r2.mode).toBe('fresh');
  });

  test('a flow-style item is not spliced, the other items keep their text', () => {
    const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n';
    const parsed = readResourceList(text);
    const a = { ...clone(parsed.items[0].object), data: { x: '1' } } as KubeObject;
    const r = writeResourceListWithMode(parsed, req({ updated: new Map([[0, a]]) }));
    expect(r.mode).toBe('rewrite');
    expect(parse11(r.text).items).toEqual([a]);
  });
});

describe('dropItems and emptyResourceList', () => {
  test('dropItems emits items: [] with the results and the input apiVersion', () => {
    const parsed = readResourceList(KPT.replace('config.kubernetes.io/v1\n', 'config.kubernetes.io/v1beta1\n'));
    const results: Result[] = [{ message: 'functionConfig is invalid', severity: 'error' }];
    const out = writeResourceList(parsed, req({ dropItems: true, results, added: [parsed.items[0].object] }));
    expect(out).toBe(
      'apiVersion: config.kubernetes.io/v1beta1\nkind: ResourceList\nitems: []\nresults:\n- message: functionConfig is invalid\n  severity: error\n',
    );
  });

  test('emptyResourceList', () => {
    expect(emptyResourceList([])).toBe('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n');
    const results: Result[] = [{ message: 'input is not YAML: "yes"', severity: 'error', tags: { on: 'yes' } }];
    const out = emptyResourceList(results, 'config.kubernetes.io/v1beta1');
    expect(parse11(out)).toEqual({ apiVersion: 'config.kubernetes.io/v1beta1', kind: 'ResourceList', items: [], results });
    expect(readResourceList(out).items).toEqual([]);
  });

  test('an updated index outside the items is a programming error', () => {
    const parsed = readResourceList(KPT);
    expect(() => writeResourceList(parsed, req({ updated: new Map([[2, parsed.items[0].object]]) }))).toThrow(RangeError);
  });
});

test('the fixture really has both sequence styles, block scalars and odd quoting', () => {
  // guards the round-trip test above against a fixture that silently lost its variety
  const doc = parseDocument(KPT, { version: '1.1' });
  expect(isMap(doc.contents)).toBe(true);
  expect(KPT).toMatch(/^ {8}- name: app$/m); // compact
  expect(KPT).toMatch(/^ {6}- a$/m); // indented
  expect(KPT).toContain('script.sh: |');
  expect(KPT).toContain('folded: >-');
  expect(KPT).toContain("single: 'it''s'");
  expect(KPT).toContain('octal: 0644');
});
