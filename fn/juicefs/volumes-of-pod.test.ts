import { pod, pv, pvc, storageClass } from '../../test/support/juicefs';
import type { KubeObject } from '../types';
import { ClusterContext } from './context';
import { JuiceFSError } from './errors';
import { juiceFSVolumesOf } from './volumes-of-pod';

function volumesOf(objects: KubeObject[], volumes: { name: string; claim?: string }[]) {
  return juiceFSVolumesOf(pod(volumes), 'ns', new ClusterContext(objects, 'default'), 'csi.juicefs.com');
}

function errorOf(f: () => unknown): { code: string; message: string; field?: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof JuiceFSError) return { code: e.code, message: e.message, field: e.field };
    throw e;
  }
  throw new Error('no error');
}

describe('GetVolumes (volume_test TestGetVolumes)', () => {
  it('a PVC bound to a JuiceFS PV is used; one bound to a hostPath PV is not', () => {
    const hostPathPv: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'hp' }, spec: { hostPath: { path: '/x' } } };
    const r = volumesOf([pvc('a', 'ns', { volumeName: 'pa' }), pv('pa'), pvc('b', 'ns', { volumeName: 'hp' }), hostPathPv], [{ name: 'va', claim: 'a' }, { name: 'vb', claim: 'b' }, { name: 'e' }]);
    expect(r.volumes.map((v) => [v.volumeIndex, v.pvc.metadata.name, v.pv.metadata.name])).toEqual([[0, 'a', 'pa']]);
  });

  it('two JuiceFS volumes give two pairs in pod-volume order; one PVC behind two volumes gives two', () => {
    const objects = [pvc('a', 'ns', { volumeName: 'pa' }), pv('pa'), pvc('b', 'ns', { volumeName: 'pb' }), pv('pb')];
    expect(volumesOf(objects, [{ name: 'v1', claim: 'b' }, { name: 'v2', claim: 'a' }]).volumes.map((v) => v.pvc.metadata.name)).toEqual(['b', 'a']);
    expect(volumesOf(objects, [{ name: 'v1', claim: 'a' }, { name: 'v2', claim: 'a' }]).volumes.map((v) => v.volumeIndex)).toEqual([0, 1]);
  });

  it('a PVC naming a StorageClass that does not exist is still used when bound to a JuiceFS PV', () => {
    expect(volumesOf([pvc('a', 'ns', { volumeName: 'pa', storageClassName: 'fake' }), pv('pa')], [{ name: 'v', claim: 'a' }]).volumes).toHaveLength(1);
  });

  it('E1: any PVC of the pod missing, JuiceFS or not', () => {
    expect(errorOf(() => volumesOf([], [{ name: 'v', claim: 'gone' }]))).toEqual({
      code: 'E1',
      message: 'persistentvolumeclaims "gone" not found in namespace ns (volume "v")',
      field: 'spec.volumes[0].persistentVolumeClaim.claimName',
    });
  });

  it('E3: an unbound PVC of a JuiceFS StorageClass; other unbound PVCs are skipped', () => {
    const sc = storageClass('jfs', 'csi.juicefs.com');
    expect(errorOf(() => volumesOf([sc, pvc('a', 'ns', { volumeName: '', storageClassName: 'jfs' })], [{ name: 'v', claim: 'a' }])).message).toBe('pvc a is not bound');
    const other = volumesOf([storageClass('ebs', 'ebs.csi.aws.com'), pvc('a', 'ns', { volumeName: '', storageClassName: 'ebs' })], [{ name: 'v', claim: 'a' }]);
    expect(other).toEqual({ volumes: [], notes: [] });
    const unknown = volumesOf([pvc('a', 'ns', { volumeName: '', storageClassName: 'missing' })], [{ name: 'v', claim: 'a' }]);
    expect(unknown.notes).toEqual(['PVC ns/a is not bound and its StorageClass missing is not in the input: not treated as JuiceFS']);
  });

  it('E4: the bound PV is missing', () => {
    expect(errorOf(() => volumesOf([pvc('a', 'ns', { volumeName: 'pa' })], [{ name: 'v', claim: 'a' }])).code).toBe('E4');
  });

  it('a JuiceFS-class PVC bound to another driver is skipped; the driver name is configurable', () => {
    const objects = [storageClass('jfs', 'csi.juicefs.com'), pvc('a', 'ns', { volumeName: 'pa', storageClassName: 'jfs' }), pv('pa', { driver: 'other.csi' })];
    expect(volumesOf(objects, [{ name: 'v', claim: 'a' }]).volumes).toEqual([]);
    const custom = juiceFSVolumesOf(pod([{ name: 'v', claim: 'a' }]), 'ns', new ClusterContext(objects, 'default'), 'other.csi');
    expect(custom.volumes).toHaveLength(1);
  });
});
