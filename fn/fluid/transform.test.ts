import { transform } from './transform';
import type { KubeObject } from '../types';

const deployment = (extra: object = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'demo' },
  spec: { replicas: 1, ...extra },
});
const errors = (items: KubeObject[]) => transform(items).results.filter((r) => r.severity === 'error');

describe('duplicate workload identities', () => {
  it('are reported also when the workloads have no pod template', () => {
    const out = transform([deployment(), deployment({ replicas: 2 })]);
    expect(out.results).toEqual([
      {
        message: 'Deployment demo/web appears twice in the input (items 0 and 1)',
        severity: 'error',
        resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'demo' },
      },
    ]);
    expect(out.updated.size).toBe(0);
  });

  it('one with a template and one without; across API versions of one group; in the default namespace', () => {
    const withTemplate = deployment({ template: { metadata: {}, spec: { containers: [{ name: 'a', image: 'x' }] } } });
    expect(errors([withTemplate, deployment()])).toHaveLength(1);
    expect(errors([deployment(), { ...deployment(), apiVersion: 'apps/v1beta2' }])).toHaveLength(1);
    const noNs = { ...deployment(), metadata: { name: 'web' } };
    expect(errors([noNs, { ...deployment(), metadata: { name: 'web', namespace: 'default' } }])).toHaveLength(1);
  });

  it('twice inside one v1 List', () => {
    const list: KubeObject = { apiVersion: 'v1', kind: 'List', metadata: { name: 'l' }, items: [deployment(), deployment()] };
    expect(errors([list]).map((e) => e.message)).toEqual(['Deployment demo/web appears twice in the input (both in item 0)']);
  });

  it('distinct identities are not duplicates', () => {
    expect(errors([deployment(), { ...deployment(), metadata: { name: 'web', namespace: 'other' } }, { ...deployment(), kind: 'StatefulSet' }])).toEqual([]);
  });
});
