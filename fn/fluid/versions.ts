// What each Fluid release injects (docs/fluid-versions.md, read from each tag): one profile per
// `fluidVersion`, written as v1.0.0 plus the changes of every later release. The mutation reads the
// profile's fields; nothing else in the function compares versions.
import type { PluginName } from './config/options';
import {
  DATASET_CHECK_VOLUME,
  datasetCheckConfigMapName,
  SIDECAR_CHECK_VOLUME,
  sidecarCheckConfigMapName,
  UNPRIVILEGED_CHECK_VOLUME,
} from './names';
import type { RuntimeType } from './runtimes';

export const FLUID_VERSIONS = ['v1.0.0', 'v1.0.1', 'v1.0.2', 'v1.0.3', 'v1.0.4', 'v1.0.5', 'v1.0.6', 'v1.0.7', 'v1.0.8', 'v1.1'] as const;
export type FluidVersion = (typeof FLUID_VERSIONS)[number];

/** The development line (a826600a4), which the function follows when nothing says otherwise. */
export const DEVELOPMENT_LINE: FluidVersion = 'v1.1';

/** How the sidecar's check-mount.sh behaves (the settings block of scripts/check-mount.sh). */
export interface CheckMountBehaviour {
  /** The script sends its stdout/stderr to PID 1's stdout itself (else the postStart command does). */
  ownRedirect: boolean;
  /** `bash -x`. */
  trace: boolean;
  pollSeconds: number;
  mountChecks: number;
  /** 1: the sub path is checked once. */
  subPathChecks: number;
  logStamps: boolean;
}

export type MappingLabels =
  /** No label. */
  | 'none'
  /** `container-dataset-mapping.sidecar.fluid.io/<ctr>: <ns>_<name>`. */
  | 'mapping-underscore'
  /** Same key, value `<ns>-<name>`, or the dataset UID when that has 63 characters or more. */
  | 'mapping-dataset-id'
  /** `dataset-namespace.sidecar.fluid.io/<ctr>` and `dataset-name.sidecar.fluid.io/<ctr>`. */
  | 'namespace-and-name';

export interface FluidProfile {
  version: FluidVersion;
  /** Helm's default plugin profile (`serverless.withDataset`). */
  defaultPlugins: readonly PluginName[];
  /** Plugins the release has: any other name in the profile keeps its webhook from starting. */
  plugins: readonly PluginName[];
  /** Pods labelled `role: dataload-pod` or `app: <runtime>` are Fluid's own and left alone. */
  skipsFluidPods: boolean;
  /** A container named exactly `fluid-fuse` or `init-fluid-fuse` means "already injected". */
  skipsBareSidecarNames: boolean;
  /** Inject again while dataset PVCs remain, numbering on from the existing `fluid-fuse*` containers. */
  multiRound: boolean;
  /** `fluid.io/managed-by: fluid` next to the done label. */
  managedByLabel: boolean;
  mappingLabels: MappingLabels;
  /** `fluid.io/datasets-in-use`: overwritten with one entry per PVC, or merged into a sorted set. */
  datasetsInUse: 'overwrite' | 'merge';
  checkConfigMaps: {
    /** `<dataset>-<type>-check-mount`, owned by the Dataset; else one `<type>-default-check-mount` per namespace. */
    perDataset: boolean;
    /** Label `fluid.io/dataset-id` on the sidecar ConfigMap. */
    datasetIdLabel: boolean;
    /** SHA annotation, and existing ConfigMaps refreshed when it differs; else created only when absent. */
    refresh: boolean;
  };
  checkMount: CheckMountBehaviour;
  /** check-fluid-mount-ready.sh redirects itself (else the postStart command does). */
  appCheckOwnRedirect: boolean;
  /** ` >> /proc/1/fd/1` at the end of both postStart commands. */
  postStartRedirect: boolean;
  /**
   * Unprivileged sidecars also request one fuse device (`fluid.io/fuse`) and run their own check script
   * (`/tools/ioctl_sync`) from `<dataset>-<type>-check-mount-unprivileged`.
   */
  unprivilegedFuseDevice: boolean;
  /** Annotation `serverless.fluid.io/platform` picks the platform. */
  platformAnnotation: boolean;
  /** Annotation `sidecar.fluid.io/skip-precheck` skips the dataset-bound check. */
  skipPrecheck: boolean;
  /** `*-metrics` ports removed unless Jindo's scrape target selects the sidecar, which adds the scrape annotation. */
  metricsPorts: boolean;
  /** `default.fuse-sidecar.fluid.io/host-mount-path-mode: random-suffix`. */
  randomSuffix: boolean;
  /** `FUSE_SIDECAR_INJECTION_MODE=native-sidecar`. */
  nativeSidecar: boolean;
  /** Runtime types the webhook can inject (`status.runtimes[0].type`). */
  runtimes: readonly RuntimeType[];
  /** FUSE mount volumes (random-suffix rewrites them, the unprivileged platform strips them): name prefixes. */
  fuseMountVolumes: readonly string[];
  /** FUSE device volumes the unprivileged platform strips: name prefixes. */
  fuseDeviceVolumes: readonly string[];
  /** PV `mount_type` → name of the fuse container's mount of the FUSE mount point (else `thin-fuse-mount`). */
  fuseMountByType: Readonly<Record<string, string>>;
  /** Injection errors admit the pod as mutated so far (runtime-info errors reject in every release). */
  injectionErrorsAdmit: boolean;
}

