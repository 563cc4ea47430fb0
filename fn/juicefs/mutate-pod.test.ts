import { CE_SECRET, csiConfigMap, namespace, NO_CONFIG, pod, pv, pvc, secret } from '../../test/support/juicefs';
import type { JsonObject, KubeObject } from '../types';
import { DEFAULT_OPTIONS } from './config';
import type { JuiceFSOptions } from './config';
import { ClusterContext } from './context';
import { readCsiConfig } from './csi-config';
import { JuiceFSError } from './errors';
import { mutatePod } from './mutate-pod';
import type { PodOutcome, Webhook } from './mutate-pod';
import type { Pod } from './workloads';

const WORLD: KubeObject[] = [
  namespace('ns', { 'juicefs.com/enable-injection': 'true' }),
  secret('jfs-secret', 'default', CE_SECRET),
  pv('pa'),
  pv('pb'),
  pvc('a', 'ns', { volumeName: 'pa', uid: 'uid-a' }),
  pvc('b', 'ns', { volumeName: 'pb' }),
];

function run(p: Pod, o: { webhook?: Webhook; native?: boolean; objects?: KubeObject[]; options?: Partial<JuiceFSOptions>; annotations?: Record<string, string> } = {}): PodOutcome {
  const objects = o.objects ?? WORLD;
  const context = new ClusterContext(objects, 'default');
  const workload: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'ns', annotations: o.annotations ?? {} }, spec: {} };
  return mutatePod({
    target: { itemIndex: 0, workload, workloadPath: [], namespace: 'ns', podPath: ['spec', 'template'], isTemplate: true },
    pod: p,
    webhook: o.webhook ?? 'hostpath',
    native: o.native ?? false,
    context,
    csi: objects.some((x) => x.kind === 'ConfigMap') ? readCsiConfig(context) : NO_CONFIG,
    options: { ...DEFAULT_OPTIONS, ...(o.options ?? {}) },
    images: { ce: 'juicedata/mount:ce-nightly', ee: 'juicedata/mount:ee-nightly' },
  });
}

function injected(outcome: PodOutcome): Extract<PodOutcome, { status: 'injected' }> {
  if (outcome.status !== 'injected') throw new Error(`not injected: ${JSON.stringify(outcome)}`);
  return outcome;
}

function errorOf(f: () => unknown): JuiceFSError {
  try {
    f();
  } catch (e) {
    if (e instanceof JuiceFSError) return e;
    throw e;
  }
  throw new Error('no error');
}

const names = (list: unknown): string[] => ((list as JsonObject[]) ?? []).map((x) => String(x.name));

describe('handler checks (§2.2)', () => {
  it('the done and disable labels skip, with the exact value "true" only', () => {
    const p = pod([{ name: 'd', claim: 'a' }]);
    p.labels['done.sidecar.juicefs.com/inject'] = 'true';
    expect(run(p).status).toBe('skipped');
    p.labels = { 'disable.sidecar.juicefs.com/inject': 'true' };
    expect(run(p).status).toBe('skipped');
    p.labels = { 'disable.sidecar.juicefs.com/inject': 'True' };
    expect(run(p).status).toBe('injected');
  });

  it('no JuiceFS volume: nothing to do', () => {
    expect(run(pod([{ name: 'e' }])).status).toBe('no-juicefs');
  });

  it('a pod that declares the PVC but mounts it nowhere still gets a sidecar', () => {
    expect(injected(run(pod([{ name: 'd', claim: 'a' }], []))).sidecars).toHaveLength(1);
  });
});

