// The single-file executable (tools/build-sea.js, `npm run build:sea`): built once, then run with no
// node on the PATH and compared byte for byte with bin/inject-fluid-sidecar on the same inputs.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resourceListOf } from '../support/golden';
import { loadFixtureServer, kubeConfigYaml } from '../export-context/fixture-server';
import { BIN, parseOne, requireBuild, ROOT, run, Run, VERSION } from './support';

const SEA = path.join(ROOT, 'build', 'inject-fluid-sidecar');
const NO_NODE = { PATH: '/nonexistent' };

function hasPostject(): boolean {
  try {
    require.resolve('postject');
    return true;
  } catch {
    return false;
  }
}

// The only reason to skip: the postject devDependency is not installed.
const describeSea = hasPostject() ? describe : describe.skip;
const title = hasPostject()
  ? 'single-file executable (build/inject-fluid-sidecar)'
  : 'single-file executable: SKIPPED because postject is not installed (npm install --save-dev postject@1.0.0-alpha.6)';

function same(sea: Run, bin: Run): void {
  expect({ status: sea.status, stderr: sea.stderr }).toEqual({ status: bin.status, stderr: bin.stderr });
  // Byte for byte (toBe on the strings; a diff on failure).
  expect(sea.stdout).toBe(bin.stdout);
}

