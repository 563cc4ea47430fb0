// Library entry (package.json `main`): the pure transforms over plain objects, their config and
// the error model. Nothing here reads or writes files or streams; the command line is main.ts.
export { FUNCTIONS } from './functions';
export { fluidSidecar } from './fluid/function';
export { transform } from './fluid/transform';
export { CONFIG_API_VERSION, CONFIG_KIND, DEFAULT_OPTIONS, loadConfig } from './fluid/config/options';
export type { Options, PluginName } from './fluid/config/options';
export { ConfigError, InjectError, REJECTING_CODES } from './fluid/errors';
export type { ConfigCode, InjectCode, SkipCode, StateCode } from './fluid/errors';
export { ExportError } from './krm/export/errors';
export type { ExportCode } from './krm/export/errors';
export { exportContext } from './fluid/export-context/export-context';
/** The JuiceFS CSI sidecar function: `juicefs.transform`, its config and export. */
export * as juicefs from './juicefs/index';
export type { ExportOptions } from './fluid/export-context/export-context';
export { FnError } from './krm/errors';
export type { FnErrorAt } from './krm/errors';
export { pickFunction } from './krm/function';
export type { KrmFunction, Outcome, TransformOutput } from './krm/function';
export type { ExtraPodTemplate } from './krm/workloads/pod-templates';
export type { JsonObject, JsonValue, KubeObject, ResourceRef, Result, Severity } from './types';
