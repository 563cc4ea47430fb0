// The writer never changes what it does not own (#14), and its strategy chain (#12): the inputs
// of the issues, each checked for untouched bytes and exact values.
import { parse } from 'yaml';
import type { KubeObject } from '../../types';
import { FnError } from '../errors';
import { readManifests, readResourceList } from './read';
import type { ParsedResourceList } from './read';
import { emitBlock } from './emit-yaml';
import { reindent } from './splice';
import { SOURCE } from './state';
import * as util from './yaml-util';
import { DEFAULT_STYLE } from './yaml-util';
import { manifestStream, writeManifests, writeResourceList, writeResourceListTraced } from './write';
import type { WriteRequest } from './write';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const req = (r: Partial<WriteRequest>): WriteRequest => ({ updated: new Map(), added: [], results: [], ...r });
const lines = (...l: string[]): string => `${l.join('\n')}\n`;
const HEAD = lines('apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items:');

/** Both YAML versions read the output's items as `items` (only 1.1: where merge keys stay, as go-yaml reads them). */
function expectItems(text: string, items: unknown[], versions: readonly ('1.1' | '1.2')[] = ['1.1', '1.2']): void {
  for (const version of versions) expect(parse(text.replace(/^\ufeff/, ''), { version }).items).toEqual(items);
  expect(readResourceList(text).items.map((i) => i.object)).toEqual(items);
}

function layoutOf(parsed: ParsedResourceList): string {
  const src = parsed[SOURCE];
  return src.mode === 'resourceList' ? src.layout.kind : src.mode;
}

/** An item that keeps every odd spacing people write: it must come out byte for byte. */
const UNTOUCHED = lines(
  '- apiVersion: v1   # spacing',
  '  kind:    Service',
  '  metadata: {name: web,   namespace: x}',
  '  spec:',
  '      ports:',
  '        -   port: 80',
  '',
  '',
  '      selector:',
  '        note: a long',
  '          plain scalar',
  '        list: [ a,  b ]',
);

describe('a changed workload with anchors, aliases or merge keys is patched alone, keeping them', () => {
  const workload = lines(
    '- apiVersion: apps/v1',
    '  kind: Deployment',
    '  metadata:',
    '      name: web',
    '      labels: &labels',
    '          app: web',
    '  spec:',
    '      selector:',
    '          matchLabels: *labels',
    '      template:',
    '          metadata:',
    '              labels:',
    '                  <<: *labels',
    '                  tier: front',
    '          spec:',
    '              containers:',
    '                  - name: app',
    '                    image: nginx',
    '                    env:',
    '                        - name: MOTD',
    '                          value: |',
    '                              hello',
    '                                indented',
    '                              world',
    '                        - name: BLANK',
    '                          value: " \\n"',
  );
  const text = HEAD + UNTOUCHED + workload + UNTOUCHED.replace('web', 'api');
  const parsed = readResourceList(text);
  const dep = clone(parsed.items[1].object) as any;
  dep.spec.template.spec.containers.unshift({ name: 'fluid-fuse-0', image: 'fuse', env: [{ name: 'X', value: '0X1F' }] });

  test('untouched items keep their bytes, the workload reads back exactly', () => {
    const r = writeResourceListTraced(parsed, req({ updated: new Map([[1, dep]]) }));
    expect(layoutOf(parsed)).toBe('lines');
    expect([...r.strategies]).toEqual([[1, 'patch']]);
    expect(r.text.startsWith(HEAD + UNTOUCHED)).toBe(true);
    expect(r.text.endsWith(UNTOUCHED.replace('web', 'api'))).toBe(true);
    for (const kept of ['labels: &labels', 'matchLabels: *labels', '<<: *labels']) expect(r.text).toContain(kept);
    expectItems(r.text, [parsed.items[0].object, dep, parsed.items[2].object], ['1.1']);
    // the block scalar at the workload's own (4-space) indentation, no indentation indicator
    expect(r.text).toMatch(/\n( +)value: \|\n\1 {4}hello\n\1 {6}indented\n\1 {4}world\n/);
    expect(r.text).toContain('value: "0X1F"');
    expect(r.text).toContain('value: " \\n"');
  });

  test('with 1-space indentation and CRLF line breaks', () => {
    const one = lines(
      '- apiVersion: apps/v1',
      '  kind: Deployment',
      '  metadata:',
      '   name: web',
      '   labels: &labels',
      '    app: web',
      '  spec:',
      '   template:',
      '    metadata:',
      '     labels:',
      '      <<: *labels',
      '    spec:',
      '     containers:',
      '     - name: app',
      '       image: nginx',
      '       args:',
      '       - |',
      '        line one',
      '         line two',
      '       - " \\n"',
    );
    const crlf = (HEAD + UNTOUCHED + one + UNTOUCHED).replace(/\n/g, '\r\n');
    const p = readResourceList(crlf);
    expect(layoutOf(p)).toBe('nodes');
    const d = clone(p.items[1].object) as any;
    d.spec.template.spec.containers[0].image = 'nginx:2';
    const r = writeResourceListTraced(p, req({ updated: new Map([[1, d]]) }));
    expect(r.text).not.toMatch(/[^\r]\n/);
    expect(r.text.startsWith((HEAD + UNTOUCHED).replace(/\n/g, '\r\n'))).toBe(true);
    expect(r.text.endsWith(UNTOUCHED.replace(/\n/g, '\r\n'))).toBe(true);
    expect(r.text).toContain('<<: *labels');
    expectItems(r.text, [p.items[0].object, d, p.items[2].object], ['1.1']);
  });

  test('in render mode too (manifests), the other documents keep their bytes', () => {
    const doc = workload.replace(/^- /, '  ').replace(/^ {2}/gm, '');
    const files = [{ path: 'app.yaml', text: `# app\n---\n${doc}---\nkind: Other\napiVersion: v1\nmetadata: {name: o}\n` }];
    const m = readManifests(files);
    const d = clone(m.items[0].object) as any;
    d.spec.template.spec.containers[0].image = 'nginx:2';
    const [out] = writeManifests(m, req({ updated: new Map([[0, d]]) }));
    expect(out.text.startsWith('# app\n---\n')).toBe(true);
    expect(out.text.endsWith('---\nkind: Other\napiVersion: v1\nmetadata: {name: o}\n')).toBe(true);
    expect(readManifests([{ path: 'x', text: out.text }]).items.map((i) => i.object)).toEqual([d, m.items[1].object]);
  });
});

