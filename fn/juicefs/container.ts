// The sidecar container and the volumes it brings, per profile: hostpath (§3.2, the driver's
// ContainerBuilder, a Mount Pod's container minus the fuse-fd volume), generic serverless (§8.1),
// Volcengine VCI (§8.2) and Huawei CCI (§8.3). Only the container, the volumes and (VCI/CCI) the
// annotations of the driver's "mount pod" reach the app pod.
import { cloneJson } from '../types';
import type { JsonObject } from '../types';
import { cacheVolumes } from './cache-dirs';
import { escapeBash, metricsPort, quotaPath, sidecarScript } from './commands';
import type { CsiConfig } from './csi-config';
import { pathJoin } from '../krm/go';
import { applyConfigPatch, replaceTemplates } from './mount-pod-patch';
import { formatQuantity } from './quantities';
import type { Settings } from './model';
import {
  ANNOTATION_CLEAN_CACHE,
  ANNOTATION_DELETE_DELAY,
  ANNOTATION_SHARE_MODE,
  ANNOTATION_UNIQUE_ID,
  ANNOTATION_UPGRADE_PROCESS,
  ANNOTATION_UUID,
  ANNOTATION_VCI_PROPAGATION,
  ANNOTATION_VCI_PROPAGATION_CONFIG,
  CHECK_DIR,
  CHECK_SCRIPT_PATH,
  CHECK_VOLUME,
  CONFIG_VOLUME_PREFIX,
  DEFAULT_METRICS_PORT,
  ENV_CCI_CLIENT_PATH,
  ENV_CCI_SIDECAR,
  ENV_FOREGROUND,
  ENV_INSIDE_CONTAINER,
  ENV_NO_UMOUNT,
  HOST_PATH_VOLUME_PREFIX,
  INIT_CONFIG_VOLUME,
  JFS_DIR_VOLUME,
  POD_MOUNT_BASE,
  RO_CONF_DIR,
  RSA_KEY_DIR,
  RSA_KEY_FILE,
  RSA_KEY_VOLUME,
  SIDECAR_NAME,
  UPDATEDB_PATH,
  UPDATEDB_VOLUME,
} from './vocabulary';
import type { Pod } from './workloads';

export type Profile = 'hostpath' | 'serverless' | 'vci' | 'cci';

/** What the webhook keeps of the driver's mount pod. */
export interface MountSidecar {
  container: JsonObject;
  volumes: JsonObject[];
  annotations: Record<string, string>;
}

export interface BuildInput {
  profile: Profile;
  settings: Settings;
  config: CsiConfig;
  /** the round's input pod: app resources for percentages, the shared volume's name, VCI's existing annotation */
  app: Pod;
  pvcName: string;
  /** quota capacity in GiB; 0 = none */
  capacity: bigint;
  /** where `jfs-check-mount` comes from: the generated Secret (webhook) or this function's ConfigMap */
  checkSource: JsonObject;
  mountPointPath: string;
  immutable: boolean;
  nodeName: string;
}

function envVar(name: string, value: string): JsonObject {
  return { name, value };
}

/** Env keys read from the generated Secret (`GetEnvKey`), in the driver's order; `envs` keys sorted. */
export function secretEnvKeys(s: Settings): string[] {
  const keys: string[] = [];
  if (s.metaUrl !== '') keys.push('metaurl');
  if (s.secretKey !== '') keys.push('secretkey');
  if (s.secretKey2 !== '') keys.push('secretkey2');
  if (s.token !== '') keys.push('token');
  if (s.passphrase !== '') keys.push('passphrase');
  if (s.formatOptions.includes('session-token')) keys.push('session-token');
  keys.push(...Object.keys(s.envs));
  return keys;
}

