// Which of a pod's volumes are JuiceFS volumes (§1.4, `GetVolumes`): every `persistentVolumeClaim`
// volume, in pod-volume order, is looked up (a missing PVC fails even when it is not JuiceFS); a PVC
// is JuiceFS when its bound PV's CSI driver is the JuiceFS driver. A JuiceFS StorageClass makes an
// unbound PVC an error.
import { isObject } from '../types';
import type { KubeObject } from '../types';
import type { ClusterContext } from './context';
import { jfsError, notFound } from './errors';
import type { Pod } from './workloads';

export interface JuiceFSVolume {
  /** index of the pod volume in `spec.volumes` */
  volumeIndex: number;
  pvc: KubeObject;
  pv: KubeObject;
}

export interface PodVolumes {
  volumes: JuiceFSVolume[];
  /** things worth an info result (unbound PVCs whose StorageClass is not in the input) */
  notes: string[];
}

function specOf(obj: KubeObject): Record<string, unknown> {
  return isObject(obj.spec) ? obj.spec : {};
}

/**
 * The JuiceFS volumes of `pod`, or a JuiceFSError (E1, E3, E4) whose field is relative to the pod
 * and whose message names the PVC or PV.
 */
export function juiceFSVolumesOf(pod: Pod, namespace: string, context: ClusterContext, driverName: string): PodVolumes {
  const out: PodVolumes = { volumes: [], notes: [] };
  (pod.spec.volumes ?? []).forEach((volume, volumeIndex) => {
    const claim = volume.persistentVolumeClaim;
    if (!claim) return;
    const field = `spec.volumes[${volumeIndex}].persistentVolumeClaim.claimName`;
    const pvcEntry = context.get('PersistentVolumeClaim', namespace, claim.claimName);
    if (!pvcEntry) {
      throw jfsError('E1', `${notFound('persistentvolumeclaims', claim.claimName)} in namespace ${namespace} (volume "${volume.name}")`, {
        field,
        hint: 'add the PersistentVolumeClaim to the input, e.g. from export-context --juicefs',
      });
    }
    const pvc = pvcEntry.object;
    const spec = specOf(pvc);
    let byClass = false;
    const className = typeof spec.storageClassName === 'string' ? spec.storageClassName : '';
    if (className !== '') {
      // A StorageClass that does not exist is tolerated (a static PVC may name one).
      const sc = context.get('StorageClass', '', className);
      if (sc && sc.object.provisioner === driverName) byClass = true;
      else if (!sc && !spec.volumeName) out.notes.push(`PVC ${namespace}/${claim.claimName} is not bound and its StorageClass ${className} is not in the input: not treated as JuiceFS`);
    }
    const volumeName = typeof spec.volumeName === 'string' ? spec.volumeName : '';
    if (volumeName === '') {
      if (byClass) throw jfsError('E3', `pvc ${claim.claimName} is not bound`, { field, hint: `PVC ${namespace}/${claim.claimName} has no spec.volumeName; add its bound PV (dynamic PVs exist only once provisioned)` });
      return;
    }
    const pvEntry = context.get('PersistentVolume', '', volumeName);
    if (!pvEntry) {
      throw jfsError('E4', `${notFound('persistentvolumes', volumeName)} (bound to PVC ${namespace}/${claim.claimName})`, {
        field,
        hint: 'add the PersistentVolume to the input',
      });
    }
    const pvSpec = specOf(pvEntry.object);
    // A JuiceFS-class PVC bound to a PV of another driver is silently skipped, as in the driver.
    if (isObject(pvSpec.csi) && pvSpec.csi.driver === driverName) out.volumes.push({ volumeIndex, pvc, pv: pvEntry.object });
  });
  return out;
}
