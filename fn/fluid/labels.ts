// Every label and annotation key the webhook reads or writes, and the one rule about them that
// several steps share: whether a pod asks for the sidecar.

export const LABEL_SERVERLESS_INJECT = 'serverless.fluid.io/inject';
export const LABEL_DEPRECATED_SIDECAR_INJECT = 'fuse.sidecar.fluid.io/inject';
/** Asks for the CSI plugin instead of the sidecar (near-miss reporting only). */
export const LABEL_SERVERFUL_INJECT = 'fuse.serverful.fluid.io/inject';
export const LABEL_UNPRIVILEGED = 'unprivileged.sidecar.fluid.io/inject';
export const LABEL_CACHE_DIR = 'cachedir.sidecar.fluid.io/inject';
export const LABEL_SIDECAR_POSTSTART = 'fuse.sidecar.poststart.fluid.io/inject';
export const LABEL_APP_POSTSTART = 'app.poststart.fluid.io/inject';
export const LABEL_DONE = 'done.sidecar.fluid.io/inject';
export const LABEL_ENABLE_INJECTION = 'fluid.io/enable-injection';
export const LABEL_MANAGED_BY = 'fluid.io/managed-by';
export const LABEL_WRAPPED_BY = 'fluid.io/wrapped-by';
export const LABEL_DATASET_PVC_PREFIX = 'fluid.io/s-';
export const LABEL_DATASET_ID = 'fluid.io/dataset-id';
export const LABEL_SIDECAR_DATASET_NAMESPACE = 'dataset-namespace.sidecar.fluid.io/';
export const LABEL_SIDECAR_DATASET_NAME = 'dataset-name.sidecar.fluid.io/';
/** v1.0.3 to v1.0.8: one label per sidecar instead of the two above. */
export const LABEL_CONTAINER_DATASET_MAPPING = 'container-dataset-mapping.sidecar.fluid.io/';

/** v1.0.0 leaves Fluid's own pods alone: `role: dataload-pod`, or `app` naming a runtime chart. */
export const LABEL_POD_ROLE = 'role';
export const DATALOAD_POD_ROLE = 'dataload-pod';
export const LABEL_APP = 'app';
export const FLUID_APP_LABEL_VALUES = ['alluxio', 'jindofs', 'goosefs', 'juicefs', 'thin', 'efc'];

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

/** Whether a pod (template) asks for the sidecar: the current or the deprecated label is "true". */
export function asksForSidecar(labels: Readonly<Record<string, unknown>>): boolean {
  return labels[LABEL_SERVERLESS_INJECT] === 'true' || labels[LABEL_DEPRECATED_SIDECAR_INJECT] === 'true';
}
