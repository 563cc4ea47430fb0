// The mutation under the profiles of older releases, where a golden case would need too much input.
import { chainedThinDatasets, podMounting, stateOf, thinDataset } from '../../../test/support/fixtures';
import type { KubeObject } from '../../types';
import { DEFAULT_OPTIONS, Options } from '../config/options';
import { FluidVersion, PROFILES } from '../versions';
import { datasetUsagePlugin } from './dataset-usage';
import { injectPod, PodOutcome } from './inject-pod';
import type { PodView } from '../../krm/workloads/pod-spec';

const opts = (version: FluidVersion, o: Partial<Options> = {}): Options => ({ ...DEFAULT_OPTIONS, profile: PROFILES[version], ...o });

function injected(out: PodOutcome): PodView {
  if (out.status !== 'injected') throw new Error(`not injected: ${JSON.stringify(out)}`);
  return out.pod;
}

const chained = (): KubeObject[] => chainedThinDatasets('fluid');

describe('rounds', () => {
  it('v1.0.0 injects once: a dataset PVC the fuse DaemonSet brings in stays a PVC', () => {
    const out = injected(injectPod(podMounting('fluid', ['outer']), stateOf(chained()), opts('v1.0.0')));
    expect(out.spec.containers.map((c) => c.name)).toEqual(['fluid-fuse-0', 'app']);
    expect(out.spec.volumes!.find((v) => v.name === 'inner-pvc-0')).toEqual({ name: 'inner-pvc-0', persistentVolumeClaim: { claimName: 'inner' } });
    expect(out.labels).toEqual({ 'serverless.fluid.io/inject': 'true', 'done.sidecar.fluid.io/inject': 'true' });
  });

  it('v1.0.1 goes on until no dataset PVC is left', () => {
    const out = injected(injectPod(podMounting('fluid', ['outer']), stateOf(chained()), opts('v1.0.1')));
    expect(out.spec.containers.map((c) => c.name)).toEqual(['fluid-fuse-1', 'fluid-fuse-0', 'app']);
    expect(out.labels['fluid.io/managed-by']).toBe('fluid');
  });

  it('v1.0.0 numbers from 0 whatever sidecars the pod has', () => {
    const state = stateOf(thinDataset('fluid', 'a'));
    const pod = podMounting('fluid', ['a']);
    pod.spec.containers.push({ name: 'fluid-fuse-7', image: 'x' });
    expect(injected(injectPod(pod, state, opts('v1.0.0'))).spec.containers[0].name).toBe('fluid-fuse-0');
    expect(injected(injectPod(pod, state, opts('v1.0.1'))).spec.containers[0].name).toBe('fluid-fuse-1');
  });
});

describe('fluid.io/datasets-in-use', () => {
  it('up to v1.0.8 one entry per PVC, overwriting; the development line merges a set', () => {
    const pod = (): PodView => ({ ...podMounting('fluid', []), annotations: { 'fluid.io/datasets-in-use': 'old' } });
    const a = pod();
    datasetUsagePlugin(a, ['b', 'a', 'b'], 'overwrite');
    expect(a.annotations['fluid.io/datasets-in-use']).toBe('a,b,b');
    const b = pod();
    datasetUsagePlugin(b, ['b', 'a', 'b'], 'merge');
    expect(b.annotations['fluid.io/datasets-in-use']).toBe('a,b,old');
  });

  it('two PVCs of one dataset are listed twice up to v1.0.8', () => {
    const items = thinDataset('fluid', 'ds');
    const second = JSON.parse(JSON.stringify(items.find((o) => o.kind === 'PersistentVolumeClaim'))) as KubeObject;
    second.metadata.name = 'ds-again';
    second.metadata.labels = { 'fluid.io/managed-by': 'ds' };
    const out = injected(injectPod(podMounting('fluid', ['ds', 'ds-again']), stateOf([...items, second]), opts('v1.0.8')));
    expect(out.annotations['fluid.io/datasets-in-use']).toBe('ds,ds');
    const dev = injected(injectPod(podMounting('fluid', ['ds', 'ds-again']), stateOf([...items, second]), opts('v1.1')));
    expect(dev.annotations['fluid.io/datasets-in-use']).toBe('ds');
  });
});

describe('mapping labels', () => {
  // `fluid_<name>` and `fluid-<name>` are 64 characters.
  const long = 'a-dataset-name-that-is-quite-long-indeed-for-a-label-value';
  const items = thinDataset('fluid', long);

  it('v1.0.8 over 63 characters: an error in strict mode, a warning and the label in webhook mode', () => {
    const strict = injectPod(podMounting('fluid', [long]), stateOf(items), opts('v1.0.8'));
    expect(strict.status).toBe('failed');
    expect(strict.status === 'failed' && strict.error.message).toBe(
      `failed to mutate for runtime "fluid/${long}": label container-dataset-mapping.sidecar.fluid.io/fluid-fuse-0: Invalid value: "fluid_${long}": must be no more than 63 characters (Fluid v1.0.8 writes it and the API server rejects the pod)`,
    );
    const webhook = injectPod(podMounting('fluid', [long]), stateOf(items), opts('v1.0.8', { errorMode: 'webhook' }));
    expect(injected(webhook).labels[`container-dataset-mapping.sidecar.fluid.io/fluid-fuse-0`]).toBe(`fluid_${long}`);
    expect(webhook.warnings.join('\n')).toContain('must be no more than 63 characters: Fluid v1.0.8 writes it and the API server rejects the pod');
  });

  it('v1.0.5 falls back to the Dataset UID', () => {
    const out = injected(injectPod(podMounting('fluid', [long]), stateOf(items), opts('v1.0.5')));
    const uid = items.find((o) => o.kind === 'Dataset')!.metadata.uid;
    expect(uid).toBeTruthy();
    expect(out.labels['container-dataset-mapping.sidecar.fluid.io/fluid-fuse-0']).toBe(uid);
  });
});

describe('per-dataset check ConfigMaps (up to v1.0.5)', () => {
  it('need the Dataset UID for their owner reference', () => {
    const items = thinDataset('fluid', 'ds');
    delete items.find((o) => o.kind === 'Dataset')!.metadata.uid;
    const out = injectPod(podMounting('fluid', ['ds']), stateOf(items), opts('v1.0.5'));
    expect(out.status === 'failed' && out.error.message).toBe(
      'failed to inject pod "fluid/test-pod" with runtimeInfos: failed to prepare mutation for runtime "fluid/ds": Dataset fluid/ds has no metadata.uid, which Fluid v1.0.5 writes into the ownerReferences of ConfigMap fluid/ds-thin-check-mount',
    );
    expect(injectPod(podMounting('fluid', ['ds']), stateOf(items), opts('v1.0.6')).status).toBe('injected');
  });
});
