// The container image and its release, checked without a Docker engine: the Dockerfile's stages and
// the files they copy (against the .dockerignore allow-list and what `npm run build` writes), the
// image's /app laid out from the same files and run, the release workflow, and one registry-qualified
// image name wherever an image is named.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { resourceListOf } from '../support/golden';
import { CMP_IMAGE, expectWebInjected, IMAGE, JUICEFS_IMAGE, parseOne, requireBuild, ROOT, run, VERSION } from './support';
import type { KubeObject } from '../../fn/types';

interface Instruction {
  op: string;
  args: string;
  stage: number;
}

/** The instructions of a Dockerfile (comments and continuations resolved), with their stage number. */
function instructions(file: string): Instruction[] {
  const text = fs.readFileSync(file, 'utf8').replace(/\\\n/g, ' ');
  let stage = -1;
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      if (op.toUpperCase() === 'FROM') stage++;
      return { op: op.toUpperCase(), args: rest.join(' '), stage };
    });
}

/** .dockerignore as BuildKit applies it: anchored patterns, a path excluded when it or a parent matches, last match wins. */
function dockerIgnore(file: string): (rel: string) => boolean {
  const rules = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const glob = (negate ? l.slice(1) : l).replace(/^\/|\/$/g, '');
      // `**` is any number of directories, none included.
      const re = glob
        .split('/')
        .map((seg) => (seg === '**' ? '\0' : seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
        .join('/')
        .replace(/\0\//g, '(?:.*/)?')
        .replace(/\/?\0$/, '(?:/.*)?');
      return { negate, re: new RegExp(`^${re}$`) };
    });
  return (rel) => {
    const parts = rel.split('/');
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const r of rules) if (prefixes.some((p) => r.re.test(p))) excluded = !r.negate;
    return excluded;
  };
}

/** Files of the repository (what a clone has, plus the build outputs present here), relative paths. */
function workTree(): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === '.git' || (rel === '' && e.name === 'node_modules')) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(dir, e.name), r);
      else out.push(r);
    }
  };
  walk(ROOT, '');
  return out;
}

const DOCKERFILE = path.join(ROOT, 'Dockerfile');
const steps = instructions(DOCKERFILE);
const finalStage = Math.max(...steps.map((s) => s.stage));
/** Stage number by `AS` name. */
const stageNamed = (name: string) => steps.find((s) => s.op === 'FROM' && s.args.endsWith(` AS ${name}`))!.stage;
/** The two images (README "Images"): each its target, its entry point; both from the stage `app`. */
const TARGETS = [
  { target: 'inject-fluid-sidecar', image: IMAGE },
  { target: 'inject-juicefs-sidecar', image: JUICEFS_IMAGE },
];
const APP_STAGE = stageNamed('app');
/** The instructions that make up `target`'s image: its own stage and the `app` stage it is built on. */
const imageSteps = (target: string) => steps.filter((s) => s.stage === stageNamed(target) || s.stage === APP_STAGE);

beforeAll(requireBuild);

