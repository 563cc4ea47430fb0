import { chainedThinDatasets, podMounting, stateOf, thinDataset } from '../../../test/support/fixtures';
import { DEFAULT_OPTIONS, Options } from '../config/options';
import type { KubeObject } from '../../types';
import { injectPod, PodOutcome } from './inject-pod';
import type { PodView } from '../../krm/workloads/pod-spec';

const opts = (o: Partial<Options> = {}): Options => ({ ...DEFAULT_OPTIONS, ...o });

function injected(outcome: PodOutcome): PodView {
  if (outcome.status !== 'injected') throw new Error(`not injected: ${JSON.stringify(outcome)}`);
  return outcome.pod;
}

describe('gates', () => {
  const state = stateOf(thinDataset('fluid', 'ds'));
  it.each([
    [{ 'fluid.io/enable-injection': 'false' }, 'fluid.io/enable-injection'],
    [{ 'done.sidecar.fluid.io/inject': 'true' }, 'already injected'],
  ])('%j skips', (labels, reason) => {
    const pod = podMounting('fluid', ['ds']);
    Object.assign(pod.labels, labels);
    const out = injectPod(pod, state, opts());
    expect(out).toMatchObject({ status: 'skipped' });
    expect((out as { reason: string }).reason).toContain(reason);
  });
  it('global disable', () => {
    expect(injectPod(podMounting('fluid', ['ds']), state, opts({ disabled: true }))).toMatchObject({ status: 'skipped' });
  });
  it('deprecated label alone is not selected by the stock webhook: skipped with a warning', () => {
    const pod = podMounting('fluid', ['ds'], { labels: { 'fuse.sidecar.fluid.io/inject': 'true' } });
    const out = injectPod(pod, state, opts());
    expect(out.status).toBe('skipped');
    expect(out.warnings[0]).toContain('deprecated');
  });
  it('no dataset PVC: skipped, no done label', () => {
    const pod = podMounting('fluid', []);
    expect(injectPod(pod, state, opts())).toMatchObject({ status: 'skipped', reason: 'mounts no Fluid dataset PVC' });
  });
});

