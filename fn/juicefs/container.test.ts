import { CE_SECRET, csiConfig, NO_CONFIG, pod, settingsFor } from '../../test/support/juicefs';
import type { JsonObject } from '../types';
import { buildSidecar, imageSupportsConfigEncrypt, isConfigEncrypted, secretEnvKeys, vciPropagation } from './container';
import type { BuildInput, MountSidecar, Profile } from './container';
import type { CsiConfig } from './csi-config';
import { checkVolumeSource } from './generated-objects';
import type { Settings } from './model';

function build(profile: Profile, s: Settings = settingsFor(), over: Partial<BuildInput> & { config?: CsiConfig } = {}): MountSidecar {
  s.mountPath ||= '/jfs/default-imagenet';
  s.secretName ||= 'test-pvc-jfs-secret';
  return buildSidecar({
    profile,
    settings: s,
    config: over.config ?? NO_CONFIG,
    app: over.app ?? pod([{ name: 'data', claim: 'test-pvc' }]),
    pvcName: 'test-pvc',
    capacity: over.capacity ?? 10n,
    checkSource: over.checkSource ?? checkVolumeSource('emit', s.secretName),
    mountPointPath: over.mountPointPath ?? '/var/lib/juicefs/volume',
    immutable: over.immutable ?? false,
    nodeName: over.nodeName ?? '',
  });
}

const names = (list: unknown): string[] => (list as JsonObject[]).map((x) => String(x.name));

