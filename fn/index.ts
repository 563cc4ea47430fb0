// Library entry (package.json `main`): the transformation as a pure function over plain objects,
// with its option and result types. No I/O; the command line is fn/main.ts.
export { transform } from './fluid/transform';
export type { TransformOutput } from './fluid/transform';
export { CONFIG_API_VERSION, CONFIG_KIND, DEFAULT_OPTIONS } from './fluid/config/options';
export type { ExtraPodTemplate, Options, PluginName } from './fluid/config/options';
export type { JsonObject, JsonValue, KubeObject, ObjectMeta, ResourceRef, Result, Severity } from './types';
