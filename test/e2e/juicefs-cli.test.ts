// One program, two functions: which one runs (the functionConfig kind, else the executable's own),
// through both executables, in KRM and render mode.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { FUNCTIONS } from '../../fn/functions';
import { pickFunction } from '../../fn/krm/function';
import type { KubeObject } from '../../fn/types';
import { loadJuiceFSCases, resourceListOf } from '../support/juicefs-golden';

const ROOT = path.resolve(__dirname, '../..');
const JUICEFS_BIN = path.join(ROOT, 'bin', 'inject-juicefs-sidecar');
const FLUID_BIN = path.join(ROOT, 'bin', 'inject-fluid-sidecar');
const example = loadJuiceFSCases().find((c) => c.name === 'worked-example-hashed')!;
const TYPED = { apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectJuiceFSSidecar', metadata: { name: 'c' }, spec: { kubernetesVersion: '1.28' } };

function spawn(bin: string, args: string[], input: string) {
  const r = spawnSync(bin, args, { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const injected = (stdout: string): boolean => stdout.includes('name: jfs-mount');
const functionFor = (config: Parameters<typeof pickFunction>[2], self: string) => pickFunction(FUNCTIONS, self, config);

describe('the function registry', () => {
  it('picks by functionConfig kind; a ConfigMap, no config or an unknown kind runs the executable’s own', () => {
    expect(functionFor(TYPED, 'inject-fluid-sidecar').name).toBe('inject-juicefs-sidecar');
    expect(functionFor({ apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectFluidSidecar' }, 'inject-juicefs-sidecar').name).toBe('inject-fluid-sidecar');
    expect(functionFor({ apiVersion: 'v1', kind: 'ConfigMap' }, 'inject-juicefs-sidecar').name).toBe('inject-juicefs-sidecar');
    expect(functionFor(undefined, 'inject-fluid-sidecar').name).toBe('inject-fluid-sidecar');
    expect(functionFor({ kind: 'Nope' }, 'inject-juicefs-sidecar').name).toBe('inject-juicefs-sidecar');
  });
});

describe('the executables', () => {
  beforeAll(() => expect(fs.existsSync(path.join(ROOT, 'dist', 'fn', 'main.js'))).toBe(true));

  it('bin/inject-juicefs-sidecar runs JuiceFS with no config and with kpt’s ConfigMap, and says so in its summary', () => {
    const plain = spawn(JUICEFS_BIN, [], resourceListOf(example.inputText));
    expect(injected(plain.stdout)).toBe(true);
    // the worked example's Secret and PV are written by hand, without local-config: a warning each
    expect(plain.stderr).toContain('inject-juicefs-sidecar: 1 workload(s) injected, 0 error(s), 2 warning(s)');
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: { kubernetesVersion: '1.28' } };
    const r = spawn(JUICEFS_BIN, [], resourceListOf(example.inputText, cm));
    expect(r.status).toBe(0);
    expect(injected(r.stdout)).toBe(true);
  });

  it('bin/inject-fluid-sidecar (the image’s entry point) runs JuiceFS for an InjectJuiceFSSidecar config, Fluid otherwise', () => {
    const fluidDefault = spawn(FLUID_BIN, [], resourceListOf(example.inputText));
    expect(fluidDefault.status).toBe(0);
    expect(injected(fluidDefault.stdout)).toBe(false);
    expect(fluidDefault.stderr).toContain('inject-fluid-sidecar: 0 workload(s) injected');
    const juicefs = spawn(FLUID_BIN, [], resourceListOf(example.inputText, TYPED));
    expect(juicefs.status).toBe(0);
    expect(injected(juicefs.stdout)).toBe(true);
    expect(juicefs.stderr).toContain('inject-juicefs-sidecar: 1 workload(s) injected');
  });

  it('render mode: plain YAML in, rendered YAML out, the generated ConfigMap last; a second render changes nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jfs-render-'));
    fs.writeFileSync(path.join(dir, 'app.yaml'), example.inputText);
    const config = path.join(dir, 'fn.yaml');
    fs.writeFileSync(config, YAML.stringify(TYPED));
    const first = spawn(JUICEFS_BIN, ['render', '--config', config, path.join(dir, 'app.yaml')], '');
    expect(first.status).toBe(0);
    const docs = YAML.parseAllDocuments(first.stdout).map((d) => d.toJS() as KubeObject);
    expect(docs[docs.length - 1]).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'juicefs-check-mount', namespace: 'default' } });
    expect(injected(first.stdout)).toBe(true);
    const second = spawn(JUICEFS_BIN, ['render', '--config', config, '-'], first.stdout);
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('render mode: an error is exit 1 with nothing on stdout', () => {
    const bad = loadJuiceFSCases().find((c) => c.name === 'error-e07-no-secret-ref')!;
    const r = spawn(JUICEFS_BIN, ['render', '-'], bad.inputText);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('has no spec.csi.nodePublishSecretRef');
  });

  it('--help names both functions and export-context --juicefs', () => {
    const r = spawn(JUICEFS_BIN, ['--help'], '');
    expect(r.stdout).toContain('InjectJuiceFSSidecar');
    expect(r.stdout).toContain('export-context --juicefs');
  });
});