describe('hostpath sidecar (pod_test TestNewMountPod, §3.2)', () => {
  it('command, env order, volumes in the driver order (jfs-fuse-fd removed)', () => {
    const s = settingsFor({ secret: { ...CE_SECRET, envs: 'a: b' } });
    const { container, volumes } = build('hostpath', s);
    expect((container.command as string[])[2].split('\n')[1]).toBe('exec /bin/mount.juicefs ${metaurl} /jfs/default-imagenet -o metrics=0.0.0.0:9567');
    expect(names(container.env)).toEqual(['JFS_INSIDE_CONTAINER', 'metaurl', 'secretkey', 'a', 'JFS_FOREGROUND']);
    expect(names(volumes)).toEqual(['jfs-dir', 'updatedb', 'cachedir-0', 'jfs-check-mount']);
    expect(names(container.volumeMounts)).toEqual(['jfs-dir', 'updatedb', 'cachedir-0', 'jfs-check-mount']);
    expect(container.securityContext).toEqual({ privileged: true, runAsUser: 0 });
    expect(container.ports).toEqual([{ name: 'metrics', containerPort: 9567 }]);
    expect(container.resources).toEqual({ limits: { cpu: '5', memory: '5Gi' }, requests: { cpu: '1', memory: '1Gi' } });
  });

  it('test-config: config-1 comes first; rsa-key and init-config before it', () => {
    const s = settingsFor({ secret: { name: 'ee', token: 't', configs: 'secret-test: /test', encrypt_rsa_key: 'k', initconfig: 'c' } });
    const { container, volumes } = build('hostpath', s);
    expect(names(volumes).slice(0, 3)).toEqual(['rsa-key', 'init-config', 'config-1']);
    expect(volumes[2]).toEqual({ name: 'config-1', secret: { secretName: 'secret-test' } });
    expect((container.volumeMounts as JsonObject[]).slice(0, 3)).toEqual([
      { name: 'rsa-key', mountPath: '/root/.rsa' },
      { name: 'init-config', mountPath: '/etc/juicefs' },
      { name: 'config-1', mountPath: '/test' },
    ]);
    expect(volumes[1]).toEqual({ name: 'init-config', secret: { secretName: 'test-pvc-jfs-secret', items: [{ key: 'initconfig', path: 'ee.conf' }] } });
    expect(container.ports).toBeUndefined();
  });

  it('test-cache-dir: options as the settings hold them', () => {
    const s = settingsFor();
    s.options = ['cache-dir=/dev/shm/imagenet-0:/dev/shm/imagenet-1', 'cache-size=10240'];
    const { container } = build('hostpath', s);
    expect((container.command as string[])[2]).toContain('-o cache-dir=/dev/shm/imagenet-0:/dev/shm/imagenet-1,cache-size=10240,metrics=0.0.0.0:9567');
  });

  it('TestNewMountPod_ExpandTemplateCacheDirFromPatch', () => {
    const config = csiConfig({ mountPodPatch: [{ mountOptions: ['cache-dir=/var/jfsCache/${VOLUME_ID}'] }] });
    const s = settingsFor({ config, volumeHandle: 'pvc-93d98c03-1f23-4a5b-8c9d-0123456789ab' });
    const { container, volumes } = build('hostpath', s, { config });
    expect((container.command as string[])[2]).toContain('cache-dir=/var/jfsCache/pvc-93d98c03-1f23-4a5b-8c9d-0123456789ab');
    const cache = volumes.find((v) => v.name === 'cachedir-0');
    expect(cache).toEqual({ name: 'cachedir-0', hostPath: { path: '/var/jfsCache/pvc-93d98c03-1f23-4a5b-8c9d-0123456789ab', type: 'DirectoryOrCreate' } });
    expect((container.volumeMounts as JsonObject[]).find((m) => m.name === 'cachedir-0')?.mountPath).toBe('/var/jfsCache/pvc-93d98c03-1f23-4a5b-8c9d-0123456789ab');
  });

  it('TestNewMountPod_ExpandTemplateHostPath and TestBuilder_genHostPathVolumes: hostpath-<i>, no type', () => {
    const s = settingsFor({ volCtx: { 'juicefs/host-path': '/var/jfsCache/${VOLUME_ID},/tmp' }, volumeHandle: 'pvc-hostpath-template' });
    const { container, volumes } = build('hostpath', s);
    expect(volumes.filter((v) => String(v.name).startsWith('hostpath-'))).toEqual([
      { name: 'hostpath-0', hostPath: { path: '/var/jfsCache/pvc-hostpath-template' } },
      { name: 'hostpath-1', hostPath: { path: '/tmp' } },
    ]);
    expect((container.volumeMounts as JsonObject[]).filter((m) => String(m.name).startsWith('hostpath-')).map((m) => m.mountPath)).toEqual(['/var/jfsCache/pvc-hostpath-template', '/tmp']);
  });

  it('postStart and preStop; immutable drops updatedb', () => {
    const s = settingsFor({ volCtx: { subPath: 'pvc-1' } });
    s.mountPath = '/jfs/abcdef';
    const { container, volumes } = build('hostpath', s, { immutable: true, capacity: 0n });
    expect(container.lifecycle).toEqual({
      postStart: { exec: { command: ['bash', '-c', "time subpath=pvc-1 name=myjfs capacity= community=ce quotaPath=pvc-1 /jfs-scripts/check_mount.sh '/jfs/abcdef' >> /proc/1/fd/1"] } },
      preStop: { exec: { command: ['sh', '-c', '+e', 'umount /jfs/abcdef -l; rmdir /jfs/abcdef; exit 0'] } },
    });
    expect(names(volumes)).not.toContain('updatedb');
  });

  it('patch: lifecycle replaces preStop (postStart still overwritten), probes, pull policy, env, volumes with their mounts and devices, hostNetwork', () => {
    const config = csiConfig({
      mountPodPatch: [
        {
          lifecycle: { preStop: { exec: { command: ['sleep', '10'] } }, postStart: { exec: { command: ['nope'] } } },
          livenessProbe: { exec: { command: ['stat', '${MOUNT_POINT}'] } },
          readinessProbe: { tcpSocket: { port: 1 } },
          startupProbe: { tcpSocket: { port: 2 } },
          imagePullPolicy: 'Always',
          env: [{ name: 'E', value: '1' }],
          volumes: [{ name: 'extra', hostPath: { path: '/x' } }],
          volumeMounts: [{ name: 'extra', mountPath: '/x' }],
          volumeDevices: [{ name: 'extra', devicePath: '/dev/x' }],
          hostNetwork: true,
        },
      ],
    });
    const s = settingsFor({ config });
    const { container, volumes } = build('hostpath', s, { config });
    const lifecycle = container.lifecycle as JsonObject;
    expect(lifecycle.preStop).toEqual({ exec: { command: ['sleep', '10'] } });
    expect(JSON.stringify(lifecycle.postStart)).toContain('check_mount.sh');
    expect(container.livenessProbe).toEqual({ exec: { command: ['stat', '/jfs/default-imagenet'] } });
    expect(container.readinessProbe).toEqual({ tcpSocket: { port: 1 } });
    expect(container.startupProbe).toBeUndefined();
    expect(container.imagePullPolicy).toBe('Always');
    expect(names(container.env)).toEqual(['JFS_INSIDE_CONTAINER', 'metaurl', 'secretkey', 'E', 'JFS_FOREGROUND']);
    expect(names(volumes)).toEqual(['jfs-dir', 'updatedb', 'cachedir-0', 'extra', 'jfs-check-mount']);
    expect(names(container.volumeMounts)).toEqual(['jfs-dir', 'updatedb', 'cachedir-0', 'extra', 'jfs-check-mount']);
    expect(container.volumeDevices).toEqual([{ name: 'extra', devicePath: '/dev/x' }]);
    expect(container.ports).toBeUndefined();
    expect((container.command as string[])[2]).toContain('metrics=0.0.0.0:0');
  });
});

