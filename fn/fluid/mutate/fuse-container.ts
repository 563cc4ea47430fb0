// Builds the FUSE sidecar container from the runtime's fuse DaemonSet and PV (Fluid
// pkg/ddc/base/runtime_helper.go, GetFuseContainerTemplate), then prepares it for one dataset
// (pkg/application/inject/fuse/mutator/mutator_default.go and mutator_unprivileged.go): cache-dir and unprivileged stripping, postStart, metrics ports.
import { isDnsSubdomain } from '../../krm/names';
import type { ClusterState } from '../state/cluster-state';
import { cloneJson, isObject, KubeObject } from '../../types';
import { goList, InjectError, notFound } from '../errors';
import {
  CACHE_DIR_PREFIXES,
  FUSE_DEVICE_RESOURCE,
  POSTSTART_REDIRECT,
  SCRIPT_MODE,
  pvName as pvNameOf,
  SIDECAR_CHECK_MOUNT_PATH,
  SIDECAR_CHECK_SUBPATH,
} from '../names';
import { DEVELOPMENT_PROFILE, FluidProfile, sidecarCheck, SidecarCheck } from '../versions';
import { fuseDaemonSetName } from '../runtimes';
import { Container, hasPrefix, Volume, VolumeMount } from '../../krm/workloads/pod-spec';
import type { RuntimeInfo } from './runtime-info';
import { shellWord } from './shell';

export interface MountInfo {
  /** PV `fluid_path`: where the FUSE mount lives on the host. */
  hostMountPath: string;
  /** PV `mount_type`, original case. */
  fsType: string;
  /** PV `fluid_sub_path` (reference datasets), possibly empty. */
  subPath: string;
  /** mountPath of the FUSE mount point inside the fuse container. */
  containerMountPath: string;
}

export interface FuseTemplate {
  container: Container;
  volumesToAdd: Volume[];
  mountInfo: MountInfo;
  daemonSet: KubeObject;
}

export type Platform = 'default' | 'unprivileged';

export interface PrepareOptions {
  platform: Platform;
  keepCacheDirs: boolean;
  sidecarPostStart: boolean;
  /** The release whose webhook is reproduced (default: the development line). */
  profile?: FluidProfile;
}

/** Fresh template for one dataset; its errors are wrapped as the webhook wraps them. */
export function deriveFuseTemplate(info: RuntimeInfo, state: ClusterState, profile: FluidProfile = DEVELOPMENT_PROFILE): FuseTemplate {
  const id = `${info.datasetNamespace}/${info.datasetName}`;
  try {
    return derive(info, state, profile);
  } catch (e) {
    if (e instanceof InjectError) throw e.wrap(`failed to get fuse container template for runtime "${id}"`);
    throw e;
  }
}

function derive(info: RuntimeInfo, state: ClusterState, profile: FluidProfile): FuseTemplate {
  const { datasetNamespace: ns, datasetName: name } = info;
  const pvName = pvNameOf(ns, name);
  const pv = state.pv(pvName);
  if (!pv) {
    throw new InjectError(
      'pv-not-found',
      `failed to get mount info by runtimeInfo ${ns}/${name}: cannot find pvc "${ns}/${name}"'s bounded PV: ${notFound('persistentvolumes', pvName)}`,
      { hint: `add PersistentVolume ${pvName} to the function input` },
    );
  }
  const spec = isObject(pv.object.spec) ? pv.object.spec : {};
  const csi = isObject(spec.csi) ? spec.csi : {};
  const attrs = isObject(csi.volumeAttributes) ? csi.volumeAttributes : {};
  if (Object.keys(attrs).length === 0) {
    throw new InjectError('pv-not-fluid', `failed to get mount info by runtimeInfo ${ns}/${name}: the pv ${pvName} is not created by fluid`);
  }
  const fsType = checkMountType(attrs.mount_type, `failed to get mount info by runtimeInfo ${ns}/${name}: PersistentVolume ${pvName}`, (t) =>
    sidecarCheck(profile, 'default', name, t),
  );
  const dsName = fuseDaemonSetName(info.type, name);
  const ds = state.daemonSet(ns, dsName);
  if (!ds) {
    throw new InjectError('daemonset-not-found', notFound('daemonsets.apps', dsName), { hint: `add DaemonSet ${ns}/${dsName} to the function input` });
  }
  const podSpec = dsPodSpec(ds.object);
  if (podSpec.containers !== undefined && podSpec.containers !== null && !Array.isArray(podSpec.containers)) {
    throw new InjectError('daemonset-invalid', `fuse daemonset "${ns}/${dsName}" spec.template.spec.containers must be a list`);
  }
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  if (containers.length === 0) {
    throw new InjectError('daemonset-invalid', `the length of containers of fuse daemonset "${ns}/${dsName}" should not be 0`);
  }
  const container = checkDsContainer(containers[0], `${ns}/${dsName}`);
  const mountNames = new Set((container.volumeMounts ?? []).map((m) => m.name));
  if (podSpec.volumes !== undefined && podSpec.volumes !== null && !Array.isArray(podSpec.volumes)) {
    throw new InjectError('daemonset-invalid', `fuse daemonset "${ns}/${dsName}" spec.template.spec.volumes must be a list`);
  }
  const dsVolumes = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
  const volumesToAdd: Volume[] = [];
  for (const [i, v] of dsVolumes.entries()) {
    if (!isObject(v) || typeof v.name !== 'string' || v.name === '') {
      throw new InjectError('daemonset-invalid', `fuse daemonset "${ns}/${dsName}" has a volume without a name at spec.template.spec.volumes[${i}]`);
    }
    if (mountNames.has(v.name)) volumesToAdd.push(cloneJson(v) as Volume);
  }
  const mountInfo: MountInfo = {
    hostMountPath: String(attrs.fluid_path ?? ''),
    fsType,
    subPath: String(attrs.fluid_sub_path ?? ''),
    containerMountPath: fuseMountPath(container, fsType, profile),
  };
  return { container, volumesToAdd, mountInfo, daemonSet: ds.object };
}

