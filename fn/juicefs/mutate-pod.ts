// One pod (template) through the webhook (§2.2, §4): the done and disable labels, its JuiceFS
// volumes, then one round per volume in pod-volume order, each building a sidecar from the round's
// input pod and injecting it into a copy: volumes, the done label, annotations, and the container
// at the head of `containers` (legacy) or of `initContainers` with `restartPolicy: Always` (native).
import { cloneJson, isObject, refOf } from '../types';
import type { KubeObject, ResourceRef } from '../types';
import { deduplicate } from './clashes';
import type { JuiceFSOptions } from './config';
import { buildSidecar, podMountPath, secretEnvKeys } from './container';
import type { MountSidecar, Profile } from './container';
import type { ClusterContext } from './context';
import type { CsiConfig } from './csi-config';
import { jfsError, JuiceFSError, notFound } from './errors';
import { checkVolumeSource } from './generated-objects';
import type { SecretRequest } from './generated-objects';
import { hashedMountDir, mountDirOverrides } from './mount-dir';
import { parseFormatOptions } from './commands';
import { injectVolumes } from './pod-volumes';
import { parseQuantity, quantityValue } from './quantities';
import { emptyKeys, generatedSecretName, keysOnly, parseSettings, secretData, volumeContext, volumeOptions } from './settings';
import type { Settings } from './model';
import { juiceFSVolumesOf } from './volumes-of-pod';
import type { JuiceFSVolume } from './volumes-of-pod';
import {
  ANNOTATION_VCI,
  LABEL_CCI,
  LABEL_DISABLE,
  LABEL_DONE,
  PLATFORM_ENFORCE,
  TRUE,
  VOLCTX_CACHE_EMPTYDIR,
  VOLCTX_CACHE_INLINE,
} from './vocabulary';
import type { Pod, PodTarget } from './workloads';

export type Webhook = 'hostpath' | 'serverless';

export interface PodInput {
  target: PodTarget;
  pod: Pod;
  webhook: Webhook;
  native: boolean;
  context: ClusterContext;
  csi: CsiConfig;
  options: JuiceFSOptions;
  images: { ce: string; ee: string };
  /** which template of a workload that has several (e.g. a PyTorchJob's role), so each gets its own directories */
  template?: string;
}

export interface SidecarInfo {
  container: string;
  profile: Profile;
  pvc: string;
  pv: string;
  mountDir: string;
  /** the generated Secret the sidecar reads, and the keys it must hold */
  secret: { namespace: string; name: string; keys: string[]; from: string };
}

export type PodOutcome =
  | { status: 'skipped'; reason: string }
  | { status: 'no-juicefs'; notes: string[] }
  | { status: 'injected'; pod: Pod; sidecars: SidecarInfo[]; secrets: SecretRequest[]; notes: string[] };

/** An error at an object other than the workload: where it points, and what the message adds. */
interface Located {
  ref: ResourceRef;
  field?: string;
}

function relocate(e: unknown, at: Located, context: string): never {
  if (e instanceof JuiceFSError) {
    const loc: { ref: ResourceRef; field?: string; hint?: string } = { ref: at.ref };
    if (at.field) loc.field = at.field;
    if (e.hint) loc.hint = e.hint;
    throw jfsError(e.code, `${context}: ${e.message}`, loc);
  }
  throw e;
}

