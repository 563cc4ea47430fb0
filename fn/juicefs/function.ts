// The JuiceFS CSI sidecar injection as a KRM function of this package. Its modules (config schema,
// tables) load on its first run: the registry holds it in every run of either executable, and a
// Fluid run should not pay for them at start-up (#18).
import type { KrmFunction } from '../krm/function';
import { CONFIG_KIND, FUNCTION_NAME } from './vocabulary';

export const injectJuiceFSSidecar: KrmFunction = {
  name: FUNCTION_NAME,
  configKinds: [CONFIG_KIND],
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  transform: (items, functionConfig) => (require('./transform') as typeof import('./transform')).transform(items, functionConfig),
};
