// JuiceFS golden cases (testdata/juicefs/<case>/) through the library, in-process; the executable runs
// them in test/e2e/juicefs-golden.test.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { transform } from '../fn/juicefs/transform';
import { comparableOutput, comparableResults, expectMatches, loadJuiceFSCases, writeGolden } from './support/juicefs-golden';

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
    it('library: expected output (or no change on error) and the pinned results', () => {
      const out = transform(c.input, c.functionConfig);
      const errors = out.results.filter((r) => r.severity === 'error');
      const output = c.input.map((o, i) => out.updated.get(i) ?? o).concat(out.added);
      // WRITE_GOLDEN=1 records the output of a new case (directory names as they are) for review.
      if (process.env.WRITE_GOLDEN) {
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