describe('Dockerfile', () => {
  it('builds on Node.js 24 pinned by digest, in every stage', () => {
    const arg = steps.find((s) => s.op === 'ARG' && s.args.startsWith('NODE_IMAGE='))!;
    expect(arg.stage).toBe(-1); // before the first FROM: one base for all stages
    expect(arg.args).toMatch(/^NODE_IMAGE=node:24\.\d+\.\d+-alpine@sha256:[0-9a-f]{64}$/);
    const froms = steps.filter((s) => s.op === 'FROM');
    expect(froms.length).toBe(finalStage + 1);
    // Every stage starts from that base, or from the stage `app` that does.
    for (const f of froms) expect(['${NODE_IMAGE}', 'app']).toContain(f.args.split(' ')[0]);
    expect(froms.find((f) => f.stage === APP_STAGE)!.args.split(' ')[0]).toBe('${NODE_IMAGE}');
    // The Fluid image is the default target (the last stage).
    expect(stageNamed('inject-fluid-sidecar')).toBe(finalStage);
  });

  it.each(TARGETS)('labels the image $target with the OCI annotations, its title, version and revision from build arguments', ({ target }) => {
    const labels = imageSteps(target).filter((s) => s.op === 'LABEL').map((s) => s.args).join(' ');
    for (const key of ['title', 'description', 'source', 'licenses', 'version', 'revision']) expect(labels).toContain(`org.opencontainers.image.${key}=`);
    expect(labels).toContain(`org.opencontainers.image.title="${target}"`);
    expect(labels).toContain('org.opencontainers.image.version="${VERSION}"');
    expect(labels).toContain('org.opencontainers.image.revision="${REVISION}"');
    expect(imageSteps(target).find((s) => s.op === 'ARG' && s.args.startsWith('VERSION='))!.args).toBe(`VERSION=${VERSION}`);
  });

  it('copies from the build context only what the allow-list .dockerignore lets in, and that exists', () => {
    const ignored = dockerIgnore(path.join(ROOT, '.dockerignore'));
    const tree = workTree();
    for (const copy of steps.filter((s) => s.op === 'COPY' && !s.args.startsWith('--from='))) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const src of sources) {
        const rel = src.replace(/\/$/, '');
        const under = tree.filter((f) => f === rel || f.startsWith(`${rel}/`));
        expect(under.length).toBeGreaterThan(0);
        expect(under.filter((f) => !ignored(f) && !f.endsWith('.test.ts') && !f.includes('__fixtures__'))).not.toEqual([]);
        expect(ignored(under.find((f) => !f.endsWith('.test.ts') && !f.includes('__fixtures__'))!)).toBe(false);
      }
    }
  });

  it('has a small build context: no node_modules, dist, build (executables), tests, examples or .git', () => {
    const ignored = dockerIgnore(path.join(ROOT, '.dockerignore'));
    const context = workTree().filter((f) => !ignored(f));
    for (const f of context) expect(f).toMatch(/^(package\.json|package-lock\.json|tsconfig\.json|schemas\/|fn\/|tools\/bundle\.js|bench\/generate(-juicefs)?\.js|bin\/inject-(fluid|juicefs)-sidecar\.js$)/);
    expect(context.filter((f) => /\.test\.ts$|__fixtures__/.test(f))).toEqual([]);
    for (const f of ['node_modules/yaml/package.json', 'dist/inject-fluid-sidecar.js', 'build/inject-fluid-sidecar', 'test/golden.test.ts', 'examples/helm/plugin.yaml', '.git/HEAD']) {
      expect(ignored(f)).toBe(true);
    }
    const bytes = context.reduce((n, f) => n + fs.statSync(path.join(ROOT, f)).size, 0);
    process.stderr.write(`\ndocker build context: ${context.length} files, ${(bytes / 1024).toFixed(0)} KiB\n`);
    expect(bytes).toBeLessThan(4 * 1024 * 1024);
  });

  it('the runtime modules stage leaves out dev and optional dependencies (no @kubernetes/client-node)', () => {
    const install = steps.find((s) => s.op === 'RUN' && s.args.includes('npm ci') && s.args.includes('--omit=dev'))!;
    expect(install.args).toContain('--omit=optional');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.optionalDependencies)).toEqual(['@kubernetes/client-node']);
    expect(pkg.dependencies['@kubernetes/client-node']).toBeUndefined();
  });

  it.each(TARGETS)('$target: copies files the build writes, and the entry point is one of them; runs as nobody', ({ target }) => {
    const own = imageSteps(target);
    const finalCopies = own.filter((s) => s.op === 'COPY');
    const fromBuild = finalCopies.filter((s) => s.args.startsWith('--from=build'));
    expect(fromBuild.map((s) => s.args)).toEqual(['--from=build /src/dist/inject-fluid-sidecar.js* dist/']);
    // the build writes each program's code cache and the source map beside the bundle, which the
    // pattern also copies
    for (const program of ['inject-fluid-sidecar', 'inject-juicefs-sidecar']) {
      expect(fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => f.startsWith(`inject-fluid-sidecar.js.${program}.v8-`) && f.endsWith('.cache'))).toHaveLength(1);
    }
    expect(fs.existsSync(path.join(ROOT, 'dist', 'inject-fluid-sidecar.js.map'))).toBe(true);
    // npm run build wrote it here (the build stage runs the same script in /src).
    expect(fs.existsSync(path.join(ROOT, 'dist', 'inject-fluid-sidecar.js'))).toBe(true);
    expect(fs.readFileSync(path.join(ROOT, 'tools', 'bundle.js'), 'utf8')).toContain("path.join(ROOT, 'dist', 'inject-fluid-sidecar.js')");
    expect(own.find((s) => s.op === 'WORKDIR')!.args).toBe('/app');
    const entry = JSON.parse(own.find((s) => s.op === 'ENTRYPOINT')!.args) as string[];
    expect(entry).toEqual(['/usr/local/bin/node', `/app/bin/${target}.js`]);
    // bin/inject-juicefs-sidecar.js runs bin/inject-fluid-sidecar.js's loader: both in both images.
    expect(finalCopies.map((s) => s.args)).toContain('bin/inject-fluid-sidecar.js bin/inject-juicefs-sidecar.js bin/');
    // bin/ loads ../dist/inject-fluid-sidecar.js: /app/dist/inject-fluid-sidecar.js.
    expect(fs.readFileSync(path.join(ROOT, 'bin', 'inject-fluid-sidecar.js'), 'utf8')).toContain("path.join(__dirname, '..', 'dist', 'inject-fluid-sidecar.js')");
    expect(own.find((s) => s.op === 'USER')!.args).toBe('65534:65534');
  });

  describe("the image's /app, laid out from the same files, run by node with nothing else around", () => {
    let app: string;
    beforeAll(() => {
      app = fs.mkdtempSync(path.join(os.tmpdir(), 'image-app-'));
      // node_modules as `npm ci --omit=dev --omit=optional` leaves it: the lockfile's other packages.
      const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; optional?: boolean; devOptional?: boolean }> };
      for (const [where, p] of Object.entries(lock.packages)) {
        if (where === '' || p.dev || p.optional || p.devOptional) continue;
        fs.cpSync(path.join(ROOT, where), path.join(app, where), { recursive: true });
      }
      fs.mkdirSync(path.join(app, 'dist'));
      // (what the COPY pattern dist/inject-fluid-sidecar.js* takes)
      for (const f of fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => f.startsWith('inject-fluid-sidecar.js'))) {
        fs.copyFileSync(path.join(ROOT, 'dist', f), path.join(app, 'dist', f));
      }
      fs.mkdirSync(path.join(app, 'bin'));
      for (const bin of ['inject-fluid-sidecar.js', 'inject-juicefs-sidecar.js']) fs.copyFileSync(path.join(ROOT, 'bin', bin), path.join(app, 'bin', bin));
    });
    afterAll(() => fs.rmSync(app, { recursive: true, force: true }));
    const image = (args: string[], input = '', bin = 'inject-fluid-sidecar') => run(process.execPath, [path.join(app, 'bin', `${bin}.js`), ...args], { input, cwd: '/', env: { PATH: '/nonexistent' } });

    it('holds only ajv and yaml and their dependencies as modules', () => {
      const modules = fs.readdirSync(path.join(app, 'node_modules')).sort();
      expect(modules).toContain('ajv');
      expect(modules).not.toContain('@kubernetes');
      expect(modules.length).toBeLessThan(10);
    });

    it('the KRM function: the example with a function config (schema and ajv)', () => {
      const docs = ['app.yaml', 'fluid-context.yaml'].map((f) => fs.readFileSync(path.join(ROOT, 'example', f), 'utf8')).join('---\n');
      const r = image([], resourceListOf(docs, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: { injectionMode: 'native-sidecar' } }));
      expect(r.stderr).not.toContain('[error]');
      expect(r.status).toBe(0);
      expectWebInjected(parseOne(r.stdout).items as KubeObject[], 'native-sidecar');
      expect(image(['--version']).stdout).toBe(`${VERSION}\n`);
    });

    it('the JuiceFS image: its entry point runs the JuiceFS function on the example', () => {
      const docs = ['app.yaml', 'juicefs-context.yaml'].map((f) => fs.readFileSync(path.join(ROOT, 'examples', 'juicefs', f), 'utf8')).join('---\n');
      const r = image([], resourceListOf(docs), 'inject-juicefs-sidecar');
      expect(r.stderr).not.toContain('[error]');
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('inject-juicefs-sidecar: 1 workload(s) injected');
    });

    it('export-context says in one line why it is not in this image', () => {
      const r = image(['export-context', '-n', 'demo', '--server', 'http://127.0.0.1:1']);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        'error: export-context needs @kubernetes/client-node, which this installation leaves out (the KRM function image does): run it from the npm package (npm install -g inject-fluid-sidecar) or the single-file executable\n',
      );
    });
  });
});

