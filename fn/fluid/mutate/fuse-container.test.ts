import { stateOf, thinDataset } from '../../../test/support/fixtures';
import { InjectError } from '../errors';
import { deriveFuseTemplate, prepareTemplate } from './fuse-container';
import { collectRuntimeInfos } from './runtime-info';
import { podMounting } from '../../../test/support/fixtures';
import type { KubeObject } from '../../types';

function setup(items: KubeObject[] = thinDataset('fluid', 'ds')) {
  const state = stateOf(items);
  const info = collectRuntimeInfos(podMounting('fluid', ['ds']), state).get('ds')!;
  return { state, info };
}

const defaults = { platform: 'default' as const, keepCacheDirs: false, sidecarPostStart: true };

describe('deriveFuseTemplate', () => {
  it('copies container[0] and the DS volumes it mounts, in DS volume order', () => {
    const { state, info } = setup();
    const t = deriveFuseTemplate(info, state);
    expect(t.container.image).toBe('test-thin-fuse:v1.0.0');
    expect(t.volumesToAdd.map((v) => v.name)).toEqual(['data', 'fuse-device', 'thin-fuse-mount', 'cache-dir']);
    expect(t.mountInfo).toEqual({
      hostMountPath: '/runtime-mnt/thin/fluid/ds/thin-fuse',
      fsType: 'thin',
      subPath: '',
      containerMountPath: '/runtime-mnt/thin/fluid/ds/',
    });
  });

  it('finds the FUSE mount by mount type; a thin profile fs type uses thin-fuse-mount', () => {
    const { state, info } = setup(thinDataset('fluid', 'ds', { fsType: 'nfs', subPath: 'path-a' }));
    expect(deriveFuseTemplate(info, state).mountInfo).toMatchObject({ fsType: 'nfs', subPath: 'path-a' });
  });

  it.each([
    ['PersistentVolume', 'cannot find pvc "fluid/ds"\'s bounded PV: persistentvolumes "fluid-ds" not found'],
    ['DaemonSet', 'daemonsets.apps "ds-fuse" not found'],
  ])('missing %s is wrapped with the runtime', (kind, msg) => {
    const { info } = setup();
    const state = stateOf(thinDataset('fluid', 'ds').filter((o) => o.kind !== kind));
    const t = () => deriveFuseTemplate(info, state);
    expect(t).toThrow(InjectError);
    expect(t).toThrow(`failed to get fuse container template for runtime "fluid/ds": `);
    expect(t).toThrow(msg);
  });

  it('E8 PV without CSI attributes, E10 DS without containers, E11 no FUSE mount', () => {
    const { info } = setup();
    const noAttrs = thinDataset('fluid', 'ds');
    (noAttrs[3].spec as any).csi.volumeAttributes = {};
    expect(() => deriveFuseTemplate(info, stateOf(noAttrs))).toThrow('the pv fluid-ds is not created by fluid');
    const noContainers = thinDataset('fluid', 'ds');
    (noContainers[4].spec as any).template.spec.containers = [];
    expect(() => deriveFuseTemplate(info, stateOf(noContainers))).toThrow(
      'the length of containers of fuse daemonset "fluid/ds-fuse" should not be 0',
    );
    const efc = thinDataset('fluid', 'ds', { fsType: 'alifuse.aliyun-alinas-efc' });
    (efc[4].spec as any).template.spec.containers[0].volumeMounts[2].name = 'efc-fuse-mount';
    expect(() => deriveFuseTemplate(info, stateOf(efc))).toThrow('failed to find the prefix by mountType alifuse.aliyun-alinas-efc');
    const alluxio = thinDataset('fluid', 'ds', { fsType: 'fuse.alluxio-fuse' });
    expect(() => deriveFuseTemplate(info, stateOf(alluxio))).toThrow(
      'failed to find the volumeMount from slice [data fuse-device thin-fuse-mount cache-dir] by the name alluxio-fuse-mount',
    );
  });
});

describe('PV mount_type (no default in Fluid; names the check ConfigMap)', () => {
  const withMountType = (value: unknown) => {
    const items = thinDataset('fluid', 'ds');
    const attrs = (items[3].spec as any).csi.volumeAttributes;
    if (value === undefined) delete attrs.mount_type;
    else attrs.mount_type = value;
    return items;
  };
  const prefix = 'failed to get fuse container template for runtime "fluid/ds": failed to get mount info by runtimeInfo fluid/ds: PersistentVolume fluid-ds';

  it.each([undefined, '', null])('missing (%p) is an error naming the PV and the field', (value) => {
    const { info } = setup();
    // The webhook would inject `time /check-mount.sh <path>  ` and a ConfigMap `-default-check-mount`.
    expect(() => deriveFuseTemplate(info, stateOf(withMountType(value)))).toThrow(`${prefix} has no spec.csi.volumeAttributes.mount_type`);
  });

  const unusable: unknown[] = ['$(x)', 'a b', '-n', 'fuse_fs', 'x.', 'x'.repeat(240), { a: 1 }];
  it.each(unusable.map((v) => [typeof v === 'string' && v.length > 20 ? `${v.length} characters` : JSON.stringify(v), v]))('%s cannot name a ConfigMap: an error', (_n, value) => {
    const { info } = setup();
    const t = () => deriveFuseTemplate(info, stateOf(withMountType(value)));
    expect(t).toThrow(InjectError);
    expect(t).toThrow(`${prefix} spec.csi.volumeAttributes.mount_type ${JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value))} cannot be used`);
    expect(t).toThrow('-default-check-mount" would be invalid');
  });

  it.each([['JuiceFS', 'juicefs-default-check-mount'], ['fuse.alluxio-fuse', 'fuse.alluxio-fuse-default-check-mount'], ['nfs', 'nfs-default-check-mount']])(
    '%s is used as it is',
    (fsType, cm) => {
      const items = withMountType(fsType);
      if (fsType === 'JuiceFS' || fsType.startsWith('fuse.alluxio')) {
        const mount = (items[4].spec as any).template.spec.containers[0].volumeMounts[2];
        mount.name = fsType === 'JuiceFS' ? 'juicefs-fuse-mount' : 'alluxio-fuse-mount';
      }
      const { info } = setup(items);
      const p = prepareTemplate(deriveFuseTemplate(info, stateOf(items)), info, defaults);
      expect(p.checkConfigMap).toBe(cm);
      expect(p.container.lifecycle!.postStart!.exec.command[2]).toBe(`time /check-mount.sh /runtime-mnt/thin/fluid/ds/ ${fsType} `);
    },
  );
});

