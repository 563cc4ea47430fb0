import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { FUNCTIONS } from '../../functions';
import { pickFunction } from '../function';
import { renderCommand, RenderIo } from './render';

const EXAMPLE = path.join(__dirname, '..', '..', '..', 'example');
const APP = fs.readFileSync(path.join(EXAMPLE, 'app.yaml'), 'utf8');
const CONTEXT = fs.readFileSync(path.join(EXAMPLE, 'fluid-context.yaml'), 'utf8');
/** The context without its local-config annotations: cluster state as someone might keep it. */
const CONTEXT_PLAIN = CONTEXT.replace(/^ {2}annotations:\n {4}config\.kubernetes\.io\/local-config: "true"\n/gm, '');

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'render-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function render(args: string[], stdin = '', tty = false): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: RenderIo = { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readStdin: () => stdin, stdinIsTTY: () => tty };
  const code = renderCommand(args, io, (config) => pickFunction(FUNCTIONS, 'inject-fluid-sidecar', config), 'inject-fluid-sidecar');
  return { code, stdout, stderr };
}

function ids(text: string): string[] {
  return YAML.parseAllDocuments(text, { version: '1.1' })
    .map((d) => d.toJS() as { kind: string; metadata: { name: string } } | null)
    .filter((o): o is { kind: string; metadata: { name: string } } => o !== null)
    .map((o) => `${o.kind}/${o.metadata.name}`);
}

const APPLIED = ['Deployment/web', 'ConfigMap/web-scripts', 'Service/web', 'ConfigMap/check-fluid-mount-ready', 'ConfigMap/fuse.alluxio-fuse-default-check-mount'];
const CONTEXT_IDS = ['Dataset/hbase', 'AlluxioRuntime/hbase', 'PersistentVolumeClaim/hbase', 'PersistentVolume/demo-hbase', 'DaemonSet/hbase-fuse'];

describe('what render prints: never the cluster state', () => {
  test('local-config objects are read and left out; --keep-local-config prints them', () => {
    const app = write('app.yaml', APP);
    const context = write('fluid-context.yaml', CONTEXT);
    const out = render([app, context]);
    expect(out.code).toBe(0);
    expect(ids(out.stdout)).toEqual(APPLIED);
    const kept = render(['--keep-local-config', app, context]);
    expect(ids(kept.stdout)).toEqual([...APPLIED.slice(0, 3), ...CONTEXT_IDS, ...APPLIED.slice(3)]);
  });

  test('--context: read, never printed, even without the annotation and with --keep-local-config', () => {
    const app = write('app.yaml', APP);
    const context = write('state/fluid-context.yaml', CONTEXT_PLAIN);
    expect(ids(render([app, '--context', context]).stdout)).toEqual(APPLIED);
    expect(ids(render(['--keep-local-config', `--context=${path.dirname(context)}`, app]).stdout)).toEqual(APPLIED);
    // Without --context the same objects are manifests to print.
    expect(ids(render([app, context]).stdout)).toEqual([...APPLIED.slice(0, 3), ...CONTEXT_IDS, ...APPLIED.slice(3)]);
  });

  test('in a file that mixes both, only the local-config documents go; the rest keep their bytes', () => {
    const [deployment, ...rest] = APP.split(/^---\n/m);
    const contextDocs = CONTEXT.split(/^---\n/m);
    const service = rest.join('---\n');
    const mixed = write('mixed.yaml', [contextDocs[0], deployment, contextDocs[1], service, contextDocs.slice(2).join('---\n')].join('---\n'));
    const out = render([mixed]);
    expect(out.code).toBe(0);
    expect(ids(out.stdout)).toEqual(APPLIED);
    // The untouched documents come out byte for byte, with their comments.
    expect(out.stdout).toContain(service.trimEnd());
  });

  test('an error: nothing on stdout, exit 1', () => {
    const app = write('app.yaml', APP);
    const out = render([app]);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^\[error\] Deployment demo\/web: .*PersistentVolumeClaim/m);
  });
});

