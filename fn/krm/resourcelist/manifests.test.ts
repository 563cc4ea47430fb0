import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../types';
import { InputError, readManifests } from './read';
import { writeManifests, writeResourceList } from './write';
import type { WriteRequest } from './write';

const req = (r: Partial<WriteRequest>): WriteRequest => ({ updated: new Map(), added: [], results: [], ...r });
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const docs11 = (text: string): unknown[] =>
  parseAllDocuments(text, { version: '1.1' })
    .map((d) => d.toJS())
    .filter((v) => v !== null);

const APP = [
  '# app manifests',
  '---',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web # the web tier',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '      - name: web',
  '        image: nginx',
  '      volumes:',
  '      - name: data',
  '        secret:',
  '          secretName: s',
  '          defaultMode: 0755',
  '---',
  '# only a comment in this document',
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: web',
  '  annotations:',
  '    enabled: "yes"',
  '',
].join('\n');

const LIST = [
  'apiVersion: v1',
  'kind: List',
  'items:',
  '- apiVersion: v1',
  '  kind: ConfigMap',
  '  metadata: {name: a}',
  '',
].join('\n');

const files = [
  { path: 'app.yaml', text: APP },
  { path: 'list.yaml', text: LIST },
];

describe('readManifests', () => {
  test('every non-empty document is one item, numbered across files; a List stays one item', () => {
    const parsed = readManifests(files);
    expect(parsed.items.map((i) => [i.index, i.object.kind])).toEqual([
      [0, 'Deployment'],
      [1, 'Service'],
      [2, 'List'],
    ]);
    expect(parsed.functionConfig).toBeUndefined();
    expect(parsed.apiVersion).toBe('config.kubernetes.io/v1');
    expect((parsed.items[0].object as any).spec.template.spec.volumes[0].secret.defaultMode).toBe(0o755);
  });

  test('errors name the file, the document and the item', () => {
    let err: unknown;
    try {
      readManifests([files[0], { path: 'bad.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n' }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/^bad\.yaml: document 1: items\[2\]\.metadata\.name/);
    expect((err as InputError).field).toBe('items[2].metadata.name');
    expect(() => readManifests([{ path: 'dup.yaml', text: 'a: 1\na: 2\n' }])).toThrow(/dup\.yaml: document 1: duplicate key/);
    expect(() => readManifests([{ path: 'x.yaml', text: '---\n- a\n' }])).toThrow(InputError);
  });
});

describe('writeManifests', () => {
  test('unchanged: same texts, no stdout entry', () => {
    expect(writeManifests(readManifests(files), req({}))).toEqual(files);
  });

  test('a changed document is spliced in place; other documents and files keep their bytes', () => {
    const parsed = readManifests(files);
    const dep = clone(parsed.items[0].object) as any;
    dep.spec.template.spec.containers.unshift({ name: 'fluid-fuse', image: 'fuse' });
    dep.metadata.labels = { injected: 'true' };
    const added: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'on' } };
    const out = writeManifests(parsed, req({ updated: new Map([[0, dep]]), added: [added] }));
    expect(out.map((f) => f.path)).toEqual(['app.yaml', 'list.yaml', '']);
    expect(out[1].text).toBe(LIST);
    expect(out[0].text).toBe(
      APP.replace('  name: web # the web tier\n', '  name: web # the web tier\n  labels:\n    injected: "true"\n').replace(
        '      containers:\n',
        '      containers:\n      - name: fluid-fuse\n        image: fuse\n',
      ),
    );
    expect(docs11(out[0].text)).toEqual([dep, parsed.items[1].object]);
    expect(out[2].text).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "on"\n');
    expect(docs11(out[2].text)).toEqual([added]);
  });

  test('a flow-style document falls back to a rewrite that still means the right thing', () => {
    const text = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n';
    const parsed = readManifests([{ path: 'f.json', text }]);
    const cm = { ...clone(parsed.items[0].object), data: { k: 'yes' } } as KubeObject;
    const [file] = writeManifests(parsed, req({ updated: new Map([[0, cm]]) }));
    expect(docs11(file.text)).toEqual([cm, parsed.items[1].object]);
    expect(file.text).toContain('\n---\n');
  });

  test('dropItems gives nothing; writeResourceList from manifests gives a ResourceList of all items', () => {
    const parsed = readManifests(files);
    expect(writeManifests(parsed, req({ dropItems: true }))).toEqual([]);
    const rl = writeResourceList(parsed, req({ results: [{ message: 'm', severity: 'info' }] }));
    expect(docs11(rl)).toEqual([
      {
        apiVersion: 'config.kubernetes.io/v1',
        kind: 'ResourceList',
        items: parsed.items.map((i) => i.object),
        results: [{ message: 'm', severity: 'info' }],
      },
    ]);
  });
});