describe('.github/workflows/release.yml', () => {
  type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
  type Job = { needs?: string | string[]; 'runs-on': string; permissions?: Record<string, string>; strategy?: { matrix: { include: Record<string, string>[] } }; steps: Step[] };
  const wf = YAML.parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')) as { on: { push: { tags: string[] } }; env: Record<string, string>; jobs: Record<string, Job> };
  const steps = (job: string) => wf.jobs[job].steps;
  const buildPush = (job: string) => steps(job).find((s) => s.uses?.startsWith('docker/build-push-action@'))!.with!;

  it('runs on version tags and checks the tag against package.json', () => {
    expect(wf.on.push.tags).toEqual(['v*']);
    expect(steps('test').some((s) => s.run?.includes('GITHUB_REF_NAME') && s.run.includes('package.json'))).toBe(true);
    expect(steps('test').some((s) => s.run === 'npm test')).toBe(true);
  });

  it('publishes the npm package with provenance', () => {
    expect(wf.jobs.npm.permissions?.['id-token']).toBe('write');
    expect(steps('npm').some((s) => s.run === 'npm publish --provenance --access public')).toBe(true);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    // npm provenance requires package.json to name the repository the workflow runs in.
    expect(pkg.repository.url).toContain(IMAGE.replace('ghcr.io/', 'github.com/'));
  });

  it('builds and pushes both multi-platform images with SBOM and provenance, named $IMAGE and $JUICEFS_IMAGE (default the documented names)', () => {
    expect(wf.env.IMAGE).toBe(`\${{ vars.IMAGE || '${IMAGE}' }}`);
    expect(wf.env.JUICEFS_IMAGE).toBe(`\${{ vars.JUICEFS_IMAGE || '${JUICEFS_IMAGE}' }}`);
    expect((wf.jobs.image.strategy!.matrix as unknown as { target: string[] }).target).toEqual(TARGETS.map((t) => t.target));
    const meta = steps('image').find((s) => s.uses?.startsWith('docker/metadata-action@'))!;
    expect(meta.with!.images).toBe("${{ matrix.target == 'inject-juicefs-sidecar' && env.JUICEFS_IMAGE || env.IMAGE }}");
    const w = buildPush('image');
    expect(w).toMatchObject({ context: '.', file: 'Dockerfile', target: '${{ matrix.target }}', platforms: 'linux/amd64,linux/arm64', push: true, sbom: true, provenance: 'mode=max' });
    expect(String(w['build-args'])).toMatch(/VERSION=.*\nREVISION=\$\{\{ github\.sha \}\}/);
    expect(steps('image').some((s) => s.uses?.startsWith('docker/setup-qemu-action@'))).toBe(true);
  });

  it('builds the single-file executables on amd64 and arm64 and attaches them, with checksums and provenance, to the release', () => {
    expect(wf.jobs.executables.strategy!.matrix.include.map((m) => m.arch).sort()).toEqual(['amd64', 'arm64']);
    expect(steps('executables').some((s) => s.run === 'npm run build:sea')).toBe(true);
    const release = steps('github-release');
    expect(release.some((s) => s.uses?.startsWith('actions/attest-build-provenance@'))).toBe(true);
    const create = release.find((s) => s.run?.includes('gh release create'))!.run!;
    for (const asset of ['build/inject-fluid-sidecar-linux-amd64', 'build/inject-fluid-sidecar-linux-arm64', 'build/SHA256SUMS']) expect(create).toContain(asset);
  });

  it('builds the Argo CD plugin image from those executables, for both platforms', () => {
    expect(wf.env.CMP_IMAGE).toBe(`\${{ vars.CMP_IMAGE || '${CMP_IMAGE}' }}`);
    expect(buildPush('cmp-image')).toMatchObject({ file: 'examples/argocd/Dockerfile', platforms: 'linux/amd64,linux/arm64', push: true });
  });

  it('every action is pinned to a release', () => {
    const uses = Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.uses).filter((u): u is string => u !== undefined));
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w.-]+@(v\d+(\.\d+)*|[0-9a-f]{40})$/);
  });
});

