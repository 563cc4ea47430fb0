// Golden cases (Fluid's real webhook output in testdata/fluid-cases, and our own in testdata/fluid)
// through the library and through the standalone KRM entry point, each run twice; the results
// each case emits are pinned (results.yaml) and compared exactly.
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { runKrm } from '../fn/krm/cli/krm';
import { fluidSidecar } from '../fn/fluid/function';
import { transform } from '../fn/fluid/transform';
import type { JsonObject } from '../fn/types';
import { comparableOutput, GoldenCase, itemsOf, loadCases, normalizeObject, resourceListOf, writeExpected, writeResults } from './support/golden';

const CASE_DIRS = ['fluid-cases', 'fluid'].map((d) => path.join(__dirname, '..', 'testdata', d));
const cases: GoldenCase[] = CASE_DIRS.flatMap((d) => loadCases(d));

/** The ResourceList text without its `results` block (a second run reports "already injected"). */
function withoutResults(text: string): string {
  const out = text.replace(/^results:\n(?:[ -].*\n?)*/m, '');
  expect(out).not.toContain('\nresults:');
  return out;
}

/** The case's function config with `action: uninject`. */
function uninjectConfig(config?: JsonObject): JsonObject {
  const spec = (config?.spec ?? {}) as JsonObject;
  return { apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectFluidSidecar', metadata: { name: 'uninject' }, spec: { ...spec, action: 'uninject' } };
}

function expectMatches(c: GoldenCase, output: ReturnType<typeof itemsOf>): void {
  expect(comparableOutput(c.input, output, c.functionConfig)).toEqual(c.expected!.map(normalizeObject));
}

describe('golden cases', () => {
  it('has the shared Fluid cases and our own', () => {
    expect(cases.filter((c) => c.dir.endsWith('fluid-cases')).length).toBeGreaterThanOrEqual(17);
    expect(cases.filter((c) => path.basename(c.dir) === 'fluid').length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => !c.results).map((c) => c.name)).toEqual([]);
  });

  it('the comparison can fail: one case against another case’s expectation', () => {
    const a = cases.find((c) => c.name === 'pod-alluxio-basic')!;
    const b = cases.find((c) => c.name === 'pod-jindo-basic')!;
    const out = transform(a.input, a.functionConfig);
    const items = a.input.map((o, i) => out.updated.get(i) ?? o).concat(out.added);
    expect(isDeepStrictEqual(comparableOutput(a.input, items, a.functionConfig), b.expected!.map(normalizeObject))).toBe(false);
  });

  describe.each(cases.map((c) => [`${path.basename(c.dir)}/${c.name}`, c] as const))('%s', (_name, c) => {
    it('library: transform gives the expected output or error, and the pinned results', () => {
      const out = transform(c.input, c.functionConfig);
      // WRITE_GOLDEN=1 pins the results of a new case; review them before committing.
      if (!c.results && process.env.WRITE_GOLDEN) writeResults(c, out.results);
      else expect(out.results).toEqual(c.results);
      const errors = out.results.filter((r) => r.severity === 'error');
      if (c.error) {
        expect(errors.map((e) => e.message).join('\n')).toContain(c.error.replace(/^.*: (?=[^:]*"[^"]*"[^:]*$)/, ''));
        expect(out.updated.size).toBe(0);
        expect(out.added).toEqual([]);
        return;
      }
      expect(errors).toEqual([]);
      const output = c.input.map((o, i) => out.updated.get(i) ?? o).concat(out.added);
      // WRITE_GOLDEN=1 records the expectation of a new case; review it before committing.
      if (!c.expected && process.env.WRITE_GOLDEN) writeExpected(c, comparableOutput(c.input, output, c.functionConfig));
      else expectMatches(c, output);
    });

    it('KRM: expected output, deterministic, and a second run changes nothing', () => {
      const input = resourceListOf(c.inputText, c.functionConfig);
      const first = runKrm(input, fluidSidecar);
      if (!c.expected && !c.error) return;
      expect(first.results).toEqual(c.results);
      if (c.error) {
        expect(first.results.some((r) => r.severity === 'error' && r.message.includes(c.error!.split(': ').pop()!))).toBe(true);
        expect(itemsOf(first.stdout)).toEqual(c.input);
        return;
      }
      expectMatches(c, itemsOf(first.stdout));
      expect(runKrm(input, fluidSidecar).stdout).toBe(first.stdout);
      const second = runKrm(first.stdout, fluidSidecar);
      expect(withoutResults(second.stdout)).toBe(withoutResults(first.stdout));
      expect(second.results.filter((r) => r.severity === 'error')).toEqual([]);
    });

    it('uninject gives back every input item as it was, and drops the emitted check ConfigMaps', () => {
      if (!c.expected) return;
      const out = transform(c.input, c.functionConfig);
      const injected = c.input.map((o, i) => out.updated.get(i) ?? o).concat(out.added);
      const back = transform(injected, uninjectConfig(c.functionConfig));
      expect(back.results.filter((r) => r.severity === 'error')).toEqual([]);
      const items = injected.map((o, i) => back.updated.get(i) ?? o).filter((_, i) => !back.removed?.has(i));
      // ConfigMaps of the input that the injection refreshed in place are this function's now.
      const refreshed = new Set([...out.updated.keys()].filter((i) => c.input[i].kind === 'ConfigMap'));
      expect(items).toEqual(c.input.filter((_, i) => !(refreshed.has(i) && back.removed?.has(i))));
    });
  });
});