/** `_genJuiceVolumes`: rsa-key, init-config and one `config-<i>` per `configs` entry (sorted). */
function juiceVolumes(s: Settings): { volumes: JsonObject[]; mounts: JsonObject[] } {
  const volumes: JsonObject[] = [];
  const mounts: JsonObject[] = [];
  if (s.encryptRsaKey !== '') {
    volumes.push({ name: RSA_KEY_VOLUME, secret: { secretName: s.secretName, items: [{ key: 'encrypt_rsa_key', path: RSA_KEY_FILE }] } });
    mounts.push({ name: RSA_KEY_VOLUME, mountPath: RSA_KEY_DIR });
  }
  if (s.initConfig !== '') {
    volumes.push({ name: INIT_CONFIG_VOLUME, secret: { secretName: s.secretName, items: [{ key: 'initconfig', path: `${s.name}.conf` }] } });
    mounts.push({ name: INIT_CONFIG_VOLUME, mountPath: RO_CONF_DIR });
  }
  Object.entries(s.configs).forEach(([secretName, mountPath], i) => {
    const name = `${CONFIG_VOLUME_PREFIX}${i + 1}`;
    mounts.push({ name, mountPath });
    volumes.push({ name, secret: { secretName } });
  });
  return { volumes, mounts };
}

/** `util.SupportConfigEncrypt`: nightly, untagged and unversioned images can decrypt; else EE ≥ 5.1.0. */
export function imageSupportsConfigEncrypt(image: string): boolean {
  if (image === '' || image.includes('nightly')) return true;
  let ref = image;
  const at = ref.lastIndexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  const colon = name.indexOf(':');
  if (colon < 0) return true;
  const tag = name.slice(colon + 1);
  const re = tag.startsWith('ce-') ? /ce-v(\d+)\.(\d+)\.(\d+)/ : tag.startsWith('ee-') ? /ee-(\d+)\.(\d+)\.(\d+)/ : undefined;
  const m = re?.exec(tag);
  if (!m) return true;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (major !== 5) return major > 5;
  if (minor !== 1) return minor > 1;
  return patch >= 0;
}

/** `util.IsConfigEncrypted`: a JSON object with `"encryptkeys": true`. */
export function isConfigEncrypted(initConfig: string): boolean {
  try {
    const parsed: unknown = JSON.parse(initConfig);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && (parsed as JsonObject).encryptkeys === true;
  } catch {
    return false;
  }
}

/** `GenMetadata`'s annotations (VCI and CCI copy them onto the app pod). */
function mountAnnotations(s: Settings): Record<string, string> {
  const out: Record<string, string> = {};
  if (s.deletedDelay !== '') out[ANNOTATION_DELETE_DELAY] = s.deletedDelay;
  if (s.cleanCache) out[ANNOTATION_CLEAN_CACHE] = 'true';
  for (const [k, v] of Object.entries(s.attr.annotations)) if (k !== ANNOTATION_UPGRADE_PROCESS) out[k] = v;
  if (s.mountShareMode !== '') out[ANNOTATION_SHARE_MODE] = s.mountShareMode;
  out[ANNOTATION_UUID] = s.uuid;
  out[ANNOTATION_UNIQUE_ID] = s.uniqueId;
  return out;
}

function resourcesJson(s: Settings): JsonObject {
  const out: JsonObject = {};
  for (const kind of ['limits', 'requests'] as const) {
    const list = s.attr.resources[kind];
    if (!list || Object.keys(list).length === 0) continue;
    const rendered: JsonObject = {};
    for (const name of Object.keys(list).sort()) rendered[name] = formatQuantity(list[name]);
    out[kind] = rendered;
  }
  return out;
}

function postStart(s: Settings, capacity: bigint): JsonObject {
  const script =
    `time subpath=${escapeBash(s.subPath)} name=${escapeBash(s.name)} capacity=${capacity > 0n ? String(capacity) : ''} ` +
    `community=${s.isCe ? 'ce' : 'ee'} quotaPath=${escapeBash(quotaPath(s))} ${CHECK_SCRIPT_PATH} '${escapeBash(s.mountPath)}' >> /proc/1/fd/1`;
  return { exec: { command: ['bash', '-c', script] } };
}

