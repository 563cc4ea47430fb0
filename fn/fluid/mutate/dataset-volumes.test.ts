import { datasetHostPath, insertUniqueDir, podRef, replaceDatasetVolumes, uniqueDir } from './dataset-volumes';
import type { RuntimeInfo } from './runtime-info';

const info: RuntimeInfo = {
  pvcName: 'test-dataset',
  datasetName: 'test-dataset',
  datasetNamespace: 'fluid',
  datasetUid: '',
  type: 'thin',
  scrapeSidecar: false,
};

describe('random-suffix', () => {
  it('pod ref falls back to generateName + "--generate-name"', () => {
    expect(podRef({ name: 'test-pod' })).toBe('test-pod');
    expect(podRef({ generateName: 'mypod-' })).toBe('mypod---generate-name');
    expect(podRef({})).toBe('--generate-name');
  });
  it('unique dir is <podRef>/0-<8 hex>, stable, and keyed by seed and identity', () => {
    const a = uniqueDir('', 'fluid', 'test-pod', info);
    expect(a).toMatch(/^test-pod\/0-[0-9a-f]{8}$/);
    expect(uniqueDir('', 'fluid', 'test-pod', info)).toBe(a);
    expect(uniqueDir('salt', 'fluid', 'test-pod', info)).not.toBe(a);
    expect(uniqueDir('', 'fluid', 'other-pod', info)).not.toBe(a);
    expect(uniqueDir('', 'fluid', 'test-pod', { ...info, pvcName: 'other' })).not.toBe(a);
  });
  it('inserts the dir before the last component and cleans the path (test regex of the webhook)', () => {
    const p = insertUniqueDir('/runtime-mnt/thin/fluid/test-dataset/thin-fuse', 'test-pod/0-1234abcd');
    expect(p).toMatch(/^\/runtime-mnt\/thin\/fluid\/test-dataset\/test-pod\/\d+-[0-9a-z]{1,8}\/thin-fuse$/);
    expect(insertUniqueDir('/a//b/', 'u/0-1')).toBe('/a/b/u/0-1');
  });
  it('rejects a host path without a slash (host-path-invalid)', () => {
    expect(() => insertUniqueDir('relative', 'u')).toThrow('unsupported host mount path format: relative');
  });
  it('appends the sub path after the unique dir', () => {
    const mount = { hostMountPath: '/r/ns/ds/thin-fuse', fsType: 'thin', subPath: 'path-a', containerMountPath: '/r/' };
    expect(datasetHostPath(mount, undefined)).toBe('/r/ns/ds/thin-fuse/path-a');
    expect(datasetHostPath(mount, 'p/0-00000000')).toBe('/r/ns/ds/p/0-00000000/thin-fuse/path-a');
  });
});

describe('replaceDatasetVolumes', () => {
  it('replaces every volume of the claim in place, drops readOnly, forces HostToContainer, reports use', () => {
    const spec = {
      initContainers: [{ name: 'init', volumeMounts: [{ name: 'b', mountPath: '/b', mountPropagation: 'None' }] }],
      containers: [{ name: 'app', volumeMounts: [{ name: 'a', mountPath: '/a' }, { name: 'other', mountPath: '/o' }] }],
      volumes: [
        { name: 'a', persistentVolumeClaim: { claimName: 'ds', readOnly: true } },
        { name: 'other', emptyDir: {} },
        { name: 'b', persistentVolumeClaim: { claimName: 'ds' } },
      ],
    };
    const use = replaceDatasetVolumes(spec, 'ds', '/host/path');
    expect(spec.volumes).toEqual([
      { name: 'a', hostPath: { path: '/host/path' } },
      { name: 'other', emptyDir: {} },
      { name: 'b', hostPath: { path: '/host/path' } },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'a', mountPath: '/a', mountPropagation: 'HostToContainer' },
      { name: 'other', mountPath: '/o' },
    ]);
    expect(spec.initContainers[0].volumeMounts[0].mountPropagation).toBe('HostToContainer');
    expect(use).toEqual({ volumes: ['a', 'b'], usedInContainers: true, usedInInitContainers: true });
  });
});
