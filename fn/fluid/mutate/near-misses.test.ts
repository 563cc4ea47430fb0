import { stateOf, thinDataset } from '../../../test/support/fixtures';
import type { JsonObject, JsonValue, KubeObject } from '../../types';
import { WorkloadKinds } from '../../krm/workloads/pod-templates';
import { asksForSidecar } from '../labels';
import { findNearMisses } from './near-misses';

const state = stateOf(thinDataset('fluid', 'ds'));
const kinds = new WorkloadKinds([], asksForSidecar);
const pod = (labels: JsonObject = {}, annotations: JsonObject = {}, claim = 'ds') => ({
  metadata: { labels, annotations },
  spec: { containers: [{ name: 'app', volumeMounts: [{ name: 'data', mountPath: '/data' }] }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }] },
});
const deployment = (template: JsonValue, labels: JsonObject = {}, annotations: JsonObject = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'fluid', labels: labels as Record<string, string>, annotations: annotations as Record<string, string> },
  spec: { template },
});
const misses = (items: KubeObject[]) =>
  findNearMisses(items, kinds, state, 'default').map((m) => ({ severity: m.severity, message: m.message, field: m.field?.join('.') }));

describe('opt-in near misses', () => {
  it('the label on the workload\'s own metadata instead of its template\'s', () => {
    const got = misses([deployment(pod(), { 'serverless.fluid.io/inject': 'true' })]);
    expect(got).toEqual([
      {
        severity: 'warning',
        field: 'metadata.labels',
        message: expect.stringContaining("serverless.fluid.io/inject is on the Deployment's own metadata.labels, which its pods do not inherit: no sidecar (put the label on spec.template.metadata.labels)"),
      },
    ]);
  });

  it('the workload\'s own label is not reported when a template opts in', () => {
    expect(misses([deployment(pod({ 'serverless.fluid.io/inject': 'true' }), { 'serverless.fluid.io/inject': 'true' })])).toEqual([]);
  });

  it.each([
    ['"True"', 'True'],
    ['"yes"', 'yes'],
    ['" true"', ' true'],
    ['the boolean true', true],
    ['the number 1', 1],
  ])('value %s is not "true"', (shown, value) => {
    const got = misses([deployment(pod({ 'serverless.fluid.io/inject': value as string }))]);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ severity: 'warning', field: 'spec.template.metadata.labels' });
    expect(got[0].message).toContain(`label serverless.fluid.io/inject on the pod template spec.template is ${shown}`);
    expect(got[0].message).toContain('write serverless.fluid.io/inject: "true"');
  });

  it('"false", "no" and an absent label are no near miss', () => {
    for (const v of ['false', 'no']) {
      expect(misses([deployment(pod({ 'serverless.fluid.io/inject': v }, {}, 'other'))])).toEqual([]);
    }
  });

  it('the label written as an annotation, on a Pod and on a template', () => {
    const p: KubeObject = { apiVersion: 'v1', kind: 'Pod', ...pod({}, { 'serverless.fluid.io/inject': 'true' }), metadata: { name: 'p', namespace: 'fluid', annotations: { 'serverless.fluid.io/inject': 'true' } } };
    expect(misses([p])).toEqual([
      { severity: 'warning', field: 'metadata.annotations', message: expect.stringContaining('serverless.fluid.io/inject is an annotation on the pod, but the webhook reads it as a label') },
    ]);
    const got = misses([deployment(pod({}, { 'serverless.fluid.io/inject': 'true' }))]);
    expect(got.map((m) => m.field)).toEqual(['spec.template.metadata.annotations']);
  });

  it('the deprecated label has the same near misses', () => {
    expect(misses([deployment(pod({ 'fuse.sidecar.fluid.io/inject': 'True' }))])[0].message).toContain('label fuse.sidecar.fluid.io/inject');
  });

  it('an apps DaemonSet whose template almost opts in is reported although it counts as cluster state', () => {
    const ds: KubeObject = { ...deployment(pod({ 'serverless.fluid.io/inject': 'True' })), kind: 'DaemonSet' };
    expect(misses([ds])).toHaveLength(1);
  });
});

