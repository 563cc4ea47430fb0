// End-to-end through the real kpt: the built executable as an exec function, on every golden case,
// with `kpt fn eval --exec` and `kpt fn render --allow-exec`. The render runs twice (as kpt's own
// catalog harness does) to prove the second run changes nothing. Every case that renders is a
// subpackage of one package, so that one kpt process runs them all (each subpackage's pipeline sees
// only its own objects): a kpt process per case would spend most of the time starting kpt.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';
import type { JsonObject, KubeObject } from '../../fn/types';
import { comparableOutput, GoldenCase, loadCases, normalizeObject, parseDocs } from '../support/golden';
import { ROOT, runWithBin, snapshot } from '../support/kpt';

const BIN = path.join(ROOT, 'bin', 'inject-fluid-sidecar');
const cases = ['fluid-cases', 'fluid'].flatMap((d) => loadCases(path.join(ROOT, 'testdata', d)));

const run = runWithBin;

/** The package's objects: input.yaml's documents in order, then every other new manifest file. */
function packageObjects(dir: string): KubeObject[] {
  const files = [...snapshot(dir).entries()].filter(([f]) => /\.ya?ml$/.test(f) && f !== 'fn-config.yaml');
  const input = files.find(([f]) => f === 'input.yaml');
  const rest = files.filter(([f]) => f !== 'input.yaml').sort(([a], [b]) => (a < b ? -1 : 1));
  return [input, ...rest].flatMap((entry) => (entry ? parseDocs(entry[1]) : []));
}

/** `-- k=v` arguments when the config is plain enough for kpt's ConfigMap, else undefined. */
function configMapArgs(config: JsonObject | undefined): string[] | undefined {
  const spec = (config?.spec ?? {}) as JsonObject;
  if (Object.values(spec).some((v) => typeof v === 'object')) return undefined;
  return Object.entries(spec).map(([k, v]) => `${k}=${String(v)}`);
}

function newPackage(c: GoldenCase, kptfile?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kpt-${c.name}-`));
  fs.writeFileSync(path.join(dir, 'input.yaml'), c.inputText);
  if (c.functionConfig) fs.writeFileSync(path.join(dir, 'fn-config.yaml'), YAML.stringify(c.functionConfig));
  if (kptfile) fs.writeFileSync(path.join(dir, 'Kptfile'), kptfile);
  return dir;
}

function checkOutcome(c: GoldenCase, dir: string, before: Map<string, string>, r: ReturnType<typeof run>): void {
  if (c.error) {
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(c.error.split(': ').pop()!);
    expect(snapshot(dir)).toEqual(before);
    return;
  }
  expect(r.stderr).not.toMatch(/\[error\]/);
  expect(r.status).toBe(0);
  const objects = packageObjects(dir).filter((o) => o.kind !== 'Kptfile');
  expect(comparableOutput(c.input, objects, c.functionConfig)).toEqual(c.expected!.map(normalizeObject));
}

beforeAll(() => {
  expect(fs.existsSync(path.join(ROOT, 'dist', 'fn', 'main.js'))).toBe(true);
  expect(run('kpt', ['version']).status).toBe(0);
});

// kpt refuses items without metadata.name before any function runs (a Pod with generateName only).
const unnamed = (c: GoldenCase) => c.input.some((o) => !o.metadata.name);

describe.each(cases.filter((c) => (c.expected || c.error) && unnamed(c)).map((c) => [c.name, c] as const))('%s', (_n, c) => {
  it('is refused by kpt itself (kpt needs metadata.name); the render command covers it', () => {
    const dir = newPackage(c);
    const r = run('kpt', ['fn', 'eval', dir, '--exec', BIN]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('resource must have `metadata.name`');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

const named = cases.filter((c) => (c.expected || c.error) && !unnamed(c));

function kptfileOf(c: GoldenCase): string {
  const config = c.functionConfig ? '\n    configPath: fn-config.yaml' : '';
  return `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: ${c.name}\npipeline:\n  mutators:\n  - exec: ${BIN}${config}\n`;
}

/** Files of a package but its Kptfile, in which kpt records a Rendered condition. */
function manifests(dir: string): Map<string, string> {
  const files = snapshot(dir);
  files.delete('Kptfile');
  return files;
}

// The cases that render, as subpackages of one package, rendered twice by one kpt process each time.
const batch = { root: '', first: undefined as ReturnType<typeof run> | undefined, second: undefined as ReturnType<typeof run> | undefined, once: new Map<GoldenCase, Map<string, string>>() };
const batched = named.filter((c) => !c.error);

beforeAll(() => {
  batch.root = fs.mkdtempSync(path.join(os.tmpdir(), 'kpt-cases-'));
  fs.writeFileSync(path.join(batch.root, 'Kptfile'), 'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: cases\n');
  for (const c of batched) {
    const dir = path.join(batch.root, `${path.basename(c.dir)}-${c.name}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'input.yaml'), c.inputText);
    if (c.functionConfig) fs.writeFileSync(path.join(dir, 'fn-config.yaml'), YAML.stringify(c.functionConfig));
    fs.writeFileSync(path.join(dir, 'Kptfile'), kptfileOf(c));
  }
  batch.first = run('kpt', ['fn', 'render', batch.root, '--allow-exec']);
  for (const c of batched) batch.once.set(c, manifests(path.join(batch.root, `${path.basename(c.dir)}-${c.name}`)));
  batch.second = run('kpt', ['fn', 'render', batch.root, '--allow-exec']);
}, 600_000);