describe('placement (§4.7, §7)', () => {
  it('legacy: the sidecar is containers[0] (injectContainer test), label added, no annotations', () => {
    const out = injected(run(pod([{ name: 'd', claim: 'a' }])));
    expect(names(out.pod.spec.containers)).toEqual(['jfs-mount', 'app']);
    expect(out.pod.labels).toEqual({ 'done.sidecar.juicefs.com/inject': 'true' });
    expect(out.pod.annotations).toEqual({});
  });

  it('native, two PVCs: the last sidecar first in initContainers, restartPolicy Always; the second is renamed and its volumes prefixed', () => {
    const p = pod([{ name: 'd1', claim: 'a' }, { name: 'd2', claim: 'b' }]);
    p.spec.initContainers = [{ name: 'init', volumeMounts: [{ name: 'd1', mountPath: '/d1' }] }];
    const out = injected(run(p, { native: true }));
    expect(names(out.pod.spec.initContainers)).toEqual(['jfs-mount-1', 'jfs-mount', 'init']);
    expect(out.pod.spec.initContainers![0].restartPolicy).toBe('Always');
    expect(names(out.pod.spec.containers)).toEqual(['app']);
    expect(names(out.pod.spec.volumes)).toEqual(['d1', 'd2', 'jfs-dir', 'updatedb', 'cachedir-0', 'jfs-check-mount', 'jfs-mount-1-cachedir-0', 'jfs-mount-1-jfs-check-mount']);
    expect(names(out.pod.spec.initContainers![0].volumeMounts)).toEqual(['jfs-dir', 'updatedb', 'jfs-mount-1-cachedir-0', 'jfs-mount-1-jfs-check-mount']);
    expect(out.sidecars.map((s) => s.mountDir)).toEqual(expect.arrayContaining([expect.stringMatching(/^[a-z]{6}$/)]));
  });

  it('the mount-dir annotation names the hostpath directories', () => {
    const out = injected(run(pod([{ name: 'd1', claim: 'a' }, { name: 'd2', claim: 'b' }]), { annotations: { 'juicefs.fn.fluid.io/mount-dir': 'abcdef,ghijkl' } }));
    expect(out.pod.spec.volumes?.slice(0, 2)).toEqual([
      { name: 'd1', hostPath: { path: '/var/lib/juicefs/volume/abcdef', type: 'DirectoryOrCreate' } },
      { name: 'd2', hostPath: { path: '/var/lib/juicefs/volume/ghijkl', type: 'DirectoryOrCreate' } },
    ]);
  });

  it('one PVC behind two volumes: hostpath gives two sidecars; serverless is an error (a nameless mount)', () => {
    const p = pod([{ name: 'd1', claim: 'a' }, { name: 'd2', claim: 'a' }]);
    expect(names(injected(run(p)).pod.spec.containers)).toEqual(['jfs-mount-1', 'jfs-mount', 'app']);
    expect(errorOf(() => run(p, { webhook: 'serverless' })).code).toBe('JFS-SHARED-PVC');
  });
});

describe('serverless builders (§4.3)', () => {
  it('generic: the PVC uid is the directory, else the name', () => {
    const out = injected(run(pod([{ name: 'd1', claim: 'a' }, { name: 'd2', claim: 'b' }]), { webhook: 'serverless' }));
    expect(out.sidecars.map((s) => s.mountDir)).toEqual(['uid-a', 'b']);
    expect(out.pod.spec.volumes?.slice(0, 2)).toEqual([{ name: 'd1', emptyDir: {} }, { name: 'd2', emptyDir: {} }]);
  });

  it('VCI by pod annotation, CCI by pod label; the hostpath webhook ignores both', () => {
    const vci = pod([{ name: 'd', claim: 'a' }]);
    vci.annotations['vke.volcengine.com/burst-to-vci'] = 'enforce';
    expect(injected(run(vci, { webhook: 'serverless' })).sidecars[0].profile).toBe('vci');
    expect(injected(run(vci)).sidecars[0].profile).toBe('hostpath');
    const cci = pod([{ name: 'd', claim: 'a' }]);
    cci.labels['virtual-kubelet.io/burst-to-cci'] = 'enforce';
    const out = injected(run(cci, { webhook: 'serverless' }));
    expect(out.sidecars[0].profile).toBe('cci');
    expect(out.pod.annotations).toEqual({ 'juicefs-uuid': 'myjfs', 'juicefs-uniqueid': 'pa' });
  });
});

