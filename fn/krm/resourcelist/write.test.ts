import { readFileSync } from 'fs';
import { join } from 'path';
import { isMap, isSeq, parse, parseDocument } from 'yaml';
import type { KubeObject, Result } from '../../types';
import { readResourceList } from './read';
import type { ParsedResourceList } from './read';
import { emptyResourceList, writeResourceList, writeResourceListTraced } from './write';
import { SOURCE } from './state';
import type { WriteRequest } from './write';

const fixture = (name: string): string => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');
const KPT = fixture('kpt-input.yaml');

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const parse11 = (text: string): any => parse(text, { version: '1.1' });
const req = (r: Partial<WriteRequest>): WriteRequest => ({ updated: new Map(), added: [], results: [], ...r });

/** The text written, the reader's layout of the input, and how each rewritten or new item was written. */
function writeWithMode(parsed: ParsedResourceList, r: WriteRequest): { text: string; layout: string; strategies: string[] } {
  const w = writeResourceListTraced(parsed, r);
  const src = parsed[SOURCE];
  return { text: w.text, layout: src.mode === 'resourceList' ? src.layout.kind : src.mode, strategies: [...w.strategies.values()] };
}

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
    const r = writeWithMode(parsed, req({}));
    expect(r.text).toBe(KPT);
    expect(r.strategies).toEqual([]);
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
    const r = writeWithMode(parsed, req({ results }));
    expect(r.layout).toBe('lines');
    expect(r.text).toBe(`${KPT}results:\n- message: nothing to inject\n  severity: info\n`);
  });
});

describe('writeResourceList: changed item', () => {
  const parsed = readResourceList(KPT);
  const dep = injectInto(parsed);
  const r = writeWithMode(parsed, req({ updated: new Map([[0, dep]]) }));
  const out = r.text;

  test('is patched: the text around the changed item is untouched', () => {
    expect(r.layout).toBe('lines');
    expect(r.strategies).toEqual(['patch']);
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
    const r = writeWithMode(parsed, req({ added: [extra] }));
    expect(r.strategies).toEqual(['fresh']);
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
    const r = writeWithMode(parsed, req({ updated: new Map([[0, a], [1, b]]), added: [added], results }));
    expect(r.layout).toBe('nodes');
    expect(r.strategies).toEqual(['patch', 'patch', 'fresh']);
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
    const r = writeWithMode(parsed, req({ updated: new Map([[0, x]]), added: [added], results }));
    expect(r.layout).toBe('nodes');
    expect(r.strategies).toEqual(['patch', 'fresh']);
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

describe('writeResourceList: other layouts, each item rewritten on its own', () => {
  const input = {
    apiVersion: 'config.kubernetes.io/v1',
    kind: 'ResourceList',
    items: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { mode: '0755', on: 'yes' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } },
    ],
  };
  const added: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'c' } };
  const results: Result[] = [{ message: 'ok', severity: 'info' }];

  test.each([
    ['indented', 2],
    ['indented with a tab', '\t'],
    ['on one line', undefined],
  ])('JSON input (%s) comes back as JSON in its own layout', (_name, space) => {
    const text = JSON.stringify(input, null, space);
    const parsed = readResourceList(text);
    const a = clone(parsed.items[0].object) as any;
    a.data.extra = 'true';
    const r = writeWithMode(parsed, req({ updated: new Map([[0, a]]), added: [added], results }));
    expect(r.strategies).toEqual(['json', 'json']);
    expect(r.text).toBe(JSON.stringify({ ...input, items: [a, input.items[1], added], results }, null, space));
    // results replaced, then removed
    const again = readResourceList(r.text);
    const other: Result[] = [{ message: 'again', severity: 'warning' }];
    expect(writeResourceList(again, req({ results: other }))).toBe(JSON.stringify({ ...input, items: [a, input.items[1], added], results: other }, null, space));
    expect(writeResourceList(again, req({}))).toBe(JSON.stringify({ ...input, items: [a, input.items[1], added] }, null, space));
  });

  test('an item using anchors is patched, an item aliasing its anchor is written out; the others keep their bytes', () => {
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
      '- apiVersion: v1 # untouched',
      '  kind:   Secret',
      '  metadata: {name: x}',
      '',
    ].join('\n');
    const parsed = readResourceList(text);
    expect(r0(parsed)).toBe('nodes');
    const a = clone(parsed.items[0].object) as any;
    a.data.k = 'changed';
    const r = writeWithMode(parsed, req({ updated: new Map([[0, a]]) }));
    expect(r.strategies).toEqual(['patch', 'fresh']);
    expect(parse11(r.text).items).toEqual([a, parsed.items[1].object, parsed.items[2].object]);
    expect(r.text.endsWith(text.slice(text.indexOf('- apiVersion: v1 # untouched')))).toBe(true);
    expect(r.text).toContain('  metadata: &meta\n    name: shared # comment\n  data:\n    k: changed\n');
    expect(r.text).toContain('- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: shared\n');
  });

  test('a flow-style item is written as JSON on its line; its comment and the other items stay', () => {
    const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}} # c\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n';
    const parsed = readResourceList(text);
    const a = { ...clone(parsed.items[0].object), data: { x: '1' } } as KubeObject;
    const r = writeWithMode(parsed, req({ updated: new Map([[0, a]]), added: [added] }));
    expect(r.strategies).toEqual(['json', 'fresh']);
    expect(r.text).toBe(
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n' +
        '- {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"x": "1"}} # c\n' +
        '- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n' +
        '- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: c\n',
    );
  });
});

