// JuiceFS golden cases (testdata/juicefs/<case>/) through the library, in-process; the executable runs
// them in test/e2e/juicefs-golden.test.ts. Each case also goes back by uninject.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { transform } from '../fn/juicefs/transform';
import { comparableOutput, comparableResults, expectMatches, loadJuiceFSCases, writeGolden } from './support/juicefs-golden';
import type { JsonObject } from '../fn/types';

const cases = loadJuiceFSCases();

describe('JuiceFS golden cases', () => {
  it('has the cases the issue asks for', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) expect(fs.existsSync(path.join(c.dir, 'README.md'))).toBe(true);
  });

  it('the comparison can fail: one case against another case’s expectation', () => {
    const a = cases.find((c) => c.name === 'worked-example-hashed')!;
    const b = cases.find((c) => c.name === 'native-two-pvcs')!;
    const out = transform(a.input, a.functionConfig);
    const output = a.input.map((o, i) => out.updated.get(i) ?? o).concat(out.added);
    expect(comparableOutput(a.input, output, a.functionConfig)).not.toEqual(comparableOutput(b.input, b.expected!, b.functionConfig));
  });

  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it('uninject gives back every input item as it was, and leaves out what the injection emitted', () => {
      if (!c.expected) return;
      const out = transform(c.input, c.functionConfig);
      const injected = c.input.map((o, i) => out.updated.get(i) ?? o).concat(out.added);
      const spec = (c.functionConfig?.spec ?? {}) as JsonObject;
      const back = transform(injected, { apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectJuiceFSSidecar', metadata: { name: 'u' }, spec: { ...spec, action: 'uninject' } });
      expect(back.results.filter((r) => r.severity === 'error')).toEqual([]);
      const items = injected.map((o, i) => back.updated.get(i) ?? o).filter((_, i) => !back.removed?.has(i));
      // generated objects of the input that the injection refreshed in place are this function's now
      const refreshed = new Set([...out.updated.keys()].filter((i) => c.input[i].kind === 'ConfigMap' || c.input[i].kind === 'Secret'));
      expect(items).toEqual(c.input.filter((_, i) => !(refreshed.has(i) && back.removed?.has(i))));
    });

    it('library: expected output (or no change on error) and the pinned results', () => {
      const out = transform(c.input, c.functionConfig);
      const errors = out.results.filter((r) => r.severity === 'error');
      const output = c.input.map((o, i) => out.updated.get(i) ?? o).concat(out.added);
      // WRITE_GOLDEN=1 records the output of a new case (one without pinned results; directory
      // names as they are) for review, as test/golden.test.ts does; the other cases are checked.
      if (process.env.WRITE_GOLDEN && !c.results) {
        writeGolden(c, errors.length ? undefined : comparableOutput(c.input, output, c.functionConfig, null, false), comparableResults(out.results));
        return;
      }
      if (!c.expected) {
        expect(errors.length).toBeGreaterThan(0);
        expect(out.updated.size).toBe(0);
        expect(out.added).toEqual([]);
        expectMatches(c, undefined, out.results);
      } else {
        expect(errors).toEqual([]);
        expectMatches(c, output, out.results);
      }
    });
  });
});
