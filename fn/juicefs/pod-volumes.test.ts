import { pod } from '../../test/support/juicefs';
import { injectVolumes } from './pod-volumes';

describe('injectVolume (sidecar_test TestSidecarMutate_injectVolume)', () => {
  it('test-inject-volume: the PVC volume becomes the host directory, the sidecar volumes follow', () => {
    const p = pod([{ name: 'app-volume', claim: 'pvc-1' }]);
    injectVolumes(p, { profile: 'hostpath', pvcName: 'pvc-1', token: 'data', mountPointPath: '/var/lib/juicefs/volume', native: false, sidecarVolumes: [{ name: 'mount-volume', emptyDir: {} }] });
    expect(p.spec.volumes).toEqual([
      { name: 'app-volume', hostPath: { path: '/var/lib/juicefs/volume/data', type: 'DirectoryOrCreate' } },
      { name: 'mount-volume', emptyDir: {} },
    ]);
    expect(p.spec.containers[0].volumeMounts).toEqual([{ name: 'app-volume', mountPath: '/app-volume' }]);
  });

  it('test-not-inject-volume: an empty pod gets the sidecar volumes only', () => {
    const p = pod([], []);
    injectVolumes(p, { profile: 'hostpath', pvcName: 'pvc-1', token: 'data', mountPointPath: '/m', native: false, sidecarVolumes: [{ name: 'mount-volume' }] });
    expect(p.spec.volumes).toEqual([{ name: 'mount-volume' }]);
  });

  it('test-inject-volume-subpath: the sub path is not part of the host path (it goes into subdir=)', () => {
    const p = pod([{ name: 'app-volume', claim: 'pvc-1' }]);
    injectVolumes(p, { profile: 'hostpath', pvcName: 'pvc-1', token: 'data', mountPointPath: '/m', native: false, sidecarVolumes: [] });
    expect(p.spec.volumes?.[0]).toEqual({ name: 'app-volume', hostPath: { path: '/m/data', type: 'DirectoryOrCreate' } });
  });

  it('every volume of the PVC is replaced (readOnly dropped); jfs-dir/updatedb are shared with an earlier sidecar', () => {
    const p = pod([{ name: 'a', claim: 'c' }, { name: 'b', claim: 'c' }, { name: 'jfs-dir' }]);
    p.spec.volumes![0].persistentVolumeClaim!.readOnly = true;
    injectVolumes(p, { profile: 'serverless', pvcName: 'c', token: 'uid', mountPointPath: '/m', native: false, sidecarVolumes: [{ name: 'jfs-dir', hostPath: {} }, { name: 'x' }] });
    expect(p.spec.volumes).toEqual([{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }, { name: 'jfs-dir', emptyDir: {} }, { name: 'x' }]);
    expect(p.spec.containers[0].volumeMounts?.map((m) => m.mountPropagation)).toEqual(['HostToContainer', 'HostToContainer', undefined]);
  });

  it('CCI: the csi source with the bare directory, app mounts None; init containers only in native mode', () => {
    const make = () => {
      const p = pod([{ name: 'a', claim: 'c' }]);
      p.spec.initContainers = [{ name: 'init', volumeMounts: [{ name: 'a', mountPath: '/a' }] }];
      return p;
    };
    const legacy = make();
    injectVolumes(legacy, { profile: 'cci', pvcName: 'c', token: 'uid-1', mountPointPath: '/m', native: false, sidecarVolumes: [] });
    expect(legacy.spec.volumes?.[0]).toEqual({ name: 'a', csi: { driver: 'juicefs.csi.everest.io', fsType: 'gpath', volumeAttributes: { mountpoint: 'uid-1' } } });
    expect(legacy.spec.containers[0].volumeMounts?.[0].mountPropagation).toBe('None');
    expect(legacy.spec.initContainers?.[0].volumeMounts?.[0].mountPropagation).toBeUndefined();
    const native = make();
    injectVolumes(native, { profile: 'cci', pvcName: 'c', token: 'uid-1', mountPointPath: '/m', native: true, sidecarVolumes: [] });
    expect(native.spec.initContainers![0].volumeMounts?.[0].mountPropagation).toBe('None');
  });
});