afterAll(() => fs.rmSync(batch.root, { recursive: true, force: true }));

describe.each(named.map((c) => [`${path.basename(c.dir)}/${c.name}`, c] as const))('%s', (_n, c) => {
  it('kpt fn eval --exec', () => {
    const dir = newPackage(c);
    const kv = configMapArgs(c.functionConfig);
    const args = ['fn', 'eval', dir, '--exec', BIN];
    if (c.functionConfig && kv === undefined) args.push('--fn-config', path.join(dir, 'fn-config.yaml'));
    if (kv?.length) args.push('--', ...kv);
    checkOutcome(c, dir, snapshot(dir), run('kpt', args));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  if (c.error) {
    it('kpt fn render --allow-exec (Kptfile pipeline): fails, package untouched', () => {
      const dir = newPackage(c, kptfileOf(c));
      const before = manifests(dir);
      const r = run('kpt', ['fn', 'render', dir, '--allow-exec']);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(c.error!.split(': ').pop()!);
      expect(manifests(dir)).toEqual(before);
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return;
  }

  it('kpt fn render --allow-exec (Kptfile pipeline), twice', () => {
    const dir = path.join(batch.root, `${path.basename(c.dir)}-${c.name}`);
    expect(batch.first!.stderr).not.toMatch(/\[error\]/);
    expect(batch.first!.status).toBe(0);
    // kpt ran this subpackage's own pipeline.
    expect(batch.first!.stderr).toContain(`Package "${path.relative(path.dirname(batch.root), dir)}": \n`);
    const once = batch.once.get(c)!;
    const objects = [...once.entries()]
      .filter(([f]) => /\.ya?ml$/.test(f) && f !== 'fn-config.yaml')
      .sort(([a], [b]) => (a === 'input.yaml' ? -1 : b === 'input.yaml' ? 1 : a < b ? -1 : 1))
      .flatMap(([, text]) => parseDocs(text));
    expect(comparableOutput(c.input, objects, c.functionConfig)).toEqual(c.expected!.map(normalizeObject));
    expect(batch.second!.status).toBe(0);
    expect(manifests(dir)).toEqual(once);
  });
});

describe('the bundled example (README: npm run example)', () => {
  it('renders through the root Kptfile, keeping comments, 0755 and "yes" of what it does not change', () => {
    const r = run('kpt', ['fn', 'render', '.', '--allow-exec', '-o', 'stdout']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('name: fluid-fuse-0');
    expect(r.stdout).toContain('defaultMode: 0755 # octal: YAML 1.1, as kubectl reads it');
    expect(r.stdout).toContain('debug: "yes" # a string, not a boolean');
    expect(r.stdout).toContain('# Nothing to inject here: passes through byte for byte.');
    // Only the example is in the package: no test fixtures, no node_modules.
    expect(r.stdout).not.toContain('testdata/');
    expect(r.stdout).not.toContain('node_modules/');
  });

  it('in place, leaves untouched files byte-identical and is idempotent', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpt-example-'));
    for (const f of fs.readdirSync(path.join(ROOT, 'example'))) fs.copyFileSync(path.join(ROOT, 'example', f), path.join(dir, f));
    const context = fs.readFileSync(path.join(dir, 'fluid-context.yaml'), 'utf8');
    const service = fs.readFileSync(path.join(dir, 'app.yaml'), 'utf8').split(/^---$/m)[2];
    expect(run('kpt', ['fn', 'eval', dir, '--exec', BIN]).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'fluid-context.yaml'), 'utf8')).toBe(context);
    expect(fs.readFileSync(path.join(dir, 'app.yaml'), 'utf8').split(/^---$/m)[2]).toBe(service);
    const once = snapshot(dir);
    expect([...once.keys()].sort()).toEqual([
      'app.yaml',
      'configmap_demo_check-fluid-mount-ready.yaml',
      'configmap_demo_fuse.alluxio-fuse-default-check-mount.yaml',
      'fluid-context.yaml',
    ]);
    expect(run('kpt', ['fn', 'eval', dir, '--exec', BIN]).status).toBe(0);
    expect(snapshot(dir)).toEqual(once);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of example/ as a kpt package. */
  const examplePackage = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpt-uninject-'));
    for (const f of fs.readdirSync(path.join(ROOT, 'example'))) fs.copyFileSync(path.join(ROOT, 'example', f), path.join(dir, f));
    return dir;
  };

  it('inject then uninject in place gives the original bytes back (native-sidecar: no container moves)', () => {
    const dir = examplePackage();
    const original = snapshot(dir);
    expect(run('kpt', ['fn', 'eval', dir, '--exec', BIN, '--', 'injectionMode=native-sidecar']).status).toBe(0);
    const injected = snapshot(dir);
    expect(injected.get('app.yaml')).toContain('fn.fluid.io/inject-fluid-sidecar:');
    expect(injected.size).toBe(original.size + 2);
    const r = run('kpt', ['fn', 'eval', dir, '--exec', BIN, '--', 'injectionMode=native-sidecar', 'action=uninject']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('Deployment demo/web: uninjected');
    expect(snapshot(dir)).toEqual(original);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('legacy mode: the same objects back; kpt reorders the keys of the container that moves to index 0', () => {
    const dir = examplePackage();
    const original = snapshot(dir);
    expect(run('kpt', ['fn', 'eval', dir, '--exec', BIN]).status).toBe(0);
    expect(run('kpt', ['fn', 'eval', dir, '--exec', BIN, '--', 'action=uninject']).status).toBe(0);
    const back = snapshot(dir);
    expect([...back.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [f, text] of original) expect(parseDocs(back.get(f)!)).toEqual(parseDocs(text));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('bad function config: error result naming the field, exit 1, package untouched', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpt-badcfg-'));
    fs.copyFileSync(path.join(ROOT, 'example', 'app.yaml'), path.join(dir, 'app.yaml'));
    const before = snapshot(dir);
    const r = run('kpt', ['fn', 'eval', dir, '--exec', BIN, '--', 'injectionMode=sidecar', 'errorMode=strict']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('data.injectionMode');
    expect(r.stderr).toContain('must be one of "legacy", "native-sidecar"');
    expect(snapshot(dir)).toEqual(before);
    const unknown = run('kpt', ['fn', 'eval', dir, '--exec', BIN, '--', 'injectonMode=legacy']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('unknown field "injectonMode"');
  });
});

describe('examples/cross-namespace (seed 003 walkthrough, git-only inputs)', () => {
  it('renders the sidecar in ref and the copied ConfigMaps, and a second render changes nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpt-xns-'));
    const src = path.join(ROOT, 'examples', 'cross-namespace');
    fs.cpSync(src, dir, { recursive: true });
    const r = run('kpt', ['fn', 'render', dir, '--allow-exec']);
    expect(r.status).toBe(0);
    const objects = packageObjects(dir);
    const pod = objects.find((o) => o.kind === 'Pod')! as any;
    expect(pod.spec.containers.map((c: { name: string }) => c.name)).toEqual(['fluid-fuse-0', 'nginx']);
    expect(pod.spec.containers[0].image).toBe('fluidcloudnative/alluxio-fuse:release-2.9.3-SNAPSHOT-a5ba8b4');
    expect(pod.spec.volumes[0]).toEqual({ name: 'data', hostPath: { path: '/runtime-mnt/alluxio/default/phy/alluxio-fuse' } });
    expect(pod.metadata.labels['dataset-namespace.sidecar.fluid.io/fluid-fuse-0']).toBe('ref');
    expect(pod.metadata.labels['dataset-name.sidecar.fluid.io/fluid-fuse-0']).toBe('refdemo');
    const cms = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'ref');
    expect(cms.map((o) => o.metadata.name).sort()).toEqual(['check-fluid-mount-ready', 'fuse.alluxio-fuse-default-check-mount', 'phy-config']);
    expect(cms.find((o) => o.metadata.name === 'phy-config')!.metadata.labels!['fluid.io/dataset-id']).toBe('ref-phy-config');
    const files = snapshot(dir);
    files.delete('Kptfile');
    expect(run('kpt', ['fn', 'render', dir, '--allow-exec']).status).toBe(0);
    const again = snapshot(dir);
    again.delete('Kptfile');
    expect(again).toEqual(files);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('a package of JSON files (kpt passes each object as a one-line flow mapping)', () => {
  // The function reads such items item by item and writes a changed one back as JSON on its line;
  // kpt writes .json files back as JSON.
  const jsonCases = ['deployment-basic', 'daemonset-app', 'two-deployments-one-namespace'].map((n) => named.find((c) => c.name === n)!);

  it.each(jsonCases.map((c) => [c.name, c] as const))('%s: the expected output, and a second run changes nothing', (_n, c) => {
    expect(c).toBeDefined();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kpt-json-${c.name}-`));
    c.input.forEach((o, i) => fs.writeFileSync(path.join(dir, `${String(i).padStart(2, '0')}.json`), `${JSON.stringify(o, null, 2)}\n`));
    const r = run('kpt', ['fn', 'eval', dir, '--exec', BIN]);
    expect(r.stderr).not.toMatch(/\[error\]/);
    expect(r.status).toBe(0);
    const files = snapshot(dir);
    const inputs = [...files.keys()].filter((f) => f.endsWith('.json')).sort();
    expect(inputs).toHaveLength(c.input.length);
    const rest = [...files.keys()].filter((f) => /\.ya?ml$/.test(f)).sort();
    // (kpt writes JSON with sorted keys: an object it did not change is its input object)
    const back = inputs.map((f, i) => {
      const o = JSON.parse(files.get(f)!) as KubeObject;
      return isDeepStrictEqual(o, c.input[i]) ? c.input[i] : o;
    });
    const objects = [...back, ...rest.flatMap((f) => parseDocs(files.get(f)!))];
    expect(comparableOutput(c.input, objects, c.functionConfig)).toEqual(c.expected!.map(normalizeObject));
    expect(run('kpt', ['fn', 'eval', dir, '--exec', BIN]).status).toBe(0);
    expect(snapshot(dir)).toEqual(files);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
