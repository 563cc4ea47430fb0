// Editor support and catalog metadata: every InjectFluidSidecar object shipped in example/ and
// examples/ validates against the published JSON Schema (what yaml-language-server checks), the
// modelines point at that schema, and metadata.yaml has the kpt catalog's shape.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import YAML from 'yaml';
import { IMAGE, JUICEFS_IMAGE, parseOne, ROOT } from './support';

const SCHEMA_FILE = path.join(ROOT, 'schemas', 'inject-fluid-sidecar.schema.json');
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
const MODELINE = /^# yaml-language-server: \$schema=(\S+)$/m;

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

interface Found {
  file: string;
  object: Record<string, unknown>;
}

/** InjectFluidSidecar objects: documents of the kind, and ones embedded in other objects (e.g. a ResourceList). */
function functionConfigs(): Found[] {
  const found: Found[] = [];
  const visit = (file: string, v: unknown): void => {
    if (Array.isArray(v)) v.forEach((x) => visit(file, x));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.kind === 'InjectFluidSidecar') found.push({ file, object: o });
      else Object.values(o).forEach((x) => visit(file, x));
    }
  };
  for (const file of [...yamlFiles(path.join(ROOT, 'example')), ...yamlFiles(path.join(ROOT, 'examples'))]) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'), { version: '1.1' })) {
      expect(doc.errors).toEqual([]);
      visit(file, doc.toJS());
    }
  }
  return found;
}

const validate = new Ajv({ allErrors: true }).compile(schema);

describe('InjectFluidSidecar objects in example/ and examples/', () => {
  const found = functionConfigs();

  it('there are some (the kustomize transformers and the Argo CD app config)', () => {
    const files = found.map((f) => path.relative(ROOT, f.file));
    expect(files).toEqual(expect.arrayContaining(['examples/kustomize/inject-fluid-sidecar.yaml', 'examples/kustomize/container/inject-fluid-sidecar.yaml', 'examples/argocd/app/inject-fluid-sidecar.yaml']));
  });

  it.each(found.map((f) => [path.relative(ROOT, f.file), f.object] as const))('%s validates against the schema', (_file, object) => {
    validate(object);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('the validator rejects what the function rejects (an unknown spec key, a bad enum)', () => {
    const base = found[0].object;
    expect(validate({ ...base, spec: { injectMode: 'legacy' } })).toBe(false);
    expect(validate({ ...base, spec: { injectionMode: 'sidecar' } })).toBe(false);
  });
});

describe('yaml-language-server modelines', () => {
  const files = [...yamlFiles(path.join(ROOT, 'example')), ...yamlFiles(path.join(ROOT, 'examples'))].filter((f) => MODELINE.test(fs.readFileSync(f, 'utf8')));

  it('examples/kustomize/inject-fluid-sidecar.yaml has one, on its first line', () => {
    const text = fs.readFileSync(path.join(ROOT, 'examples', 'kustomize', 'inject-fluid-sidecar.yaml'), 'utf8');
    expect(text.split('\n')[0]).toMatch(MODELINE);
  });

  it.each(files.map((f) => [path.relative(ROOT, f), f]))('%s points at the published schema', (_rel, file) => {
    const target = fs.readFileSync(file, 'utf8').match(MODELINE)![1];
    expect(path.resolve(path.dirname(file), target)).toBe(SCHEMA_FILE);
    expect(parseOne(fs.readFileSync(file, 'utf8')).kind).toBe('InjectFluidSidecar');
  });

  it('the schema ships in the npm package', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.files).toContain('schemas/');
  });
});

describe.each([
  { file: 'metadata.yaml', image: IMAGE, build: '' },
  { file: 'metadata-juicefs.yaml', image: JUICEFS_IMAGE, build: '--target inject-juicefs-sidecar ' },
])('$file (kpt function catalog)', ({ file, image, build }) => {
  const meta = parseOne(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;

  it('has the catalog fields', () => {
    expect(Object.keys(meta).sort()).toEqual(['description', 'emails', 'examplePackageURLs', 'image', 'license', 'sourceURL', 'tags'].sort());
    expect(meta.tags).toEqual(['mutator']);
    expect(meta.license).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).license);
    expect(meta.license).toBe('Apache-2.0');
    expect(typeof meta.description).toBe('string');
    expect(meta.emails).toEqual([expect.stringMatching(/^[^@\s]+@[^@\s]+$/)]);
    // The published image, registry-qualified (kpt reads a bare name as gcr.io/kpt-fn/<name>).
    expect(meta.image).toBe(image);
    expect(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')).toContain(`docker build ${build}-t ${meta.image}:${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version} .`);
  });

  it('its example packages exist in this repository', () => {
    const prefix = `${meta.sourceURL}/`;
    for (const url of meta.examplePackageURLs as string[]) {
      expect(url.startsWith(prefix)).toBe(true);
      expect(fs.statSync(path.join(ROOT, url.slice(prefix.length))).isDirectory()).toBe(true);
    }
  });

  it('is not read by kpt as a package resource (.krmignore)', () => {
    const ignored = fs.readFileSync(path.join(ROOT, '.krmignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toContain(file);
    expect(ignored).toContain('build/');
  });
});

describe('copies of the bundled example in examples/', () => {
  // Each integration example is self-contained (kustomize loads no file outside a kustomization,
  // Argo CD and Flux render one directory): keep the copies identical to example/.
  it.each([
    ['examples/kustomize/app/app.yaml', 'example/app.yaml'],
    ['examples/kustomize/fluid-context.yaml', 'example/fluid-context.yaml'],
    ['examples/kustomize/container/fluid-context.yaml', 'example/fluid-context.yaml'],
    ['examples/argocd/app/app.yaml', 'example/app.yaml'],
    ['examples/argocd/app/fluid-context.yaml', 'example/fluid-context.yaml'],
    ['examples/flux/app/app.yaml', 'example/app.yaml'],
    ['examples/flux/app/fluid-context.yaml', 'example/fluid-context.yaml'],
    ['examples/helm/fluid-context.yaml', 'example/fluid-context.yaml'],
  ])('%s is %s', (copy, original) => {
    expect(fs.readFileSync(path.join(ROOT, copy), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, original), 'utf8'));
  });
});