const V1_0_0: FluidProfile = {
  version: 'v1.0.0',
  defaultPlugins: ['FuseSidecar'],
  plugins: ['FuseSidecar'],
  skipsFluidPods: true,
  skipsBareSidecarNames: true,
  multiRound: false,
  managedByLabel: false,
  mappingLabels: 'none',
  datasetsInUse: 'overwrite',
  checkConfigMaps: { perDataset: true, datasetIdLabel: false, refresh: false },
  checkMount: { ownRedirect: false, trace: true, pollSeconds: 3, mountChecks: 10, subPathChecks: 1, logStamps: false },
  appCheckOwnRedirect: false,
  postStartRedirect: true,
  unprivilegedFuseDevice: true,
  platformAnnotation: false,
  skipPrecheck: false,
  metricsPorts: false,
  randomSuffix: false,
  nativeSidecar: false,
  runtimes: ['alluxio', 'jindo', 'goosefs', 'juicefs', 'thin', 'efc', 'vineyard'],
  fuseMountVolumes: ['alluxio-fuse-mount', 'jindofs-fuse-mount', 'goosefs-fuse-mount', 'juicefs-fuse-mount', 'thin-fuse-mount', 'efc-fuse-mount', 'efc-sock'],
  fuseDeviceVolumes: ['alluxio-fuse-device', 'jindofs-fuse-device', 'goosefs-fuse-device', 'thin-fuse-device'],
  fuseMountByType: {
    'fuse.jindofs-fuse': 'jindofs-fuse-mount',
    jindo: 'jindofs-fuse-mount',
    'fuse.alluxio-fuse': 'alluxio-fuse-mount',
    alluxio: 'alluxio-fuse-mount',
    'fuse.goosefs-fuse': 'goosefs-fuse-mount',
    JuiceFS: 'juicefs-fuse-mount',
    juicefs: 'juicefs-fuse-mount',
  },
  injectionErrorsAdmit: false,
};

/** What each release changed, in order (docs/fluid-versions.md, "Differences per boundary"). */
const CHANGES: readonly [FluidVersion, (p: FluidProfile) => Partial<FluidProfile>][] = [
  ['v1.0.1', () => ({ skipsFluidPods: false, skipsBareSidecarNames: false, multiRound: true, managedByLabel: true })],
  ['v1.0.2', () => ({ defaultPlugins: ['FuseSidecar', 'DatasetUsageInjector'], plugins: ['FuseSidecar', 'DatasetUsageInjector'] })],
  ['v1.0.3', () => ({ mappingLabels: 'mapping-underscore', metricsPorts: true })],
  ['v1.0.4', () => ({ unprivilegedFuseDevice: false })],
  [
    'v1.0.5',
    (p) => ({
      mappingLabels: 'mapping-dataset-id',
      checkConfigMaps: { ...p.checkConfigMaps, datasetIdLabel: true },
      checkMount: { ...p.checkMount, trace: false, pollSeconds: 1, mountChecks: 30, logStamps: true },
      skipPrecheck: true,
    }),
  ],
  [
    'v1.0.6',
    (p) => ({
      defaultPlugins: ['FilePrefetcher', 'FuseSidecar', 'DatasetUsageInjector'],
      plugins: ['FilePrefetcher', 'FuseSidecar', 'DatasetUsageInjector'],
      checkConfigMaps: { ...p.checkConfigMaps, perDataset: false },
      platformAnnotation: true,
    }),
  ],
  ['v1.0.7', () => ({ randomSuffix: true, injectionErrorsAdmit: true })],
  [
    'v1.0.8',
    (p) => ({
      mappingLabels: 'mapping-underscore',
      nativeSidecar: true,
      postStartRedirect: false,
      checkMount: { ...p.checkMount, ownRedirect: true },
      appCheckOwnRedirect: true,
    }),
  ],
  [
    'v1.1',
    (p) => ({
      mappingLabels: 'namespace-and-name',
      datasetsInUse: 'merge',
      checkConfigMaps: { ...p.checkConfigMaps, refresh: true },
      checkMount: { ...p.checkMount, subPathChecks: 30 },
      runtimes: ['alluxio', 'jindo', 'juicefs', 'thin', 'efc', 'vineyard', 'cache'],
      fuseMountVolumes: p.fuseMountVolumes.filter((n) => !n.startsWith('goosefs-')),
      fuseDeviceVolumes: p.fuseDeviceVolumes.filter((n) => !n.startsWith('goosefs-')),
      fuseMountByType: Object.fromEntries(Object.entries(p.fuseMountByType).filter(([type]) => type !== 'fuse.goosefs-fuse')),
    }),
  ],
];

