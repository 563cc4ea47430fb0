// Every KRM function of this package. Registering one is one line here; KRM mode picks among them by
// `functionConfig.kind` (see pickFunction).
import type { KrmFunction } from './krm/function';
import { fluidSidecar } from './fluid/function';
import { injectJuiceFSSidecar } from './juicefs/function';

export const FUNCTIONS: readonly KrmFunction[] = [fluidSidecar, injectJuiceFSSidecar];