describe('standard input', () => {
  const HELM = `---\n# Source: web/templates/app.yaml\n${APP.replace(/^---\n/gm, '---\n# Source: web/templates/more.yaml\n')}`;

  test('no file and stdin not a terminal: stdin is read (Helm post-renderer); its # Source: comments stay', () => {
    const context = write('fluid-context.yaml', CONTEXT);
    const out = render(['--context', context], HELM);
    expect(out.code).toBe(0);
    expect(ids(out.stdout)).toEqual(APPLIED);
    expect(out.stdout.startsWith('---\n# Source: web/templates/app.yaml\n')).toBe(true);
    expect(out.stdout.match(/^# Source: /gm)).toHaveLength(3);
    // Output of a post-renderer is valid input for it again: nothing changes the second time.
    expect(render(['--context', context], out.stdout).stdout).toBe(out.stdout);
  });

  test('`-` reads stdin among files; streams are joined without empty documents', () => {
    const context = write('fluid-context.yaml', CONTEXT);
    const out = render(['-', context], HELM);
    expect(ids(out.stdout)).toEqual(APPLIED);
    expect(out.stdout).not.toMatch(/^---\n---\n/m);
  });

  test('no file at a terminal: a usage error instead of waiting for typing', () => {
    expect(render([], '', true)).toEqual({
      code: 2,
      stdout: '',
      stderr: "inject-fluid-sidecar render: no input: name FILE, DIR or - (stdin is a terminal)\nRun 'inject-fluid-sidecar render --help' for usage.\n",
    });
  });

  test('stdin named twice is a usage error', () => {
    expect(render(['-', '--context', '-']).stderr).toMatch(/^inject-fluid-sidecar render: - \(standard input\) can be read only once\n/);
  });
});

describe('directories, read as kpt reads a package', () => {
  test('.krmignore, kustomization files, non-objects, .json, hidden entries, broken links; sorted order', () => {
    write('b/app.yaml', APP);
    write('a/context.json', JSON.stringify(YAML.parseAllDocuments(CONTEXT).map((d) => d.toJS())[0]));
    write('a/rest.yaml', CONTEXT.split(/^---\n/m).slice(1).join('---\n'));
    write('kustomization.yaml', 'resources: [b/app.yaml]\n');
    write('b/component.yaml', 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n');
    write('chart/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
    write('chart/values.yaml', 'replicaCount: 1\n');
    write('.krmignore', 'ignored/\n*.draft.yaml\n');
    write('ignored/app.yaml', 'not: [valid yaml\n');
    write('b/wip.draft.yaml', 'not: [valid yaml\n');
    write('b/.krmignore', 'local-only.yaml\n');
    write('b/local-only.yaml', 'not: [valid yaml\n');
    write('.hidden/app.yaml', 'not: [valid yaml\n');
    write('node_modules/x/app.yaml', 'not: [valid yaml\n');
    write('notes.txt', 'not a manifest\n');
    fs.symlinkSync(path.join(tmp, 'nowhere.yaml'), path.join(tmp, 'b', 'dangling.yaml'));
    fs.symlinkSync(tmp, path.join(tmp, 'b', 'loop'));
    const out = render([tmp]);
    expect(out.stderr).not.toContain('[error]');
    expect(out.code).toBe(0);
    expect(ids(out.stdout)).toEqual(['Deployment/web', 'ConfigMap/web-scripts', 'Service/web', 'ConfigMap/check-fluid-mount-ready', 'ConfigMap/fuse.alluxio-fuse-default-check-mount']);
    const info = out.stderr.split('\n').filter((l) => l.startsWith('[info] skipped'));
    expect(info).toEqual([
      `[info] skipped ${path.join(tmp, 'b', 'component.yaml')}: no Kubernetes object (apiVersion and kind) in it`,
      `[info] skipped ${path.join(tmp, 'b', 'dangling.yaml')}: a broken symbolic link`,
      `[info] skipped ${path.join(tmp, 'chart', 'Chart.yaml')}: no Kubernetes object (apiVersion and kind) in it`,
      `[info] skipped ${path.join(tmp, 'chart', 'values.yaml')}: no Kubernetes object (apiVersion and kind) in it`,
      `[info] skipped ${path.join(tmp, 'kustomization.yaml')}: a kustomization file, not a Kubernetes object`,
    ]);
  });

  test('a file named on the command line is read as given: a non-object is an error naming it', () => {
    const values = write('values.yaml', 'replicaCount: 1\n');
    const out = render([values]);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(values);
  });

  test('a file that mixes objects and non-objects in a directory is an error, not skipped', () => {
    write('app.yaml', `${APP}---\nreplicaCount: 1\n`);
    const out = render([tmp]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/app\.yaml: document 4/);
  });
});

describe('command line', () => {
  test('--help on stdout; unknown flags and missing values are usage errors (exit 2)', () => {
    const help = render(['--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--config', '--context', '--keep-local-config']) expect(help.stdout).toContain(flag);
    expect(render(['--frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^inject-fluid-sidecar render: unknown flag --frobnicate\n/) });
    expect(render(['--context'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^inject-fluid-sidecar render: --context needs a file\n/) });
  });

  test('file errors are one line naming the file', () => {
    const missing = path.join(tmp, 'missing.yaml');
    expect(render([missing])).toEqual({ code: 1, stdout: '', stderr: `inject-fluid-sidecar render: ${missing}: no such file or directory\n` });
    expect(render(['--config', missing, write('app.yaml', APP)])).toEqual({ code: 1, stdout: '', stderr: `inject-fluid-sidecar render: ${missing}: no such file or directory\n` });
    expect(render(['--context', missing, '-'], APP).stderr).toBe(`inject-fluid-sidecar render: ${missing}: no such file or directory\n`);
  });

  test('-- ends the flags', () => {
    write('-odd.yaml', APP);
    write('fluid-context.yaml', CONTEXT);
    const cwd = process.cwd();
    process.chdir(tmp);
    try {
      expect(ids(render(['--', '-odd.yaml', 'fluid-context.yaml']).stdout)).toEqual(APPLIED);
    } finally {
      process.chdir(cwd);
    }
  });
});