/**
 * PV `mount_type`: Fluid has no default for it, and it names the sidecar's check ConfigMap, so it must
 * be set and make a valid ConfigMap name (the webhook would inject `time /check-mount.sh <path>  `
 * and fail to create `-default-check-mount`). Such a value is also a plain shell word.
 */
function checkMountType(raw: unknown, where: string, check: (mountType: string) => SidecarCheck): string {
  const field = 'spec.csi.volumeAttributes.mount_type';
  if (raw === undefined || raw === null || raw === '') throw new InjectError('pv-mount-type-invalid', `${where} has no ${field}`);
  const fsType = typeof raw === 'string' ? raw : JSON.stringify(raw);
  const cm = check(fsType).configMap;
  if (!isDnsSubdomain(cm)) {
    throw new InjectError('pv-mount-type-invalid', `${where} ${field} ${JSON.stringify(fsType)} cannot be used: the check ConfigMap name "${cm}" would be invalid`);
  }
  return fsType;
}

function dsPodSpec(ds: KubeObject): Record<string, unknown> {
  const spec = isObject(ds.spec) ? ds.spec : {};
  const template = isObject(spec.template) ? spec.template : {};
  return isObject(template.spec) ? template.spec : {};
}

function checkDsContainer(raw: unknown, dsId: string): Container {
  const where = `fuse daemonset "${dsId}" spec.template.spec.containers[0]`;
  if (!isObject(raw)) throw new InjectError('daemonset-invalid', `${where} must be a map`);
  const mounts = raw.volumeMounts ?? [];
  if (!Array.isArray(mounts)) throw new InjectError('daemonset-invalid', `${where}.volumeMounts must be a list`);
  mounts.forEach((m, i) => {
    // Non-empty, as the API server requires: the mount path is an argument of the postStart check.
    if (!isObject(m) || typeof m.name !== 'string' || typeof m.mountPath !== 'string' || m.name === '' || m.mountPath === '') {
      throw new InjectError('daemonset-invalid', `${where}.volumeMounts[${i}] must have a non-empty name and mountPath`);
    }
  });
  for (const key of ['lifecycle', 'securityContext'] as const) {
    if (raw[key] !== undefined && !isObject(raw[key])) throw new InjectError('daemonset-invalid', `${where}.${key} must be a map`);
  }
  if (raw.ports !== undefined && !Array.isArray(raw.ports)) throw new InjectError('daemonset-invalid', `${where}.ports must be a list`);
  return cloneJson(raw) as Container;
}

/** Name of the FUSE mount point's volumeMount by mount type (Fluid pkg/utils/kubeclient/volume_mount.go; the table is the release's). */
function fuseMountName(container: Container, fsType: string, profile: FluidProfile): string {
  if (Object.hasOwn(profile.fuseMountByType, fsType)) return profile.fuseMountByType[fsType];
  if ((container.volumeMounts ?? []).some((m) => m.name === 'thin-fuse-mount')) return 'thin-fuse-mount';
  throw new InjectError('fuse-mount-not-found', `failed to get fuse volume mount from container: failed to find the prefix by mountType ${fsType}`);
}