test('a live object as `kubectl get -o yaml` writes it: managedFields `.` keys stay strings, read and written', () => {
  const text = [
    'apiVersion: config.kubernetes.io/v1',
    'kind: ResourceList',
    'items:',
    '- apiVersion: v1',
    '  kind: Pod',
    '  metadata:',
    '    name: p',
    '    managedFields:',
    '    - fieldsV1:',
    '        f:metadata:',
    '          f:labels:',
    '            .: {}',
    '            f:app: {}',
    '      manager: kubectl',
    '    labels:',
    '      app: p',
    '  spec:',
    '    containers:',
    '    - name: c',
    '      image: e3',
    '',
  ].join('\n');
  const parsed = readResourceList(text);
  expect(r0(parsed)).toBe('lines');
  const pod = clone(parsed.items[0].object) as any;
  expect(pod.metadata.managedFields[0].fieldsV1['f:metadata']['f:labels']).toEqual({ '.': {}, 'f:app': {} });
  expect(pod.spec.containers[0].image).toBe('e3');
  pod.metadata.labels.injected = 'yes';
  const r = writeWithMode(parsed, req({ updated: new Map([[0, pod]]) }));
  expect(r.text).toContain('            .: {}\n');
  expect(readResourceList(r.text).items[0].object).toEqual(pod);
});