describe('one dataset', () => {
  it('prepends fluid-fuse-0, replaces the volume in place and appends the rest', () => {
    const out = injectPod(podMounting('fluid', ['ds']), stateOf(thinDataset('fluid', 'ds')), opts());
    const pod = injected(out);
    expect(pod.spec.containers.map((c) => c.name)).toEqual(['fluid-fuse-0', 'app']);
    expect(pod.spec.volumes!.map((v) => v.name)).toEqual([
      'vol-ds',
      'check-fluid-mount-ready',
      'data-0',
      'fuse-device-0',
      'thin-fuse-mount-0',
      'default-check-mount-0',
    ]);
    expect(pod.spec.containers[0].volumeMounts!.map((m) => m.name)).toEqual(['data-0', 'fuse-device-0', 'thin-fuse-mount-0', 'default-check-mount-0']);
    expect(pod.labels).toMatchObject({
      'dataset-namespace.sidecar.fluid.io/fluid-fuse-0': 'fluid',
      'dataset-name.sidecar.fluid.io/fluid-fuse-0': 'ds',
      'done.sidecar.fluid.io/inject': 'true',
      'fluid.io/managed-by': 'fluid',
    });
    expect(pod.annotations['fluid.io/datasets-in-use']).toBe('ds');
    expect(out.status === 'injected' && out.configMaps).toEqual([
      { kind: 'app', namespace: 'fluid' },
      { kind: 'sidecar', namespace: 'fluid', name: 'thin-default-check-mount', datasetId: 'fluid-ds' },
    ]);
  });

  it('numbering continues after existing fluid-fuse* containers (prefix match)', () => {
    const pod = podMounting('fluid', ['ds']);
    pod.spec.containers.push({ name: 'fluid-fuse-dataset-xyz' }, { name: 'test-fluid-fuse' });
    const out = injected(injectPod(pod, stateOf(thinDataset('fluid', 'ds')), opts()));
    expect(out.spec.containers[0].name).toBe('fluid-fuse-1');
  });

  it('an init container using the dataset gets the sleeping init-fluid-fuse copy (legacy)', () => {
    const pod = podMounting('fluid', ['ds']);
    pod.spec.initContainers = [{ name: 'init', volumeMounts: [{ name: 'vol-ds', mountPath: '/x' }] }];
    const out = injected(injectPod(pod, stateOf(thinDataset('fluid', 'ds')), opts()));
    const init = out.spec.initContainers![0];
    expect(init).toMatchObject({ name: 'init-fluid-fuse-0', command: ['sleep'], args: ['2s'] });
    expect(init.lifecycle).toBeUndefined();
    expect(out.labels['dataset-name.sidecar.fluid.io/init-fluid-fuse-0']).toBe('ds');
  });

  it('native-sidecar: one restartPolicy Always sidecar in initContainers, none in containers', () => {
    const pod = podMounting('fluid', ['ds']);
    pod.spec.initContainers = [{ name: 'init', volumeMounts: [{ name: 'vol-ds', mountPath: '/x' }] }];
    const out = injected(injectPod(pod, stateOf(thinDataset('fluid', 'ds')), opts({ injectionMode: 'native-sidecar' })));
    expect(out.spec.containers.map((c) => c.name)).toEqual(['app']);
    expect(out.spec.initContainers!.map((c) => [c.name, c.restartPolicy])).toEqual([
      ['fluid-fuse-0', 'Always'],
      ['init', undefined],
    ]);
  });

  it('app postStart: added where missing, kept where present, paths and types in mount order', () => {
    const items = [...thinDataset('fluid', 'a'), ...thinDataset('fluid', 'b')];
    const pod = podMounting('fluid', ['b', 'a'], { labels: { 'serverless.fluid.io/inject': 'true', 'app.poststart.fluid.io/inject': 'true' } });
    pod.spec.containers.push({
      name: 'keeps',
      lifecycle: { postStart: { exec: { command: ['mine'] } } },
      volumeMounts: [{ name: 'vol-a', mountPath: '/a' }],
    });
    const out = injected(injectPod(pod, stateOf(items), opts()));
    const app = out.spec.containers.find((c) => c.name === 'app')!;
    expect(app.lifecycle!.postStart!.exec.command).toEqual(['bash', '-c', 'time /check-fluid-mount-ready.sh /data/b:/data/a thin:thin']);
    expect(out.spec.containers.find((c) => c.name === 'keeps')!.lifecycle!.postStart!.exec.command).toEqual(['mine']);
  });
});

describe('several datasets and rounds', () => {
  it('numbers in PVC-name order and prepends, so the last is first', () => {
    const items = ['dataset-3', 'dataset-1', 'dataset-2'].flatMap((n) => thinDataset('fluid', n));
    const out = injected(injectPod(podMounting('fluid', ['dataset-3', 'dataset-1', 'dataset-2']), stateOf(items), opts()));
    expect(out.spec.containers.map((c) => c.name)).toEqual(['fluid-fuse-2', 'fluid-fuse-1', 'fluid-fuse-0', 'app']);
    expect(out.labels['dataset-name.sidecar.fluid.io/fluid-fuse-0']).toBe('dataset-1');
    expect(out.labels['dataset-name.sidecar.fluid.io/fluid-fuse-2']).toBe('dataset-3');
    expect(out.annotations['fluid.io/datasets-in-use']).toBe('dataset-1,dataset-2,dataset-3');
  });

  // A thin runtime whose fuse pod mounts another dataset's PVC: a second round must inject it.
  const chained = (): KubeObject[] => chainedThinDatasets('fluid');

  it('a fuse DaemonSet mounting another dataset PVC triggers a second round', () => {
    const out = injected(injectPod(podMounting('fluid', ['outer']), stateOf(chained()), opts()));
    expect(out.spec.containers.map((c) => c.name)).toEqual(['fluid-fuse-1', 'fluid-fuse-0', 'app']);
    const volumes = out.spec.volumes!.map((v) => v.name);
    expect(volumes).toContain('check-fluid-mount-ready');
    // Round 2's app check volume collides and is renamed by rule R.
    expect(volumes).toContain('fluid-fluid-mount-ready');
    const round1 = out.spec.containers[1];
    expect(round1.volumeMounts!.find((m) => m.name === 'inner-pvc-0')).toMatchObject({ mountPropagation: 'HostToContainer' });
    expect(round1.volumeMounts!.map((m) => m.name)).toContain('fluid-fluid-mount-ready');
    expect(out.spec.volumes!.find((v) => v.name === 'inner-pvc-0')).toEqual({
      name: 'inner-pvc-0',
      hostPath: { path: '/runtime-mnt/thin/fluid/inner/thin-fuse' },
    });
    // Usage is recorded for the round-1 datasets only.
    expect(out.annotations['fluid.io/datasets-in-use']).toBe('outer');
  });

  it('a cycle stops after a bounded number of rounds', () => {
    const items = thinDataset('fluid', 'loop');
    const ds = items[4].spec as any;
    ds.template.spec.containers[0].volumeMounts.push({ name: 'self', mountPath: '/self' });
    ds.template.spec.volumes.push({ name: 'self', persistentVolumeClaim: { claimName: 'loop' } });
    const out = injectPod(podMounting('fluid', ['loop']), stateOf(items), opts());
    expect(out.status).toBe('failed');
    expect(out.status === 'failed' && out.error.message).toContain('in a cycle');
  });
});