describe('errors of a round', () => {
  it('E7: no nodePublishSecretRef, pointing at the PV', () => {
    const e = errorOf(() => run(pod([{ name: 'd', claim: 'a' }]), { objects: [...WORLD.filter((o) => o.metadata.name !== 'pa'), pv('pa', { secretRef: null })] }));
    expect([e.code, e.ref?.kind, e.field]).toEqual(['E7', 'PersistentVolume', 'spec.csi.nodePublishSecretRef']);
  });

  it('E6: the Secret is not in the input', () => {
    const e = errorOf(() => run(pod([{ name: 'd', claim: 'a' }]), { objects: WORLD.filter((o) => o.kind !== 'Secret') }));
    expect([e.code, e.message]).toEqual(['E6', 'volume "d" (PVC ns/a, PV pa): secrets "jfs-secret" not found in namespace default']);
  });

  it('E17: under 1 GiB with quota on; no check and empty capacity with enableSetQuota false', () => {
    const small = [...WORLD.filter((o) => o.metadata.name !== 'a'), pvc('a', 'ns', { volumeName: 'pa', storage: '500Mi' })];
    const e = errorOf(() => run(pod([{ name: 'd', claim: 'a' }]), { objects: small }));
    expect([e.code, e.message, e.field]).toEqual(['E17', 'volume "d" (PVC ns/a, PV pa): capacity 524288000 is too small, at least 1GiB for quota', 'spec.resources.requests.storage']);
    const off = injected(run(pod([{ name: 'd', claim: 'a' }]), { objects: [...small, csiConfigMap({ enableSetQuota: false })] }));
    expect(JSON.stringify(off.pod.spec.containers[0].lifecycle)).toContain('capacity= community=ce');
  });

  it('settings errors point at the object that holds the value', () => {
    const withSecret = (data: Record<string, string>) => [...WORLD.filter((o) => o.kind !== 'Secret'), secret('jfs-secret', 'default', data)];
    const e8 = errorOf(() => run(pod([{ name: 'd', claim: 'a' }]), { objects: withSecret({ metaurl: 'x' }) }));
    expect([e8.code, e8.ref?.kind, e8.field]).toEqual(['E8', 'Secret', 'data.name']);
    const annotated = [...WORLD.filter((o) => o.metadata.name !== 'a'), pvc('a', 'ns', { volumeName: 'pa', annotations: { 'juicefs/mount-cpu-limit': 'x' } })];
    const e11 = errorOf(() => run(pod([{ name: 'd', claim: 'a' }]), { objects: annotated }));
    expect([e11.code, e11.ref?.kind, e11.field]).toEqual(['E11', 'PersistentVolumeClaim', 'metadata.annotations.juicefs/mount-cpu-limit']);
  });
});

describe('credentials (A3)', () => {
  const keysOnlyWorld = [...WORLD.filter((o) => o.kind !== 'Secret'), secret('jfs-secret', 'default', { ...CE_SECRET, metaurl: '', 'secret-key': '' })];

  it('external: a keys-only Secret works and lists the keys the cluster Secret needs', () => {
    const out = injected(run(pod([{ name: 'd', claim: 'a' }]), { objects: keysOnlyWorld }));
    expect(out.sidecars[0].secret).toEqual({ namespace: 'ns', name: 'a-jfs-secret', keys: ['metaurl', 'secretkey'], from: 'Secret default/jfs-secret' });
    expect(out.secrets).toEqual([]);
    expect(out.pod.spec.volumes?.find((v) => v.name === 'jfs-check-mount')).toEqual({
      name: 'jfs-check-mount',
      configMap: { name: 'juicefs-check-mount', items: [{ key: 'check_mount.sh', path: 'check_mount.sh' }], defaultMode: 493 },
    });
  });

  it('emit: the values go into the generated Secret request; a keys-only Secret is an error naming the empty keys', () => {
    const out = injected(run(pod([{ name: 'd', claim: 'a' }]), { options: { generatedSecret: 'emit' } }));
    expect(out.secrets.map((s) => [s.name, s.data])).toEqual([['a-jfs-secret', { metaurl: 'redis://redis:6379/1', secretkey: 'SK' }]]);
    const e = errorOf(() => run(pod([{ name: 'd', claim: 'a' }]), { objects: keysOnlyWorld, options: { generatedSecret: 'emit' } }));
    expect(e.code).toBe('JFS-EMIT-KEYS-ONLY');
    expect(e.message).toContain('empty: metaurl, secret-key');
  });
});
