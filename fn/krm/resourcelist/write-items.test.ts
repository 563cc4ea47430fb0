import type { KubeObject } from '../../types';
import { readResourceList } from './read';
import { SOURCE } from './state';
import { writeResourceListWithMode } from './write';

const LIST = [
  'apiVersion: config.kubernetes.io/v1',
  'kind: ResourceList',
  'items:',
  '- apiVersion: v1 # first',
  '  kind: ConfigMap',
  '  metadata:',
  '    name: a',
  '  data:',
  '    x: "1"',
  '    y: "2"',
  '- apiVersion: v1',
  '  kind: ConfigMap',
  '  metadata:',
  '    name: b',
].join('\n');

describe('writing item by item', () => {
  const parsed = readResourceList(LIST);
  const a = parsed.items[0].object;
  test('is what the reader chose for this layout', () => {
    expect(parsed[SOURCE].mode).toBe('items');
  });

  test('a change the patcher declines (keys reordered) is synced by the library, alone', () => {
    const reordered = { ...a, data: { y: '2', x: '3' } } as KubeObject;
    const r = writeResourceListWithMode(parsed, { updated: new Map([[0, reordered]]), added: [], results: [] });
    expect(r.mode).toBe('items');
    expect(r.text.split('\n').slice(0, 4).join('\n')).toBe('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1 # first');
    expect(readResourceList(r.text).items.map((i) => i.object)).toEqual([reordered, parsed.items[1].object]);
    // the other item is untouched, byte for byte
    expect(r.text).toContain(LIST.slice(LIST.indexOf('- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b')));
  });

  test('a text without a final newline: new items and results each start a line', () => {
    const added = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } } as KubeObject;
    const r = writeResourceListWithMode(parsed, { updated: new Map(), added: [added], results: [{ message: 'm: x', severity: 'info' }] });
    expect(r.mode).toBe('items');
    expect(r.text).toBe(`${LIST}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\nresults:\n- message: "m: x"\n  severity: info\n`);
  });

  test('an input with results is left to the whole-document writer', () => {
    const withResults = readResourceList(`${LIST}\nresults:\n- message: old\n  severity: info\n`);
    expect(withResults[SOURCE].mode).toBe('items');
    const r = writeResourceListWithMode(withResults, { updated: new Map(), added: [], results: [] });
    expect(r.mode).toBe('splice');
    expect(r.text).not.toContain('old');
  });
});
