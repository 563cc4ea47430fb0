import { pod } from '../../test/support/juicefs';
import type { JsonObject } from '../types';
import { deduplicate } from './clashes';
import type { MountSidecar } from './container';

function sidecar(volumes: string[], mounts = volumes): MountSidecar {
  return {
    container: { name: 'jfs-mount', volumeMounts: mounts.map((name) => ({ name, mountPath: `/${name}` })) },
    volumes: volumes.map((name) => ({ name, emptyDir: {} })),
    annotations: {},
  };
}

describe('Deduplicate (sidecar_test TestSidecarMutate_Deduplicate)', () => {
  it('test-no-duplicate: an empty pod, round 0', () => {
    const s = sidecar([]);
    deduplicate(pod([], []), s, 0, false);
    expect(s.container.name).toBe('jfs-mount');
  });

  it('test-cn-duplicate: the pod has jfs-mount, round 1 → jfs-mount-1', () => {
    const s = sidecar([]);
    deduplicate(pod([], [{ name: 'jfs-mount' }]), s, 1, false);
    expect(s.container.name).toBe('jfs-mount-1');
  });

  it('test-volume-duplicate: container and volume `dir` taken → jfs-mount-1 and jfs-mount-1-dir', () => {
    const s = sidecar(['dir']);
    deduplicate(pod([{ name: 'dir' }], [{ name: 'jfs-mount' }]), s, 1, false);
    expect(s.container.name).toBe('jfs-mount-1');
    expect(s.volumes[0].name).toBe('jfs-mount-1-dir');
    expect((s.container.volumeMounts as JsonObject[])[0].name).toBe('jfs-mount-1-dir');
  });

  it('native mode compares with initContainers; jfs-dir and updatedb are never renamed', () => {
    const p = pod([{ name: 'jfs-dir' }, { name: 'updatedb' }], [{ name: 'jfs-mount' }]);
    p.spec.initContainers = [{ name: 'other' }];
    const s = sidecar(['jfs-dir', 'updatedb']);
    deduplicate(p, s, 1, true);
    expect(s.container.name).toBe('jfs-mount');
    expect(s.volumes.map((v) => v.name)).toEqual(['jfs-dir', 'updatedb']);
  });

  it('containers are compared one after another against the current name', () => {
    const s = sidecar([]);
    deduplicate(pod([], [{ name: 'jfs-mount' }, { name: 'jfs-mount-2' }]), s, 2, false);
    expect(s.container.name).toBe('jfs-mount-2-2');
  });

  it('a clashing volume without a mount of its name renames the first mount (the driver keeps index 0)', () => {
    const s = sidecar(['a', 'b'], ['a']);
    deduplicate(pod([{ name: 'b' }], []), s, 0, false);
    expect(s.volumes.map((v) => v.name)).toEqual(['a', 'jfs-mount-b']);
    expect((s.container.volumeMounts as JsonObject[]).map((m) => m.name)).toEqual(['jfs-mount-b']);
  });
});