function fuseMountPath(container: Container, fsType: string, profile: FluidProfile): string {
  const name = fuseMountName(container, fsType, profile);
  const mount = (container.volumeMounts ?? []).find((m) => m.name === name);
  if (!mount) {
    const names = goList((container.volumeMounts ?? []).map((m) => m.name));
    throw new InjectError(
      'fuse-mount-not-found',
      `failed to get fuse volume mount from container: failed to find the volumeMount from slice ${names} by the name ${name}`,
    );
  }
  return mount.mountPath;
}

export interface PreparedTemplate extends FuseTemplate {
  /** Name of the sidecar check ConfigMap the postStart needs, when postStart is on. */
  checkConfigMap?: string;
  /** The script in that ConfigMap, when it is not check-mount.sh. */
  checkScript?: 'unprivileged';
  /** Values that had to be shell-quoted in the postStart command. */
  quoted: string[];
}

/** Prepares a fresh template for one pod, in the webhook's order. */
export function prepareTemplate(t: FuseTemplate, info: RuntimeInfo, opts: PrepareOptions): PreparedTemplate {
  const profile = opts.profile ?? DEVELOPMENT_PROFILE;
  const container = t.container;
  let volumes = t.volumesToAdd;
  const drop = (prefixes: readonly string[]): void => {
    if (container.volumeMounts) container.volumeMounts = container.volumeMounts.filter((m) => !hasPrefix(m.name, prefixes));
    volumes = volumes.filter((v) => !hasPrefix(v.name, prefixes));
  };
  if (!opts.keepCacheDirs) drop(CACHE_DIR_PREFIXES);
  if (opts.platform === 'unprivileged') {
    drop([...profile.fuseMountVolumes, ...profile.fuseDeviceVolumes]);
    if (profile.unprivilegedFuseDevice) requestFuseDevice(container);
    dropPrivileges(container);
  }
  const prepared: PreparedTemplate = { ...t, volumesToAdd: volumes, quoted: [] };
  if (opts.sidecarPostStart) {
    const check = sidecarCheck(profile, opts.platform, info.datasetName, t.mountInfo.fsType);
    const mount: VolumeMount = {
      name: check.volume,
      mountPath: SIDECAR_CHECK_MOUNT_PATH,
      subPath: SIDECAR_CHECK_SUBPATH,
      readOnly: true,
    };
    container.volumeMounts = [...(container.volumeMounts ?? []), mount];
    let args = '';
    if (check.script === 'check-mount') {
      const { containerMountPath, fsType, subPath } = t.mountInfo;
      const words = [containerMountPath, fsType, subPath].map((w) => {
        const q = shellWord(w);
        if (q !== w) prepared.quoted.push(w);
        return q;
      });
      // The trailing space with an empty sub path is the webhook's own output.
      args = ` ${words.join(' ')}`;
    }
    const redirect = profile.postStartRedirect ? POSTSTART_REDIRECT : '';
    const command = ['bash', '-c', `time ${SIDECAR_CHECK_MOUNT_PATH}${args}${redirect}`];
    container.lifecycle = { ...(container.lifecycle ?? {}), postStart: { exec: { command } } };
    prepared.volumesToAdd = [...volumes, { name: check.volume, configMap: { name: check.configMap, defaultMode: SCRIPT_MODE } }];
    prepared.checkConfigMap = check.configMap;
    if (check.script === 'unprivileged') prepared.checkScript = check.script;
  }
  // Releases before v1.0.3 keep every port.
  if (profile.metricsPorts && !info.scrapeSidecar && container.ports) {
    container.ports = container.ports.filter((p) => !(typeof p.name === 'string' && p.name.endsWith('-metrics')));
    if (container.ports.length === 0) delete container.ports;
  }
  return prepared;
}

/** Up to v1.0.3 the unprivileged sidecar asks the device plugin for one fuse device. */
function requestFuseDevice(container: Container): void {
  const resources = (container.resources ??= {}) as Record<string, Record<string, string> | undefined>;
  for (const key of ['limits', 'requests']) resources[key] = { ...(resources[key] ?? {}), [FUSE_DEVICE_RESOURCE]: '1' };
}

function dropPrivileges(container: Container): void {
  const sc = container.securityContext;
  if (!sc) return;
  sc.privileged = false;
  const caps = sc.capabilities;
  if (caps && Array.isArray(caps.add)) {
    caps.add = caps.add.filter((c) => c !== 'SYS_ADMIN');
    if (caps.add.length === 0) delete caps.add;
  }
}
