import { podMounting, stateOf, thinDataset } from '../../../test/support/fixtures';
import type { KubeObject } from '../../types';
import { InjectError } from '../errors';
import { isDatasetPvc } from '../dataset-pvc';
import { collectRuntimeInfos, parseScrapeTarget } from './runtime-info';

const pvc = (labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p', labels } });

function errorOf(fn: () => unknown): InjectError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InjectError) return e;
    throw e;
  }
  throw new Error('expected an InjectError');
}

describe('dataset PVC detection', () => {
  it.each([
    [{ 'fluid.io/s-ns-ds': 'true' }, true],
    [{ 'fluid.io/managed-by': 'x' }, true],
    [{ 'fluid.io/wrapped-by': 'x' }, true],
    [{ 'fluid.io/dataset-id': 'x' }, false],
    [{ app: 'x' }, false],
  ])('%j → %s', (labels, want) => expect(isDatasetPvc(pvc(labels))).toBe(want));
});

describe('collectRuntimeInfos', () => {
  const items = [...thinDataset('fluid', 'ds-b'), ...thinDataset('fluid', 'ds-a')];

  it('keys dataset PVCs by name in byte order and ignores plain PVCs', () => {
    const plain: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'plain', namespace: 'fluid' } };
    const infos = collectRuntimeInfos(podMounting('fluid', ['ds-b', 'plain', 'ds-a', 'ds-b']), stateOf([...items, plain]));
    expect([...infos.keys()]).toEqual(['ds-a', 'ds-b']);
    expect(infos.get('ds-a')).toMatchObject({ datasetName: 'ds-a', datasetNamespace: 'fluid', type: 'thin', datasetUid: 'uid-ds-a' });
  });

  it('reads the dataset name from fluid.io/managed-by', () => {
    const renamed = structuredClone(items);
    renamed[0].metadata = { name: 'claim', namespace: 'fluid', labels: { 'fluid.io/managed-by': 'ds-b' } };
    const infos = collectRuntimeInfos(podMounting('fluid', ['claim']), stateOf(renamed));
    expect(infos.get('claim')?.datasetName).toBe('ds-b');
  });

  it('E1: any missing PVC fails the pod, naming the claims and the field', () => {
    const e = errorOf(() => collectRuntimeInfos(podMounting('fluid', ['ds-a', 'nope', 'gone']), stateOf(items)));
    expect(e.message).toBe('failed to collect runtime infos from PVCs [ds-a nope gone]: failed to get the following PVCs [nope gone]');
    expect(e.rejects).toBe(true);
    expect(e.field).toBe('spec.volumes[1].persistentVolumeClaim.claimName');
  });

  it('E1 names a claim once per volume that mounts it, as the webhook looks each one up', () => {
    const e = errorOf(() => collectRuntimeInfos(podMounting('fluid', ['nope', 'ds-a', 'nope']), stateOf(items)));
    expect(e.message).toBe('failed to collect runtime infos from PVCs [nope ds-a nope]: failed to get the following PVCs [nope nope]');
    expect(e.field).toBe('spec.volumes[0].persistentVolumeClaim.claimName');
  });

  it('a runtime-info error wins over missing claims, and the first in volume order wins (the webhook stops there)', () => {
    const broken = [...thinDataset('fluid', 'zz', { phase: 'NotBound' }), ...thinDataset('fluid', 'aa', { phase: 'NotBound' })];
    const e = errorOf(() => collectRuntimeInfos(podMounting('fluid', ['nope', 'zz', 'aa']), stateOf(broken)));
    expect(e.message).toBe(
      'failed to collect runtime infos from PVCs [nope zz aa]: failed to build runtime info for PVC "fluid/zz": dataset "fluid/zz" not bound',
    );
  });

  it('E2: a missing dataset', () => {
    const e = errorOf(() => collectRuntimeInfos(podMounting('fluid', ['ds-a']), stateOf(items.filter((o) => !(o.kind === 'Dataset' && o.metadata.name === 'ds-a')))));
    expect(e.message).toBe(
      'failed to collect runtime infos from PVCs [ds-a]: failed to build runtime info for PVC "fluid/ds-a": datasets.data.fluid.io "ds-a" not found',
    );
    expect(e.rejects).toBe(true);
  });

  it.each([
    ['NotBound', 'dataset "fluid/ds" not bound'],
    ['', 'dataset "fluid/ds" not bound'],
  ])('E3: phase %j', (phase, msg) => {
    const e = errorOf(() => collectRuntimeInfos(podMounting('fluid', ['ds']), stateOf(thinDataset('fluid', 'ds', { phase }))));
    expect(e.message).toContain(msg);
  });

  it('E4: the NotReady condition explains the phase; skip-precheck skips the check; other phases pass', () => {
    const ds = thinDataset('fluid', 'ds', { phase: 'NotBound' });
    (ds[1].status as any).conditions = [{ type: 'NotReady', message: 'runtime is initializing' }];
    expect(errorOf(() => collectRuntimeInfos(podMounting('fluid', ['ds']), stateOf(ds))).message).toContain(
      'dataset "fluid/ds" not ready because runtime is initializing',
    );
    const skip = podMounting('fluid', ['ds'], { annotations: { 'sidecar.fluid.io/skip-precheck': 'true' } });
    expect(collectRuntimeInfos(skip, stateOf(ds)).size).toBe(1);
    expect(collectRuntimeInfos(podMounting('fluid', ['ds']), stateOf(thinDataset('fluid', 'ds', { phase: 'Pending' }))).size).toBe(1);
  });

  it('E5/E6: unknown runtime type, missing runtime', () => {
    const ds = thinDataset('fluid', 'ds');
    (ds[1].status as any).runtimes[0].type = 'ceph';
    expect(errorOf(() => collectRuntimeInfos(podMounting('fluid', ['ds']), stateOf(ds))).message).toContain(
      'fail to get runtimeInfo for runtime type: ceph',
    );
    const noRuntime = thinDataset('fluid', 'ds').filter((o) => o.kind !== 'ThinRuntime');
    expect(errorOf(() => collectRuntimeInfos(podMounting('fluid', ['ds']), stateOf(noRuntime))).message).toContain(
      'thinruntimes.data.fluid.io "ds" not found',
    );
  });
});

describe('JindoRuntime scrape target', () => {
  const rt = (scrapeTarget?: string): KubeObject => ({
    apiVersion: 'data.fluid.io/v1alpha1',
    kind: 'JindoRuntime',
    metadata: { name: 'j' },
    spec: scrapeTarget === undefined ? {} : { fuse: { metrics: { scrapeTarget } } },
  });
  it.each([
    [undefined, false],
    ['None', false],
    ['MountPod', false],
    ['Sidecar', true],
    ['All', true],
    ['MountPod,Sidecar', true],
  ])('%s → sidecar %s', (t, want) => expect(parseScrapeTarget(rt(t)).sidecar).toBe(want));
  it('rejects other tokens', () => {
    expect(() => parseScrapeTarget(rt('Pod'))).toThrow('unsupported mount mode Pod, supported mount modes are [MountPod Sidecar]');
  });
});
