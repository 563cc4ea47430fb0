import type { KubeObject } from '../types';
import { JuiceFSError } from './errors';
import { findPodTargets, readPod, writePod } from './workloads';

const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c' }] } };
const items: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'ns' }, spec: { selector: { matchLabels: { app: 'x' } }, template } },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds' }, spec: { template } },
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj' }, spec: { jobTemplate: { spec: { template } } } },
  { apiVersion: 'v1', kind: 'List', metadata: {}, items: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'ss' }, spec: { template } }] },
  { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'ks' }, spec: { template } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } },
];

describe('workload traversal (A7)', () => {
  it('every kind with a pod template, List entries, extraPodTemplates; DaemonSets are workloads', () => {
    const targets = findPodTargets(items, [{ apiVersion: 'serving.knative.dev/v1', kind: 'Service', paths: ['spec.template'] }], 'default');
    expect(targets.map((t) => [t.itemIndex, t.workload.kind, t.namespace, t.podPath.join('.'), t.workloadPath.join('.')])).toEqual([
      [0, 'Pod', 'default', '', ''],
      [1, 'Deployment', 'ns', 'spec.template', ''],
      [2, 'DaemonSet', 'default', 'spec.template', ''],
      [3, 'CronJob', 'default', 'spec.jobTemplate.spec.template', ''],
      [4, 'StatefulSet', 'default', 'spec.template', 'items.0'],
      [5, 'Service', 'default', 'spec.template', ''],
    ]);
  });

  it('writes the done label into the template, never into the selector', () => {
    const [target] = findPodTargets([items[1]], [], 'default');
    const pod = readPod(target);
    pod.labels['done.sidecar.juicefs.com/inject'] = 'true';
    const out = writePod(items[1], target, pod) as any;
    expect(out.spec.template.metadata.labels).toEqual({ app: 'x', 'done.sidecar.juicefs.com/inject': 'true' });
    expect(out.spec.selector).toEqual({ matchLabels: { app: 'x' } });
    expect((items[1] as any).spec.template.metadata.labels).toEqual({ app: 'x' });
  });

  it.each([
    [{ containers: 'x' }, 'spec.template.spec.containers must be a list, got a string'],
    [{ containers: [{ name: 'c', volumeMounts: [{ name: 'v' }] }] }, 'spec.template.spec.containers[0].volumeMounts[0].mountPath must be a non-empty string'],
    [{ containers: [], volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 3 } }] }, 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName must be a non-empty string, got a number'],
    [{ containers: [], nodeName: 3 }, 'spec.template.spec.nodeName must be a string'],
    [{ containers: [], nodeSelector: { a: 1 } }, 'spec.template.spec.nodeSelector must be a map of strings'],
  ])('shape errors name the field: %j', (spec, message) => {
    const w: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec } } };
    const [target] = findPodTargets([w], [], 'default');
    expect(() => readPod(target)).toThrow(JuiceFSError);
    expect(() => readPod(target)).toThrow(message);
  });
});