describe('errors: strict vs webhook mode', () => {
  const noDs = thinDataset('fluid', 'ds').filter((o) => o.kind !== 'DaemonSet');
  it('strict: a missing DaemonSet fails the pod with the full webhook message', () => {
    const out = injectPod(podMounting('fluid', ['ds']), stateOf(noDs), opts());
    expect(out.status).toBe('failed');
    expect(out.status === 'failed' && out.error.message).toBe(
      'failed to inject pod "fluid/test-pod" with runtimeInfos: failed to get fuse container template for runtime "fluid/ds": daemonsets.apps "ds-fuse" not found',
    );
  });
  it('webhook: the same error passes the pod through unchanged, without the done label', () => {
    const pod = podMounting('fluid', ['ds']);
    const out = injectPod(pod, stateOf(noDs), opts({ errorMode: 'webhook' }));
    expect(out.status).toBe('passed-through');
    expect(out.status === 'passed-through' && out.pod).toEqual(pod);
  });
  it('webhook mode still rejects what the webhook rejects (runtime-info errors)', () => {
    const out = injectPod(podMounting('fluid', ['missing']), stateOf(noDs), opts({ errorMode: 'webhook' }));
    expect(out.status).toBe('failed');
  });
});

describe('FilePrefetcher and DatasetUsageInjector', () => {
  const state = stateOf([...thinDataset('fluid', 'pvc1'), ...thinDataset('fluid', 'pvc2')]);
  const prefetchPod = (annotations: Record<string, string>) =>
    podMounting('fluid', ['pvc2', 'pvc1'], { annotations: { 'file-prefetcher.fluid.io/inject': 'true', ...annotations } });

  it('default file list covers every dataset PVC, sorted by PVC name; inserted after the sidecars', () => {
    const out = injected(injectPod(prefetchPod({}), state, opts({ filePrefetcherImage: 'pf:1' })));
    expect(out.spec.containers.map((c) => c.name)).toEqual(['fluid-fuse-1', 'fluid-fuse-0', 'fluid-file-prefetcher', 'app']);
    const pf = out.spec.containers[2];
    expect(pf.image).toBe('pf:1');
    expect(pf.env![0]).toEqual({ name: 'FILE_PREFETCHER_FILE_LIST', value: '/data/vol-pvc1/**;/data/vol-pvc2/**' });
    expect(out.annotations['file-prefetcher.fluid.io/inject-done']).toBe('true');
  });

  it('explicit list, async mode, timeout and extra envs', () => {
    const out = injected(
      injectPod(
        prefetchPod({
          'file-prefetcher.fluid.io/image': 'pf:2',
          'file-prefetcher.fluid.io/file-list': 'pvc://pvc1/a/../b/*.csv;pvc://not-a-dataset;pvc://pvc2',
          'file-prefetcher.fluid.io/async-prefetch': 'true',
          'file-prefetcher.fluid.io/prefetch-timeout-seconds': '30',
          'file-prefetcher.fluid.io/extra-envs': 'A=1 B=x',
        }),
        state,
        opts(),
      ),
    );
    const pf = out.spec.containers.find((c) => c.name === 'fluid-file-prefetcher')!;
    expect(pf.env).toEqual([
      { name: 'FILE_PREFETCHER_FILE_LIST', value: '/data/vol-pvc1/b/*.csv;/data/vol-pvc2/**' },
      { name: 'FILE_PREFETCHER_ASYNC_PREFETCH', value: 'true' },
      { name: 'FILE_PREFETCHER_TIMEOUT_SECONDS', value: '30' },
      { name: 'A', value: '1' },
      { name: 'B', value: 'x' },
    ]);
    expect(pf.lifecycle).toBeUndefined();
    const app = out.spec.containers.find((c) => c.name === 'app')!;
    expect(app.volumeMounts!.map((m) => m.name)).toContain('fluid-file-prefetcher-status-vol');
  });

  it('no image is a config error that stops the chain', () => {
    const out = injectPod(prefetchPod({}), state, opts());
    expect(out.status).toBe('failed');
    expect(out.status === 'failed' && out.error.field).toBe('metadata.annotations.file-prefetcher.fluid.io/image');
  });

  it('a prefetcher config error in webhook mode: the pod as the webhook admits it, which depends on the plugins that ran before', () => {
    const bad = { 'file-prefetcher.fluid.io/image': 'pf:1', 'file-prefetcher.fluid.io/extra-envs': 'A=1=2' };
    // Default order: FilePrefetcher first fails before changing anything; MutatePod returns at once.
    const first = injectPod(prefetchPod(bad), state, opts({ errorMode: 'webhook' }));
    expect(first.status === 'passed-through' && first.pod).toEqual(prefetchPod(bad));
    expect(first.status === 'passed-through' && first.configMaps).toEqual([]);
    // After FuseSidecar and DatasetUsageInjector: their in-place changes stay (sidecars, done label,
    // datasets-in-use), and so do the ConfigMaps FuseSidecar created.
    const late = injectPod(prefetchPod(bad), state, opts({ errorMode: 'webhook', plugins: ['FuseSidecar', 'DatasetUsageInjector', 'FilePrefetcher'] }));
    if (late.status !== 'passed-through') throw new Error(late.status);
    expect(late.pod.spec.containers.map((c) => c.name)).toEqual(['fluid-fuse-1', 'fluid-fuse-0', 'app']);
    expect(late.pod.labels['done.sidecar.fluid.io/inject']).toBe('true');
    expect(late.pod.annotations['fluid.io/datasets-in-use']).toBe('pvc1,pvc2');
    expect(late.configMaps.length).toBeGreaterThan(0);
    // Strict mode: an error naming the annotation.
    const strict = injectPod(prefetchPod(bad), state, opts());
    expect(strict.status === 'failed' && strict.error.field).toBe('metadata.annotations.file-prefetcher.fluid.io/extra-envs');
  });

  it('FilePrefetcher after FuseSidecar finds no PVC volume left: nothing to prefetch, as in Fluid', () => {
    const out = injectPod(prefetchPod({}), state, opts({ filePrefetcherImage: 'pf:1', plugins: ['FuseSidecar', 'FilePrefetcher'] }));
    expect(injected(out).spec.containers.map((c) => c.name)).toEqual(['fluid-fuse-1', 'fluid-fuse-0', 'app']);
    expect(out.warnings.join('\n')).toContain('file prefetcher not injected');
  });

  it('datasets-in-use merges with an existing list (Fluid test cases)', () => {
    const pod = podMounting('fluid', ['pvc1', 'pvc2'], { annotations: { 'fluid.io/datasets-in-use': ' pvc2 , old,,' } });
    expect(injected(injectPod(pod, state, opts())).annotations['fluid.io/datasets-in-use']).toBe('old,pvc1,pvc2');
  });

  it('plugins can be reordered or dropped', () => {
    const out = injected(injectPod(podMounting('fluid', ['pvc1']), state, opts({ plugins: ['FuseSidecar'] })));
    expect(out.annotations['fluid.io/datasets-in-use']).toBeUndefined();
  });
});
