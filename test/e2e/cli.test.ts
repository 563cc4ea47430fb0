// The built executable as users call it outside kpt: `render` for CI pre-rendering, the KRM mode
// on stdin, --help/--version, and bad input.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { comparableOutput, loadCases, normalizeObject, parseDocs, resourceListOf } from '../support/golden';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'inject-fluid-sidecar');
const cases = ['fluid-cases', 'fluid'].flatMap((d) => loadCases(path.join(ROOT, 'testdata', d)));

function cli(args: string[], input?: string) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.each(cases.filter((c) => c.expected || c.error).map((c) => [`${path.basename(c.dir)}/${c.name}`, c] as const))('render %s', (_n, c) => {
  it('renders the case and a second render changes nothing', () => {
    const args = ['render'];
    let tmp: string | undefined;
    if (c.functionConfig) {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'render-cfg-'));
      fs.writeFileSync(path.join(tmp, 'config.yaml'), YAML.stringify(c.functionConfig));
      args.push('--config', path.join(tmp, 'config.yaml'));
    }
    const r = cli([...args, c.inputPath]);
    if (c.error) {
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(c.error.split(': ').pop()!);
      expect(r.stdout).toBe('');
      return;
    }
    expect(r.stderr).not.toContain('[error]');
    expect(r.status).toBe(0);
    expect(comparableOutput(c.input, parseDocs(r.stdout), c.functionConfig)).toEqual(c.expected!.map(normalizeObject));
    const again = cli([...args, '-'], r.stdout);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(r.stdout);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });
});

describe('KRM mode on stdin', () => {
  const c = cases.find((x) => x.name === 'deployment-basic')!;
  it('writes a ResourceList with results and a per-workload line on stderr', () => {
    const r = cli([], resourceListOf(c.inputText));
    expect(r.status).toBe(0);
    const rl = YAML.parse(r.stdout, { version: '1.1' });
    expect(rl.kind).toBe('ResourceList');
    expect(rl.results.find((x: { severity: string }) => x.severity === 'info').message).toBe(
      'Deployment team-a/web: injected fluid-fuse-0 (dataset team-a/spark)',
    );
    expect(r.stderr).toContain('[info] Deployment team-a/web: injected fluid-fuse-0 (dataset team-a/spark)');
    expect(r.stderr).toMatch(/1 workload\(s\) injected, 0 error\(s\)/);
  });

  it.each([
    ['not YAML', 'items: [\n  - {a: 1'],
    ['not a ResourceList', 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n'],
    ['items not a list', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {a: 1}\n'],
    ['item without a name', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {}\n'],
    ['empty input', ''],
  ])('%s: error result, exit 1, no items, no stack trace', (_what, input) => {
    const r = cli([], input);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^\[error\] invalid input: /m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const rl = YAML.parse(r.stdout);
    expect(rl.items).toEqual([]);
    expect(rl.results[0].severity).toBe('error');
  });
});

describe('command line', () => {
  it('--help and --version', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('inject-fluid-sidecar render');
    const version = cli(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });
  it('unknown command exits 2 with usage', () => {
    const r = cli(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command');
  });
  it('render walks a directory in sorted order', () => {
    const r = cli(['render', path.join(ROOT, 'example')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('name: fluid-fuse-0');
    expect(r.stdout).toContain('defaultMode: 0755 # octal: YAML 1.1, as kubectl reads it');
  });
});