describe('items with anchors, aliases and merge keys (as kpt passes them: `!!merge <<: *a`)', () => {
  const text = [
    'apiVersion: config.kubernetes.io/v1',
    'kind: ResourceList',
    'items:',
    '- apiVersion: apps/v1',
    '  kind: Deployment',
    '  metadata:',
    '    name: web',
    '  spec:',
    '    selector:',
    '      matchLabels: &sel',
    '        app: web',
    '    template:',
    '      metadata:',
    '        labels:',
    '          !!merge <<: *sel',
    '          tier: front # kept',
    '      spec:',
    '        containers:',
    '        - name: app',
    '          image: nginx',
    '          env: &env',
    '          - name: A',
    '            value: "1"',
    '        - name: side',
    '          image: busybox',
    '          env: *env',
    '',
  ].join('\n');

  test('a change beside them is patched: anchors, aliases, the merge key and comments stay', () => {
    const parsed = readResourceList(text);
    expect(r0(parsed)).toBe('lines');
    const dep = clone(parsed.items[0].object) as any;
    expect(dep.spec.template.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    dep.spec.template.metadata.labels.done = 'true';
    dep.spec.template.spec.containers.unshift({ name: 'fluid-fuse-0', image: 'fuse:v1' });
    const r = writeWithMode(parsed, req({ updated: new Map([[0, dep]]) }));
    expect(r.strategies).toEqual(['patch']);
    for (const kept of ['matchLabels: &sel', '!!merge <<: *sel', 'tier: front # kept', 'env: &env', 'env: *env']) expect(r.text).toContain(kept);
    expect(readResourceList(r.text).items[0].object).toEqual(dep);
  });

  test('a change an alias would repeat is not patched into the anchor: the item is written out, values exact', () => {
    const parsed = readResourceList(text);
    const dep = clone(parsed.items[0].object) as any;
    dep.spec.template.spec.containers[0].env[0].value = '2'; // the other container keeps "1"
    const r = writeWithMode(parsed, req({ updated: new Map([[0, dep]]) }));
    expect(r.strategies).not.toEqual(['patch']);
    expect(readResourceList(r.text).items[0].object).toEqual(dep);
  });

  test('a merged key changed where it is used is not patched either', () => {
    const parsed = readResourceList(text);
    const dep = clone(parsed.items[0].object) as any;
    dep.spec.template.metadata.labels.app = 'other';
    const r = writeWithMode(parsed, req({ updated: new Map([[0, dep]]) }));
    expect(r.strategies).not.toEqual(['patch']);
    expect(readResourceList(r.text).items[0].object).toEqual(dep);
  });
});

describe('JSON files as kpt and kustomize pass them (`- {...}` items)', () => {
  // kyaml hands a .json file's object over as one flow mapping line, its own annotations added as
  // plain keys; the items region is then split line by line like block items.
  const dep = (name: string): string =>
    `{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "${name}", "annotations": {config.kubernetes.io/index: '0', config.kubernetes.io/path: '${name}.json'}}, ` +
    `"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "nginx", "ports": [{"containerPort": 80}]}]}}}}`;
  const text = ['apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items:', `- ${dep('a')} # a comment`, '# between', `- ${dep('b')}`, ''].join('\n');

  const added: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'c' } };

  test('read item by item and written as the whole-document writer writes them', () => {
    const parsed = readResourceList(text);
    expect(r0(parsed)).toBe('lines');
    const a = clone(parsed.items[0].object) as any;
    a.spec.template.spec.containers.unshift({ name: 'fluid-fuse-0', image: 'fuse:v1', securityContext: { privileged: true } });
    a.metadata.labels = { 'done.sidecar.fluid.io/inject': 'true' };
    const r = writeWithMode(parsed, req({ updated: new Map([[0, a]]), added: [added] }));
    expect(r.strategies).toEqual(['json', 'fresh']);
    expect(parse11(r.text).items).toEqual([a, parsed.items[1].object, added]);
    // the untouched item, its comment lines and the changed item's comment keep their bytes
    expect(r.text).toContain(`}}} # a comment\n# between\n- ${dep('b')}\n- apiVersion: v1\n`);
    // the same text through the whole-document reader (a `---` line makes the line split decline)
    const whole = readResourceList(`---\n${text}`);
    expect(r0(whole)).toBe('nodes');
    expect(writeWithMode(whole, req({ updated: new Map([[0, a]]), added: [added] })).text).toBe(`---\n${r.text}`);
  });

  test('a flow item that is not one line is left to the whole-document reader', () => {
    const split = text.replace(`- ${dep('b')}`, `- ${dep('b').replace(', "spec"', ',\n  "spec"')}`);
    const parsed = readResourceList(split);
    expect(r0(parsed)).toBe('nodes');
    expect(parsed.items[1].object).toEqual(readResourceList(text).items[1].object);
  });
});

/** The reader's layout of a parsed ResourceList. */
function r0(parsed: ParsedResourceList): string {
  const src = parsed[SOURCE];
  return src.mode === 'resourceList' ? src.layout.kind : src.mode;
}

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
