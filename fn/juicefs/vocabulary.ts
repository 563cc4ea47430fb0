// Every label, annotation, name, path and default the JuiceFS CSI sidecar webhook reads or writes
// (juicefs-csi-sidecar.md §0, §1.10, §5), written once.

// Gates and markers (§0.1).
export const LABEL_ENABLE_INJECTION = 'juicefs.com/enable-injection';
export const LABEL_ENABLE_SERVERLESS = 'juicefs.com/enable-serverless-injection';
export const LABEL_DONE = 'done.sidecar.juicefs.com/inject';
export const LABEL_DISABLE = 'disable.sidecar.juicefs.com/inject';
export const TRUE = 'true';
export const ANNOTATION_VCI = 'vke.volcengine.com/burst-to-vci';
export const LABEL_CCI = 'virtual-kubelet.io/burst-to-cci';
export const PLATFORM_ENFORCE = 'enforce';

// VCI (§8.2) and CCI (§8.3).
export const ANNOTATION_VCI_PROPAGATION = 'vci.vke.volcengine.com/config-bidirectional-mount-propagation';
/** Key and value are the same string. */
export const ANNOTATION_VCI_PROPAGATION_CONFIG = 'vke.al.vci-enable-bidirectional-mount-propagation';
export const CCI_DRIVER = 'juicefs.csi.everest.io';
export const CCI_FS_TYPE = 'gpath';

// Mount metadata annotations (VCI/CCI only; `GenMetadata`).
export const ANNOTATION_UUID = 'juicefs-uuid';
export const ANNOTATION_UNIQUE_ID = 'juicefs-uniqueid';
export const ANNOTATION_DELETE_DELAY = 'juicefs-delete-delay';
export const ANNOTATION_CLEAN_CACHE = 'juicefs-clean-cache';
export const ANNOTATION_UPGRADE_PROCESS = 'juicefs-upgrade-process';
export const ANNOTATION_SHARE_MODE = 'juicefs/mount-share-mode';

// PV volumeAttributes / PVC annotations (§5.2). PVC annotations with this prefix override the PV's.
export const VOLCTX_PVC_PREFIX = 'juicefs';
export const VOLCTX_SUB_PATH = 'subPath';
export const VOLCTX_MOUNT_OPTIONS = 'mountOptions';
export const VOLCTX_IMAGE = 'juicefs/mount-image';
export const VOLCTX_CPU_LIMIT = 'juicefs/mount-cpu-limit';
export const VOLCTX_MEMORY_LIMIT = 'juicefs/mount-memory-limit';
export const VOLCTX_CPU_REQUEST = 'juicefs/mount-cpu-request';
export const VOLCTX_MEMORY_REQUEST = 'juicefs/mount-memory-request';
export const VOLCTX_LABELS = 'juicefs/mount-labels';
export const VOLCTX_ANNOTATIONS = 'juicefs/mount-annotations';
export const VOLCTX_DELETE_DELAY = 'juicefs/mount-delete-delay';
export const VOLCTX_CLEAN_CACHE = 'juicefs/clean-cache';
export const VOLCTX_CACHE_PVC = 'juicefs/mount-cache-pvc';
export const VOLCTX_CACHE_EMPTYDIR = 'juicefs/mount-cache-emptydir';
export const VOLCTX_CACHE_INLINE = 'juicefs/mount-cache-inline-volume';
export const VOLCTX_HOST_PATH = 'juicefs/host-path';

// CSI ConfigMap (§1.8).
export const CSI_CONFIGMAP_NAME = 'juicefs-csi-driver-config';
export const CSI_CONFIGMAP_KEY = 'config.yaml';

// Names and paths of the sidecar (§0.2, §3.2, §4.4).
export const SIDECAR_NAME = 'jfs-mount';
export const POD_MOUNT_BASE = '/jfs';
export const JFS_DIR_VOLUME = 'jfs-dir';
export const UPDATEDB_VOLUME = 'updatedb';
export const UPDATEDB_PATH = '/etc/updatedb.conf';
export const CHECK_VOLUME = 'jfs-check-mount';
export const CHECK_DIR = '/jfs-scripts';
export const CHECK_SCRIPT = 'check_mount.sh';
export const CHECK_SCRIPT_PATH = `${CHECK_DIR}/${CHECK_SCRIPT}`;
/** 0755: the API server reads a decimal number (YAML 1.2 would read `0755` as 755). */
export const SCRIPT_MODE = 0o755;
export const RSA_KEY_VOLUME = 'rsa-key';
export const RSA_KEY_DIR = '/root/.rsa';
export const RSA_KEY_FILE = 'rsa-key.pem';
export const RSA_KEY_PATH = `${RSA_KEY_DIR}/${RSA_KEY_FILE}`;
export const INIT_CONFIG_VOLUME = 'init-config';
export const RO_CONF_DIR = '/etc/juicefs';
export const CLIENT_CONF_DIR = '/root/.juicefs';
export const CONFIG_VOLUME_PREFIX = 'config-';
export const HOST_PATH_VOLUME_PREFIX = 'hostpath-';
export const GENERATED_SECRET_SUFFIX = '-jfs-secret';
export const SECRET_LABEL = 'juicefs/secret';