function describeRef(ref: ResourceRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** `<dir>` of the webhook's mount point: hashed or annotated (hostpath), PVC uid else name (serverless). */
function mountDirOf(input: PodInput, volume: JuiceFSVolume, index: number, overrides: (string | undefined)[]): string {
  const pvcName = volume.pvc.metadata.name ?? '';
  if (input.webhook === 'serverless') return volume.pvc.metadata.uid || pvcName;
  const w = input.target.workload;
  return overrides[index] ?? hashedMountDir(input.target.namespace, w.kind, w.metadata.name || w.metadata.generateName || '', pvcName, index, input.template);
}

/** The builder for this pod: the hostpath webhook always uses its own; the serverless one picks VCI, CCI or generic. */
function profileOf(input: PodInput, pod: Pod): Profile {
  if (input.webhook === 'hostpath') return 'hostpath';
  if (pod.annotations[ANNOTATION_VCI] === PLATFORM_ENFORCE) return 'vci';
  if (pod.labels[LABEL_CCI] === PLATFORM_ENFORCE) return 'cci';
  return 'serverless';
}

/** Node labels for `mountPodPatch[].nodeSelector`: the named Node, else the pod's nodeSelector. */
function nodeLabelsOf(pod: Pod, context: ClusterContext): Record<string, string> | undefined {
  if (pod.spec.nodeName) {
    const node = context.get('Node', '', pod.spec.nodeName);
    if (node) return isObject(node.object.metadata.labels) ? (node.object.metadata.labels as Record<string, string>) : undefined;
  }
  const selector = pod.spec.nodeSelector;
  return selector && Object.keys(selector).length > 0 ? selector : undefined;
}

/** Where a settings error points: the Secret, the PVC annotation or PV attribute that set the value, the CSI ConfigMap. */
function settingsErrorAt(e: JuiceFSError, secret: KubeObject, pv: KubeObject, pvc: KubeObject, pvcFields: Set<string>, csi: CsiConfig): Located {
  const onSecret = (field: string): Located => ({ ref: refOf(secret), field });
  const onVolCtx = (key: string): Located =>
    pvcFields.has(key) ? { ref: refOf(pvc), field: `metadata.annotations.${key}` } : { ref: refOf(pv), field: `spec.csi.volumeAttributes.${key}` };
  switch (e.code) {
    case 'E8':
      return onSecret('data.name');
    case 'E14':
      return onSecret('data.metaurl');
    case 'E15':
      return onSecret('data.format-options');
    case 'E16':
      return onSecret('data.bucket');
    case 'E9':
      return e.field?.startsWith('data.') ? onSecret(e.field) : onVolCtx(e.field ?? '');
    case 'E10':
    case 'E11':
      return onVolCtx(e.field ?? '');
    case 'E13':
      if (e.field === VOLCTX_CACHE_EMPTYDIR || e.field === VOLCTX_CACHE_INLINE) return onVolCtx(e.field);
      return csi.ref ? { ref: csi.ref, field: 'data.config.yaml' } : { ref: refOf(pv) };
    default:
      return { ref: refOf(pv) };
  }
}

/** Secret values the sidecar reads through the generated Secret (§6 without `jfsSettings`). */
function generatedSecretData(s: Settings): Record<string, string> {
  const data: Record<string, string> = {};
  if (s.metaUrl) data.metaurl = s.metaUrl;
  if (s.secretKey) data.secretkey = s.secretKey;
  if (s.secretKey2) data.secretkey2 = s.secretKey2;
  if (s.token) data.token = s.token;
  if (s.passphrase) data.passphrase = s.passphrase;
  if (s.encryptRsaKey) data.encrypt_rsa_key = s.encryptRsaKey;
  if (s.initConfig) data.initconfig = s.initConfig;
  if (s.formatOptions) {
    try {
      for (const [k, v] of parseFormatOptions(s.formatOptions)) if (k === 'session-token') data['session-token'] = v;
    } catch {
      // the command would have failed first
    }
  }
  Object.assign(data, s.envs);
  return data;
}

/** Every key the cluster's `<pvc>-jfs-secret` must hold for this sidecar (external mode). */
function requiredKeys(s: Settings): string[] {
  const keys = new Set(secretEnvKeys(s));
  if (s.encryptRsaKey) keys.add('encrypt_rsa_key');
  if (s.initConfig) keys.add('initconfig');
  return [...keys];
}

/** Capacity in GiB for the quota (§4.2); E17 when quota is on and the request is under 1 GiB. */
function quotaCapacity(pvc: KubeObject, csi: CsiConfig): bigint {
  if (csi.enableSetQuota === false) return 0n;
  const spec = isObject(pvc.spec) ? pvc.spec : {};
  const resources = isObject(spec.resources) ? spec.resources : {};
  const requests = isObject(resources.requests) ? resources.requests : {};
  const raw = requests.storage;
  let bytes = 0n;
  if (raw !== undefined && raw !== null) {
    try {
      bytes = quantityValue(parseQuantity(String(raw)));
    } catch {
      throw jfsError('JFS-SHAPE', `spec.resources.requests.storage is not a quantity: ${JSON.stringify(raw)}`, { ref: refOf(pvc), field: 'spec.resources.requests.storage' });
    }
  }
  const gib = bytes / (1024n * 1024n * 1024n);
  if (gib <= 0n) {
    throw jfsError('E17', `capacity ${bytes} is too small, at least 1GiB for quota`, {
      ref: refOf(pvc),
      field: 'spec.resources.requests.storage',
      hint: 'request at least 1Gi, or set enableSetQuota: false in the CSI ConfigMap',
    });
  }
  return gib;
}

/** One round (`SidecarMutate.mutate`): the round's input pod in, its output out. */
function round(input: PodInput, pod: Pod, volume: JuiceFSVolume, index: number, mountDir: string): { pod: Pod; info: SidecarInfo; secret?: SecretRequest } {
  const { context, options, csi } = input;
  const { pv, pvc } = volume;
  const pvcName = pvc.metadata.name ?? '';
  const volumeName = pod.spec.volumes?.[volume.volumeIndex]?.name ?? '';
  const where = `volume "${volumeName}" (PVC ${input.target.namespace}/${pvcName}, PV ${pv.metadata.name ?? ''})`;
  const pvSpec = isObject(pv.spec) ? pv.spec : {};
  const csiSpec = isObject(pvSpec.csi) ? pvSpec.csi : {};
  const secretRefObj = csiSpec.nodePublishSecretRef;
  if (!isObject(secretRefObj) || typeof secretRefObj.name !== 'string' || secretRefObj.name === '') {
    throw jfsError('E7', `${where}: PersistentVolume ${pv.metadata.name ?? ''} has no spec.csi.nodePublishSecretRef: the webhook crashes on it (a nil pointer); name the Secret with the volume's credentials there`, {
      ref: refOf(pv),
      field: 'spec.csi.nodePublishSecretRef',
    });
  }
  const secretNamespace = typeof secretRefObj.namespace === 'string' ? secretRefObj.namespace : '';
  const secretEntry = context.get('Secret', secretNamespace, secretRefObj.name);
  if (!secretEntry || secretNamespace === '') {
    throw jfsError('E6', `${where}: ${notFound('secrets', secretRefObj.name)}${secretNamespace ? ` in namespace ${secretNamespace}` : ' (nodePublishSecretRef has no namespace)'}`, {
      ref: refOf(pv),
      field: secretNamespace ? 'spec.csi.nodePublishSecretRef.name' : 'spec.csi.nodePublishSecretRef.namespace',
      hint: 'add the Secret to the input; a keys-only copy is enough, e.g. from export-context --juicefs',
    });
  }
  const secret = secretEntry.object;
  const secretDesc = describeRef(refOf(secret));
  let data: Record<string, string>;
  try {
    data = secretData(secret);
  } catch (e) {
    return relocate(e, { ref: refOf(secret), field: e instanceof JuiceFSError ? e.field : undefined }, where);
  }
  if (options.generatedSecret === 'emit') {
    const empty = emptyKeys(data);
    if (empty.length > 0) {
      throw jfsError('JFS-EMIT-KEYS-ONLY', `${where}: Secret ${secretDesc} is keys-only (empty: ${empty.join(', ')}), but generatedSecret: emit copies the values into ${generatedSecretName(pvcName)}`, {
        ref: refOf(secret),
        field: `data.${empty[0]}`,
        hint: 'use generatedSecret: external, or give the function the Secret with its values',
      });
    }
  } else {
    data = keysOnly(data);
  }
  let vol: { volCtx: Record<string, string>; pvcFields: Set<string> };
  let settings: Settings;
  try {
    vol = volumeContext(pv, pvc);
  } catch (e) {
    return relocate(e, { ref: refOf(pv), field: e instanceof JuiceFSError ? e.field : undefined }, where);
  }
  try {
    const settingsInput = {
      secret: data,
      volCtx: vol.volCtx,
      options: volumeOptions(pv, vol.volCtx),
      volumeHandle: typeof csiSpec.volumeHandle === 'string' ? csiSpec.volumeHandle : '',
      pv,
      pvc,
      config: csi,
      images: input.images,
      shareMount: options.shareMount,
      noUpdateConfig: options.noUpdateConfig,
    };
    const nodeLabels = nodeLabelsOf(pod, context);
    settings = parseSettings(nodeLabels ? { ...settingsInput, nodeLabels } : settingsInput);
  } catch (e) {
    if (!(e instanceof JuiceFSError)) throw e;
    const at = e.code === 'JFS-SHAPE' ? { ref: refOf(pv), field: e.field } : settingsErrorAt(e, secret, pv, pvc, vol.volCtx ? vol.pvcFields : new Set(), csi);
    return relocate(e, at, `${where}, ${secretDesc}`);
  }
  settings.mountPath = podMountPath(mountDir);
  settings.secretName = generatedSecretName(pvcName);
  let capacity: bigint;
  try {
    capacity = quotaCapacity(pvc, csi);
  } catch (e) {
    return relocate(e, { ref: refOf(pvc), field: 'spec.resources.requests.storage' }, where);
  }
  const profile = profileOf(input, pod);
  if ((profile === 'serverless' || profile === 'vci') && !(pod.spec.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === pvcName)) {
    throw jfsError('JFS-SHARED-PVC', `${where}: PVC ${pvcName} is used by more than one pod volume: the webhook's second sidecar for it would mount a volume with no name, which the API server rejects`, {
      ref: refOf(pvc),
      hint: 'mount the PVC through one pod volume (several containers can mount the same volume)',
    });
  }
  let sidecar: MountSidecar;
  try {
    sidecar = buildSidecar({
      profile,
      settings,
      config: csi,
      app: pod,
      pvcName,
      capacity,
      checkSource: checkVolumeSource(options.generatedSecret, settings.secretName),
      mountPointPath: options.mountPath,
      immutable: options.immutable,
      nodeName: options.nodeName,
    });
  } catch (e) {
    if (!(e instanceof JuiceFSError)) throw e;
    // app resources that do not parse: a field of the pod
    throw jfsError(e.code, `${where}: ${e.message}`, e.field ? { field: e.field } : {});
  }
  deduplicate(pod, sidecar, index, input.native);

  const out = cloneJson(pod);
  injectVolumes(out, { profile, pvcName, token: mountDir, mountPointPath: options.mountPath, native: input.native, sidecarVolumes: sidecar.volumes });
  out.labels[LABEL_DONE] = TRUE;
  Object.assign(out.annotations, sidecar.annotations);
  if (input.native) {
    const { name, image, command, ports, env, resources, ...rest } = sidecar.container;
    const container = { name, image, command, ...(ports ? { ports } : {}), env, resources, restartPolicy: 'Always', ...rest };
    out.spec.initContainers = [container as Pod['spec']['containers'][number], ...(out.spec.initContainers ?? [])];
  } else {
    out.spec.containers = [sidecar.container as Pod['spec']['containers'][number], ...out.spec.containers];
  }

  const info: SidecarInfo = {
    container: String(sidecar.container.name),
    profile,
    pvc: pvcName,
    pv: pv.metadata.name ?? '',
    mountDir,
    secret: { namespace: input.target.namespace, name: settings.secretName, keys: requiredKeys(settings), from: secretDesc },
  };
  const result: { pod: Pod; info: SidecarInfo; secret?: SecretRequest } = { pod: out, info };
  if (options.generatedSecret === 'emit') result.secret = { namespace: input.target.namespace, name: settings.secretName, pvc, data: generatedSecretData(settings) };
  return result;
}

/** Throws JuiceFSError: with `ref` at a context object, or with a `field` relative to the pod. */
export function mutatePod(input: PodInput): PodOutcome {
  const { pod } = input;
  if (pod.labels[LABEL_DONE] === TRUE) return { status: 'skipped', reason: `it carries ${LABEL_DONE}: "true" (done before)` };
  if (pod.labels[LABEL_DISABLE] === TRUE) return { status: 'skipped', reason: `disabled by label ${LABEL_DISABLE}: "true"` };
  const { volumes, notes } = juiceFSVolumesOf(pod, input.target.namespace, input.context, input.options.driverName);
  if (volumes.length === 0) return { status: 'no-juicefs', notes };
  let overrides: (string | undefined)[] = [];
  try {
    if (input.webhook === 'hostpath') overrides = mountDirOverrides(input.target.workload.metadata.annotations ?? {}, volumes.length);
  } catch (e) {
    // a field of the workload's own metadata, not of its pod template
    return relocate(e, { ref: refOf(input.target.workload), field: e instanceof JuiceFSError ? e.field : undefined }, 'the mount directory annotation');
  }
  let current = pod;
  const sidecars: SidecarInfo[] = [];
  const secrets: SecretRequest[] = [];
  volumes.forEach((volume, i) => {
    const r = round(input, current, volume, i, mountDirOf(input, volume, i, overrides));
    current = r.pod;
    sidecars.push(r.info);
    if (r.secret) secrets.push(r.secret);
  });
  return { status: 'injected', pod: current, sidecars, secrets, notes };
}

