import type { JsonObject, KubeObject } from '../../types';
import { claimNameOf, claimNamesOf, EACH_ITEM, EACH_VALUE, expandPattern, makesSeveralPods, parseFieldPath, unrenderedKindReason, WorkloadKinds } from './pod-templates';

const template = (labels: Record<string, string> = {}) => ({ metadata: { labels }, spec: { containers: [{ name: 'c', image: 'i' }] } });
const obj = (apiVersion: string, kind: string, spec: JsonObject): KubeObject => ({ apiVersion, kind, metadata: { name: 'w', namespace: 'ns' }, spec });
// The opt-in rule is the function's; any label rule will do here.
const optsIn = (labels: Readonly<Record<string, unknown>>): boolean => labels['serverless.fluid.io/inject'] === 'true';
const kinds = new WorkloadKinds([], optsIn);
const paths = (o: KubeObject, k = kinds) => k.templatePaths(o).map((p) => p.join('/'));

describe('field paths with wildcards', () => {
  it('parses names, indices, [*] over lists and * over map values', () => {
    expect(parseFieldPath('spec.template')).toEqual(['spec', 'template']);
    expect(parseFieldPath('spec.templates[2].template')).toEqual(['spec', 'templates', 2, 'template']);
    expect(parseFieldPath('spec.tasks[*].template')).toEqual(['spec', 'tasks', EACH_ITEM, 'template']);
    expect(parseFieldPath('spec.replicaSpecs.*.template')).toEqual(['spec', 'replicaSpecs', EACH_VALUE, 'template']);
    expect(parseFieldPath('')).toEqual([]);
    expect(() => parseFieldPath('spec..template')).toThrow('bad field path');
  });

  it('expands in document order, skipping what is absent or of the wrong shape', () => {
    const root = { a: [{ t: 1 }, { u: 2 }, { t: 3 }], m: { x: { t: 4 }, y: 'scalar', z: { t: 5 } } };
    expect(expandPattern(root, parseFieldPath('a[*].t'))).toEqual([['a', 0, 't'], ['a', 2, 't']]);
    expect(expandPattern(root, parseFieldPath('m.*.t'))).toEqual([['m', 'x', 't'], ['m', 'z', 't']]);
    // a list wildcard over a map, a map wildcard over a list: nothing
    expect(expandPattern(root, parseFieldPath('m[*]'))).toEqual([]);
    expect(expandPattern(root, parseFieldPath('a.*'))).toEqual([]);
    // inherited properties are not fields
    expect(expandPattern(root, parseFieldPath('a.constructor'))).toEqual([]);
  });
});