describe('prepareTemplate', () => {
  it('strips cache dirs, adds the check mount/volume and the postStart with a trailing space, drops -metrics ports', () => {
    const { state, info } = setup();
    const p = prepareTemplate(deriveFuseTemplate(info, state), info, defaults);
    expect(p.container.volumeMounts!.map((m) => m.name)).toEqual(['data', 'fuse-device', 'thin-fuse-mount', 'default-check-mount']);
    expect(p.container.volumeMounts![3]).toEqual({ name: 'default-check-mount', mountPath: '/check-mount.sh', subPath: 'check-mount.sh', readOnly: true });
    expect(p.container.lifecycle!.postStart!.exec.command).toEqual(['bash', '-c', 'time /check-mount.sh /runtime-mnt/thin/fluid/ds/ thin ']);
    expect(p.volumesToAdd.map((v) => v.name)).toEqual(['data', 'fuse-device', 'thin-fuse-mount', 'default-check-mount']);
    expect(p.volumesToAdd[3]).toEqual({ name: 'default-check-mount', configMap: { name: 'thin-default-check-mount', defaultMode: 0o755 } });
    expect(p.checkConfigMap).toBe('thin-default-check-mount');
    expect(p.container.ports).toBeUndefined();
  });

  it('keeps cache dirs with the label, and keeps metrics ports when the sidecar is scraped', () => {
    const { state, info } = setup();
    const p = prepareTemplate(deriveFuseTemplate(info, state), { ...info, scrapeSidecar: true }, { ...defaults, keepCacheDirs: true });
    expect(p.volumesToAdd.map((v) => v.name)).toContain('cache-dir');
    expect(p.container.ports).toEqual([{ name: 'thin-fuse-metrics', containerPort: 8080 }]);
  });

  it('postStart off: no check mount, no volume, no ConfigMap, lifecycle untouched', () => {
    const { state, info } = setup();
    const p = prepareTemplate(deriveFuseTemplate(info, state), info, { ...defaults, sidecarPostStart: false });
    expect(p.container.lifecycle).toBeUndefined();
    expect(p.checkConfigMap).toBeUndefined();
    expect(p.volumesToAdd.map((v) => v.name)).not.toContain('default-check-mount');
  });

  it('unprivileged: drops FUSE mount and device volumes by prefix, privileged false, no SYS_ADMIN', () => {
    const { state, info } = setup();
    const p = prepareTemplate(deriveFuseTemplate(info, state), info, { ...defaults, platform: 'unprivileged' });
    expect(p.container.volumeMounts!.map((m) => m.name)).toEqual(['data', 'fuse-device', 'default-check-mount']);
    expect(p.container.securityContext).toEqual({ privileged: false, capabilities: {} });
    // ContainerMountPath still comes from the removed FUSE mount.
    expect(p.container.lifecycle!.postStart!.exec.command[2]).toBe('time /check-mount.sh /runtime-mnt/thin/fluid/ds/ thin ');
  });

  it('shell-quotes hostile values instead of pasting them into bash -c', () => {
    const items = thinDataset('fluid', 'ds', { subPath: 'a b;$(touch /tmp/x)' });
    const { state, info } = setup(items);
    const p = prepareTemplate(deriveFuseTemplate(info, state), info, defaults);
    expect(p.container.lifecycle!.postStart!.exec.command[2]).toBe("time /check-mount.sh /runtime-mnt/thin/fluid/ds/ thin 'a b;$(touch /tmp/x)'");
    expect(p.quoted).toEqual(['a b;$(touch /tmp/x)']);
  });

  it('would quote a hostile fs type too (derive refuses one before it gets here)', () => {
    const { state, info } = setup();
    const t = deriveFuseTemplate(info, state);
    t.mountInfo.fsType = '$(touch /tmp/x)';
    const p = prepareTemplate(t, info, defaults);
    expect(p.container.lifecycle!.postStart!.exec.command[2]).toBe("time /check-mount.sh /runtime-mnt/thin/fluid/ds/ '$(touch /tmp/x)' ");
  });
});