describe('a changed workload whose last key has an empty value with a comment', () => {
  const text = (HEAD + lines('- apiVersion: v1', '  kind: ConfigMap', '  metadata:', '    name: a', '  data: # none yet') + UNTOUCHED).replace(/\n/g, '\r\n');

  test('is patched; every carriage return stays', () => {
    const parsed = readResourceList(text);
    const a = { ...clone(parsed.items[0].object), data: { k: 'v' } } as KubeObject;
    const r = writeResourceListTraced(parsed, req({ updated: new Map([[0, a]]) }));
    expect([...r.strategies.values()]).toEqual(['patch']);
    expect(r.text).toBe(text.replace('  data: # none yet\r\n', '  data: # none yet\r\n    k: v\r\n'));
  });
});

describe('comments on replaced values are kept', () => {
  const text = HEAD + lines('- apiVersion: v1', '  kind: Pod', '  metadata:', '    name: p', '    labels: {a: b} # c', '    annotations: # d', '  spec:', '    containers: [] # none', '    volumes:', '    - {name: v} # flow entry');
  const parsed = readResourceList(text);

  test('flow, empty and scalar values replaced by block collections', () => {
    const p = clone(parsed.items[0].object) as any;
    p.metadata.labels = { a: 'b', c: 'd' };
    p.metadata.annotations = { x: 'z' };
    p.spec.containers = [{ name: 'c' }];
    p.spec.volumes[0] = { name: 'v', hostPath: { path: '/p' } };
    const out = writeResourceList(parsed, req({ updated: new Map([[0, p]]) }));
    expect(out).toBe(
      HEAD +
        lines(
          '- apiVersion: v1',
          '  kind: Pod',
          '  metadata:',
          '    name: p',
          '    labels: # c',
          '      a: b',
          '      c: d',
          '    annotations: # d',
          '      x: z',
          '  spec:',
          '    containers: # none',
          '    - name: c',
          '    volumes:',
          '    - name: v # flow entry',
          '      hostPath:',
          '        path: /p',
        ),
    );
    expectItems(out, [p]);
  });
});

describe('#12: the item-by-item path is taken for items whose dash line holds a comment', () => {
  const item = (name: string): string => lines(`- # ${name}: what it is`, '  apiVersion: v1', '  kind: ConfigMap', '  metadata:', `    name: ${name}`, '  data:', '    p: "1"', '    q: "2"');
  const text = HEAD + item('a') + item('b') + item('c');
  const parsed = readResourceList(text);

  test('a change the patcher declines is synced alone, at the item\'s own column', () => {
    expect(layoutOf(parsed)).toBe('lines');
    const b = { ...clone(parsed.items[1].object), data: { q: '2', p: '3' } } as KubeObject; // keys reordered
    const r = writeResourceListTraced(parsed, req({ updated: new Map([[1, b]]) }));
    expect([...r.strategies]).toEqual([[1, 'sync']]);
    expect(r.trace).toEqual(['ConfigMap b (items[1]): sync']);
    expect(r.text).toBe(HEAD + item('a') + item('b').replace('    p: "1"\n', '    p: "3"\n') + item('c'));
  });

  test('a change the patcher makes is patched', () => {
    const b = clone(parsed.items[1].object) as any;
    b.data.z = 'yes';
    const r = writeResourceListTraced(parsed, req({ updated: new Map([[1, b]]) }));
    expect([...r.strategies]).toEqual([[1, 'patch']]);
    expect(r.text).toBe(HEAD + item('a') + item('b').replace('    q: "2"\n', '    q: "2"\n    z: "yes"\n') + item('c'));
  });
});

