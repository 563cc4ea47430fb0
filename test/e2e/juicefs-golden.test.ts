// JuiceFS golden cases (testdata/juicefs/<case>/) through the built executable in KRM mode, each run
// twice: exit status 1 iff an error, and the second run on the output changes no item.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import YAML from 'yaml';
import type { KubeObject, Result } from '../../fn/types';
import { requireBuild } from '../hostile/support';
import { expectMatches, loadJuiceFSCases, resourceListOf } from '../support/juicefs-golden';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'inject-juicefs-sidecar');
const cases = loadJuiceFSCases();

function runBin(stdin: string): { status: number | null; items: KubeObject[]; results: Result[]; stdout: string } {
  const r = spawnSync(BIN, [], { input: stdin, encoding: 'utf8' });
  const rl = YAML.parse(r.stdout, { version: '1.1' }) as { items: KubeObject[]; results?: Result[] };
  return { status: r.status, items: rl.items, results: rl.results ?? [], stdout: r.stdout };
}

beforeAll(requireBuild);

describe.each(cases.map((c) => [c.name, c] as const))('JuiceFS golden case %s', (_name, c) => {
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
