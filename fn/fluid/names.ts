// The names Fluid gives the objects, containers, volumes and paths of an injection: fixed names,
// and the rules that build a name from a dataset (PV, fuse DaemonSet, check ConfigMap, dataset id).
// (The fuse DaemonSet's name depends on the runtime type: runtimes.ts.)

/** The dataset's PersistentVolume: `<namespace>-<dataset>` (cluster-scoped, so the namespace is in the name). */
export function pvName(namespace: string, dataset: string): string {
  return `${namespace}-${dataset}`;
}

/** `<ns>-<name>` when shorter than 63 characters, else the dataset's UID (a label value has at most 63). */
export function datasetId(namespace: string, name: string, uid: string): string {
  const id = `${namespace}-${name}`;
  return id.length < 63 || uid === '' ? id : uid;
}

export const SIDECAR_NAME_PREFIX = 'fluid-fuse';
export const INIT_SIDECAR_NAME_PREFIX = 'init-fluid-fuse';

export const APP_CHECK_CONFIGMAP = 'check-fluid-mount-ready';
export const APP_CHECK_VOLUME = 'check-fluid-mount-ready';
export const APP_CHECK_MOUNT_PATH = '/check-fluid-mount-ready.sh';
export const APP_CHECK_SUBPATH = 'check-fluid-mount-ready.sh';

const SIDECAR_CHECK_CONFIGMAP_SUFFIX = '-default-check-mount';
export const SIDECAR_CHECK_VOLUME = 'default-check-mount';
export const SIDECAR_CHECK_MOUNT_PATH = '/check-mount.sh';
export const SIDECAR_CHECK_SUBPATH = 'check-mount.sh';
/** Up to v1.0.5 the check ConfigMap is the dataset's: `<dataset>-<mount_type lowercased>-check-mount`, volume `check-mount`. */
export const DATASET_CHECK_VOLUME = 'check-mount';
/** Up to v1.0.3 the unprivileged sidecar's: `<dataset>-<mount_type lowercased>-check-mount-unprivileged`. */
export const UNPRIVILEGED_CHECK_VOLUME = 'check-mount-unprivileged';

/** Appended to both postStart commands up to v1.0.7 (later the scripts redirect themselves). */
export const POSTSTART_REDIRECT = ' >> /proc/1/fd/1';
/** The unprivileged sidecar's fuse device request up to v1.0.3. */
export const FUSE_DEVICE_RESOURCE = 'fluid.io/fuse';

/** configMap volume mode 0755. */
export const SCRIPT_MODE = 0o755;

export const CACHE_DIR_PREFIXES = ['datavolume-', 'volume-localtime', 'cache-dir', 'mem', 'ssd', 'hdd'];

export const PREFETCHER_CONTAINER = 'fluid-file-prefetcher';
export const PREFETCHER_STATUS_VOLUME = 'fluid-file-prefetcher-status-vol';
export const PREFETCHER_STATUS_DIR = '/tmp/fluid-file-prefetcher/status';
export const PREFETCHER_DATA_ROOT = '/data';
export const PREFETCHER_DEFAULT_TIMEOUT = 120;

/** The sidecar's check-script ConfigMap, named after the PV's mount type: `<mount_type lowercased>-default-check-mount`. */
export function sidecarCheckConfigMapName(fsType: string): string {
  return `${fsType.toLowerCase()}${SIDECAR_CHECK_CONFIGMAP_SUFFIX}`;
}

/** The dataset's own check ConfigMap of releases up to v1.0.5 (`volume`: DATASET_ or UNPRIVILEGED_CHECK_VOLUME). */
export function datasetCheckConfigMapName(dataset: string, fsType: string, volume: string): string {
  return `${dataset}-${fsType.toLowerCase()}-${volume}`;
}

/** Whether a ConfigMap is one of the check-script ConfigMaps the injection creates (of any release). */
export function isCheckConfigMap(name: string): boolean {
  return name === APP_CHECK_CONFIGMAP || /-check-mount(-unprivileged)?$/.test(name);
}
