// Object builders for the JuiceFS function's unit tests: the context objects the webhook reads and
// settings parsed the way the mutation parses them.
import YAML from 'yaml';
import type { JsonObject, KubeObject } from '../../fn/types';
import type { CsiConfig } from '../../fn/juicefs/csi-config';
import { readCsiConfig } from '../../fn/juicefs/csi-config';
import { ClusterContext } from '../../fn/juicefs/context';
import { parseSettings } from '../../fn/juicefs/settings';
import type { Settings } from '../../fn/juicefs/model';
import type { SettingsInput } from '../../fn/juicefs/settings';
import type { Pod } from '../../fn/juicefs/workloads';

/** Cluster state as export-context writes it: read by the function, never applied. */
const LOCAL = { 'config.kubernetes.io/local-config': 'true' };

export function secret(name: string, namespace: string, stringData: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace, annotations: LOCAL }, stringData };
}

export interface PvOptions {
  secretRef?: { name: string; namespace: string } | null;
  attributes?: Record<string, string>;
  mountOptions?: string[];
  accessModes?: string[];
  driver?: string;
  volumeHandle?: string;
}

export function pv(name: string, o: PvOptions = {}): KubeObject {
  const csi: JsonObject = { driver: o.driver ?? 'csi.juicefs.com', volumeHandle: o.volumeHandle ?? name };
  if (o.secretRef !== null) csi.nodePublishSecretRef = o.secretRef ?? { name: 'jfs-secret', namespace: 'default' };
  if (o.attributes) csi.volumeAttributes = o.attributes;
  const spec: JsonObject = { accessModes: o.accessModes ?? ['ReadWriteMany'], capacity: { storage: '10Gi' }, csi };
  if (o.mountOptions) spec.mountOptions = o.mountOptions;
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name, annotations: LOCAL }, spec };
}

export interface PvcOptions {
  volumeName?: string;
  storage?: string;
  storageClassName?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function pvc(name: string, namespace: string, o: PvcOptions = {}): KubeObject {
  const metadata: KubeObject['metadata'] = { name, namespace };
  if (o.uid) metadata.uid = o.uid;
  if (o.labels) metadata.labels = o.labels;
  if (o.annotations) metadata.annotations = o.annotations;
  const spec: JsonObject = { accessModes: ['ReadWriteMany'], resources: { requests: { storage: o.storage ?? '10Gi' } } };
  if (o.storageClassName !== undefined) spec.storageClassName = o.storageClassName;
  if (o.volumeName !== '') spec.volumeName = o.volumeName ?? `${name}-pv`;
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata, spec };
}

export function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function storageClass(name: string, provisioner: string): KubeObject {
  return { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name, annotations: LOCAL }, provisioner };
}

/** The CSI ConfigMap with `config.yaml` from an object (written as YAML) or a text. */
export function csiConfigMap(config: JsonObject | string, ns = 'kube-system'): KubeObject {
  const text = typeof config === 'string' ? config : new YAML.Document(config, { version: '1.1' }).toString();
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'juicefs-csi-driver-config', namespace: ns, annotations: LOCAL }, data: { 'config.yaml': text } };
}

export function csiConfig(config: JsonObject | string): CsiConfig {
  return readCsiConfig(new ClusterContext([csiConfigMap(config)], 'default'));
}

export const NO_CONFIG: CsiConfig = { mountPodPatch: [] };

/** A pod whose containers mount every volume at /<volume name>. */
export function pod(volumes: { name: string; claim?: string }[], containers: JsonObject[] = [{ name: 'app', image: 'busybox' }]): Pod {
  const mounts = volumes.map((v) => ({ name: v.name, mountPath: `/${v.name}` }));
  return {
    labels: {},
    annotations: {},
    spec: {
      containers: containers.map((c) => ({ volumeMounts: mounts.map((m) => ({ ...m })), ...c })) as Pod['spec']['containers'],
      volumes: volumes.map((v) => (v.claim ? { name: v.name, persistentVolumeClaim: { claimName: v.claim } } : { name: v.name, emptyDir: {} })),
    },
  };
}

export const CE_SECRET = { name: 'myjfs', metaurl: 'redis://redis:6379/1', storage: 's3', bucket: 'https://b.s3.amazonaws.com', 'access-key': 'AK', 'secret-key': 'SK' };

/** Settings as the mutation parses them, with the defaults of the function config. */
export function settingsFor(o: Partial<SettingsInput> & { secret?: Record<string, string> } = {}): Settings {
  const thePv = o.pv ?? pv('test-pv');
  return parseSettings({
    secret: o.secret ?? CE_SECRET,
    volCtx: o.volCtx ?? {},
    options: o.options ?? [],
    volumeHandle: o.volumeHandle ?? 'test-pv',
    pv: thePv,
    pvc: o.pvc ?? pvc('test-pvc', 'default'),
    config: o.config ?? NO_CONFIG,
    images: o.images ?? { ce: 'juicedata/mount:ce-nightly', ee: 'juicedata/mount:ee-nightly' },
    shareMount: o.shareMount ?? 'none',
    noUpdateConfig: o.noUpdateConfig ?? false,
    ...(o.nodeLabels ? { nodeLabels: o.nodeLabels } : {}),
  });
}
