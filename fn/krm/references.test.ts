import type { KubeObject } from '../types';
import { refersTo, unusedEmitted } from './references';

const cm = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', ...extra } });
const pod = (configMap: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { volumes: [{ name: 'v', configMap: { name: configMap } }] } });

describe('what an uninject leaves out', () => {
  it('an emitted ConfigMap no other object refers to, with an info result; one still used, or local-config state, stays', () => {
    const items = [cm('used'), cm('unused'), cm('state', { annotations: { 'config.kubernetes.io/local-config': 'true' } }), cm('mine-not'), pod('used')];
    const { removed, results } = unusedEmitted(items, (o) => o.metadata.name !== 'mine-not', 'default');
    expect([...removed]).toEqual([1]);
    expect(results).toEqual([
      {
        message: 'ConfigMap ns/unused: removed: emitted by this function for the injected pods, and nothing uses it now',
        severity: 'info',
        resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'unused', namespace: 'ns' },
      },
    ]);
  });

  it('a reference from a v1 List entry counts, in the entry’s own namespace', () => {
    const list = { apiVersion: 'v1', kind: 'List', metadata: {}, items: [pod('a')] } as unknown as KubeObject;
    expect(refersTo(list, 'ConfigMap', 'ns', 'a', 'default')).toBe(true);
    expect(refersTo(list, 'ConfigMap', 'other', 'a', 'default')).toBe(false);
    expect([...unusedEmitted([cm('a'), list], () => true, 'default').removed]).toEqual([]);
  });
});