// Cache directories (§3.4).
export const DEFAULT_CACHE_DIR = '/var/jfsCache';
export const CACHE_VOLUME_PREFIX = 'cachedir-';
export const CACHE_PVC_VOLUME_PREFIX = 'cachedir-pvc-';
export const CACHE_EMPTYDIR_VOLUME = 'cachedir-empty-dir';
export const CACHE_EMPTYDIR_PATH = '/var/jfsCache-emptyDir';
export const CACHE_INLINE_VOLUME_PREFIX = 'cachedir-inline-volume-';
export const CACHE_INLINE_PATH_PREFIX = '/var/jfsCache-inlineVolume-';
export const CACHE_EPHEMERAL_VOLUME_PREFIX = 'cachedir-ephemeral-';
export const CACHE_EPHEMERAL_PATH_PREFIX = '/var/jfsCache-ephemeral-';
export const ANNOTATION_SELECTED_NODE = 'volume.kubernetes.io/selected-node';

/** Patch volumes whose names start with these are the builder's own and are ignored (`IsInterVolume`). */
export const INTERNAL_VOLUME_PREFIXES = ['rsa-key', 'init-config', 'config-', 'jfs-dir', 'update-db', 'cachedir-'];

// Commands (§3.3).
export const CE_MOUNT = '/bin/mount.juicefs';
export const EE_MOUNT = '/sbin/mount.juicefs';
export const CE_CLI = '/usr/local/bin/juicefs';
export const EE_CLI = '/usr/bin/juicefs';
export const DEFAULT_METRICS = 'metrics=0.0.0.0:9567';
export const HOST_NETWORK_METRICS = 'metrics=0.0.0.0:0';
export const DEFAULT_METRICS_PORT = 9567;

// Environment of the sidecar.
export const ENV_INSIDE_CONTAINER = 'JFS_INSIDE_CONTAINER';
export const ENV_FOREGROUND = 'JFS_FOREGROUND';
export const ENV_NO_UMOUNT = 'JFS_NO_UMOUNT';
/** Misspelt as in the driver. */
export const ENV_CCI_SIDECAR = 'JUICEFS_CLIENT_SIDERCAR_CONTAINER';
export const ENV_CCI_CLIENT_PATH = 'JUICEFS_CLIENT_PATH';

// Webhook environment defaults (§1.10), which become function config.
export const DEFAULT_DRIVER_NAME = 'csi.juicefs.com';
export const DEFAULT_CE_IMAGE = 'juicedata/mount:ce-nightly';
export const DEFAULT_EE_IMAGE = 'juicedata/mount:ee-nightly';
export const DEFAULT_MOUNT_PATH = '/var/lib/juicefs/volume';
export const DEFAULT_RESOURCES = { limits: { cpu: '5000m', memory: '5Gi' }, requests: { cpu: '1000m', memory: '1Gi' } } as const;
/** Resource percentages: limits are floored at these unless the patch names its own (§5.4). */
export const DEFAULT_MIN_LIMITS = { cpu: '100m', memory: '300Mi' } as const;
/** Native sidecars from this API server version on (§7). */
export const NATIVE_SIDECAR_VERSION = [1, 29, 0] as const;

// This function's own names (not the webhook's).
/** Per-namespace ConfigMap holding the check script in `generatedSecret: external` mode (A3). */
export const CHECK_CONFIGMAP = 'juicefs-check-mount';
/** Workload annotation that overrides the hostpath-profile mount directories (A4). */
export const ANNOTATION_MOUNT_DIR = 'juicefs.fn.fluid.io/mount-dir';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const FUNCTION_NAME = 'inject-juicefs-sidecar';
/** The function config's kind (fn.fluid.io/v1alpha1). */
export const CONFIG_KIND = 'InjectJuiceFSSidecar';
/** Marks a Secret written by `export-context --juicefs` with its credential values blanked (A3, A9). */
export const ANNOTATION_KEYS_ONLY = 'juicefs.fn.fluid.io/keys-only';
