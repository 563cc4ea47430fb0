import { thinDataset } from '../../test/support/fixtures';
import { transform } from './transform';
import type { JsonObject, KubeObject } from '../types';

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
        tags: { code: 'duplicate-workload' },
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

describe('workload kinds and their controllers (issue #17)', () => {
  const ctx = thinDataset('fluid', 'ds');
  const template = (labels: Record<string, string>, container: object = { name: 'app' }) => ({
    metadata: { labels: { 'serverless.fluid.io/inject': 'true', ...labels } },
    spec: {
      containers: [{ image: 'app:1', volumeMounts: [{ name: 'data', mountPath: '/data' }], ...container }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'ds' } }],
    },
  });
  const knative = (container: object = {}): KubeObject => ({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'svc', namespace: 'fluid' },
    spec: { template: template({}, container) },
  });
  const config = (spec: JsonObject) => ({ apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectFluidSidecar', metadata: { name: 'c' }, spec });

  it('Knative: what its webhook refuses is an error, or under errorMode webhook the Service is left as written', () => {
    const strict = transform([knative(), ...ctx]);
    expect(strict.results.filter((r) => r.severity === 'error').map((r) => r.field?.path)).toEqual(['spec.template.spec.containers[0].lifecycle']);
    const lenient = transform([knative(), ...ctx], config({ errorMode: 'webhook' }));
    expect(lenient.updated.size).toBe(0);
    expect(lenient.added).toEqual([]);
    expect(lenient.results.find((r) => r.severity === 'warning' && r.message.includes('left as written (errorMode webhook): Knative Serving refuses'))).toBeDefined();
  });

  it('an unnamed container in a kind whose controller names none: an error naming the field', () => {
    const unnamedDeployment: KubeObject = { ...deployment({ template: template({}, { name: undefined }) }), metadata: { name: 'web', namespace: 'fluid' } };
    const errs = errors([unnamedDeployment, ...ctx]);
    expect(errs.map((e) => [e.field?.path, e.message])).toEqual([
      [
        'spec.template.spec.containers[0].name',
        "Deployment fluid/web: spec.template.spec.containers[0].name is missing: the API server requires a container name, and Deployment's controller does not give one",
      ],
    ]);
  });

  it('a controller that keeps containers[0] as its main container: also the file prefetcher must not go first', () => {
    const ray: KubeObject = {
      apiVersion: 'ray.io/v1',
      kind: 'RayCluster',
      metadata: { name: 'rc', namespace: 'fluid' },
      spec: { headGroupSpec: { template: { ...template({}), metadata: { labels: { 'serverless.fluid.io/inject': 'true' }, annotations: { 'file-prefetcher.fluid.io/inject': 'true', 'file-prefetcher.fluid.io/image': 'p:1' } } } } },
    };
    const out = transform([ray, ...ctx], config({ injectionMode: 'native-sidecar' }));
    const errs = out.results.filter((r) => r.severity === 'error');
    expect(errs.map((e) => e.field?.path)).toEqual(['spec.headGroupSpec.template.spec.containers[0]']);
    expect(errs[0].message).toContain('remove file-prefetcher.fluid.io/inject');
    expect(out.updated.size).toBe(0);
  });

  it('near misses become results with the workload\'s ref; none when injection is disabled', () => {
    const d: KubeObject = { ...deployment({ template: { ...template({}), metadata: { labels: { 'serverless.fluid.io/inject': 'True' } } } }), metadata: { name: 'web', namespace: 'fluid' } };
    const out = transform([d, ...ctx.map((o) => ({ ...o, metadata: { ...o.metadata, annotations: { 'config.kubernetes.io/local-config': 'true' } } }))]);
    expect(out.results).toEqual([
      {
        severity: 'warning',
        message: expect.stringContaining('Deployment fluid/web: label serverless.fluid.io/inject on the pod template spec.template is "True"'),
        resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'fluid' },
        field: { path: 'spec.template.metadata.labels' },
      },
    ]);
    expect(transform([d, ...ctx], config({ disabled: true })).results.filter((r) => !r.message.includes('local-config'))).toEqual([]);
  });
});
