// examples/helm/: the function as a Helm post-renderer. Helm 3 runs the post-renderer executable
// with its --post-renderer-args, the rendered chart on stdin, and installs what it prints; a
// non-zero exit fails the install. examples/helm/chart-output.yaml stands in for `helm template`
// output (its documents start with `---` and a `# Source:` comment).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KubeObject } from '../../fn/types';
import { BIN, expectWebInjected, find, parseAll, parseOne, requireBuild, ROOT, run } from './support';

const DIR = path.join(ROOT, 'examples', 'helm');
const SCRIPT = path.join(DIR, 'post-render.sh');
const CHART = fs.readFileSync(path.join(DIR, 'chart-output.yaml'), 'utf8');
/** A PATH as a CI runner has it after installing the package: the function, node, sh. */
const ENV = { PATH: [path.join(ROOT, 'bin'), path.dirname(process.execPath), '/usr/bin', '/bin'].join(':'), HOME: os.tmpdir() };

beforeAll(requireBuild);

function ids(objects: KubeObject[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata.name}`);
}

/** The documents of the chart output, each with its `# Source:` line, as text. */
function sourceBlocks(text: string): string[] {
  return text.split(/^---\n/m).filter((d) => d.startsWith('# Source: '));
}

describe('examples/helm/post-render.sh, run as Helm 3 runs a post-renderer', () => {
  let out: ReturnType<typeof run>;
  beforeAll(() => {
    out = run(SCRIPT, [], { input: CHART, cwd: DIR, env: ENV });
  });

  it('prints the chart with the sidecar injected and the generated ConfigMaps, and no cluster state', () => {
    expect(out.stderr).not.toContain('[error]');
    expect(out.status).toBe(0);
    const objects = parseAll(out.stdout) as KubeObject[];
    expect(ids(objects)).toEqual(['ConfigMap/web-scripts', 'Service/web', 'Deployment/web', 'ConfigMap/check-fluid-mount-ready', 'ConfigMap/fuse.alluxio-fuse-default-check-mount']);
    expectWebInjected(objects, 'legacy');
    expect(find(objects, 'Deployment', 'web').metadata.labels?.['app.kubernetes.io/managed-by']).toBe('Helm');
    expect(out.stderr).toContain('[info] Deployment demo/web: injected fluid-fuse-0 (dataset demo/hbase)');
  });

  it("keeps Helm's `# Source:` comments and the untouched documents byte for byte", () => {
    const before = sourceBlocks(CHART);
    const after = sourceBlocks(out.stdout);
    expect(after.map((b) => b.split('\n', 1)[0])).toEqual(before.map((b) => b.split('\n', 1)[0]));
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(out.stdout.startsWith('---\n# Source: web/templates/configmap.yaml\n')).toBe(true);
  });

  it('is idempotent: its output run through it again comes out the same', () => {
    const again = run(SCRIPT, [], { input: out.stdout, cwd: DIR, env: ENV });
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(out.stdout);
  });

  it('passes --post-renderer-args on to render (a function config)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-cfg-'));
    try {
      const cfg = path.join(tmp, 'fn-config.yaml');
      fs.writeFileSync(cfg, 'apiVersion: fn.fluid.io/v1alpha1\nkind: InjectFluidSidecar\nmetadata:\n  name: cfg\nspec:\n  injectionMode: native-sidecar\n');
      const r = run(SCRIPT, ['--config', cfg], { input: CHART, cwd: DIR, env: ENV });
      expect(r.status).toBe(0);
      expectWebInjected(parseAll(r.stdout) as KubeObject[], 'native-sidecar');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('an error fails the install: exit 1, nothing on stdout, the reason on stderr', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-bad-'));
    try {
      // The context without the PVC the Deployment mounts.
      const context = fs.readFileSync(path.join(DIR, 'fluid-context.yaml'), 'utf8').split(/^---\n/m);
      fs.writeFileSync(path.join(tmp, 'ctx.yaml'), context.filter((d) => !/^kind: PersistentVolumeClaim$/m.test(d)).join('---\n'));
      const r = run(SCRIPT, [], { input: CHART, cwd: DIR, env: { ...ENV, FLUID_CONTEXT: path.join(tmp, 'ctx.yaml') } });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/\[error\] Deployment demo\/web: .*PersistentVolumeClaim/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('without the context file: one line naming it', () => {
    const r = run(SCRIPT, [], { input: CHART, cwd: os.tmpdir(), env: ENV });
    expect(r).toEqual({ status: 1, stdout: '', stderr: 'inject-fluid-sidecar render: fluid-context.yaml: no such file or directory\n' });
  });
});

describe('the executable itself as the post-renderer (helm --post-renderer inject-fluid-sidecar --post-renderer-args ...)', () => {
  it('render --context=FILE with the chart on stdin and no file argument', () => {
    const r = run(BIN, ['render', `--context=${path.join(DIR, 'fluid-context.yaml')}`], { input: CHART });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(run(SCRIPT, [], { input: CHART, cwd: DIR, env: ENV }).stdout);
  });
});

describe('examples/helm/plugin.yaml (Helm 4 postrenderer/v1 plugin)', () => {
  it('runs post-render.sh from the plugin directory', () => {
    const plugin = parseOne(fs.readFileSync(path.join(DIR, 'plugin.yaml'), 'utf8')) as {
      apiVersion: string;
      type: string;
      name: string;
      version: string;
      runtime: string;
      runtimeConfig: { platformCommand: { command: string }[] };
    };
    expect(plugin).toMatchObject({ apiVersion: 'v1', type: 'postrenderer/v1', name: 'inject-fluid-sidecar', runtime: 'subprocess' });
    expect(plugin.version).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    const command = plugin.runtimeConfig.platformCommand[0].command;
    expect(command).toBe('${HELM_PLUGIN_DIR}/post-render.sh');
    expect(fs.statSync(path.join(DIR, command.replace('${HELM_PLUGIN_DIR}/', ''))).mode & 0o111).toBe(0o111);
  });
});
