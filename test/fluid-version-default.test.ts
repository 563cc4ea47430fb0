// `fluidVersion: v1.1` is what the function does when nothing names a release, less the one info
// result that names that assumption: every golden case without a fluidVersion gives its expected
// output and its pinned results under v1.1 too (#19).
import * as path from 'node:path';
import { transform } from '../fn/fluid/transform';
import type { JsonObject } from '../fn/types';
import { comparableOutput, loadCases, normalizeObject } from './support/golden';

const cases = ['fluid-cases', 'fluid']
  .flatMap((d) => loadCases(path.join(__dirname, '..', 'testdata', d)))
  .filter((c) => !JSON.stringify(c.functionConfig ?? {}).includes('fluidVersion') && !c.input.some((o) => o.metadata.name === 'fluid-webhook'));

/** The case's config with `fluidVersion: v1.1` added, in the config's own form. */
function withV11(config: JsonObject | undefined): JsonObject {
  if (config?.kind === 'ConfigMap') return { ...config, data: { ...(config.data as JsonObject), fluidVersion: 'v1.1' } };
  const base: JsonObject = config ?? { apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectFluidSidecar', metadata: { name: 'v11' } };
  return { ...base, spec: { ...((base.spec as JsonObject | undefined) ?? {}), fluidVersion: 'v1.1' } };
}

const NOTE = /^fluidVersion is not set and the input has no fluid-webhook Deployment/;

describe('fluidVersion v1.1 is the default', () => {
  it('covers the golden cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases.map((c) => [`${path.basename(c.dir)}/${c.name}`, c] as const))('%s', (_name, c) => {
    const out = transform(c.input, withV11(c.functionConfig));
    const pinned = (c.results ?? []).filter((r) => !NOTE.test(r.message));
    expect(out.results).toEqual(pinned);
    if (!c.expected) return;
    const output = c.input.map((o, i) => out.updated.get(i) ?? o).concat(out.added);
    expect(comparableOutput(c.input, output, c.functionConfig)).toEqual(c.expected.map(normalizeObject));
  });
});