describe('serverless sidecars (§8)', () => {
  it('generic: JFS_NO_UMOUNT, shared volume mounted Bidirectional, no host paths, two-line command, no annotations', () => {
    const s = settingsFor();
    s.mountPath = '/jfs/uid-1';
    const { container, volumes, annotations } = build('serverless', s);
    expect(names(container.env).slice(-2)).toEqual(['JFS_NO_UMOUNT', 'JFS_FOREGROUND']);
    expect(names(volumes)).toEqual(['jfs-check-mount']);
    expect(container.volumeMounts).toEqual([
      { name: 'data', mountPath: '/jfs/uid-1', mountPropagation: 'Bidirectional' },
      { name: 'jfs-check-mount', mountPath: '/jfs-scripts', readOnly: true },
    ]);
    expect(container.securityContext).toEqual({ privileged: true, runAsUser: 0 });
    expect(annotations).toEqual({});
  });

  it('VCI: own name, runAsUser only, no pull policy, shared mount without propagation, propagation annotations first', () => {
    const config = csiConfig({ mountPodPatch: [{ imagePullPolicy: 'Always' }] });
    const s = settingsFor({ config });
    s.mountPath = '/jfs/uid-1';
    const app = pod([{ name: 'data', claim: 'test-pvc' }]);
    app.annotations['vci.vke.volcengine.com/config-bidirectional-mount-propagation'] = '[{"container":"other","mountPath":"/o"}]';
    const { container, annotations } = build('vci', s, { config, app });
    expect(container.name).toBe('jfs-mount-test-pvc');
    expect(container.securityContext).toEqual({ runAsUser: 0 });
    expect(container.imagePullPolicy).toBeUndefined();
    expect((container.volumeMounts as JsonObject[])[0]).toEqual({ name: 'data', mountPath: '/jfs/uid-1' });
    expect(annotations).toEqual({
      'juicefs-uuid': 'myjfs',
      'juicefs-uniqueid': 'test-pv',
      'vke.al.vci-enable-bidirectional-mount-propagation': 'vke.al.vci-enable-bidirectional-mount-propagation',
      'vci.vke.volcengine.com/config-bidirectional-mount-propagation': '[{"container":"jfs-mount-test-pvc","mountPath":"/jfs/uid-1"},{"container":"other","mountPath":"/o"}]',
    });
  });

  it('CCI: capabilities, the client env, no shared mount; mount metadata annotations (TestGenMetadata)', () => {
    const config = csiConfig({ mountPodPatch: [{ annotations: { 'juicefs-uuid': 'user', custom: 'x', 'juicefs-upgrade-process': 'y' } }] });
    const s = settingsFor({ config, volCtx: { 'juicefs/mount-delete-delay': '10s', 'juicefs/clean-cache': 'true' }, shareMount: 'fs' });
    const { container, volumes, annotations } = build('cci', s, { config });
    expect(container.securityContext).toEqual({ capabilities: { add: ['SYS_ADMIN', 'MKNOD'] }, runAsUser: 0 });
    expect(names(container.env).slice(-4)).toEqual(['JFS_NO_UMOUNT', 'JFS_FOREGROUND', 'JUICEFS_CLIENT_SIDERCAR_CONTAINER', 'JUICEFS_CLIENT_PATH']);
    expect(names(container.volumeMounts)).toEqual(['jfs-check-mount']);
    expect(names(volumes)).toEqual(['jfs-check-mount']);
    expect(annotations).toEqual({
      'juicefs-delete-delay': '10s',
      'juicefs-clean-cache': 'true',
      custom: 'x',
      'juicefs/mount-share-mode': 'fsShareMount',
      'juicefs-uuid': 'myjfs',
      'juicefs-uniqueid': 'test-pv',
    });
  });

  it('an unparsable VCI propagation annotation is dropped', () => {
    expect(vciPropagation('c', '/m', 'not json')).toBe('[{"container":"c","mountPath":"/m"}]');
    expect(vciPropagation('c', '/m', '[{"container":1}]')).toBe('[{"container":"c","mountPath":"/m"}]');
    expect(vciPropagation('c', '/m', 'null')).toBe('[{"container":"c","mountPath":"/m"}]');
  });
});

