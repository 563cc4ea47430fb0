import { podMounting, stateOf, thinDataset } from '../../../test/support/fixtures';
import { DEFAULT_OPTIONS, Options } from '../config/options';
import type { DatasetUse } from './dataset-volumes';
import { sidecarNumber } from './fuse-sidecar';
import { injectPod } from './inject-pod';
import type { Container, PodView } from '../../krm/workloads/pod-spec';

const opts = (o: Partial<Options> = {}): Options => ({ ...DEFAULT_OPTIONS, ...o });
const state = stateOf([...thinDataset('fluid', 'a'), ...thinDataset('fluid', 'b')]);

function run(pod: PodView, o: Partial<Options> = {}): PodView {
  const out = injectPod(pod, state, opts(o));
  if (out.status !== 'injected') throw new Error(`not injected: ${JSON.stringify(out)}`);
  return out.pod;
}

const names = (cs: Container[] | undefined): string[] => (cs ?? []).map((c) => c.name);
const user = (name: string, mounts: string[] = []): Container => ({
  name,
  image: 'busybox',
  volumeMounts: mounts.map((v) => ({ name: v, mountPath: `/m/${v}` })),
});

describe('sidecarNumber (made collision-free)', () => {
  const pod = (containers: string[], init: string[] = []): PodView =>
    podMounting('fluid', [], { spec: { containers: containers.map((n) => user(n)), initContainers: init.map((n) => user(n)) } });
  const use = (usedInContainers: boolean, usedInInitContainers: boolean): DatasetUse => ({ volumes: ['v'], usedInContainers, usedInInitContainers });

  it('keeps the counted number when the names it needs are free', () => {
    expect(sidecarNumber(pod(['fluid-fuse-0', 'app']), 1, use(true, true), false)).toBe(1);
    // Only the names that will be added count: no init copy, so a taken init-fluid-fuse-0 is no clash.
    expect(sidecarNumber(pod(['app'], ['init-fluid-fuse-0']), 0, use(true, false), false)).toBe(0);
    expect(sidecarNumber(pod(['app'], ['init-fluid-fuse-0']), 0, use(true, true), true)).toBe(0);
    // Nothing is added: any number will do, the webhook's stays.
    expect(sidecarNumber(pod(['fluid-fuse-0']), 0, use(false, false), false)).toBe(0);
  });

  it.each([
    ['legacy, a fluid-fuse-1 container without fluid-fuse-0', ['fluid-fuse-1', 'app'], [], use(true, false), false, 1, 2],
    ['legacy, an init container named fluid-fuse-0 (not counted)', ['app'], ['fluid-fuse-0'], use(true, false), false, 0, 1],
    ['legacy, an init container named init-fluid-fuse-0', ['app'], ['init-fluid-fuse-0'], use(true, true), false, 0, 1],
    ['legacy, init copy only', ['app'], ['init-fluid-fuse-0', 'init-fluid-fuse-1'], use(false, true), false, 0, 2],
    ['native, an init container fluid-fuse-1 without fluid-fuse-0', ['app'], ['fluid-fuse-1'], use(true, false), true, 1, 2],
  ])('%s: the next free number', (_name, containers, init, u, native, counted, want) => {
    expect(sidecarNumber(pod(containers, init), counted, u, native)).toBe(want);
  });
});

describe('injection with taken sidecar names', () => {
  it('legacy: a user container fluid-fuse-1 pushes the sidecar to fluid-fuse-2 (volumes and labels follow)', () => {
    const p = podMounting('fluid', ['a']);
    p.spec.containers.push(user('fluid-fuse-1'));
    const out = run(p);
    expect(names(out.spec.containers)).toEqual(['fluid-fuse-2', 'app', 'fluid-fuse-1']);
    expect(out.spec.containers[0].volumeMounts!.map((m) => m.name)).toEqual(['data-2', 'fuse-device-2', 'thin-fuse-mount-2', 'default-check-mount-2']);
    expect(out.labels['dataset-name.sidecar.fluid.io/fluid-fuse-2']).toBe('a');
    expect(out.labels['dataset-name.sidecar.fluid.io/fluid-fuse-1']).toBeUndefined();
  });

  it('several datasets: each takes the next free number, after its own predecessors', () => {
    const p = podMounting('fluid', ['b', 'a']);
    p.spec.containers.push(user('fluid-fuse-1'));
    const out = run(p);
    expect(names(out.spec.containers)).toEqual(['fluid-fuse-3', 'fluid-fuse-2', 'app', 'fluid-fuse-1']);
    expect(out.labels['dataset-name.sidecar.fluid.io/fluid-fuse-2']).toBe('a');
    expect(out.labels['dataset-name.sidecar.fluid.io/fluid-fuse-3']).toBe('b');
  });

  it('legacy: init containers named fluid-fuse-0 and init-fluid-fuse-0 are taken names too', () => {
    const p = podMounting('fluid', ['a']);
    p.spec.initContainers = [user('fluid-fuse-0'), user('init-fluid-fuse-0', ['vol-a'])];
    const out = run(p);
    expect(names(out.spec.containers)).toEqual(['fluid-fuse-1', 'app']);
    expect(names(out.spec.initContainers)).toEqual(['init-fluid-fuse-1', 'fluid-fuse-0', 'init-fluid-fuse-0']);
  });

  it('native-sidecar: an init container fluid-fuse-1 without fluid-fuse-0', () => {
    const p = podMounting('fluid', ['a']);
    p.spec.initContainers = [user('fluid-fuse-1')];
    const out = run(p, { injectionMode: 'native-sidecar' });
    expect(names(out.spec.initContainers)).toEqual(['fluid-fuse-2', 'fluid-fuse-1']);
    expect(names(out.spec.containers)).toEqual(['app']);
  });
});