export const PROFILES: Readonly<Record<FluidVersion, FluidProfile>> = (() => {
  const out = { 'v1.0.0': V1_0_0 } as Record<FluidVersion, FluidProfile>;
  let p = V1_0_0;
  for (const [version, change] of CHANGES) {
    p = { ...p, ...change(p), version };
    out[version] = p;
  }
  return out;
})();

const SUPPORTED = `supported: ${FLUID_VERSIONS.join(', ')}`;

/** Why a release is declined, for `major.minor.patch`-like text; undefined when it is not one at all. */
export function unsupportedVersion(text: string): string | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  if (m[1] === '0' && m[2] === '9') {
    return `Fluid v0.9.x (${text}) injects with a different implementation, which this function does not reproduce (${SUPPORTED})`;
  }
  return `Fluid ${text} is not a release this function knows (${SUPPORTED})`;
}

/**
 * The release of a `fluid-webhook` image, from its tag (`fluidcloudnative/fluid-webhook:v1.0.8-6533239` →
 * v1.0.8; the development line's chart tags `v1.1.0-<commit>`), or why the image names none.
 */
export function releaseOfImage(image: string): { version: FluidVersion } | { problem: string } {
  const name = image.split('@')[0];
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  const tag = colon < 0 ? '' : last.slice(colon + 1);
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+._].*)?$/.exec(tag);
  if (!m) return { problem: `its tag ${tag ? `"${tag}"` : '(none)'} names no Fluid release` };
  if (m[1] === '1' && m[2] === '0' && Number(m[3]) <= 8) return { version: `v1.0.${m[3]}` as FluidVersion };
  if (m[1] === '1' && m[2] === '1') return { version: 'v1.1' };
  return { problem: unsupportedVersion(tag) as string };
}

/** The profile the function follows when nothing says otherwise. */
export const DEVELOPMENT_PROFILE: FluidProfile = PROFILES[DEVELOPMENT_LINE];

/** The sidecar's mount check: its ConfigMap, the volume that mounts it, and which script it holds. */
export interface SidecarCheck {
  configMap: string;
  /** Volume name before the sidecar's `-N` suffix. */
  volume: string;
  /** `unprivileged`: the fuse-device script, run without arguments. */
  script: 'check-mount' | 'unprivileged';
}

export function sidecarCheck(profile: FluidProfile, platform: 'default' | 'unprivileged', dataset: string, mountType: string): SidecarCheck {
  if (platform === 'unprivileged' && profile.unprivilegedFuseDevice) {
    const volume = UNPRIVILEGED_CHECK_VOLUME;
    return { configMap: datasetCheckConfigMapName(dataset, mountType, volume), volume, script: 'unprivileged' };
  }
  if (profile.checkConfigMaps.perDataset) {
    const volume = DATASET_CHECK_VOLUME;
    return { configMap: datasetCheckConfigMapName(dataset, mountType, volume), volume, script: 'check-mount' };
  }
  return { configMap: sidecarCheckConfigMapName(mountType), volume: SIDECAR_CHECK_VOLUME, script: 'check-mount' };
}
