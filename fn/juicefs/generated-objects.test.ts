import { pvc } from '../../test/support/juicefs';
import type { KubeObject } from '../types';
import { CHECK_MOUNT_SCRIPT } from './check-script';
import { ClusterContext } from './context';
import { checkVolumeSource, GeneratedObjects, generatedSecret } from './generated-objects';

describe('generated objects (A3, §6)', () => {
  it('the check volume: the generated Secret (emit) or the ConfigMap (external), mode 0755', () => {
    expect(checkVolumeSource('emit', 'a-jfs-secret')).toEqual({ secret: { secretName: 'a-jfs-secret', items: [{ key: 'check_mount.sh', path: 'check_mount.sh' }], defaultMode: 493 } });
    expect(checkVolumeSource('external', 'a-jfs-secret')).toEqual({ configMap: { name: 'juicefs-check-mount', items: [{ key: 'check_mount.sh', path: 'check_mount.sh' }], defaultMode: 493 } });
  });

  it('the webhook’s Secret: label, owner reference only with a PVC uid, sorted stringData with the script', () => {
    const s = generatedSecret({ namespace: 'ns', name: 'a-jfs-secret', pvc: pvc('a', 'ns', { uid: 'u-1' }), data: { token: 't', metaurl: 'm' } });
    expect(s.metadata).toEqual({
      name: 'a-jfs-secret',
      namespace: 'ns',
      labels: { 'juicefs/secret': 'true' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'a', uid: 'u-1', controller: true }],
    });
    expect(Object.keys(s.stringData as object)).toEqual(['check_mount.sh', 'metaurl', 'token']);
    expect(generatedSecret({ namespace: 'ns', name: 'b-jfs-secret', pvc: pvc('b', 'ns'), data: {} }).metadata.ownerReferences).toBeUndefined();
  });

  it('an input Secret of that name is left alone when equal, else its data replaced whole (labels kept), as createOrUpdateSecret does', () => {
    const desired = generatedSecret({ namespace: 'ns', name: 'a-jfs-secret', pvc: pvc('a', 'ns'), data: { metaurl: 'm' } });
    const same: KubeObject = { ...desired, metadata: { ...desired.metadata } };
    const stale: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a-jfs-secret', namespace: 'ns', labels: { mine: 'x' } }, data: { old: Buffer.from('v').toString('base64') } };
    const req = { namespace: 'ns', name: 'a-jfs-secret', pvc: pvc('a', 'ns'), data: { metaurl: 'm' } };
    const run = (existing: KubeObject) => {
      const g = new GeneratedObjects(new ClusterContext([existing], 'default'));
      g.needSecret(req, 0);
      return g.build();
    };
    expect(run(same)).toEqual({ added: [], updated: [] });
    const { updated } = run(stale);
    expect(updated[0].object).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a-jfs-secret', namespace: 'ns', labels: { mine: 'x' } }, stringData: { 'check_mount.sh': CHECK_MOUNT_SCRIPT, metaurl: 'm' } });
  });
});