describeSea(title, () => {
  const measured: string[] = [];
  let exampleList: string;

  beforeAll(() => {
    requireBuild();
    const started = Date.now();
    const out = execFileSync(process.execPath, [path.join(ROOT, 'tools', 'build-sea.js')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    measured.push(`build: ${((Date.now() - started) / 1000).toFixed(1)} s (${out.trim()})`);
    const docs = ['app.yaml', 'fluid-context.yaml'].map((f) => fs.readFileSync(path.join(ROOT, 'example', f), 'utf8')).join('---\n');
    // As kpt sends it for the Kptfile's `configMap: {injectionMode: legacy}`.
    exampleList = resourceListOf(docs, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: { injectionMode: 'legacy' } });
  }, 300_000);

  afterAll(() => {
    if (measured.length) process.stderr.write(`\nsingle-file executable:\n${measured.map((m) => `  ${m}\n`).join('')}`);
  });

  it('is a native executable, not a script for node', () => {
    const head = Buffer.alloc(4);
    const fd = fs.openSync(SEA, 'r');
    fs.readSync(fd, head, 0, 4, 0);
    fs.closeSync(fd);
    expect(head.toString('latin1')).toBe('\x7fELF');
    expect(fs.statSync(SEA).mode & 0o111).toBe(0o111);
    // The PATH the tests use really has no node.
    expect(spawnSync('/bin/sh', ['-c', 'command -v node'], { env: NO_NODE }).status).not.toBe(0);
  });

  it('--version and --help without node', () => {
    const v = run(SEA, ['--version'], { env: NO_NODE });
    expect(v).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
    const h = run(SEA, ['--help'], { env: NO_NODE });
    expect(h.status).toBe(0);
    expect(h.stdout).toBe(run(BIN, ['--help']).stdout);
  });

  it('KRM mode: the bundled example as a ResourceList on stdin, byte for byte as bin/', () => {
    const sea = run(SEA, [], { input: exampleList, env: NO_NODE });
    expect(sea.status).toBe(0);
    const items = parseOne(sea.stdout).items as { kind: string; metadata: { name: string } }[];
    expect(items.some((i) => i.kind === 'ConfigMap' && i.metadata.name === 'check-fluid-mount-ready')).toBe(true);
    same(sea, run(BIN, [], { input: exampleList }));
  });

  it('render example/, byte for byte as bin/', () => {
    const sea = run(SEA, ['render', 'example/'], { env: NO_NODE });
    expect(sea.status).toBe(0);
    expect(sea.stdout).toContain('name: fluid-fuse-0');
    same(sea, run(BIN, ['render', 'example/']));
  });

  it('errors: a bad config (schema validation) and bad input, as bin/', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sea-'));
    try {
      const cfg = path.join(tmp, 'cfg.yaml');
      // maxLength and enum: ajv's compiled validators must work inside the bundle.
      fs.writeFileSync(cfg, `apiVersion: fn.fluid.io/v1alpha1\nkind: InjectFluidSidecar\nmetadata: {name: c}\nspec:\n  randomSuffixSeed: ${'x'.repeat(300)}\n`);
      const sea = run(SEA, ['render', '--config', cfg, 'example/'], { env: NO_NODE });
      expect(sea.status).toBe(1);
      expect(sea.stderr).toContain('spec.randomSuffixSeed');
      same(sea, run(BIN, ['render', '--config', cfg, 'example/']));
      same(run(SEA, [], { input: 'items: [\n', env: NO_NODE }), run(BIN, [], { input: 'items: [\n' }));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('export-context (the bundled Kubernetes client) against an API server, as bin/', async () => {
    const server = await loadFixtureServer();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sea-kube-'));
    try {
      const kubeconfig = path.join(tmp, 'kubeconfig');
      fs.writeFileSync(kubeconfig, kubeConfigYaml(server.url));
      const args = ['export-context', '-n', 'demo', '--kubeconfig', kubeconfig];
      // Asynchronously: the fixture server runs in this process.
      const runAsync = (file: string, env: NodeJS.ProcessEnv) =>
        new Promise<Run>((resolve) => {
          const child = execFile(file, args, { env, cwd: tmp, encoding: 'utf8' }, (err, stdout, stderr) =>
            resolve({ status: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
          );
          child.stdin?.end();
        });
      const sea = await runAsync(SEA, NO_NODE);
      expect(sea.stderr).toMatch(/exported \d+ objects/);
      expect(sea.status).toBe(0);
      expect(sea.stdout).toContain('kind: Dataset');
      same(sea, await runAsync(BIN, process.env));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      await server.close();
    }
  });

  it('called as inject-juicefs-sidecar (a symlink), runs the JuiceFS function as bin/inject-juicefs-sidecar does', () => {
    const tools = fs.mkdtempSync(path.join(os.tmpdir(), 'sea-juicefs-'));
    try {
      const link = path.join(tools, 'inject-juicefs-sidecar');
      fs.symlinkSync(SEA, link);
      const args = ['render', 'examples/juicefs/'];
      const sea = run(link, args, { env: NO_NODE });
      expect(sea.status).toBe(0);
      expect(sea.stdout).toContain('name: jfs-mount');
      same(sea, run(path.join(ROOT, 'bin', 'inject-juicefs-sidecar'), args));
      // The same executable under its own name stays the Fluid function (which finds no Fluid workload here).
      expect(run(SEA, args, { env: NO_NODE }).stdout).not.toContain('name: jfs-mount');
    } finally {
      fs.rmSync(tools, { recursive: true, force: true });
    }
  });

  it('is also written under its platform name, as the release and the Argo CD plugin image take it', () => {
    const arch = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch] ?? process.arch;
    expect(fs.statSync(path.join(ROOT, 'build', `inject-fluid-sidecar-${process.platform}-${arch}`)).ino).toBe(fs.statSync(SEA).ino);
  });

  it("Argo CD plugin's generate with only sh and this executable on the PATH", () => {
    const plugin = parseOne(fs.readFileSync(path.join(ROOT, 'examples', 'argocd', 'plugin.yaml'), 'utf8')) as {
      spec: { generate: { command: string[]; args: string[] } };
    };
    const tools = fs.mkdtempSync(path.join(os.tmpdir(), 'cmp-path-'));
    try {
      for (const t of ['sh']) {
        const which = spawnSync('/bin/sh', ['-c', `command -v ${t}`], { encoding: 'utf8' }).stdout.trim();
        fs.symlinkSync(which, path.join(tools, t));
      }
      fs.symlinkSync(SEA, path.join(tools, 'inject-fluid-sidecar'));
      const [cmd, ...args] = [...plugin.spec.generate.command, ...plugin.spec.generate.args];
      const gen = (pathVar: string) => {
        const r = spawnSync(cmd, args, { cwd: path.join(ROOT, 'examples', 'argocd', 'app'), env: { PATH: pathVar }, encoding: 'utf8' });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr };
      };
      expect(spawnSync(path.join(tools, 'sh'), ['-c', 'command -v node'], { env: { PATH: tools } }).status).not.toBe(0);
      const sea = gen(tools);
      expect(sea.status).toBe(0);
      expect(sea.stdout).toContain('name: fluid-fuse-0');
      same(sea, gen(`${path.join(ROOT, 'bin')}:${process.env.PATH}`));
    } finally {
      fs.rmSync(tools, { recursive: true, force: true });
    }
  });

  it('size and one-item run time', () => {
    const size = fs.statSync(SEA).size;
    const one = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a, namespace: demo}\n  data: {k: v}\n';
    const median = (file: string, env: NodeJS.ProcessEnv): number => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = process.hrtime.bigint();
        const r = run(file, [], { input: one, env });
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
        expect(r.status).toBe(0);
      }
      return times.sort((a, b) => a - b)[2];
    };
    const seaMs = median(SEA, NO_NODE);
    const binMs = median(BIN, process.env);
    measured.push(`size: ${(size / 1024 / 1024).toFixed(1)} MiB`);
    measured.push(`one-item ResourceList, median of 5: ${seaMs.toFixed(0)} ms (bin/inject-fluid-sidecar with node: ${binMs.toFixed(0)} ms)`);
    // Generous bounds: a node binary plus a few MiB of bundle; well inside kpt's and Argo CD's timeouts.
    expect(size).toBeLessThan(160 * 1024 * 1024);
  });
});
