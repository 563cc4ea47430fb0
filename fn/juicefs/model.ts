// The records the JuiceFS mutation passes between its steps: the settings of one volume (the
// driver's `JfsSetting`), the mount pod attributes (`PodAttr`), resources and cache directories.
// Types only, so that every step can name them without importing another step.
import type { JsonObject, JsonValue, KubeObject } from '../types';
import type { PatchCacheDir } from './csi-config';
import type { Quantity } from './quantities';
import type { Pod } from './workloads';

export type ResourceList = Record<string, Quantity>;

export interface Resources {
  limits?: ResourceList;
  requests?: ResourceList;
}

export interface CachePvc {
  pvcName: string;
  path: string;
}

export interface CacheEmptyDir {
  medium: string;
  /** a zero quantity when none was given: the driver always writes one */
  sizeLimit: Quantity;
  path: string;
}

export interface CacheInlineVolume {
  csi: JsonValue;
  path: string;
}

export interface CacheEphemeral {
  storageClassName?: string;
  storage: Quantity;
  accessModes: string[];
  path: string;
}

/** `key`: the volume-context key at fault; none for the patch's cacheDirs. */
/** What the builders need of the mount pod's attributes (`PodAttr`). */
export interface PodAttr {
  image: string;
  imagePullPolicy?: string;
  hostNetwork: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  resources: Resources;
  lifecycle?: JsonObject;
  livenessProbe?: JsonObject;
  readinessProbe?: JsonObject;
  volumes?: JsonObject[];
  volumeMounts?: JsonObject[];
  volumeDevices?: JsonObject[];
  env?: JsonObject[];
  cacheDirs?: PatchCacheDir[];
}

export interface Settings {
  isCe: boolean;
  name: string;
  metaUrl: string;
  source: string;
  storage: string;
  formatOptions: string;
  secretKey: string;
  secretKey2: string;
  token: string;
  passphrase: string;
  encryptRsaKey: string;
  initConfig: string;
  /** `envs` of the Secret, keys sorted (Go map order is random, A6). */
  envs: Record<string, string>;
  /** `configs` of the Secret (Secret name → mount path), keys sorted. */
  configs: Record<string, string>;
  subPath: string;
  deletedDelay: string;
  cleanCache: boolean;
  hostPath: string[];
  volumeId: string;
  uniqueId: string;
  uuid: string;
  /** `/jfs/<m>`, set by the mutation once the mount directory is known */
  mountPath: string;
  secretName: string;
  options: string[];
  formatCmd: string;
  cacheDirs: string[];
  cachePvcs: CachePvc[];
  cacheEmptyDir?: CacheEmptyDir;
  cacheInlineVolumes?: CacheInlineVolume[];
  cacheEphemeral: CacheEphemeral[];
  /** `storageClassShareMount`, `fsShareMount` or "" */
  mountShareMode: string;
  attr: PodAttr;
  pv: KubeObject;
  pvc: KubeObject;
  /** the Node's labels, or the pod's nodeSelector standing in for them; undefined = no node */
  nodeLabels?: Record<string, string>;
  /** the app pod, known from the second patch pass on (percentages need it) */
  appPod?: Pod;
}

