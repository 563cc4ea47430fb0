// JuiceFS golden cases (testdata/juicefs/<case>/) through the library and through the executable
// in KRM mode, each run twice: the second run on the output changes no item; and back by uninject.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { transform } from '../fn/juicefs/transform';
import type { JsonObject, KubeObject, Result } from '../fn/types';
import { comparableOutput, comparableResults, loadJuiceFSCases, resourceListOf, resultsMatch, writeGolden } from './support/juicefs-golden';
import type { JuiceFSCase } from './support/juicefs-golden';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'inject-juicefs-sidecar');
const cases = loadJuiceFSCases();

function runBin(stdin: string): { status: number | null; items: KubeObject[]; results: Result[]; stdout: string } {
  const r = spawnSync(process.execPath, [BIN], { input: stdin, encoding: 'utf8' });
  const rl = YAML.parse(r.stdout, { version: '1.1' }) as { items: KubeObject[]; results?: Result[] };
  return { status: r.status, items: rl.items, results: rl.results ?? [], stdout: r.stdout };
}

/** Objects and results of a run against the case: mount directory tokens numbered on each side alike. */
function expectMatches(c: JuiceFSCase, output: KubeObject[] | undefined, results: Result[]): void {
  const actualTokens = new Map<string, string>();
  const expectedTokens = new Map<string, string>();
  if (output) expect(comparableOutput(c.input, output, c.functionConfig, actualTokens)).toEqual(comparableOutput(c.input, c.expected!, c.functionConfig, expectedTokens));
  expect(resultsMatch(comparableResults(results, actualTokens), comparableResults(c.results ?? [], expectedTokens))).toBeUndefined();
}

describe('JuiceFS golden cases', () => {
  beforeAll(() => {
    expect(fs.existsSync(path.join(ROOT, 'dist', 'fn', 'main.js'))).toBe(true);
  });

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

    it('executable (KRM mode): the same, exit status 1 iff an error, and a second run changes nothing', () => {
      const first = runBin(resourceListOf(c.inputText, c.functionConfig));
      if (!c.expected) {
        expect(first.status).toBe(1);
        expect(first.items).toEqual(c.input);
        expectMatches(c, undefined, first.results);
        return;
      }
      expect(first.status).toBe(0);
      expectMatches(c, first.items, first.results);
      const second = runBin(first.stdout.replace(/^results:\n(?:[ -].*\n?)*/m, ''));
      expect(second.status).toBe(0);
      expect(second.items).toEqual(first.items);
      // the same results (each injection, re-derived from its record, unchanged), less the warning about
      // emitted credentials, which are input now
      const again = first.results.filter((r) => !r.message.includes('is in the output with the volume'));
      expect(second.results).toEqual(again.map((r) => ({ ...r, message: r.message.replace(/^(.*?: )injected /, '$1injected (unchanged) ') })));
    });
  });
});
