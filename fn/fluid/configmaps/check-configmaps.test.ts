import type { KubeObject } from '../../types';
import { ClusterState } from '../state/cluster-state';
import { DEVELOPMENT_PROFILE } from '../versions';
import { ConfigMapLedger, isEmittedCheckConfigMap } from './check-configmaps';

/** A check ConfigMap exactly as this function emits it. */
function emitted(): KubeObject {
  const ledger = new ConfigMapLedger(new ClusterState([], 'default', () => false), DEVELOPMENT_PROFILE);
  ledger.apply({ kind: 'sidecar', namespace: 'ns', name: 'ds-alluxio-fuse-check-mount', datasetId: 'ns-ds' });
  const [cm] = [...ledger.created.values()];
  return cm;
}

describe('a check ConfigMap this function emitted (what an uninject may remove)', () => {
  it('is one with a check name and one known script, not read from a cluster', () => {
    expect(isEmittedCheckConfigMap(emitted())).toBe(true);
    const edited = emitted();
    edited.data = { ...(edited.data as Record<string, string>), extra: 'x' };
    expect(isEmittedCheckConfigMap(edited)).toBe(false);
  });

  it.each([
    ['uid', { uid: 'u-1' }],
    ['resourceVersion', { resourceVersion: '7' }],
    ['creationTimestamp', { creationTimestamp: '2026-01-01T00:00:00Z' }],
    ['managedFields', { managedFields: [] }],
  ])('one with metadata.%s was read from a cluster: not ours to remove (the same rule as JuiceFS)', (_field, extra) => {
    const cm = emitted();
    cm.metadata = { ...cm.metadata, ...extra };
    expect(isEmittedCheckConfigMap(cm)).toBe(false);
  });

  it('so is one with a status', () => {
    expect(isEmittedCheckConfigMap({ ...emitted(), status: {} })).toBe(false);
  });
});