/** The volume a profile shares with the app for this PVC: the last pod volume that uses it ("" when none is left). */
function sharedVolumeName(app: Pod, pvcName: string): string {
  let name = '';
  for (const v of app.spec.volumes ?? []) if (v.persistentVolumeClaim?.claimName === pvcName) name = v.name;
  return name;
}

/**
 * The sidecar for one JuiceFS volume. Runs the patch's second pass (templates, app pod,
 * percentages) on `settings`, which must carry `mountPath` and `secretName` already.
 */
export function buildSidecar(input: BuildInput): MountSidecar {
  const { profile, settings: s } = input;
  s.appPod = input.app;
  applyConfigPatch(s, input.config, true);
  if (!s.isCe && s.initConfig !== '' && isConfigEncrypted(s.initConfig) && !imageSupportsConfigEncrypt(s.attr.image)) s.initConfig = '';

  const juice = juiceVolumes(s);
  const volumes = [...juice.volumes];
  const mounts = [...juice.mounts];
  const env: JsonObject[] = [envVar(ENV_INSIDE_CONTAINER, '1')];
  for (const key of secretEnvKeys(s)) env.push({ name: key, valueFrom: { secretKeyRef: { name: s.secretName, key } } });
  env.push(...cloneJson(s.attr.env ?? []));
  const checkVolume: JsonObject = { name: CHECK_VOLUME, ...cloneJson(input.checkSource) };
  const checkMount: JsonObject = { name: CHECK_VOLUME, mountPath: CHECK_DIR, readOnly: true };
  let devices: JsonObject[] | undefined;

  if (profile === 'hostpath') {
    env.push(envVar(ENV_FOREGROUND, '1'));
    volumes.push({ name: JFS_DIR_VOLUME, hostPath: { path: input.mountPointPath, type: 'DirectoryOrCreate' } });
    mounts.push({ name: JFS_DIR_VOLUME, mountPath: POD_MOUNT_BASE, mountPropagation: 'Bidirectional' });
    if (!input.immutable) {
      volumes.push({ name: UPDATEDB_VOLUME, hostPath: { path: UPDATEDB_PATH, type: 'FileOrCreate' } });
      mounts.push({ name: UPDATEDB_VOLUME, mountPath: UPDATEDB_PATH });
    }
    // The webhook writes its own node (NODE_NAME); offline there is none unless the config names one.
    const caches = cacheVolumes(s, input.nodeName ? { hostPaths: true, selectedNode: input.nodeName } : { hostPaths: true });
    volumes.push(...caches.volumes);
    mounts.push(...caches.mounts);
    s.hostPath.forEach((p, i) => {
      const path = replaceTemplates(p, s);
      volumes.push({ name: `${HOST_PATH_VOLUME_PREFIX}${i}`, hostPath: { path } });
      mounts.push({ name: `${HOST_PATH_VOLUME_PREFIX}${i}`, mountPath: path });
    });
    volumes.push(...cloneJson(s.attr.volumes ?? []));
    mounts.push(...cloneJson(s.attr.volumeMounts ?? []));
    if (s.attr.volumeDevices) devices = cloneJson(s.attr.volumeDevices);
    volumes.push(checkVolume);
    mounts.push(checkMount);
  } else {
    env.push(envVar(ENV_NO_UMOUNT, '1'), envVar(ENV_FOREGROUND, '1'));
    if (profile === 'cci') env.push(envVar(ENV_CCI_SIDECAR, 'true'), envVar(ENV_CCI_CLIENT_PATH, POD_MOUNT_BASE));
    volumes.push(checkVolume);
    if (profile === 'serverless') mounts.push({ name: sharedVolumeName(input.app, input.pvcName), mountPath: s.mountPath, mountPropagation: 'Bidirectional' });
    if (profile === 'vci') mounts.push({ name: sharedVolumeName(input.app, input.pvcName), mountPath: s.mountPath });
    mounts.push(checkMount);
    const caches = cacheVolumes(s, { hostPaths: false });
    volumes.push(...caches.volumes);
    mounts.push(...caches.mounts);
  }

  const name = profile === 'vci' ? `${SIDECAR_NAME}-${input.pvcName}` : SIDECAR_NAME;
  const lifecycle: JsonObject = s.attr.lifecycle
    ? cloneJson(s.attr.lifecycle)
    : { preStop: { exec: { command: ['sh', '-c', '+e', `umount ${s.mountPath} -l; rmdir ${s.mountPath}; exit 0`] } } };
  // postStart first, as the driver's struct order writes it.
  const { postStart: _ignored, ...rest } = lifecycle;
  const container: JsonObject = { name, image: s.attr.image, command: ['sh', '-c', sidecarScript(s, profile !== 'hostpath')] };
  if (s.isCe && !s.attr.hostNetwork) container.ports = [{ name: 'metrics', containerPort: metricsPort(s, DEFAULT_METRICS_PORT) }];
  container.env = env;
  container.resources = resourcesJson(s);
  container.volumeMounts = mounts;
  if (devices) container.volumeDevices = devices;
  if (s.attr.livenessProbe) container.livenessProbe = cloneJson(s.attr.livenessProbe);
  if (s.attr.readinessProbe) container.readinessProbe = cloneJson(s.attr.readinessProbe);
  container.lifecycle = { postStart: postStart(s, input.capacity), ...rest };
  if ((profile === 'hostpath' || profile === 'serverless') && s.attr.imagePullPolicy) container.imagePullPolicy = s.attr.imagePullPolicy;
  container.securityContext =
    profile === 'vci'
      ? { runAsUser: 0 }
      : profile === 'cci'
        ? { capabilities: { add: ['SYS_ADMIN', 'MKNOD'] }, runAsUser: 0 }
        : { privileged: true, runAsUser: 0 };

  let annotations: Record<string, string> = {};
  if (profile === 'vci' || profile === 'cci') annotations = mountAnnotations(s);
  if (profile === 'vci') {
    annotations[ANNOTATION_VCI_PROPAGATION_CONFIG] = ANNOTATION_VCI_PROPAGATION_CONFIG;
    annotations[ANNOTATION_VCI_PROPAGATION] = vciPropagation(name, s.mountPath, input.app.annotations[ANNOTATION_VCI_PROPAGATION]);
  }
  return { container, volumes, annotations };
}

