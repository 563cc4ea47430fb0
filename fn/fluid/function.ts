// The Fluid FUSE-sidecar injection as a KRM function of this package.
import type { KrmFunction } from '../krm/function';
import { CONFIG_KIND } from './config/options';
import { transform } from './transform';

export const fluidSidecar: KrmFunction = {
  name: 'inject-fluid-sidecar',
  configKinds: [CONFIG_KIND],
  transform,
};