describe('one name per image, registry-qualified, wherever an image is named', () => {
  // kpt turns a name without a registry into gcr.io/kpt-fn/<name>.
  const files = ['README.md', 'metadata.yaml', 'metadata-juicefs.yaml', 'Dockerfile', 'examples/kustomize/container/inject-fluid-sidecar.yaml', 'examples/argocd/repo-server-patch.yaml', 'examples/argocd/Dockerfile'];

  it.each(files)('%s', (f) => {
    const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
    const named = [...text.matchAll(/(?:image:\s*|-t\s+|--image[ =])"?([\w./:@-]*inject-(?:fluid|juicefs)-sidecar[\w./:@-]*)/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const n of named) expect(n).toMatch(new RegExp(`^(${IMAGE}|${JUICEFS_IMAGE}|${CMP_IMAGE})(:${VERSION.replace(/\./g, '\\.')}|:<version>)?$`));
  });

  it('README, Dockerfile and metadata-juicefs.yaml name the JuiceFS image', () => {
    for (const f of ['README.md', 'Dockerfile', 'metadata-juicefs.yaml']) expect(fs.readFileSync(path.join(ROOT, f), 'utf8')).toContain(JUICEFS_IMAGE);
  });

  it('the release workflow and the Dockerfile source label name the same repository', () => {
    const repo = `https://${IMAGE.replace('ghcr.io/', 'github.com/')}`;
    expect(fs.readFileSync(DOCKERFILE, 'utf8')).toContain(`org.opencontainers.image.source="${repo}"`);
    for (const f of ['metadata.yaml', 'metadata-juicefs.yaml']) expect(parseOne(fs.readFileSync(path.join(ROOT, f), 'utf8')).sourceURL).toBe(`${repo}/tree/v${VERSION}`);
  });
});
