import { csiConfig, settingsFor } from '../../test/support/juicefs';
import { cacheVolumes } from './cache-dirs';
import { JuiceFSError } from './errors';

describe('GenCacheDirs (§3.4)', () => {
  it('test-all-cachedir-types-together: PVC, emptyDir, ephemeral, host path, in that order', () => {
    const config = csiConfig({
      mountPodPatch: [
        {
          cacheDirs: [
            { type: 'HostPath', path: '/data/cache' },
            { type: 'Ephemeral', storage: '30Gi' },
            { type: 'EmptyDir', medium: 'Memory', sizeLimit: '1Gi' },
            { type: 'PVC', name: 'cache-pvc' },
          ],
        },
      ],
    });
    const s = settingsFor({ config });
    expect(s.options).toEqual(['cache-dir=/var/jfsCache-0:/var/jfsCache-emptyDir:/var/jfsCache-ephemeral-0:/data/cache']);
    expect(s.cacheDirs).toEqual(['/data/cache']);
  });

  it('nothing at all: the default host path, no cache-dir option', () => {
    const s = settingsFor();
    expect(s.options).toEqual([]);
    expect(s.cacheDirs).toEqual(['/var/jfsCache']);
  });

  it('the cache-dir option: its dirs are host paths except `memory`; duplicates dropped', () => {
    const s = settingsFor({ options: ['cache-dir=/a:memory:/a', 'x'] });
    expect(s.options).toEqual(['x', 'cache-dir=/a:memory']);
    expect(s.cacheDirs).toEqual(['/a']);
  });

  it('volume attributes: PVC list (untrimmed entries, skipped empties keep their index), emptyDir Medium:size, inline CSI JSON', () => {
    const s = settingsFor({
      volCtx: {
        'juicefs/mount-cache-pvc': 'a,,b',
        'juicefs/mount-cache-emptydir': 'Memory:2Gi',
        'juicefs/mount-cache-inline-volume': '[{"driver":"x.csi","volumeAttributes":{"k":"v"}}]',
      },
    });
    expect(s.cachePvcs).toEqual([
      { pvcName: 'a', path: '/var/jfsCache-0' },
      { pvcName: 'b', path: '/var/jfsCache-2' },
    ]);
    expect(s.options).toEqual(['cache-dir=/var/jfsCache-0:/var/jfsCache-2:/var/jfsCache-emptyDir:/var/jfsCache-inlineVolume-0']);
    const { volumes, mounts } = cacheVolumes(s, { hostPaths: true, selectedNode: 'n' });
    expect(volumes).toEqual([
      { name: 'cachedir-pvc-0', persistentVolumeClaim: { claimName: 'a' } },
      { name: 'cachedir-pvc-1', persistentVolumeClaim: { claimName: 'b' } },
      { name: 'cachedir-empty-dir', emptyDir: { medium: 'Memory', sizeLimit: '2Gi' } },
      { name: 'cachedir-inline-volume-0', csi: { driver: 'x.csi', volumeAttributes: { k: 'v' } } },
    ]);
    expect(mounts.map((m) => m.mountPath)).toEqual(['/var/jfsCache-0', '/var/jfsCache-2', '/var/jfsCache-emptyDir', '/var/jfsCache-inlineVolume-0']);
  });

  it('an emptyDir without a size gets sizeLimit "0", as the driver always writes one; the patch overrides the attribute', () => {
    expect(cacheVolumes(settingsFor({ volCtx: { 'juicefs/mount-cache-emptydir': 'Memory' } }), { hostPaths: false }).volumes).toEqual([
      { name: 'cachedir-empty-dir', emptyDir: { medium: 'Memory', sizeLimit: '0' } },
    ]);
    const config = csiConfig({ mountPodPatch: [{ cacheDirs: [{ type: 'EmptyDir', sizeLimit: '1Gi' }] }] });
    expect(cacheVolumes(settingsFor({ config, volCtx: { 'juicefs/mount-cache-emptydir': 'Memory:5Gi' } }), { hostPaths: false }).volumes).toEqual([
      { name: 'cachedir-empty-dir', emptyDir: { sizeLimit: '1Gi' } },
    ]);
  });

  it('serverless: ephemeral volume without host paths or selected node (Test_serverless_getCacheDirVolumes_ephemeral)', () => {
    const config = csiConfig({ mountPodPatch: [{ cacheDirs: [{ type: 'Ephemeral', storageClassName: 'gp3', storage: '30Gi', accessModes: ['ReadWriteOnce'] }] }] });
    const { volumes, mounts } = cacheVolumes(settingsFor({ config }), { hostPaths: false });
    expect(volumes).toEqual([
      {
        name: 'cachedir-ephemeral-0',
        ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: '30Gi' } } } } },
      },
    ]);
    expect(mounts).toEqual([{ name: 'cachedir-ephemeral-0', mountPath: '/var/jfsCache-ephemeral-0' }]);
  });

  it('hostpath profile: host path caches first, templates expanded; ephemeral claims carry the webhook node; access modes default to RWO', () => {
    const config = csiConfig({ mountPodPatch: [{ mountOptions: ['cache-dir=/var/jfsCache/${VOLUME_ID}'], cacheDirs: [{ type: 'Ephemeral', storage: '1Gi' }] }] });
    const s = settingsFor({ config, volumeHandle: 'pvc-93d98c03' });
    const { volumes } = cacheVolumes(s, { hostPaths: true, selectedNode: 'node-a' });
    expect(volumes[0]).toEqual({ name: 'cachedir-0', hostPath: { path: '/var/jfsCache/pvc-93d98c03', type: 'DirectoryOrCreate' } });
    expect(volumes[1].ephemeral).toEqual({
      volumeClaimTemplate: { metadata: { annotations: { 'volume.kubernetes.io/selected-node': 'node-a' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    });
  });

  it('E13: a bad emptyDir size, a bad inline JSON (also when empty), Ephemeral without storage, patch EmptyDir without size', () => {
    const e13 = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        if (e instanceof JuiceFSError) return `${e.code} ${e.message}`;
        throw e;
      }
      return 'no error';
    };
    expect(e13(() => settingsFor({ volCtx: { 'juicefs/mount-cache-emptydir': 'Memory:lots' } }))).toMatch(/^E13 genCacheDirs error: quantities must match/);
    expect(e13(() => settingsFor({ volCtx: { 'juicefs/mount-cache-inline-volume': '' } }))).toMatch(/^E13 genCacheDirs error: parse cache inline volume error/);
    expect(e13(() => settingsFor({ volCtx: { 'juicefs/mount-cache-inline-volume': '{}' } }))).toMatch(/^E13/);
    expect(e13(() => settingsFor({ config: csiConfig({ mountPodPatch: [{ cacheDirs: [{ type: 'Ephemeral' }] }] }) }))).toBe(
      'E13 genCacheDirs error: cacheDirs: Ephemeral entry requires a non-zero "storage" value',
    );
    expect(e13(() => settingsFor({ config: csiConfig({ mountPodPatch: [{ cacheDirs: [{ type: 'EmptyDir' }] }] }) }))).toMatch(/^E13 .*sizeLimit/);
  });
});
