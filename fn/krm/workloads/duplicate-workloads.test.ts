import type { KubeObject } from '../../types';
import { duplicateWorkloads } from './duplicate-workloads';
import type { Workload } from './pod-templates';

const deploy = (name: string, apiVersion = 'apps/v1', namespace = 'ns'): KubeObject => ({ apiVersion, kind: 'Deployment', metadata: name ? { name, namespace } : { generateName: 'x-', namespace } });
const at = (workload: KubeObject, itemIndex: number): Workload => ({ itemIndex, workload, workloadPath: [], namespace: workload.metadata.namespace ?? 'default' });

describe('workloads that appear twice', () => {
  it('by group, kind, namespace and name: the second and later, with both items', () => {
    const a = deploy('web');
    const found = duplicateWorkloads([at(a, 0), at(deploy('web'), 3), at(deploy('web', 'apps/v1', 'other'), 4), at(deploy('web', 'extensions/v1beta1'), 5), at(deploy('web'), 6)]);
    expect(found.map((d) => d.message)).toEqual(['Deployment ns/web appears twice in the input (items 0 and 3)', 'Deployment ns/web appears twice in the input (items 0 and 6)']);
    expect(found[0].ref).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'ns' });
  });

  it('two in one List item say so; one workload listed once per pod template counts once; generateName is never a duplicate', () => {
    const twoTemplates = deploy('job');
    expect(duplicateWorkloads([at(twoTemplates, 0), at(twoTemplates, 0), at(deploy(''), 1), at(deploy(''), 2)])).toEqual([]);
    expect(duplicateWorkloads([at(deploy('web'), 2), at(deploy('web'), 2)]).map((d) => d.message)).toEqual(['Deployment ns/web appears twice in the input (both in item 2)']);
  });
});
