import { Document, isMap, isSeq, parse, parseDocument } from 'yaml';
import type { Node, YAMLSeq } from 'yaml';
import type { JsonValue } from '../../types';
import { syncNode } from './sync-node';
import * as util from './yaml-util';
import { OUTPUT_DOC_OPTIONS, PARSE_OPTIONS } from './yaml-util';

/** Parse `text`, sync its root to `value`, return the new text (and the doc for identity checks). */
function sync(text: string, value: JsonValue): { out: string; doc: Document; before: Node; after: Node } {
  const doc = parseDocument(text, PARSE_OPTIONS) as unknown as Document;
  const before = doc.contents as Node;
  const after = syncNode(doc, before, value);
  const out = new Document(null, OUTPUT_DOC_OPTIONS);
  out.contents = after as typeof out.contents;
  const s = out.toString({ lineWidth: 0, indentSeq: false, flowCollectionPadding: false });
  expect(parse(s, { version: '1.1' })).toEqual(value); // always: the node now means `value`
  return { out: s, doc, before, after };
}

describe('syncNode', () => {
  test('equal value: the very same node, untouched', () => {
    const text = 'a: 0755 # mode\nb: "yes"\nc: [x, on]\n';
    const { out, before, after } = sync(text, { a: 493, b: 'yes', c: ['x', true] });
    expect(after).toBe(before);
    expect(out).toBe('a: 0755 # mode\nb: "yes"\nc: [x, on]\n');
  });

  test('maps: kept pairs keep order and comments, removed keys go, new keys are appended in order', () => {
    const text = ['# head', 'z: 1 # z', '# about v', 'v: old', 'x: gone', 'w: 2', ''].join('\n');
    const { out, before, after } = sync(text, { new2: 'b', w: 2, v: 'new', z: 1, new1: 'a' });
    expect(after).toBe(before);
    expect(out).toBe(['# head', 'z: 1 # z', '# about v', 'v: new', 'w: 2', 'new2: b', 'new1: a', ''].join('\n'));
  });

  test('scalars: strings a YAML 1.1 reader would misread are quoted', () => {
    const values = ['true', 'yes', 'on', '0755', '1e3', 'null', '~', 'Off', '1:20', '2001-12-14'];
    const text = values.map((_, i) => `k${i}: plain${i}`).join('\n');
    const value = Object.fromEntries(values.map((v, i) => [`k${i}`, v]));
    const { out } = sync(text, value);
    for (const v of values) expect(out).toContain(`: "${v}"\n`);
  });

  test('scalars: quote style and comments survive a change', () => {
    const { out } = sync("a: 'x' # keep\nb: \"y\"\nc: |\n  one\n", { a: 'x2', b: 'y2', c: 'one\ntwo\n' });
    expect(out).toBe("a: 'x2' # keep\nb: \"y2\"\nc: |\n  one\n  two\n");
  });

  test('scalars: an octal integer stays octal, floats and strings become plain integers', () => {
    const { out } = sync('mode: 0755\nreplicas: 1.0\ncount: "3"\n', { mode: 0o644, replicas: 3, count: 4 });
    expect(out).toBe('mode: 0644\nreplicas: 3\ncount: 4\n');
  });

  test('sequences: a prepended named element keeps the existing elements and their comments', () => {
    const text = ['# main container', '- name: app # app', '  # the image', '  image: a', '- name: side', '  image: b', ''].join('\n');
    const doc0 = parseDocument(text, PARSE_OPTIONS);
    const oldNodes = [...(doc0.contents as unknown as YAMLSeq).items];
    const value = [{ name: 'fuse', image: 'f' }, { name: 'app', image: 'a2' }, { name: 'side', image: 'b' }];
    const after = syncNode(doc0 as unknown as Document, doc0.contents as Node, value);
    expect(isSeq(after)).toBe(true);
    const items = (after as YAMLSeq).items;
    expect(items[1]).toBe(oldNodes[0]);
    expect(items[2]).toBe(oldNodes[1]);
    const { out } = sync(text, value);
    expect(out).toBe(
      ['- name: fuse', '  image: f', '# main container', '- name: app # app', '  # the image', '  image: a2', '- name: side', '  image: b', ''].join('\n'),
    );
  });

  test('sequences: reordered and removed elements are matched by value', () => {
    const { out } = sync('- a # first\n- b # second\n- c\n', ['c', 'b', 'x']);
    expect(out).toBe('- c\n- b # second\n- x\n');
  });

  test('sequences: unnamed elements are updated in place at the same index', () => {
    const { out } = sync('- port: 80 # http\n  protocol: TCP\n', [{ port: 8080, protocol: 'TCP' }]);
    expect(out).toBe('- port: 8080 # http\n  protocol: TCP\n');
  });

  test('sequences: an element with another name is not reused (its comment goes with it)', () => {
    const { out } = sync('- name: old # old one\n  x: 1\n', [{ name: 'new', x: 1 }]);
    expect(out).toBe('- name: new\n  x: 1\n');
  });

  test('type changes keep the comment above', () => {
    const { out } = sync('# about a\na: [1, 2]\n# about b\nb: x\n', { a: 'scalar', b: { c: 1 } });
    expect(out).toBe('# about a\na: scalar\n# about b\nb:\n  c: 1\n');
  });

  test('merge keys are written out when the map changes', () => {
    const text = 'base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n';
    const doc = parseDocument(text, PARSE_OPTIONS) as unknown as Document;
    const use = doc.get('use', true) as Node;
    expect(isMap(use)).toBe(true);
    const after = syncNode(doc, use, { x: 1, y: 4 });
    const out = new Document(null, OUTPUT_DOC_OPTIONS);
    out.contents = after as typeof out.contents;
    expect(parse(out.toString(), { version: '1.1' })).toEqual({ x: 1, y: 4 });
  });

  test('shared JS objects in the value do not become anchors', () => {
    const shared = { a: 1 };
    const { out } = sync('k: v\n', { k: 'v', p: shared, q: shared });
    expect(out).not.toMatch(/[&*]/);
  });

  test('sequences stay linear: 4,000 entries of one name, all changed', () => {
    // (a bound on work, not on time: finding each entry's match by a scan would take 16 million comparisons)
    const mounts = Array.from({ length: 4000 }, (_, i) => ({ name: 'data', mountPath: `/d/${i}` }));
    const doc = parseDocument(`m:\n${mounts.map((m) => `- name: ${m.name}\n  mountPath: ${m.mountPath}\n`).join('')}`, PARSE_OPTIONS) as unknown as Document;
    const after = mounts.map((m) => ({ ...m, mountPropagation: 'HostToContainer' }));
    const deep = jest.spyOn(util, 'deepEqual');
    const canon = jest.spyOn(util, 'canonicalJson');
    syncNode(doc, doc.contents as Node, { m: after });
    expect(deep.mock.calls.length + canon.mock.calls.length).toBeLessThan(30 * 4000);
    deep.mockRestore();
    canon.mockRestore();
    expect(parse(String(doc), { version: '1.1' })).toEqual({ m: after });
  });
});