describe('dataset PVC mounted without opting in (info)', () => {
  it('names the PVCs and where the label goes', () => {
    expect(misses([deployment(pod())])).toEqual([
      {
        severity: 'info',
        field: 'spec.template.metadata.labels',
        message: 'the pod template spec.template mounts dataset PVC ds but does not opt in (serverless.fluid.io/inject: "true" in spec.template.metadata.labels): its pods use Fluid\'s CSI plugin, not a sidecar',
      },
    ]);
  });
  it('per template of a multi-template kind', () => {
    const job: KubeObject = {
      apiVersion: 'kubeflow.org/v1',
      kind: 'PyTorchJob',
      metadata: { name: 'j', namespace: 'fluid' },
      spec: { pytorchReplicaSpecs: { Master: { template: pod({ 'serverless.fluid.io/inject': 'true' }) }, Worker: { template: pod() } } },
    };
    expect(misses([job]).map((m) => m.field)).toEqual(['spec.pytorchReplicaSpecs.Worker.template.metadata.labels']);
  });
  it.each([
    ['opted in', { 'serverless.fluid.io/inject': 'true' }],
    ['opted out', { 'fluid.io/enable-injection': 'false' }],
    ['serverful', { 'fuse.serverful.fluid.io/inject': 'true' }],
    ['already injected', { 'done.sidecar.fluid.io/inject': 'true' }],
  ])('not when %s', (_what, labels) => {
    expect(misses([deployment(pod(labels))])).toEqual([]);
  });
  it('not for a PVC that is not a dataset\'s or is not in the input', () => {
    const plain: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'plain', namespace: 'fluid' } };
    const withPlain = findNearMisses([deployment(pod({}, {}, 'plain'))], kinds, stateOf([...thinDataset('fluid', 'ds'), plain]), 'default');
    expect(withPlain).toEqual([]);
    expect(misses([deployment(pod({}, {}, 'missing'))])).toEqual([]);
  });
});

describe('opt-in labels in kinds without a known pod template', () => {
  it('an unknown kind: a hint with the extraPodTemplates entry to write', () => {
    const crd: KubeObject = {
      apiVersion: 'example.com/v1',
      kind: 'Pipeline',
      metadata: { name: 'p', namespace: 'fluid' },
      spec: { stages: [{ pod: pod({ 'serverless.fluid.io/inject': 'true' }) }, { pod: pod({ 'serverless.fluid.io/inject': 'true' }) }] },
    };
    const got = misses([crd]);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ severity: 'warning', field: 'spec.stages.0.pod.metadata.labels' });
    expect(got[0].message).toContain('Pipeline (example.com/v1) is not a known workload kind');
    expect(got[0].message).toContain('{apiVersion: example.com/v1, kind: Pipeline, paths: [spec.stages[*].pod]}');
  });
  it('TrainJob and Argo Workflows: why they are not rendered', () => {
    const trainJob: KubeObject = {
      apiVersion: 'trainer.kubeflow.org/v1alpha1',
      kind: 'TrainJob',
      metadata: { name: 't', namespace: 'fluid', labels: { 'serverless.fluid.io/inject': 'true' } },
      spec: { runtimeRef: { name: 'torch' } },
    };
    expect(misses([trainJob])[0].message).toContain('a TrainJob holds no pod template');
    expect(misses([trainJob])[0].message).toContain("opt in on the TrainingRuntime's templates (spec.template.spec.replicatedJobs[*].template.spec.template)");
    const wf: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: { name: 'w', namespace: 'fluid' },
      spec: { templates: [{ name: 'main', metadata: { labels: { 'serverless.fluid.io/inject': 'true' } }, container: { image: 'x' } }] },
    };
    expect(misses([wf])[0]).toMatchObject({ field: 'spec.templates.0.metadata.labels', message: expect.stringContaining('Argo Workflows templates are not pod templates') });
  });
  it('entries of a v1 List are visited; objects without the label are silent', () => {
    const list: KubeObject = { apiVersion: 'v1', kind: 'List', metadata: { name: 'l' }, items: [deployment(pod({ 'serverless.fluid.io/inject': 'yes' }))] };
    expect(misses([list])).toHaveLength(1);
    expect(misses([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { app: 'x' } }, data: { labels: 'x' } }])).toEqual([]);
  });
});
