import type { KubeObject } from '../types';
import { ClusterIndex, duplicateMessage, IndexedKinds } from './cluster-index';

type Kind = 'ConfigMap' | 'Node';
const KINDS: IndexedKinds<Kind> = {
  kindOf: (o) => (o.apiVersion === 'v1' && (o.kind === 'ConfigMap' || o.kind === 'Node') ? o.kind : undefined),
  clusterScoped: new Set<Kind>(['Node']),
};
const obj = (kind: string, name: string, namespace?: string, apiVersion = 'v1'): KubeObject => ({ apiVersion, kind, metadata: namespace ? { name, namespace } : { name } });
const list = (items: KubeObject[]): KubeObject => ({ apiVersion: 'v1', kind: 'List', metadata: {}, items } as unknown as KubeObject);

describe('the cluster index', () => {
  it('finds objects by kind, namespace (the default where none is written) and name, List entries with their path', () => {
    const a = obj('ConfigMap', 'a', 'ns');
    const b = obj('ConfigMap', 'b');
    const n = obj('Node', 'n1', 'ignored');
    const index = new ClusterIndex([a, list([b, n])], 'default', KINDS);
    expect(index.get('ConfigMap', 'ns', 'a')).toEqual({ index: 0, path: [], object: a });
    expect(index.get('ConfigMap', 'default', 'b')).toEqual({ index: 1, path: ['items', 0], object: b });
    expect(index.get('ConfigMap', 'ns', 'b')).toBeUndefined();
    // cluster-scoped: the namespace written on it, or asked for, does not matter
    expect(index.get('Node', 'anything', 'n1')?.object).toBe(n);
    expect(index.namespaceOf(b)).toBe('default');
  });

  it('leaves out the kinds it does not index, other groups, and what `skip` says is no state', () => {
    const skipped = obj('ConfigMap', 's', 'ns');
    const index = new ClusterIndex([obj('Secret', 'x', 'ns'), obj('ConfigMap', 'c', 'ns', 'example.com/v1'), skipped], 'default', KINDS, (o) => o === skipped);
    expect(index.all('ConfigMap')).toEqual([]);
  });

  it('keeps the first of two objects with one key and records the second', () => {
    const first = obj('ConfigMap', 'a', 'ns');
    const second = obj('ConfigMap', 'a', 'ns');
    const index = new ClusterIndex([first, obj('ConfigMap', 'a', 'other'), second], 'default', KINDS);
    expect(index.get('ConfigMap', 'ns', 'a')?.object).toBe(first);
    expect(index.duplicates).toEqual([{ first: { index: 0, path: [], object: first }, second: { index: 2, path: [], object: second } }]);
    expect(duplicateMessage(index.duplicates[0])).toBe('ConfigMap ns/a appears twice in the input (items 0 and 2): the cluster state is ambiguous');
    expect(index.named('ConfigMap', 'a').map((e) => e.object.metadata.namespace)).toEqual(['ns', 'other']);
  });

  it('a derived object fills a gap or replaces its own input twin, never another input object', () => {
    const input = obj('ConfigMap', 'a', 'ns');
    const index = new ClusterIndex([input], 'default', KINDS);
    const twin = obj('ConfigMap', 'a', 'ns');
    index.addDerived(twin);
    expect(index.get('ConfigMap', 'ns', 'a')?.object).toBe(input);
    index.addDerived(twin, index.get('ConfigMap', 'ns', 'a'));
    expect(index.get('ConfigMap', 'ns', 'a')).toEqual({ index: -1, path: [], object: twin });
    const gap = obj('ConfigMap', 'b', 'ns');
    index.addDerived(gap);
    index.addDerived(obj('Secret', 'c', 'ns'));
    expect(index.all('ConfigMap').map((e) => e.object)).toEqual([twin, gap]);
  });
});
