// examples/flux/: the CI script that pre-renders for Flux, run in a throwaway git repository
// (DRY_RUN, no flux, a recording fake flux, a render error), and the workflow that runs it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import type { KubeObject } from '../../fn/types';
import { expectAppliedExampleApp, expectWebInjected, parseAll, requireBuild, ROOT } from './support';

const DIR = path.join(ROOT, 'examples', 'flux');
const SCRIPT = 'examples/flux/render-and-push.sh';

let repo: string;
let fakeBin: string;
let sha: string;
let shortSha: string;

function git(args: string[]): string {
  const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A PATH with node, bash and coreutils, the function unless not `withFunction`, and no flux unless `withFakeFlux`. */
function pathFor(withFakeFlux: boolean, withFunction = true): string {
  return [...(withFakeFlux ? [fakeBin] : []), ...(withFunction ? [path.join(ROOT, 'bin')] : []), path.dirname(process.execPath), '/usr/bin', '/bin'].join(':');
}

function script(env: Record<string, string>, args: string[] = ['examples/flux/app'], withFakeFlux = false, withFunction = true) {
  const r = spawnSync('bash', [SCRIPT, ...args], {
    cwd: repo,
    env: { PATH: pathFor(withFakeFlux, withFunction), HOME: repo, REGISTRY: 'ghcr.io/example', ...env },
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function rendered(outDir = 'rendered'): KubeObject[] {
  return parseAll(fs.readFileSync(path.join(repo, outDir, 'manifests.yaml'), 'utf8')) as KubeObject[];
}

beforeAll(() => {
  requireBuild();
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-ci-'));
  fs.cpSync(DIR, path.join(repo, 'examples', 'flux'), { recursive: true });
  git(['init', '-q', '-b', 'main']);
  git(['config', 'user.email', 'ci@example.com']);
  git(['config', 'user.name', 'CI']);
  git(['config', 'commit.gpgsign', 'false']);
  git(['add', '.']);
  git(['commit', '-q', '-m', 'app']);
  git(['remote', 'add', 'origin', 'https://github.com/example/fluid-apps.git']);
  sha = git(['rev-parse', 'HEAD']);
  shortSha = git(['rev-parse', '--short', 'HEAD']);
  // A flux that records its arguments, one call per line.
  fakeBin = path.join(repo, '.fake-bin');
  fs.mkdirSync(fakeBin);
  fs.writeFileSync(path.join(fakeBin, 'flux'), `#!/bin/sh\necho "$*" >> "${path.join(repo, '.flux-calls')}"\n`, { mode: 0o755 });
});

beforeEach(() => {
  fs.rmSync(path.join(repo, '.flux-calls'), { force: true });
});

afterAll(() => {
  fs.rmSync(repo, { recursive: true, force: true });
});

describe('examples/flux/render-and-push.sh', () => {
  it('is an executable bash script with strict mode', () => {
    const text = fs.readFileSync(path.join(DIR, 'render-and-push.sh'), 'utf8');
    expect(text.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(text).toMatch(/^set -euo pipefail$/m);
    expect(fs.statSync(path.join(DIR, 'render-and-push.sh')).mode & 0o111).toBe(0o111);
    expect(spawnSync('bash', ['-n', path.join(DIR, 'render-and-push.sh')]).status).toBe(0);
  });

  it('DRY_RUN=1: renders, prints the push command it would run, pushes nothing', () => {
    expect(spawnSync('sh', ['-c', 'command -v flux'], { env: { PATH: pathFor(false) } }).status).not.toBe(0);
    const r = script({ DRY_RUN: '1' });
    expect(r.stderr).not.toContain('[error]');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `DRY_RUN=1: not pushing. Would run: flux push artifact oci://ghcr.io/example/app:${shortSha} -f rendered --source=https://github.com/example/fluid-apps.git --revision=main@sha1:${sha}`,
    );
    const objects = rendered();
    // What the tool applies: the app and the generated ConfigMaps, not the Fluid context.
    expectAppliedExampleApp(objects);
    // Only the manifests in the artifact directory.
    expect(fs.readdirSync(path.join(repo, 'rendered'))).toEqual(['manifests.yaml']);
    expect(fs.existsSync(path.join(repo, '.flux-calls'))).toBe(false);
  });

  it('honours APP, OUT_DIR, SOURCE, REVISION and FN_CONFIG', () => {
    fs.writeFileSync(
      path.join(repo, 'fn-config.yaml'),
      'apiVersion: fn.fluid.io/v1alpha1\nkind: InjectFluidSidecar\nmetadata:\n  name: cfg\nspec:\n  injectionMode: native-sidecar\n',
    );
    const r = script({ DRY_RUN: '1', APP: 'web', OUT_DIR: 'out/web', SOURCE: 'https://example.com/repo', REVISION: 'v1@sha1:abc', FN_CONFIG: 'fn-config.yaml' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`Would run: flux push artifact oci://ghcr.io/example/web:${shortSha} -f out/web --source=https://example.com/repo --revision=v1@sha1:abc`);
    expectWebInjected(rendered('out/web'), 'native-sidecar');
  });

  it('REGISTRY set but no flux on the PATH: fails before rendering (a CI job asked to publish must not go green)', () => {
    const r = script({ OUT_DIR: 'out/no-flux' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('render-and-push: REGISTRY is set but the flux CLI is not on the PATH: install it (fluxcd/flux2/action), or use DRY_RUN=1\n');
    expect(fs.existsSync(path.join(repo, 'out', 'no-flux'))).toBe(false);
  });

  it('no REGISTRY: renders only and says that nothing was pushed', () => {
    const r = script({ REGISTRY: '' }, ['examples/flux/app'], true);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('REGISTRY is not set: rendered only, nothing pushed');
    expectWebInjected(rendered(), 'legacy');
    expect(fs.existsSync(path.join(repo, '.flux-calls'))).toBe(false);
  });

  it('writes manifests.yaml readable by others (0644), whatever mktemp made', () => {
    const r = script({ DRY_RUN: '1', OUT_DIR: 'out/mode' });
    expect(r.status).toBe(0);
    expect(fs.statSync(path.join(repo, 'out', 'mode', 'manifests.yaml')).mode & 0o777).toBe(0o644);
    expect(fs.readdirSync(path.join(repo, 'out', 'mode'))).toEqual(['manifests.yaml']);
  });

  it('the function neither on the PATH nor in a clone: one clear line, exit 1, nothing rendered', () => {
    const r = script({ DRY_RUN: '1', OUT_DIR: 'out/no-fn' }, ['examples/flux/app'], false, false);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'render-and-push: inject-fluid-sidecar not found: npm install -g inject-fluid-sidecar, or set INJECT_FLUID_SIDECAR to its path\n',
    );
    expect(fs.existsSync(path.join(repo, 'out', 'no-fn'))).toBe(false);
  });

  it("as the README runs it in a clone, without the function on the PATH: uses the clone's bin/", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-readme-'));
    try {
      const r = spawnSync('bash', [SCRIPT, 'examples/flux/app'], {
        cwd: ROOT,
        env: { PATH: [path.dirname(process.execPath), '/usr/bin', '/bin'].join(':'), HOME: out, DRY_RUN: '1', OUT_DIR: out },
        encoding: 'utf8',
      });
      expect(r.stderr).toContain(`rendered examples/flux/app into ${out}/manifests.yaml`);
      expect(r.status).toBe(0);
      expectAppliedExampleApp(parseAll(fs.readFileSync(path.join(out, 'manifests.yaml'), 'utf8')) as KubeObject[]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('refuses an OUT_DIR inside the manifests (the next render would read the last one)', () => {
    const r = script({ DRY_RUN: '1', OUT_DIR: 'examples/flux/app/rendered' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('OUT_DIR examples/flux/app/rendered is inside examples/flux/app');
  });

  it('the default OUT_DIR is ignored by git and by kpt in this repository', () => {
    for (const file of ['.gitignore', '.krmignore']) {
      expect(fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n')).toContain('rendered/');
    }
  });

  it('with flux: pushes the rendered directory, then adds EXTRA_TAG', () => {
    const r = script({ EXTRA_TAG: 'latest' }, ['examples/flux/app'], true);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('rendered examples/flux/app into rendered/manifests.yaml\n');
    expect(r.stderr).not.toMatch(/Would run|skipping/);
    expect(fs.readFileSync(path.join(repo, '.flux-calls'), 'utf8').split('\n')).toEqual([
      `push artifact oci://ghcr.io/example/app:${shortSha} -f rendered --source=https://github.com/example/fluid-apps.git --revision=main@sha1:${sha}`,
      `tag artifact oci://ghcr.io/example/app:${shortSha} --tag latest`,
      '',
    ]);
  });

  it('a render error stops the script before the push, with no partial output', () => {
    const broken = path.join(repo, 'broken');
    fs.mkdirSync(broken);
    fs.copyFileSync(path.join(DIR, 'app', 'app.yaml'), path.join(broken, 'app.yaml')); // no Fluid context
    const r = script({ OUT_DIR: 'out/broken' }, ['broken'], true);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\[error\] Deployment demo\/web: /);
    expect(fs.readdirSync(path.join(repo, 'out', 'broken'))).toEqual([]);
    expect(fs.existsSync(path.join(repo, '.flux-calls'))).toBe(false);
  });
});

describe('examples/flux/github-workflow.yaml', () => {
  // GitHub reads workflows as YAML 1.2 (`on` is a key, not a boolean).
  const workflow = YAML.parse(fs.readFileSync(path.join(DIR, 'github-workflow.yaml'), 'utf8')) as {
    on: { push: object };
    jobs: Record<string, { steps: { uses?: string; run?: string; env?: Record<string, string> }[] }>;
  };

  it('parses and runs the script on an app directory that exists, with a registry', () => {
    expect(workflow.on.push).toBeDefined();
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    const step = steps.find((s) => s.run?.includes(SCRIPT));
    expect(step).toBeDefined();
    const dir = step!.run!.trim().split(/\s+/)[1];
    expect(fs.existsSync(path.join(ROOT, dir, 'fluid-context.yaml'))).toBe(true);
    expect(step!.env?.REGISTRY).toMatch(/^ghcr\.io\//);
    expect(step!.env?.DRY_RUN).toBeUndefined();
    // The script needs the function and flux installed before it runs.
    const before = steps.slice(0, steps.indexOf(step!));
    expect(before.some((s) => s.run?.includes('npm install -g inject-fluid-sidecar'))).toBe(true);
    expect(before.some((s) => s.uses?.startsWith('fluxcd/flux2/action'))).toBe(true);
  });

  it('flux-sync.yaml pulls what the workflow pushes', () => {
    const step = Object.values(workflow.jobs)
      .flatMap((j) => j.steps)
      .find((s) => s.run?.includes(SCRIPT))!;
    const [repoSource, kustomization] = parseAll(fs.readFileSync(path.join(DIR, 'flux-sync.yaml'), 'utf8')) as KubeObject[];
    expect(repoSource.kind).toBe('OCIRepository');
    expect((repoSource.spec as { url: string }).url).toMatch(new RegExp(`/${step.env!.APP}$`));
    expect((repoSource.spec as { ref: { tag: string } }).ref.tag).toBe(step.env!.EXTRA_TAG);
    expect(kustomization).toMatchObject({ kind: 'Kustomization', spec: { sourceRef: { kind: 'OCIRepository', name: repoSource.metadata.name } } });
  });
});