/** The VCI propagation list: this sidecar first, then the entries already on the pod (an unparsable value is dropped). */
export function vciPropagation(container: string, mountPath: string, existing: string | undefined): string {
  const entries: { container: string; mountPath: string }[] = [{ container, mountPath }];
  if (existing !== undefined) {
    // As Go decodes into []struct{container, mountPath string}: anything else drops the whole value.
    try {
      const parsed: unknown = JSON.parse(existing);
      const list = parsed === null ? [] : Array.isArray(parsed) ? parsed : undefined;
      const text = (v: unknown): string | undefined => (v === undefined || v === null ? '' : typeof v === 'string' ? v : undefined);
      const decoded = list?.map((e) => {
        if (e === null) return { container: '', mountPath: '' };
        if (typeof e !== 'object' || Array.isArray(e)) return undefined;
        const c = text((e as JsonObject).container);
        const m = text((e as JsonObject).mountPath);
        return c === undefined || m === undefined ? undefined : { container: c, mountPath: m };
      });
      if (decoded && decoded.every((d) => d !== undefined)) entries.push(...(decoded as { container: string; mountPath: string }[]));
    } catch {
      // dropped, as the driver does (with a log line)
    }
  }
  return JSON.stringify(entries);
}

/** `/jfs/<m>`. */
export function podMountPath(token: string): string {
  return pathJoin(POD_MOUNT_BASE, token);
}