describe('env keys and init config', () => {
  it('TestBaseBuilder_GetEnvKey: every secret field, then envs', () => {
    const s = settingsFor({ secret: { name: 'v', metaurl: 'm', 'secret-key': 's', 'secret-key2': 's2', token: 't', passphrase: 'p', envs: '{"a": "b"}' } });
    expect(secretEnvKeys(s)).toEqual(['metaurl', 'secretkey', 'secretkey2', 'token', 'passphrase', 'a']);
  });

  it('an encrypted init config is dropped for an EE image that cannot decrypt it', () => {
    const encrypted = '{"encryptkeys": true}';
    expect(isConfigEncrypted(encrypted)).toBe(true);
    expect(isConfigEncrypted('{"encryptkeys": "true"}')).toBe(false);
    expect([imageSupportsConfigEncrypt('juicedata/mount:ee-5.0.2-abc'), imageSupportsConfigEncrypt('juicedata/mount:ee-5.1.0-abc'), imageSupportsConfigEncrypt('juicedata/mount:ee-nightly'), imageSupportsConfigEncrypt('juicedata/mount')]).toEqual([false, true, true, true]);
    const s = settingsFor({ secret: { name: 'v', initconfig: encrypted }, volCtx: { 'juicefs/mount-image': 'juicedata/mount:ee-5.0.2-abc' } });
    const { volumes, container } = build('hostpath', s);
    expect(names(volumes)).not.toContain('init-config');
    expect((container.command as string[])[2]).not.toContain('cp /etc/juicefs');
  });
});

describe('ephemeral cache claims in the hostpath profile', () => {
  it('carry the configured nodeName as selected node, and no annotation without one', () => {
    const config = csiConfig({ mountPodPatch: [{ cacheDirs: [{ type: 'Ephemeral', storage: '1Gi' }] }] });
    const template = (nodeName: string) => {
      const eph = build('hostpath', settingsFor({ config }), { config, nodeName }).volumes.find((v) => v.name === 'cachedir-ephemeral-0')!;
      return ((eph.ephemeral as JsonObject).volumeClaimTemplate as JsonObject).metadata;
    };
    expect(template('node-1')).toEqual({ annotations: { 'volume.kubernetes.io/selected-node': 'node-1' } });
    expect(template('')).toBeUndefined();
  });
});
