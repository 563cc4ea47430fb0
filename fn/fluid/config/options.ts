// The function config: a typed `fn.fluid.io/v1alpha1 InjectFluidSidecar` or a `v1 ConfigMap` whose
// string data carries the same keys (read as every function's is: ../../krm/function-config.ts),
// validated against schemas/inject-fluid-sidecar.schema.json.
import schema from '../../../schemas/inject-fluid-sidecar.schema.json';
import { lazyValidators } from '../../krm/config-schema';
import { CONFIG_API_VERSION, ConfigShape, readFunctionConfig } from '../../krm/function-config';
import type { ExtraPodTemplate } from '../../krm/workloads/pod-templates';
import { JsonObject, refOf, ResourceRef } from '../../types';
import { ConfigError } from '../errors';
import { DEVELOPMENT_PROFILE, FLUID_VERSIONS, FluidProfile, FluidVersion, PROFILES, unsupportedVersion } from '../versions';

export { CONFIG_API_VERSION };
export const CONFIG_KIND = 'InjectFluidSidecar';

export type PluginName = 'FilePrefetcher' | 'FuseSidecar' | 'DatasetUsageInjector';

export interface Options {
  injectionMode: 'legacy' | 'native-sidecar';
  disabled: boolean;
  plugins: PluginName[];
  filePrefetcherImage?: string;
  defaultNamespace: string;
  randomSuffixSeed: string;
  errorMode: 'strict' | 'webhook';
  action: 'inject' | 'uninject';
  checkConfigMaps: 'emit' | 'skip';
  extraPodTemplates: ExtraPodTemplate[];
  /** What the cluster's Fluid release injects (`fluidVersion`; see ../versions.ts). */
  profile: FluidProfile;
}

export const DEFAULT_OPTIONS: Readonly<Options> = Object.freeze<Options>({
  injectionMode: 'legacy',
  disabled: false,
  plugins: ['FilePrefetcher', 'FuseSidecar', 'DatasetUsageInjector'],
  defaultNamespace: 'default',
  randomSuffixSeed: '',
  errorMode: 'strict',
  action: 'inject',
  checkConfigMaps: 'emit',
  extraPodTemplates: [],
  profile: DEVELOPMENT_PROFILE,
});

export interface LoadedConfig {
  options: Options;
  /** The config object's identity, for results about it. */
  ref?: ResourceRef;
  /** The options the config sets (spec keys); the others may come from the cluster's webhook objects. */
  given: ReadonlySet<string>;
  /** Field path of a given option in the config object (`spec.x` or `data.x`). */
  fieldOf: (key: string) => string;
}

/**
 * Turns the functionConfig of a ResourceList into options. Absent config and kpt's empty
 * `function-input` ConfigMap mean all defaults. Throws ConfigError naming the field.
 */
export function loadConfig(functionConfig: JsonObject | undefined): LoadedConfig {
  if (functionConfig === undefined) return { options: { ...DEFAULT_OPTIONS }, given: new Set(), fieldOf: (k) => k };
  const ref = refOf(functionConfig);
  const { spec, root } = readFunctionConfig(functionConfig, FLUID_CONFIG, (failure, message, field) => {
    throw new ConfigError(failure === 'kind' ? 'config-kind-unsupported' : 'config-invalid', message, { ref, field });
  });
  return { options: withDefaults(spec), ref, given: new Set(Object.keys(spec)), fieldOf: (k) => `${root}.${k}` };
}

const FLUID_CONFIG: ConfigShape = {
  kind: CONFIG_KIND,
  validators: lazyValidators(schema),
  booleans: new Set(['disabled']),
  lists: new Set(['plugins']),
  structured: new Set(['extraPodTemplates']),
  // A release the function declines gets its reason, not only the list of allowed values.
  precheck(spec, root) {
    const v = spec.fluidVersion;
    if (typeof v !== 'string' || (FLUID_VERSIONS as readonly string[]).includes(v)) return undefined;
    const why = unsupportedVersion(v);
    return why ? [`${root}.fluidVersion`, why] : undefined;
  },
};

function withDefaults(spec: JsonObject): Options {
  const { fluidVersion, ...rest } = spec;
  const merged = { ...DEFAULT_OPTIONS, ...rest } as Options;
  if (typeof fluidVersion === 'string') merged.profile = PROFILES[fluidVersion as FluidVersion];
  // Schema validation guarantees the shapes; copy arrays so callers can't alias the defaults.
  return { ...merged, plugins: [...merged.plugins], extraPodTemplates: [...merged.extraPodTemplates] };
}
