import { podMounting } from '../../../test/support/fixtures';
import { DEFAULT_OPTIONS } from '../config/options';
import { InjectError } from '../errors';
import { filePrefetcherPlugin } from './file-prefetcher';
import type { PodView } from '../../krm/workloads/pod-spec';
import type { RuntimeInfo } from './runtime-info';

const infos = new Map<string, RuntimeInfo>([
  ['ds', { pvcName: 'ds', datasetName: 'ds', datasetNamespace: 'ns', datasetUid: '', type: 'thin', scrapeSidecar: false }],
]);
const options = { ...DEFAULT_OPTIONS, filePrefetcherImage: 'pf:1' };

function pod(): PodView {
  return podMounting('ns', ['ds'], { annotations: { 'file-prefetcher.fluid.io/inject': 'true' } });
}

function clash(p: PodView): InjectError {
  try {
    filePrefetcherPlugin(p, infos, options);
  } catch (e) {
    if (e instanceof InjectError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('filePrefetcherPlugin: its container and volume names must be free', () => {
  it('adds the container and the status volume once; a second run (inject-done) changes nothing', () => {
    const p = pod();
    filePrefetcherPlugin(p, infos, options);
    expect(p.spec.containers.map((c) => c.name)).toEqual(['fluid-file-prefetcher', 'app']);
    expect(p.spec.volumes!.map((v) => v.name)).toEqual(['vol-ds', 'fluid-file-prefetcher-status-vol']);
    const again = structuredClone(p);
    filePrefetcherPlugin(again, infos, options);
    expect(again).toEqual(p);
  });

  it.each([
    ['containers', (p: PodView) => p.spec.containers.push({ name: 'fluid-file-prefetcher', image: 'mine' }), 'spec.containers[1].name', 'container'],
    ['initContainers', (p: PodView) => (p.spec.initContainers = [{ name: 'fluid-file-prefetcher', image: 'mine' }]), 'spec.initContainers[0].name', 'init container'],
    ['volumes', (p: PodView) => p.spec.volumes!.push({ name: 'fluid-file-prefetcher-status-vol', emptyDir: {} }), 'spec.volumes[1].name', 'volume'],
  ])('a name taken in %s is an error naming the field (the webhook would duplicate it)', (_where, take, field, what) => {
    const p = pod();
    take(p);
    const before = structuredClone(p);
    const e = clash(p);
    expect(e.field).toBe(field);
    expect(e.rejects).toBe(true);
    expect(e.message).toContain(`file prefetcher: ${what} name "fluid-file-prefetcher`);
    expect(e.message).toContain(`is already taken by the pod's own ${what}`);
    expect(p).toEqual(before);
  });
});
