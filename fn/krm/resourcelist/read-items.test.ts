import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import type { Document } from 'yaml';
import type { JsonObject } from '../../types';
import { readResourceList } from './read';
import { readItemAlone, scanItems } from './read-items';
import { SOURCE } from './state';

const V11 = { version: '1.1' } as const;

/** How the reader read a ResourceList: split line by line, or as a whole document. */
function layoutOf(parsed: ReturnType<typeof readResourceList>): string {
  const src = parsed[SOURCE];
  return src.mode === 'resourceList' ? src.layout.kind : src.mode;
}

/** The objects of every golden case as ResourceLists, in both sequence styles. */
function goldenResourceLists(): string[] {
  const out: string[] = [];
  const root = path.join(__dirname, '..', '..', '..', 'testdata');
  for (const dir of ['fluid', 'fluid-cases']) {
    for (const f of fs.readdirSync(path.join(root, dir), { recursive: true }).map(String).filter((x) => x.endsWith('in.yaml')).sort()) {
      const text = fs.readFileSync(path.join(root, dir, f), 'utf8');
      const items = (parseAllDocuments(text, V11) as Document[]).map((d) => d.toJS()).filter((x) => x !== null);
      for (const indentSeq of [false, true]) {
        out.push(stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items }, { version: '1.1', indentSeq }));
      }
      // and as written by hand: the case's own documents, comments and all, under `items:`
      const docs = text
        .split(/^---[^\n]*\n/m)
        .map((d) => d.replace(/^(?:[ ]*\n)+/, ''))
        .filter((d) => parse(d, V11) !== null);
      const body = docs.map((d) => (d.endsWith('\n') ? d : `${d}\n`).replace(/^(?=.)/gm, '  ').replace(/^ {2}/, '- ')).join('');
      out.push(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${body}`);
    }
  }
  return out;
}

describe('reading item by item gives what the whole-document reader gives', () => {
  const lists = goldenResourceLists();

  test('on every golden case, in three layouts', () => {
    let fast = 0;
    for (const text of lists) {
      const parsed = readResourceList(text);
      const whole = parse(text, V11) as JsonObject;
      expect(parsed.items.map((i) => i.object)).toEqual(whole.items);
      if (layoutOf(parsed) === 'lines') fast++;
    }
    // kyaml's layout and the block layouts are all read item by item
    expect(fast).toBeGreaterThan(lists.length * 0.9);
  });

  test('an item the scanner declines is read alone by the library (anchors inside one item)', () => {
    const text = 'kind: ResourceList\napiVersion: config.kubernetes.io/v1\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: &m {name: a}\n  data:\n    copy: *m\n';
    const s = scanItems(text)!;
    expect(s.values[0]).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { copy: { name: 'a' } } });
    expect(layoutOf(readResourceList(text))).toBe('lines');
  });

  test.each([
    ['an alias to another item', 'kind: ResourceList\napiVersion: config.kubernetes.io/v1\nitems:\n- &a {kind: A}\n- kind: B\n  x: *a\n'],
    ['a duplicate key', 'kind: ResourceList\napiVersion: config.kubernetes.io/v1\nitems:\n- apiVersion: v1\n  kind: A\n  kind: B\n'],
    ['an infinite number', 'kind: ResourceList\napiVersion: config.kubernetes.io/v1\nitems:\n- apiVersion: v1\n  kind: A\n  metadata: {name: a}\n  x: .inf\n'],
    ['a quoted scalar item', 'kind: ResourceList\napiVersion: config.kubernetes.io/v1\nitems:\n- "x"\n'],
    ['a flow sequence inside a flow item split over lines', 'kind: ResourceList\napiVersion: config.kubernetes.io/v1\nitems:\n- {"kind": "A", "x": [1,\n  2]}\n'],
  ])('%s: not read item by item (the whole-document reader reports or resolves it)', (_n, text) => {
    let mode: string | undefined;
    try {
      mode = layoutOf(readResourceList(text));
    } catch {
      mode = 'error';
    }
    expect(mode).not.toBe('lines');
  });

  test('readItemAlone refuses what is not one clean block mapping', () => {
    const r = (t: string) => readItemAlone(t, { lineStart: 0, from: t.indexOf('k'), to: t.length });
    expect(r('- k: [1, 2]\n')).toEqual({ k: [1, 2] });
    expect(r('- k: *nope\n')).toBeUndefined();
    expect(r('- k: 1\n  k: 2\n')).toBeUndefined();
    expect(r('- k: .nan\n')).toBeUndefined();
  });
});
