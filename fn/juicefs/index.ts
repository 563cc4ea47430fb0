// Library entry of the JuiceFS function: the pure transformation and its config.
export { injectJuiceFSSidecar } from './function';
export { transform } from './transform';
export { CONFIG_API_VERSION, CONFIG_KIND, DEFAULT_OPTIONS, loadJuiceFSConfig } from './config';
export type { JuiceFSOptions } from './config';
export { exportJuiceFSContext, keysOnlySecret } from './export-context';