describe('built-in kinds', () => {
  it.each([
    ['serving.knative.dev/v1', 'Service', { template: template() }, ['spec/template']],
    ['argoproj.io/v1alpha1', 'Rollout', { template: template() }, ['spec/template']],
    ['argoproj.io/v1alpha1', 'Rollout', { workloadRef: { kind: 'Deployment', name: 'd' } }, []],
    ['kubeflow.org/v1', 'PyTorchJob', { pytorchReplicaSpecs: { Master: { template: template() }, Worker: { template: template() } } }, ['spec/pytorchReplicaSpecs/Master/template', 'spec/pytorchReplicaSpecs/Worker/template']],
    ['kubeflow.org/v2beta1', 'MPIJob', { mpiReplicaSpecs: { Launcher: { template: template() } } }, ['spec/mpiReplicaSpecs/Launcher/template']],
    ['trainer.kubeflow.org/v1alpha1', 'TrainingRuntime', { template: { spec: { replicatedJobs: [{ name: 'node', template: { spec: { template: template() } } }] } } }, ['spec/template/spec/replicatedJobs/0/template/spec/template']],
    ['ray.io/v1', 'RayCluster', { headGroupSpec: { template: template() }, workerGroupSpecs: [{ template: template() }, { template: template() }] }, ['spec/headGroupSpec/template', 'spec/workerGroupSpecs/0/template', 'spec/workerGroupSpecs/1/template']],
    ['ray.io/v1', 'RayJob', { rayClusterSpec: { headGroupSpec: { template: template() } }, submitterPodTemplate: template() }, ['spec/rayClusterSpec/headGroupSpec/template', 'spec/submitterPodTemplate']],
    ['ray.io/v1', 'RayService', { rayClusterConfig: { headGroupSpec: { template: template() } } }, ['spec/rayClusterConfig/headGroupSpec/template']],
    ['batch.volcano.sh/v1alpha1', 'Job', { tasks: [{ template: template() }] }, ['spec/tasks/0/template']],
    ['jobset.x-k8s.io/v1alpha2', 'JobSet', { replicatedJobs: [{ template: { spec: { template: template() } } }] }, ['spec/replicatedJobs/0/template/spec/template']],
    ['leaderworkerset.x-k8s.io/v1', 'LeaderWorkerSet', { leaderWorkerTemplate: { leaderTemplate: template(), workerTemplate: template() } }, ['spec/leaderWorkerTemplate/leaderTemplate', 'spec/leaderWorkerTemplate/workerTemplate']],
    ['apps.kruise.io/v1beta1', 'StatefulSet', { template: template() }, ['spec/template']],
    ['apps.kruise.io/v1alpha1', 'AdvancedCronJob', { template: { broadcastJobTemplate: { spec: { template: template() } } } }, ['spec/template/broadcastJobTemplate/spec/template']],
  ])('%s %s', (apiVersion, kind, spec, expected) => {
    expect(paths(obj(apiVersion, kind, spec))).toEqual(expected);
  });

  it('a kind is known by its group: the same kind name in another group is not a workload', () => {
    expect(kinds.isWorkload(obj('example.com/v1', 'Service', { template: template() }))).toBe(false);
    expect(kinds.isWorkload(obj('v1', 'Service', {}))).toBe(false);
    expect(kinds.isWorkload(obj('batch.volcano.sh/v1alpha1', 'Job', {}))).toBe(true);
  });

  it('an apps DaemonSet without opt-in is cluster state (a fuse DaemonSet), a Kruise DaemonSet is a workload', () => {
    expect(kinds.isWorkload(obj('apps/v1', 'DaemonSet', { template: template() }))).toBe(false);
    expect(kinds.isWorkload(obj('apps/v1', 'DaemonSet', { template: template({ 'serverless.fluid.io/inject': 'true' }) }))).toBe(true);
    expect(kinds.isWorkload(obj('apps.kruise.io/v1alpha1', 'DaemonSet', { template: template() }))).toBe(true);
  });

  it('extraPodTemplates adds kinds, and replaces the paths of a built-in kind for its exact apiVersion', () => {
    const extra = new WorkloadKinds(
      [
        { apiVersion: 'example.com/v1', kind: 'Pipeline', paths: ['spec.stages[*].pod'] },
        { apiVersion: 'ray.io/v1', kind: 'RayCluster', paths: ['spec.headGroupSpec.template'] },
      ],
      optsIn,
    );
    expect(paths(obj('example.com/v1', 'Pipeline', { stages: [{ pod: template() }, { pod: template() }] }), extra)).toEqual(['spec/stages/0/pod', 'spec/stages/1/pod']);
    const ray = { headGroupSpec: { template: template() }, workerGroupSpecs: [{ template: template() }] };
    expect(paths(obj('ray.io/v1', 'RayCluster', ray), extra)).toEqual(['spec/headGroupSpec/template']);
    expect(paths(obj('ray.io/v1alpha1', 'RayCluster', ray), extra)).toEqual(['spec/headGroupSpec/template', 'spec/workerGroupSpecs/0/template']);
  });

  it('kinds with no renderable template say why', () => {
    expect(unrenderedKindReason({ apiVersion: 'trainer.kubeflow.org/v1alpha1', kind: 'TrainJob' })).toContain('TrainingRuntime');
    expect(unrenderedKindReason({ apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTemplate' })).toContain('Argo Workflows');
    expect(unrenderedKindReason({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' })).toBeUndefined();
    // the chassis knows no domain: its reasons serve every function
    for (const kind of ['TrainJob', 'ClusterTrainingRuntime']) expect(unrenderedKindReason({ apiVersion: 'trainer.kubeflow.org/v1', kind })).not.toMatch(/fluid|dataset|opt in/i);
    expect(unrenderedKindReason({ apiVersion: 'argoproj.io/v1alpha1', kind: 'CronWorkflow' })).not.toMatch(/fluid|dataset/i);
  });
});

describe('several pods per template', () => {
  const target = (o: KubeObject) => kinds.findTargets([o], 'default').map(makesSeveralPods);
  it('by the counts on the way to the template', () => {
    expect(target(obj('apps/v1', 'Deployment', { replicas: 1, template: template() }))).toEqual([false]);
    expect(target(obj('apps/v1', 'Deployment', { replicas: 3, template: template() }))).toEqual([true]);
    expect(target(obj('batch/v1', 'CronJob', { jobTemplate: { spec: { parallelism: 2, template: template() } } }))).toEqual([true]);
    expect(target(obj('kubeflow.org/v1', 'PyTorchJob', { pytorchReplicaSpecs: { Master: { replicas: 1, template: template() }, Worker: { replicas: 4, template: template() } } }))).toEqual([false, true]);
    expect(target(obj('ray.io/v1', 'RayCluster', { headGroupSpec: { template: template() }, workerGroupSpecs: [{ replicas: 1, maxReplicas: 5, template: template() }] }))).toEqual([false, true]);
    expect(target(obj('jobset.x-k8s.io/v1alpha2', 'JobSet', { replicatedJobs: [{ replicas: 1, template: { spec: { parallelism: 4, template: template() } } }] }))).toEqual([true]);
  });
  it('always, for kinds that are several by nature', () => {
    expect(target(obj('serving.knative.dev/v1', 'Service', { template: template() }))).toEqual([true]);
    expect(target(obj('apps.kruise.io/v1alpha1', 'DaemonSet', { template: template() }))).toEqual([true]);
  });
  it('LeaderWorkerSet: one leader per group, size-1 workers', () => {
    const lws = (replicas: number, size: number) => obj('leaderworkerset.x-k8s.io/v1', 'LeaderWorkerSet', { replicas, leaderWorkerTemplate: { size, leaderTemplate: template(), workerTemplate: template() } });
    expect(target(lws(1, 2))).toEqual([false, false]);
    expect(target(lws(1, 3))).toEqual([false, true]);
    expect(target(lws(2, 2))).toEqual([true, true]);
  });
});

describe('the PVCs a pod mounts, before its shape is checked', () => {
  it('each claim name once, in volume order; volumes of other kinds and malformed entries are left out', () => {
    const pod = {
      spec: {
        volumes: [
          { name: 'a', persistentVolumeClaim: { claimName: 'data' } },
          { name: 'b', emptyDir: {} },
          { name: 'c', persistentVolumeClaim: null },
          { name: 'd', persistentVolumeClaim: { claimName: 7 } },
          'junk',
          { name: 'e', persistentVolumeClaim: { claimName: 'cache' } },
          { name: 'f', persistentVolumeClaim: { claimName: 'data', readOnly: true } },
        ],
      },
    };
    expect(claimNamesOf(pod)).toEqual(['data', 'cache']);
    expect(claimNamesOf({ spec: { volumes: 'x' } })).toEqual([]);
    expect(claimNamesOf(undefined)).toEqual([]);
    expect(claimNameOf({ persistentVolumeClaim: { claimName: 'x' } })).toBe('x');
    expect(claimNameOf({ persistentVolumeClaim: {} })).toBeUndefined();
  });
});
