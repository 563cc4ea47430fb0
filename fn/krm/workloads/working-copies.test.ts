import type { JsonObject, KubeObject } from '../../types';
import type { PodTarget } from './pod-templates';
import { WorkingCopies } from './working-copies';

const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
const deploy = (): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [] } } } });
const list = (...items: KubeObject[]): KubeObject => ({ apiVersion: 'v1', kind: 'List', metadata: {}, items } as unknown as KubeObject);
const frozen = <T>(v: T): T => {
  if (typeof v === 'object' && v !== null) {
    Object.values(v).forEach(frozen);
    Object.freeze(v);
  }
  return v;
};

describe('working copies of the items', () => {
  it('change nothing of the input: the maps and lists on the way to a change are copied, the rest is shared', () => {
    const input = frozen([list(cm('a'), deploy()), cm('b')]);
    const w = new WorkingCopies(input);
    w.setAt(0, ['items', 0], cm('a2'));
    const target: PodTarget = { itemIndex: 0, workload: input[0].items as unknown as KubeObject, workloadPath: ['items', 1], namespace: 'ns', podPath: ['spec', 'template'], isTemplate: true };
    const raw = ((input[0].items as JsonObject[])[1].spec as JsonObject).template as JsonObject;
    w.putPod(target, raw, { metadata: {}, spec: { containers: [{ name: 'c' }] } });
    const out = w.get(0);
    expect((out.items as KubeObject[])[0].metadata.name).toBe('a2');
    expect(((out.items as JsonObject[])[1].spec as JsonObject).template).toEqual({ metadata: {}, spec: { containers: [{ name: 'c' }] } });
    // untouched parts are the input's own objects
    expect(((out.items as JsonObject[])[1].metadata)).toBe((input[0].items as JsonObject[])[1].metadata);
    expect([...w.changed.keys()]).toEqual([0]);
    expect(w.current()).toEqual([out, input[1]]);
    expect(w.current()[1]).toBe(input[1]);
  });

  it('a rendered pod equal to the input’s changes nothing; [] replaces the item', () => {
    const input = [deploy(), cm('b')];
    const w = new WorkingCopies(input);
    const target: PodTarget = { itemIndex: 0, workload: input[0], workloadPath: [], namespace: 'ns', podPath: ['spec', 'template'], isTemplate: true };
    const raw = (input[0].spec as JsonObject).template as JsonObject;
    w.putPod(target, raw, JSON.parse(JSON.stringify(raw)) as JsonObject);
    expect(w.changed.size).toBe(0);
    w.setAt(1, [], cm('c'));
    expect(w.get(1).metadata.name).toBe('c');
    expect(input[1].metadata.name).toBe('b');
  });
});
