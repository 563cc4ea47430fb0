// inject-juicefs-sidecar through the real kpt: the example package (examples/juicefs/) with
// `kpt fn render --allow-exec` and `kpt fn eval --exec`, and every JuiceFS golden case with
// `kpt fn eval --exec`; each run twice (the second run changes no file).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import type { KubeObject } from '../../fn/types';
import { comparableOutput, loadJuiceFSCases, parseDocs } from '../support/juicefs-golden';
import type { JuiceFSCase } from '../support/juicefs-golden';
import { ROOT, runWithBin, snapshot } from '../support/kpt';

const BIN = path.join(ROOT, 'bin', 'inject-juicefs-sidecar');
const EXAMPLE = path.join(ROOT, 'examples', 'juicefs');

const run = (args: string[]) => runWithBin('kpt', args);

function copyExample(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpt-juicefs-'));
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

beforeAll(() => {
  expect(fs.existsSync(path.join(ROOT, 'dist', 'fn', 'main.js'))).toBe(true);
  expect(run(['version']).status).toBe(0);
});

describe('the example package (examples/juicefs)', () => {
  it('kpt fn render --allow-exec: sidecar in app.yaml, comments kept, context untouched, the check-script ConfigMap in its own file; twice', () => {
    const dir = copyExample();
    const before = snapshot(dir);
    const r = run(['fn', 'render', dir, '--allow-exec']);
    expect(r.status).toBe(0);
    const after = snapshot(dir);
    const app = after.get('app.yaml')!;
    expect(app).toContain('- name: jfs-mount');
    expect(app).toContain('image: nginx:1.27 # pinned');
    expect(app).toContain('path: /var/lib/juicefs/volume/web-content');
    expect(app).toContain('done.sidecar.juicefs.com/inject: "true"');
    expect(after.get('juicefs-context.yaml')).toBe(before.get('juicefs-context.yaml'));
    const cm = parseDocs(after.get('configmap_web_juicefs-check-mount.yaml')!);
    expect(cm.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['ConfigMap web/juicefs-check-mount']);
    expect(r.stderr).toContain('the cluster must provide Secret web/web-content-jfs-secret');
    const second = run(['fn', 'render', dir, '--allow-exec']);
    expect(second.status).toBe(0);
    const again = snapshot(dir);
    // kpt records the render in the Kptfile's status; the manifests must not change.
    again.delete('Kptfile');
    after.delete('Kptfile');
    expect(again).toEqual(after);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('kpt fn eval --exec with -- key=value config gives the same manifests; twice', () => {
    const rendered = copyExample();
    expect(run(['fn', 'render', rendered, '--allow-exec']).status).toBe(0);
    const dir = copyExample();
    const r = run(['fn', 'eval', dir, '--exec', BIN, '--', 'kubernetesVersion=1.30']);
    expect(r.status).toBe(0);
    const a = snapshot(dir);
    const b = snapshot(rendered);
    for (const f of ['app.yaml', 'juicefs-context.yaml', 'configmap_web_juicefs-check-mount.yaml']) expect(a.get(f)).toBe(b.get(f));
    expect(run(['fn', 'eval', dir, '--exec', BIN, '--', 'kubernetesVersion=1.30']).status).toBe(0);
    expect(snapshot(dir)).toEqual(a);
    for (const d of [dir, rendered]) fs.rmSync(d, { recursive: true, force: true });
  });
});

/** The package's objects: input.yaml's documents in order, then every other manifest file, sorted. */
function packageObjects(dir: string): KubeObject[] {
  const files = [...snapshot(dir).entries()].filter(([f]) => /\.ya?ml$/.test(f));
  const input = files.find(([f]) => f === 'input.yaml');
  const rest = files.filter(([f]) => f !== 'input.yaml').sort(([a], [b]) => (a < b ? -1 : 1));
  return [input, ...rest].flatMap((entry) => (entry ? parseDocs(entry[1]) : []));
}

const cases = loadJuiceFSCases().filter((c) => c.input.every((o) => o.metadata.name));

describe.each(cases.map((c) => [c.name, c] as const))('golden case %s', (_n, c: JuiceFSCase) => {
  it('kpt fn eval --exec, twice', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kpt-jfs-${c.name}-`));
    const pkg = path.join(dir, 'pkg');
    fs.mkdirSync(pkg);
    fs.writeFileSync(path.join(pkg, 'input.yaml'), c.inputText);
    const args = ['fn', 'eval', pkg, '--exec', BIN];
    if (c.functionConfig) {
      fs.writeFileSync(path.join(dir, 'fn-config.yaml'), YAML.stringify(c.functionConfig));
      args.push('--fn-config', path.join(dir, 'fn-config.yaml'));
    }
    const before = snapshot(pkg);
    const r = run(args);
    if (!c.expected) {
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('[error]');
      expect(snapshot(pkg)).toEqual(before);
    } else {
      expect(r.stderr).not.toMatch(/\[error\]/);
      expect(r.status).toBe(0);
      expect(comparableOutput(c.input, packageObjects(pkg), c.functionConfig)).toEqual(comparableOutput(c.input, c.expected, c.functionConfig));
      const after = snapshot(pkg);
      expect(run(args).status).toBe(0);
      expect(snapshot(pkg)).toEqual(after);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
