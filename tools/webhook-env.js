// The webhook's environment (the `NAME.env` file of a shared Fluid case: `VAR=value` lines) as this
// function's config. Used by the golden tests and by tools/convert-golden-layout.js.
'use strict';

const GO_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];

/** An InjectFluidSidecar config object, or undefined when the env sets nothing. */
function configFromEnv(envText) {
  const spec = {};
  for (const line of envText.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
    const eq = line.indexOf('=');
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key === 'FUSE_SIDECAR_INJECTION_MODE') spec.injectionMode = value === 'native-sidecar' ? 'native-sidecar' : 'legacy';
    else if (key === 'DISABLE_INJECTION') spec.disabled = GO_TRUE.includes(value);
    else if (key === 'FILE_PREFETCHER_IMAGE') spec.filePrefetcherImage = value;
    else throw new Error(`unknown webhook env ${key}`);
  }
  if (Object.keys(spec).length === 0) return undefined;
  return { apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectFluidSidecar', metadata: { name: 'config' }, spec };
}

module.exports = { configFromEnv };
