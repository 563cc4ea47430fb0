// The npm package as people get it: `npm pack` in a clean copy of the repository (committed files
// only, no dist/), the tarball installed globally into a temporary prefix, every command run from
// another directory with only that prefix and node on the PATH, and `main` loaded as a library.
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFixtureObjects, loadFixtureServer } from '../export-context/fixture-server';
import { resourceListOf } from '../support/golden';
import { expectWebInjected, find, isLocalConfig, parseAll, parseOne, ROOT, Run, VERSION } from './support';
import type { KubeObject } from '../../fn/types';

const measured: string[] = [];
let tmp: string;
let tarball: string;
let files: { path: string; size: number }[];
let prefix: string;
let installed: string;
let elsewhere: string;
let env: NodeJS.ProcessEnv;

function sh(cmd: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...extraEnv }, maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

function cli(args: string[], input = '', bin = 'inject-fluid-sidecar'): Run {
  const r = spawnSync(bin, args, { cwd: elsewhere, env, input, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-'));
  // A clean clone: what git would commit (tracked and new files, not ignored ones: no dist/, build/).
  const src = path.join(tmp, 'src');
  const listed = sh('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], ROOT).split('\0').filter((f) => f !== '');
  for (const f of listed) {
    if (!fs.existsSync(path.join(ROOT, f))) continue; // deleted in the work tree
    fs.mkdirSync(path.dirname(path.join(src, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(src, f));
    fs.chmodSync(path.join(src, f), fs.statSync(path.join(ROOT, f)).mode);
  }
  expect(fs.existsSync(path.join(src, 'dist'))).toBe(false);
  // The dev dependencies prepack builds with (what `npm ci` installs in a clone).
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(src, 'node_modules'));

  let started = Date.now();
  const packed = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', tmp], src)) as { filename: string; size: number; unpackedSize: number; files: { path: string; size: number }[] }[];
  tarball = path.join(tmp, packed[0].filename);
  files = packed[0].files;
  measured.push(`npm pack (prepack builds): ${((Date.now() - started) / 1000).toFixed(1)} s, ${(packed[0].size / 1024).toFixed(0)} KiB packed, ${(packed[0].unpackedSize / 1024).toFixed(0)} KiB unpacked, ${files.length} files`);

  prefix = path.join(tmp, 'prefix');
  started = Date.now();
  // --prefer-offline: the dependencies come from the npm cache that `npm ci` filled, when it has them.
  sh('npm', ['install', '-g', tarball, '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund'], tmp);
  measured.push(`npm install -g of the tarball: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  installed = path.join(prefix, 'lib', 'node_modules', 'inject-fluid-sidecar');
  elsewhere = path.join(tmp, 'elsewhere');
  fs.mkdirSync(elsewhere);
  env = { PATH: [path.join(prefix, 'bin'), path.dirname(process.execPath), '/usr/bin', '/bin'].join(':'), HOME: tmp };
}, 600_000);

afterAll(() => {
  if (measured.length) process.stderr.write(`\nnpm package:\n${measured.map((m) => `  ${m}\n`).join('')}`);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('holds the executable, its bundle, the library with its types, the schema, the README: nothing else', () => {
    const names = files.map((f) => f.path);
    for (const f of ['package.json', 'README.md', 'bin/inject-fluid-sidecar', 'bin/inject-fluid-sidecar.js', 'bin/inject-juicefs-sidecar.js', 'dist/inject-fluid-sidecar.js', 'dist/fn/index.js', 'dist/fn/index.d.ts', 'dist/fn/main.js', 'dist/schemas/inject-fluid-sidecar.schema.json', 'schemas/inject-fluid-sidecar.schema.json']) {
      expect(names).toContain(f);
    }
    expect(names.filter((f) => !/^(bin\/|dist\/|schemas\/|README\.md$|package\.json$)/.test(f))).toEqual([]);
    expect(names.filter((f) => /\.test\.|__fixtures__|\/test\/|testdata/.test(f))).toEqual([]);
  });

  it('package.json: main and types are the library entry, bin the executable', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      main: 'dist/fn/index.js',
      types: 'dist/fn/index.d.ts',
      // one launcher for both commands: it runs the program of the name it is called by
      bin: { 'inject-fluid-sidecar': 'bin/inject-fluid-sidecar', 'inject-juicefs-sidecar': 'bin/inject-fluid-sidecar' },
    });
  });

  it('installs its runtime dependencies only (no dev dependency)', () => {
    const modules = fs.readdirSync(path.join(installed, 'node_modules'));
    expect(modules).toEqual(expect.arrayContaining(['yaml', 'ajv', '@kubernetes']));
    for (const dev of ['typescript', 'jest', 'esbuild', 'ts-jest', 'postject', 'fast-check']) expect(modules).not.toContain(dev);
  });
});

describe('installed globally, run from another directory', () => {
  it('--version and --help', () => {
    expect(cli(['--version'])).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('inject-fluid-sidecar render');
  });

  it('KRM mode: a ResourceList on stdin (with a function config: the schema and ajv load)', () => {
    const docs = ['app.yaml', 'fluid-context.yaml'].map((f) => fs.readFileSync(path.join(ROOT, 'example', f), 'utf8')).join('---\n');
    const config = { apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectFluidSidecar', metadata: { name: 'cfg' }, spec: { injectionMode: 'native-sidecar' } };
    const r = cli([], resourceListOf(docs, config));
    expect(r.stderr).not.toContain('[error]');
    expect(r.status).toBe(0);
    expectWebInjected(parseOne(r.stdout).items as KubeObject[], 'native-sidecar');
  });

  it('render of a directory: the sidecar injected, the Fluid context not printed', () => {
    const dir = path.join(elsewhere, 'app');
    fs.cpSync(path.join(ROOT, 'example'), dir, { recursive: true });
    const r = cli(['render', 'app']);
    expect(r.status).toBe(0);
    const objects = parseAll(r.stdout) as KubeObject[];
    expectWebInjected(objects);
    expect(objects.filter(isLocalConfig)).toEqual([]);
    expect(find(objects, 'ConfigMap', 'check-fluid-mount-ready')).toBeDefined();
  });

  it('export-context --help, and an export through a kubectl-proxy-like server', async () => {
    const help = cli(['export-context', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: inject-fluid-sidecar export-context/);
    const server = await loadFixtureServer({ authenticate: () => true });
    try {
      const out = await new Promise<Run>((resolve) => {
        const child = execFile('inject-fluid-sidecar', ['export-context', '-n', 'demo', '--server', server.url], { cwd: elsewhere, env, encoding: 'utf8' }, (err, stdout, stderr) =>
          resolve({ status: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
        );
        child.stdin?.end();
      });
      expect(out.stderr).toMatch(/exported \d+ objects/);
      expect(out.status).toBe(0);
      expect(out.stdout).toContain('kind: Dataset');
    } finally {
      await server.close();
    }
  });

  describe('inject-juicefs-sidecar, the second bin', () => {
    const juicefs = (args: string[], input = '') => cli(args, input, 'inject-juicefs-sidecar');
    const EXAMPLE = path.join(ROOT, 'examples', 'juicefs');
    /** The example's Deployment got the JuiceFS mount sidecar. */
    const expectJuiceFSInjected = (objects: KubeObject[]) => {
      const web = objects.find((o) => o.kind === 'Deployment')!;
      expect(JSON.stringify(web)).toContain('"name":"jfs-mount"');
    };

    it('--version, and KRM mode runs the JuiceFS function without a config', () => {
      expect(juicefs(['--version'])).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
      const docs = ['app.yaml', 'juicefs-context.yaml'].map((f) => fs.readFileSync(path.join(EXAMPLE, f), 'utf8')).join('---\n');
      const r = juicefs([], resourceListOf(docs));
      expect(r.stderr).not.toContain('[error]');
      expect(r.status).toBe(0);
      expectJuiceFSInjected(parseOne(r.stdout).items as KubeObject[]);
      expect(r.stderr).toContain('inject-juicefs-sidecar: 1 workload(s) injected');
    });

    it('render of a directory and with --context from stdin (a post-renderer): the context never printed', () => {
      const dir = path.join(elsewhere, 'juicefs-app');
      fs.cpSync(EXAMPLE, dir, { recursive: true });
      for (const r of [juicefs(['render', 'juicefs-app']), juicefs(['render', '--context', 'juicefs-app/juicefs-context.yaml', '-'], fs.readFileSync(path.join(dir, 'app.yaml'), 'utf8'))]) {
        expect(r.stderr).not.toContain('[error]');
        expect(r.status).toBe(0);
        const objects = parseAll(r.stdout) as KubeObject[];
        expectJuiceFSInjected(objects);
        expect(objects.filter(isLocalConfig)).toEqual([]);
        expect(objects.map((o) => o.kind)).not.toContain('PersistentVolume');
      }
    });

    it('export-context --juicefs through a kubectl-proxy-like server', async () => {
      const server = await loadFixtureServer({ authenticate: () => true, objects: loadFixtureObjects(path.join(ROOT, 'test', 'export-context', 'fixtures', 'juicefs-cluster.yaml')) });
      try {
        const out = await new Promise<Run>((resolve) => {
          const child = execFile('inject-juicefs-sidecar', ['export-context', '--juicefs', '-n', 'web', '--server', server.url], { cwd: elsewhere, env, encoding: 'utf8' }, (err, stdout, stderr) =>
            resolve({ status: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
          );
          child.stdin?.end();
        });
        expect(out.stderr).toMatch(/exported \d+ objects/);
        expect(out.status).toBe(0);
        expect(out.stdout).toContain('kind: PersistentVolumeClaim');
      } finally {
        await server.close();
      }
    });
  });

  it('main is the library: transform over plain objects, with its types', () => {
    const script = `const lib = require(${JSON.stringify(installed)});
const YAML = require(${JSON.stringify(path.join(installed, 'node_modules', 'yaml'))});
const fs = require('fs');
const items = ['app.yaml', 'fluid-context.yaml'].flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(${JSON.stringify(path.join(ROOT, 'example'))} + '/' + f, 'utf8'), { version: '1.1' }).map((d) => d.toJS()));
const out = lib.transform(items);
process.stdout.write(JSON.stringify({ exports: Object.keys(lib).sort(), updated: [...out.updated.keys()], added: out.added.map((o) => o.metadata.name), kind: lib.CONFIG_KIND, juicefs: Object.keys(lib.juicefs) }));`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: elsewhere, env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout);
    expect(result.exports).toEqual(expect.arrayContaining(['transform', 'CONFIG_KIND', 'DEFAULT_OPTIONS']));
    expect(result.updated).toEqual([0]);
    expect(result.added).toEqual(['check-fluid-mount-ready', 'fuse.alluxio-fuse-default-check-mount']);
    expect(result.kind).toBe('InjectFluidSidecar');
    expect(result.juicefs).toEqual(expect.arrayContaining(['transform']));
    const types = fs.readFileSync(path.join(installed, 'dist', 'fn', 'index.d.ts'), 'utf8');
    expect(types).toMatch(/export \{ transform \} from '\.\/[\w/]*transform'/);
    expect(types).toMatch(/Options/);
  });
});
