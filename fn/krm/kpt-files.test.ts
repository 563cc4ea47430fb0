import type { KubeObject } from '../types';
import { fileOf, placeAdded } from './kpt-files';

const at = (name: string, path?: string, index?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns', ...(path ? { annotations: { 'config.kubernetes.io/path': path, ...(index ? { 'config.kubernetes.io/index': index } : {}) } } : {}) },
});
const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' } });

describe('kpt file bookkeeping', () => {
  it('fileOf: the path and index annotations, or nothing', () => {
    expect(fileOf(at('a', 'apps/a.yaml', '2'))).toEqual({ path: 'apps/a.yaml', index: 2 });
    expect(fileOf(at('a', 'a.yaml'))).toEqual({ path: 'a.yaml', index: 0 });
    expect(fileOf(at('a'))).toBeUndefined();
  });

  it('placeAdded: a file per generated object beside the item it was made for, never a taken name', () => {
    const items = [at('a', 'apps/a.yaml'), at('b', 'other/configmap_ns_x.yaml')];
    const out = placeAdded(items, { updated: new Map(), added: [cm('x'), cm('y'), cm('x')], addedNear: [1, 0, 1], results: [] });
    expect(out.added.map((o) => [o.metadata.annotations?.['config.kubernetes.io/path'], o.metadata.annotations?.['internal.config.kubernetes.io/index']])).toEqual([
      ['other/configmap_ns_x-2.yaml', '0'],
      ['apps/configmap_ns_y.yaml', '0'],
      ['other/configmap_ns_x-3.yaml', '0'],
    ]);
  });

  it('placeAdded: without kpt paths in the input, the output is unchanged', () => {
    const out = { updated: new Map(), added: [cm('x')], results: [] };
    expect(placeAdded([at('a')], out)).toBe(out);
  });
});
