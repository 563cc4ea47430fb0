import { csiConfig, csiConfigMap } from '../../test/support/juicefs';
import { ClusterContext } from './context';
import { readCsiConfig } from './csi-config';
import { JuiceFSError } from './errors';

function failure(text: string): string {
  try {
    csiConfig(text);
  } catch (e) {
    if (e instanceof JuiceFSError) return `${e.code} ${e.field} ${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('the CSI ConfigMap (§1.8)', () => {
  it('absent, empty or without config.yaml: the driver defaults', () => {
    expect(readCsiConfig(new ClusterContext([], 'default'))).toEqual({ mountPodPatch: [] });
    expect(csiConfig('')).toMatchObject({ mountPodPatch: [] });
  });

  it('reads the switches and the patches; empty lists and maps count as absent (the driver deep-copies with omitempty)', () => {
    const c = csiConfig('enableNativeSidecar: true\nenableSetQuota: false\nmountPodPatch:\n  - mountOptions: []\n    labels: {}\n    hostNetwork: false\n    resources: {}\n    resources2: ignored\n');
    expect(c.enableNativeSidecar).toBe(true);
    expect(c.enableSetQuota).toBe(false);
    expect(c.mountPodPatch).toEqual([{ hostNetwork: false, resources: {} }]);
  });

  it('quantities are parsed as the driver’s typed decoder does', () => {
    const c = csiConfig('mountPodPatch:\n  - resources:\n      limits: {cpu: 1000m, memory: 1024Mi}\n');
    expect(Object.keys(c.mountPodPatch[0].resources!.limits!)).toEqual(['cpu', 'memory']);
  });

  it('what the driver could not load is an error at data.config.yaml naming the path inside', () => {
    expect(failure('mountPodPatch: 3')).toBe('JFS-CSI-CONFIG data.config.yaml ConfigMap kube-system/juicefs-csi-driver-config: config.yaml: mountPodPatch must be a list');
    expect(failure('enableSetQuota: "no"')).toMatch(/enableSetQuota must be a boolean/);
    expect(failure('mountPodPatch:\n  - mountOptions: [1]')).toMatch(/mountPodPatch\[0\]\.mountOptions\[0\] must be a string/);
    expect(failure('mountPodPatch:\n  - resources: {limits: {cpu: lots}}')).toMatch(/mountPodPatch\[0\]\.resources\.limits\.cpu is not a quantity/);
    expect(failure('a: [')).toMatch(/is not YAML/);
  });

  it('the ConfigMap in two namespaces is ambiguous', () => {
    expect(() => readCsiConfig(new ClusterContext([csiConfigMap('', 'kube-system'), csiConfigMap('', 'juicefs')], 'default'))).toThrow(/more than one namespace/);
  });
});
