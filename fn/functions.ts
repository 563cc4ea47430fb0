// The functions this package's executable serves: KRM and render mode pick one by the functionConfig
// kind, else the executable's own (bin/inject-fluid-sidecar, bin/inject-juicefs-sidecar).
import type { KrmFunction } from './krm/function';
import { transform as fluidTransform } from './fluid/transform';
import { injectJuiceFSSidecar } from './juicefs/transform';
import type { JsonObject } from './types';

export const FLUID: KrmFunction = { name: 'inject-fluid-sidecar', configKinds: ['InjectFluidSidecar'], transform: fluidTransform };

export const FUNCTIONS: readonly KrmFunction[] = [FLUID, injectJuiceFSSidecar];

/** The function whose config kind this is; a ConfigMap, no config or an unknown kind: the executable's own. */
export function functionFor(functionConfig: JsonObject | undefined, own: string): KrmFunction {
  const kind = functionConfig?.kind;
  const byKind = typeof kind === 'string' ? FUNCTIONS.find((f) => f.configKinds.includes(kind)) : undefined;
  return byKind ?? FUNCTIONS.find((f) => f.name === own) ?? FLUID;
}
