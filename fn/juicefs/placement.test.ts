import type { KubeObject } from '../types';
import { fileOf, placeGenerated } from './placement';

const item = (name: string, path?: string, index = '0'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, annotations: path ? { 'internal.config.kubernetes.io/path': path, 'internal.config.kubernetes.io/index': index } : {} },
});
const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' } });

describe('placement of results and generated objects', () => {
  it('results point at the item’s file', () => {
    expect(fileOf(item('a', 'apps/web.yaml', '2'))).toEqual({ path: 'apps/web.yaml', index: 2 });
    expect(fileOf(item('a'))).toBeUndefined();
  });

  it('generated objects get a file of their own next to the item that needed them; none without path annotations', () => {
    const placed = placeGenerated([item('a', 'apps/web.yaml'), item('b', 'apps/configmap_ns_x.yaml')], [{ object: cm('x'), owner: 0 }, { object: cm('y'), owner: 1 }]);
    expect(placed.map((o) => o.metadata.annotations?.['internal.config.kubernetes.io/path'])).toEqual(['apps/configmap_ns_x-2.yaml', 'apps/configmap_ns_y.yaml']);
    expect(placed[0].metadata.annotations?.['config.kubernetes.io/index']).toBe('0');
    expect(placeGenerated([item('a')], [{ object: cm('x'), owner: 0 }])).toEqual([cm('x')]);
  });
});