describe('line breaks follow each item', () => {
  const a = lines('- apiVersion: v1', '  kind: ConfigMap', '  metadata:', '    name: a').replace(/\n/g, '\r\n');
  const b = lines('- apiVersion: v1', '  kind: ConfigMap', '  metadata:', '    name: b');
  const text = HEAD.replace(/\n/g, '\r\n') + a + b;
  const parsed = readResourceList(text);

  test.each([0, 1])('item %i changed: it keeps its own, the other its bytes', (i) => {
    const v = { ...clone(parsed.items[i].object), data: { k: 'v' } } as KubeObject;
    const out = writeResourceList(parsed, req({ updated: new Map([[i, v]]) }));
    const nl = i === 0 ? '\r\n' : '\n';
    expect(out).toBe(i === 0 ? HEAD.replace(/\n/g, '\r\n') + a + `  data:${nl}    k: v${nl}` + b : HEAD.replace(/\n/g, '\r\n') + a + b + '  data:\n    k: v\n');
  });
});

describe('a byte order mark is kept', () => {
  const text = `\ufeff${HEAD}${lines('- apiVersion: v1', '  kind: ConfigMap', '  metadata:', '    name: a')}`;

  test('ResourceList: unchanged, changed', () => {
    const parsed = readResourceList(text);
    expect(writeResourceList(parsed, req({}))).toBe(text);
    const v = { ...clone(parsed.items[0].object), data: { k: 'v' } } as KubeObject;
    expect(writeResourceList(parsed, req({ updated: new Map([[0, v]]) }))).toBe(`${text}  data:\n    k: v\n`);
  });

  test('render: at the start of the output, when the first file has one', () => {
    const m = readManifests([{ path: 'a', text: '\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' }]);
    expect(manifestStream(m, req({})).text).toBe('\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
  });
});

describe('JSON render input comes back as JSON', () => {
  test('a changed JSON document, and the new documents, are JSON', () => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } };
    const m = readManifests([{ path: 'a.json', text: `${JSON.stringify(obj, null, 2)}\n` }]);
    const changed = { ...obj, data: { k: '0755' } };
    const added: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } };
    const out = manifestStream(m, req({ updated: new Map([[0, changed]]), added: [added] }));
    expect(out.text).toBe(`${JSON.stringify(changed, null, 2)}\n---\n${JSON.stringify(added, null, 2)}\n`);
  });
});

describe('what cannot be written exactly is an error naming the item', () => {
  test('a string that has no UTF-8 text (a lone surrogate)', () => {
    const parsed = readResourceList(HEAD + lines('- apiVersion: v1', '  kind: ConfigMap', '  metadata:', '    name: a', '    namespace: ns'));
    const v = { ...clone(parsed.items[0].object), data: { k: '\ud800' } } as KubeObject;
    let err: unknown;
    try {
      writeResourceList(parsed, req({ updated: new Map([[0, v]]) }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FnError);
    expect((err as FnError).message).toMatch(/^cannot write ConfigMap ns\/a \(items\[0\]\) so that it reads back exactly/);
    expect((err as FnError).ref).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'a', namespace: 'ns' });
  });
});

describe('writing the same parsed input twice gives the same text (the state is a plain value)', () => {
  test.each([
    ['lines', HEAD + UNTOUCHED],
    ['nodes', (HEAD + UNTOUCHED).replace(/\n/g, '\r\n')],
    ['JSON', JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [{ apiVersion: 'v1', kind: 'A', metadata: { name: 'a' } }] })],
  ])('%s', (_name, text) => {
    const parsed = readResourceList(text);
    const v = { ...clone(parsed.items[0].object), extra: { a: [1, 2] } } as KubeObject;
    const r = req({ updated: new Map([[0, v]]), results: [{ message: 'm', severity: 'info' }] });
    const first = writeResourceList(parsed, r);
    expect(writeResourceList(parsed, r)).toBe(first);
    expectItems(first, [v]);
  });
});

describe('the patcher stays linear: 4,000 volumeMounts of one name', () => {
  test('patched, with a few canonical texts per entry', () => {
    // (a bound on work, not on time: matching entries pair by pair would take some 16 million comparisons)
    const mounts = Array.from({ length: 4000 }, (_, i) => ({ name: 'data', mountPath: `/d/${i}`, subPath: `s${i}` }));
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', volumeMounts: mounts }] } };
    const parsed = readResourceList(`${HEAD}- ${reindent(emitBlock(pod, DEFAULT_STYLE), 2)}`);
    const after = clone(pod) as any;
    for (const m of after.spec.containers[0].volumeMounts) m.mountPropagation = 'HostToContainer';
    const spy = jest.spyOn(util, 'canonicalJson');
    const r = writeResourceListTraced(parsed, req({ updated: new Map([[0, after as KubeObject]]) }));
    expect([...r.strategies.values()]).toEqual(['patch']);
    expect(spy.mock.calls.length).toBeLessThan(5 * 4000);
    spy.mockRestore();
    expect(readResourceList(r.text).items[0].object).toEqual(after);
  });
});
