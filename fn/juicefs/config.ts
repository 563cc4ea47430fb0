// The JuiceFS function's config: a typed `fn.fluid.io/v1alpha1 InjectJuiceFSSidecar` or a
// `v1 ConfigMap` whose string data carries the same keys (`kpt fn eval -- key=value`), read as every
// function's is (../krm/function-config.ts) and validated against
// schemas/inject-juicefs-sidecar.schema.json. The webhook's environment (§1.10) becomes options
// with the same defaults (A6).
import schema from '../../schemas/inject-juicefs-sidecar.schema.json';
import { JsonObject, refOf } from '../types';
import { jfsError } from './errors';
import { lazyValidators } from '../krm/config-schema';
import { CONFIG_API_VERSION, ConfigShape, readFunctionConfig } from '../krm/function-config';
import type { ExtraPodTemplate } from '../krm/workloads/pod-templates';
import {
  DEFAULT_CE_IMAGE,
  DEFAULT_DRIVER_NAME,
  DEFAULT_EE_IMAGE,
  DEFAULT_MOUNT_PATH,
  NATIVE_SIDECAR_VERSION,
  CONFIG_KIND,
} from './vocabulary';

export { CONFIG_API_VERSION, CONFIG_KIND };

export interface JuiceFSOptions {
  action: 'inject' | 'uninject';
  defaultInjection: 'none' | 'sidecar' | 'serverless';
  generatedSecret: 'external' | 'emit';
  kubernetesVersion: string;
  ceMountImage: string;
  eeMountImage: string;
  mountImage?: string;
  mountPath: string;
  immutable: boolean;
  shareMount: 'none' | 'storageClass' | 'fs';
  noUpdateConfig: boolean;
  driverName: string;
  nodeName: string;
  defaultNamespace: string;
  extraPodTemplates: ExtraPodTemplate[];
}

export const DEFAULT_OPTIONS: Readonly<JuiceFSOptions> = Object.freeze<JuiceFSOptions>({
  action: 'inject',
  defaultInjection: 'none',
  generatedSecret: 'external',
  kubernetesVersion: '1.29',
  ceMountImage: DEFAULT_CE_IMAGE,
  eeMountImage: DEFAULT_EE_IMAGE,
  mountPath: DEFAULT_MOUNT_PATH,
  immutable: false,
  shareMount: 'none',
  noUpdateConfig: false,
  driverName: DEFAULT_DRIVER_NAME,
  nodeName: '',
  defaultNamespace: 'default',
  extraPodTemplates: [],
});

const JUICEFS_CONFIG: ConfigShape = {
  kind: CONFIG_KIND,
  validators: lazyValidators(schema),
  booleans: new Set(['immutable', 'noUpdateConfig']),
  structured: new Set(['extraPodTemplates']),
};

/**
 * Options from a ResourceList's functionConfig: absent, kpt's empty `function-input` ConfigMap, a
 * ConfigMap with string data, or the typed kind. Throws JuiceFSError JFS-CONFIG naming the field.
 */
export function loadJuiceFSConfig(functionConfig: JsonObject | undefined): JuiceFSOptions {
  if (functionConfig === undefined) return withDefaults({});
  const ref = refOf(functionConfig);
  const { spec } = readFunctionConfig(functionConfig, JUICEFS_CONFIG, (_failure, message, field) => {
    throw jfsError('JFS-CONFIG', message, { ref, field });
  });
  return withDefaults(spec);
}

function withDefaults(spec: JsonObject): JuiceFSOptions {
  const merged = { ...DEFAULT_OPTIONS, ...spec } as JuiceFSOptions;
  return { ...merged, extraPodTemplates: merged.extraPodTemplates.map((e) => ({ ...e, paths: [...e.paths] })) };
}

/** The default sidecar images after JUICEFS_MOUNT_IMAGE (`mountImage`), as the controller sets them up. */
export function defaultImages(options: JuiceFSOptions): { ce: string; ee: string } {
  const images = { ce: options.ceMountImage, ee: options.eeMountImage };
  if (options.mountImage) {
    // `util.ImageResol`: the text after the first ':' is the tag; no tag or `latest` is CE only.
    const parts = options.mountImage.split(':');
    const tag = parts[1];
    const ce = tag === undefined || tag === 'latest' || !tag.startsWith('ee-');
    const ee = tag !== undefined && tag !== 'latest' && !tag.startsWith('ce-');
    if (ce) images.ce = options.mountImage;
    if (ee) images.ee = options.mountImage;
  }
  return images;
}

/** Whether `kubernetesVersion` is at least 1.29.0 (`v` prefix and suffixes such as `-eks-1` allowed). */
export function versionSupportsNativeSidecar(version: string): boolean {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!m) return false;
  const parts = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  for (let i = 0; i < 3; i++) {
    if (parts[i] !== NATIVE_SIDECAR_VERSION[i]) return parts[i] > NATIVE_SIDECAR_VERSION[i];
  }
  return true;
}
