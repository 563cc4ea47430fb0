// The built executable as users call it outside kpt: `render` for CI pre-rendering, the KRM mode
// on stdin, --help/--version, and bad input.
//
// Every golden case is rendered twice (its file, then that output on stdin) by the built bundle that
// bin/ runs, all in one node process through its main(argv, io) (a process per render would spend the
// time starting node); the tests at the end spawn bin/ itself.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { comparableOutput, GoldenCase, loadCases, normalizeObject, parseDocs, resourceListOf } from '../support/golden';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'inject-fluid-sidecar');
const BUNDLE = path.join(ROOT, 'dist', 'inject-fluid-sidecar.js');
const cases = ['fluid-cases', 'fluid'].flatMap((d) => loadCases(path.join(ROOT, 'testdata', d)));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], input?: string): Run {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Runs in a plain node process: the bundle's main() with captured output, a render of the file and,
// when it succeeds, a render of that output on stdin.
const DRIVER = `'use strict';
const fs = require('node:fs');
const [bundle, jobsFile] = process.argv.slice(2);
const { main } = require(bundle);
async function call(argv, stdin) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readStdin: () => stdin, stdinIsTTY: () => false };
  const status = await main(argv, io);
  return { status, stdout, stderr };
}
(async () => {
  const out = [];
  for (const job of JSON.parse(fs.readFileSync(jobsFile, 'utf8'))) {
    const first = await call([...job.args, job.file], '');
    const again = first.status === 0 ? await call([...job.args, '-'], first.stdout) : undefined;
    out.push({ first, again });
  }
  process.stdout.write(JSON.stringify(out));
})();
`;

const rendered = new Map<GoldenCase, { first: Run; again?: Run }>();
const renderedCases = cases.filter((c) => c.expected || c.error);
let tmp: string;

beforeAll(() => {
  expect(fs.existsSync(BUNDLE)).toBe(true);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'render-cases-'));
  const jobs = renderedCases.map((c, i) => {
    // The expectation is the KRM output, every item: render's local-config filter is tested on its own.
    const args = ['render', '--keep-local-config'];
    if (c.functionConfig) {
      const cfg = path.join(tmp, `config-${i}.yaml`);
      fs.writeFileSync(cfg, YAML.stringify(c.functionConfig));
      args.push('--config', cfg);
    }
    return { args, file: c.inputPath };
  });
  fs.writeFileSync(path.join(tmp, 'jobs.json'), JSON.stringify(jobs));
  fs.writeFileSync(path.join(tmp, 'driver.js'), DRIVER);
  const r = spawnSync(process.execPath, [path.join(tmp, 'driver.js'), BUNDLE, path.join(tmp, 'jobs.json')], { encoding: 'utf8', maxBuffer: 1 << 30 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  (JSON.parse(r.stdout) as { first: Run; again?: Run }[]).forEach((out, i) => rendered.set(renderedCases[i], out));
}, 300_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.each(renderedCases.map((c) => [`${path.basename(c.dir)}/${c.name}`, c] as const))('render %s', (_n, c) => {
  it('renders the case and a second render changes nothing', () => {
    const { first: r, again } = rendered.get(c)!;
    if (c.error) {
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(c.error.split(': ').pop()!);
      expect(r.stdout).toBe('');
      return;
    }
    expect(r.stderr).not.toContain('[error]');
    expect(r.status).toBe(0);
    expect(comparableOutput(c.input, parseDocs(r.stdout), c.functionConfig)).toEqual(c.expected!.map(normalizeObject));
    expect(again?.status).toBe(0);
    expect(again?.stdout).toBe(r.stdout);
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
  it('every command has --help on stdout, exit 0', () => {
    for (const cmd of ['render', 'export-context']) {
      const r = cli([cmd, '--help']);
      expect(r).toMatchObject({ status: 0, stderr: '' });
      expect(r.stdout).toMatch(new RegExp(`^Usage: inject-fluid-sidecar ${cmd} `));
    }
  });
  it('render with no file and a pipe on stdin reads stdin (a Helm post-renderer); --context is read, not printed', () => {
    const app = fs.readFileSync(path.join(ROOT, 'example', 'app.yaml'), 'utf8');
    const r = cli(['render', '--context', path.join(ROOT, 'example', 'fluid-context.yaml')], app);
    expect(r.stderr).toContain('[info] Deployment demo/web: injected fluid-fuse-0 (dataset demo/hbase)');
    expect(r.status).toBe(0);
    expect(parseDocs(r.stdout).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/web',
      'ConfigMap/web-scripts',
      'Service/web',
      'ConfigMap/check-fluid-mount-ready',
      'ConfigMap/fuse.alluxio-fuse-default-check-mount',
    ]);
  });
  it('a missing file is one plain line naming it, exit 1', () => {
    expect(cli(['render', 'no-such-dir/app.yaml'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'inject-fluid-sidecar render: no-such-dir/app.yaml: no such file or directory\n',
    });
  });
  it('render walks a directory in sorted order', () => {
    const r = cli(['render', path.join(ROOT, 'example')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('name: fluid-fuse-0');
    expect(r.stdout).toContain('defaultMode: 0755 # octal: YAML 1.1, as kubectl reads it');
  });
});

describe('the launcher (bin/inject-fluid-sidecar, a POSIX shell script)', () => {
  // node loads the certificates NODE_EXTRA_CA_CERTS names at start-up (Node 20; later versions on
  // first use); the launcher drops the variable except for export-context, the only command that
  // connects. A stand-in `node` first on the PATH shows what the launcher starts.
  it('starts node on the program beside it, without NODE_EXTRA_CA_CERTS except for export-context', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'launcher-node-'));
    fs.writeFileSync(path.join(dir, 'node'), '#!/bin/sh\necho "CA=${NODE_EXTRA_CA_CERTS-unset} $*"\n', { mode: 0o755 });
    const env = { ...process.env, PATH: `${dir}:${process.env.PATH}`, NODE_EXTRA_CA_CERTS: '/etc/some-ca.pem' };
    const started = (bin: string, args: string[]) => spawnSync(bin, args, { env, encoding: 'utf8' }).stdout.trim();
    const js = (name: string) => `${path.join(ROOT, 'bin')}/${name}.js`;
    expect(started(BIN, [])).toBe(`CA=unset ${js('inject-fluid-sidecar')}`);
    expect(started(BIN, ['render', 'a b.yaml'])).toBe(`CA=unset ${js('inject-fluid-sidecar')} render a b.yaml`);
    expect(started(BIN, ['export-context', '-n', 'x'])).toBe(`CA=/etc/some-ca.pem ${js('inject-fluid-sidecar')} export-context -n x`);
    expect(started(path.join(ROOT, 'bin', 'inject-juicefs-sidecar'), ['--help'])).toBe(`CA=unset ${js('inject-juicefs-sidecar')} --help`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the program of the name it is called by, through symbolic links', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'launcher-'));
    const juicefs = path.join(dir, 'inject-juicefs-sidecar');
    const other = path.join(dir, 'fluid');
    fs.symlinkSync(path.join(ROOT, 'bin', 'inject-juicefs-sidecar'), juicefs); // a link to bin/'s link
    fs.symlinkSync(BIN, other);
    const list = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n';
    expect(spawnSync(juicefs, [], { input: list, encoding: 'utf8' }).stderr).toContain('inject-juicefs-sidecar: 0 workload(s) injected');
    expect(spawnSync(other, [], { input: list, encoding: 'utf8' }).stderr).toContain('inject-fluid-sidecar: 0 workload(s) injected');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('the program (bin/inject-fluid-sidecar.js) and the bundle it loads', () => {
  const PROGRAM = path.join(ROOT, 'bin', 'inject-fluid-sidecar.js');
  const node = (script: string, env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...env } });

  it('writes megabytes of output whole, characters outside the BMP at the ends of its pieces too', () => {
    // (the output is encoded a million characters at a time: one of the two offsets puts a
    // surrogate pair across that boundary)
    for (const pad of ['', 'x']) {
      const big = '\u{1f600}'.repeat(700_000);
      const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: big${pad}\n  data:\n    text: "${big}"\n`;
      const r = spawnSync(BIN, [], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(input);
    }
  });

  it('with DEBUG set, the stack trace of an internal error names the lines of dist/fn/ (the bundle is minified)', () => {
    const script = `
      const { loadMapped } = require(${JSON.stringify(PROGRAM)});
      let err = '';
      const io = { stdout() {}, stderr: (s) => (err += s), readStdin() { throw new Error('boom'); }, stdinIsTTY: () => false };
      loadMapped().exports.main([], io).then((code) => process.stdout.write(code + '\\n' + err));`;
    const r = node(script, { DEBUG: '1' });
    expect(r.stdout).toMatch(/^1\n\[error\] inject-fluid-sidecar failed: boom\nError: boom\n/);
    expect(r.stdout).toMatch(/\n\s+at .* \(.*[/]dist[/]fn[/]krm[/]cli[/]krm\.js:\d+:\d+\)\n/);
  });

  it.each(['inject-fluid-sidecar', 'inject-juicefs-sidecar'])('%s: has a code cache of its own, for the V8 of the node that built it, which that V8 takes', (program) => {
    const dist = path.dirname(BUNDLE);
    const made = fs.readdirSync(dist).filter((f) => f.startsWith(`inject-fluid-sidecar.js.${program}.v8-`) && f.endsWith('.cache'));
    expect(made).toHaveLength(1);
    expect(fs.statSync(path.join(dist, made[0])).size).toBeGreaterThan(100_000);
    const script = `
      const { loadBundle, cacheFile } = require(${JSON.stringify(PROGRAM)});
      const file = cacheFile(${JSON.stringify(program)});
      process.stdout.write(JSON.stringify({ file, rejected: loadBundle({ cache: file }).script.cachedDataRejected ?? null }));`;
    const { file, rejected } = JSON.parse(node(script).stdout) as { file: string; rejected: boolean | null };
    expect(path.basename(file)).toBe(`inject-fluid-sidecar.js.${program}.v8-${process.versions.v8}.cache`);
    // The node that built it (npm test's first run) takes it; another (the Node 24 run) has no
    // cache by that name and compiles the bundle without one, instead of reading one V8 rejects.
    expect(rejected).toBe(path.basename(file) === made[0] ? false : null);
  });
});
