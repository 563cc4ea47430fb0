import type { KubeObject } from '../../types';
import { readResourceList } from './read';
import { SOURCE } from './state';
import { writeResourceListTraced } from './write';

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
    expect(parsed[SOURCE]).toMatchObject({ mode: 'resourceList', layout: { kind: 'lines' } });
  });

  test('a change the patcher declines (keys reordered) is synced by the library, alone', () => {
    const reordered = { ...a, data: { y: '2', x: '3' } } as KubeObject;
    const r = writeResourceListTraced(parsed, { updated: new Map([[0, reordered]]), added: [], results: [] });
    expect([...r.strategies.values()]).toEqual(['sync']);
    expect(r.text.split('\n').slice(0, 4).join('\n')).toBe('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1 # first');
    expect(readResourceList(r.text).items.map((i) => i.object)).toEqual([reordered, parsed.items[1].object]);
    // the other item is untouched, byte for byte
    expect(r.text).toContain(LIST.slice(LIST.indexOf('- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b')));
  });

  test('a text without a final newline: new items and results each start a line', () => {
    const added = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } } as KubeObject;
    const r = writeResourceListTraced(parsed, { updated: new Map(), added: [added], results: [{ message: 'm: x', severity: 'info' }] });
    expect([...r.strategies.values()]).toEqual(['fresh']);
    expect(r.text).toBe(`${LIST}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\nresults:\n- message: "m: x"\n  severity: info\n`);
  });

  test('the results of the input are replaced, or removed with their lines', () => {
    const withResults = readResourceList(`${LIST}\nresults:\n- message: old\n  severity: info\n# after\n`);
    expect(withResults[SOURCE]).toMatchObject({ layout: { kind: 'lines' } });
    expect(writeResourceListTraced(withResults, { updated: new Map(), added: [], results: [] }).text).toBe(`${LIST}\n# after\n`);
    const r = writeResourceListTraced(withResults, { updated: new Map(), added: [], results: [{ message: 'new', severity: 'info' }] });
    expect(r.text).toBe(`${LIST}\nresults:\n- message: new\n  severity: info\n# after\n`);
  });
});
