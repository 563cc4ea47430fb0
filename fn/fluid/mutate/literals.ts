// Every label, annotation, name and path the webhook reads or writes (spec §0).

export const LABEL_SERVERLESS_INJECT = 'serverless.fluid.io/inject';
export const LABEL_DEPRECATED_SIDECAR_INJECT = 'fuse.sidecar.fluid.io/inject';
export const LABEL_UNPRIVILEGED = 'unprivileged.sidecar.fluid.io/inject';
export const LABEL_CACHE_DIR = 'cachedir.sidecar.fluid.io/inject';
export const LABEL_SIDECAR_POSTSTART = 'fuse.sidecar.poststart.fluid.io/inject';
export const LABEL_APP_POSTSTART = 'app.poststart.fluid.io/inject';
export const LABEL_DONE = 'done.sidecar.fluid.io/inject';
export const LABEL_ENABLE_INJECTION = 'fluid.io/enable-injection';
export const LABEL_SERVERFUL_INJECT = 'fuse.serverful.fluid.io/inject';
export const LABEL_MANAGED_BY = 'fluid.io/managed-by';
export const LABEL_WRAPPED_BY = 'fluid.io/wrapped-by';
export const LABEL_DATASET_PVC_PREFIX = 'fluid.io/s-';
export const LABEL_DATASET_ID = 'fluid.io/dataset-id';
export const LABEL_SIDECAR_DATASET_NAMESPACE = 'dataset-namespace.sidecar.fluid.io/';
export const LABEL_SIDECAR_DATASET_NAME = 'dataset-name.sidecar.fluid.io/';

export const ANNOTATION_PLATFORM = 'serverless.fluid.io/platform';
export const ANNOTATION_HOST_PATH_MODE = 'default.fuse-sidecar.fluid.io/host-mount-path-mode';
export const ANNOTATION_SKIP_PRECHECK = 'sidecar.fluid.io/skip-precheck';
export const ANNOTATION_SCRAPE = 'prometheus.fuse.fluid.io/scrape';
export const ANNOTATION_DATASETS_IN_USE = 'fluid.io/datasets-in-use';
export const ANNOTATION_SCRIPT_SHA = 'fluid.io/check-mount-script-sha256';

export const PREFETCHER_INJECT = 'file-prefetcher.fluid.io/inject';
export const PREFETCHER_INJECT_DONE = 'file-prefetcher.fluid.io/inject-done';
export const PREFETCHER_IMAGE = 'file-prefetcher.fluid.io/image';
export const PREFETCHER_FILE_LIST = 'file-prefetcher.fluid.io/file-list';
export const PREFETCHER_ASYNC = 'file-prefetcher.fluid.io/async-prefetch';
export const PREFETCHER_TIMEOUT = 'file-prefetcher.fluid.io/prefetch-timeout-seconds';
export const PREFETCHER_EXTRA_ENVS = 'file-prefetcher.fluid.io/extra-envs';

export const RANDOM_SUFFIX_MODE = 'random-suffix';

export const SIDECAR_NAME_PREFIX = 'fluid-fuse';
export const INIT_SIDECAR_NAME_PREFIX = 'init-fluid-fuse';

export const APP_CHECK_CONFIGMAP = 'check-fluid-mount-ready';
export const APP_CHECK_VOLUME = 'check-fluid-mount-ready';
export const APP_CHECK_MOUNT_PATH = '/check-fluid-mount-ready.sh';
export const APP_CHECK_SUBPATH = 'check-fluid-mount-ready.sh';

export const SIDECAR_CHECK_CONFIGMAP_SUFFIX = '-default-check-mount';
export const SIDECAR_CHECK_VOLUME = 'default-check-mount';
export const SIDECAR_CHECK_MOUNT_PATH = '/check-mount.sh';
export const SIDECAR_CHECK_SUBPATH = 'check-mount.sh';

/** configMap volume mode 0755. */
export const SCRIPT_MODE = 0o755;

export const CACHE_DIR_PREFIXES = ['datavolume-', 'volume-localtime', 'cache-dir', 'mem', 'ssd', 'hdd'];

/** hostPath volumes of the FUSE mount itself: random-suffix rewrites their paths. */
export const FUSE_MOUNT_VOLUME_PREFIXES = [
  'alluxio-fuse-mount',
  'jindofs-fuse-mount',
  'juicefs-fuse-mount',
  'thin-fuse-mount',
  'efc-fuse-mount',
  'efc-sock',
];

/** What the unprivileged platform strips from the sidecar. */
export const UNPRIVILEGED_STRIP_PREFIXES = [
  ...FUSE_MOUNT_VOLUME_PREFIXES,
  'alluxio-fuse-device',
  'jindofs-fuse-device',
  'thin-fuse-device',
];

export const PREFETCHER_CONTAINER = 'fluid-file-prefetcher';
export const PREFETCHER_STATUS_VOLUME = 'fluid-file-prefetcher-status-vol';
export const PREFETCHER_STATUS_DIR = '/tmp/fluid-file-prefetcher/status';
export const PREFETCHER_DATA_ROOT = '/data';
export const PREFETCHER_DEFAULT_TIMEOUT = 120;
