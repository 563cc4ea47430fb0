// fn/sdk/kpt-func.ts with the real kpt TypeScript SDK (npm kpt-functions 0.16.1, a devDependency):
// its Configs, its TestRunner (jasmine's expectAsync shimmed onto jest), its run() end to end, and
// its type declarations; and proof that nothing else loads the SDK.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Configs, kubernetesKey, TestRunner } from 'kpt-functions';
import type { KubernetesObject } from 'kpt-functions';
import YAML from 'yaml';
import { injectFluidSidecar, toSdkResult } from '../../fn/sdk/kpt-func';
import type { KubeObject } from '../../fn/types';
import { resourceListOf } from '../support/golden';
import { BIN, expectWebInjected, parseOne, readObjects, requireBuild, ROOT, run } from './support';

const example = (): KubeObject[] => [...readObjects(path.join(ROOT, 'example', 'app.yaml')), ...readObjects(path.join(ROOT, 'example', 'fluid-context.yaml'))];
const sdk = (objects: KubeObject[]) => objects as unknown as KubernetesObject[];
const typed = (cfg: object) => cfg as unknown as KubernetesObject;

/** jasmine's expectAsync, which the SDK's TestRunner calls, on top of jest's expect. */
function shimExpectAsync(): void {
  (globalThis as { expectAsync?: unknown }).expectAsync = (promise: Promise<unknown>) => ({
    toBeResolved: async () => {
      await promise;
    },
    toBeRejectedWithError: async (type?: unknown, message?: string | RegExp) => {
      const expectation = expect(promise).rejects;
      if (typeof type === 'function') await expectation.toBeInstanceOf(type);
      if (message !== undefined) await expect(promise).rejects.toThrow(message);
      else if (typeof type === 'string' || type instanceof RegExp) await expect(promise).rejects.toThrow(type);
    },
  });
}

describe('injectFluidSidecar with the SDK Configs', () => {
  it('injects, inserts the generated ConfigMaps, and reports results with SDK severities', async () => {
    const configs = new Configs(sdk(example()), typed({ apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectFluidSidecar', metadata: { name: 'cfg' }, spec: { injectionMode: 'native-sidecar' } }));
    await injectFluidSidecar(configs);
    const all = configs.getAll() as unknown as KubeObject[];
    expectWebInjected(all, 'native-sidecar');
    expect(all.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name)).toEqual([
      'check-fluid-mount-ready',
      'fuse.alluxio-fuse-default-check-mount',
      'web-scripts',
    ]);
    expect(configs.getResults()).toEqual([
      {
        severity: 'info',
        message: 'Deployment demo/web: injected fluid-fuse-0 (dataset demo/hbase)',
        resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'demo' },
      },
      {
        // No fluidVersion and no fluid-webhook Deployment in the input: the release is assumed, once (#19).
        severity: 'info',
        message: expect.stringMatching(/^fluidVersion is not set and the input has no fluid-webhook Deployment: injecting as Fluid's development line \(v1\.1\) does/),
        resourceRef: { apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectFluidSidecar', name: 'cfg' },
      },
    ]);
  });

  it('maps warning to the SDK severity warn', async () => {
    const objects = example();
    const web = objects.find((o) => o.kind === 'Deployment')!;
    const template = (web.spec as { template: { metadata: { annotations?: Record<string, string> } } }).template;
    template.metadata.annotations = { 'default.fuse-sidecar.fluid.io/host-mount-path-mode': 'random-suffix' };
    (web.spec as { replicas: number }).replicas = 3;
    const configs = new Configs(sdk(objects));
    await injectFluidSidecar(configs);
    const severities = configs.getResults().map((r) => r.severity);
    expect(severities).toContain('warn');
    expect(severities).not.toContain('warning');
    expect(configs.getResults().find((r) => r.severity === 'warn')!.message).toMatch(/random-suffix/);
  });

  it('an invalid config: an error result naming the field (suggestedValue naming), no object changed', async () => {
    const input = sdk(example());
    const configs = new Configs(input, typed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: { injectionMode: 'sidecar' } }));
    const before = JSON.stringify(configs.getAll());
    await injectFluidSidecar(configs);
    expect(JSON.stringify(configs.getAll())).toBe(before);
    const [r] = configs.getResults();
    expect(r.severity).toBe('error');
    expect(r.field?.path).toBe('data.injectionMode');
    expect(
      toSdkResult({ message: 'm', severity: 'warning', field: { path: 'a.b', currentValue: 1, proposedValue: 2 }, tags: { t: 'v' } }),
    ).toEqual({ message: 'm', severity: 'warn', field: { path: 'a.b', currentValue: 1, suggestedValue: 2 }, tags: { t: 'v' } });
  });
});

describe('injectFluidSidecar with the SDK TestRunner', () => {
  beforeAll(shimExpectAsync);

  it('gives what bin/inject-fluid-sidecar gives (in the SDK order), and a second run changes nothing', async () => {
    requireBuild();
    const list = resourceListOf(['app.yaml', 'fluid-context.yaml'].map((f) => fs.readFileSync(path.join(ROOT, 'example', f), 'utf8')).join('---\n'));
    const r = run(BIN, [], { input: list });
    expect(r.status).toBe(0);
    const rl = parseOne(r.stdout) as { items: KubeObject[]; results: { severity: string; message: string; resourceRef: object }[] };
    const expected = new Configs(sdk(rl.items), undefined, rl.results.map((x) => ({ ...x, severity: x.severity === 'warning' ? 'warn' : x.severity })) as never);
    const runner = new TestRunner(injectFluidSidecar);
    await runner.assert(new Configs(sdk(example())), expected);
    // Second pass: the same objects back, and the results bin/ gives on its own output.
    const again = run(BIN, [], { input: r.stdout.replace(/^results:[\s\S]*$/m, '') });
    expect(again.status).toBe(0);
    const rl2 = parseOne(again.stdout) as typeof rl;
    expect(rl2.items).toEqual(rl.items);
    // A re-render injects again from the record, so which Fluid release renders it still matters.
    expect(rl2.results.map((x) => x.message)).toEqual(['Deployment demo/web: injected (unchanged) fluid-fuse-0 (dataset demo/hbase)', expect.stringMatching(/^fluidVersion is not set/)]);
    await runner.assert(new Configs(sdk(rl.items)), new Configs(sdk(rl.items), undefined, rl2.results as never));
  });

  it('the TestRunner fails on a wrong expectation (the shim is not a no-op)', async () => {
    const runner = new TestRunner(injectFluidSidecar);
    await expect(runner.assert(new Configs(sdk(example())), 'unchanged')).rejects.toThrow();
  });
});

describe('the SDK stays out of the I/O path', () => {
  it('fn/sdk/kpt-func.ts has only type-level ties to kpt-functions', () => {
    const src = fs.readFileSync(path.join(ROOT, 'fn', 'sdk', 'kpt-func.ts'), 'utf8');
    const code = src
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('//'))
      .join('\n');
    // No value import, require or dynamic import of the SDK (a type-only import would be erased).
    expect(code).not.toMatch(/^\s*import\s+(?!type\s)[^;]*['"]kpt-functions['"]/m);
    expect(code).not.toMatch(/(require|import)\(\s*['"]kpt-functions['"]/);
    expect(code).toMatch(/^import \{ transform \} from '\.\.\/fluid\/transform';$/m);
  });

  it('neither the executable nor the SDK binding loads kpt-functions at run time', () => {
    requireBuild();
    const probe = `
      require('./dist/fn/main.js');
      require('./dist/fn/fluid/transform.js');
      require('./dist/fn/sdk/kpt-func.js');
      const loaded = Object.keys(require.cache).filter((k) => k.includes('/node_modules/kpt-functions/'));
      process.stdout.write(JSON.stringify(loaded));`;
    const r = spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it("type-checks as the SDK's KptFunc with the SDK's own declarations (strict tsc)", () => {
    fs.mkdirSync(path.join(ROOT, 'build'), { recursive: true });
    const dir = fs.mkdtempSync(path.join(ROOT, 'build', 'sdk-typecheck-'));
    try {
      const file = path.join(dir, 'check.ts');
      fs.writeFileSync(
        file,
        `import { Configs, KptFunc, run } from 'kpt-functions';
import { injectFluidSidecar } from '${path.join(ROOT, 'fn', 'sdk', 'kpt-func').replace(/\\/g, '/')}';
const fn: KptFunc = injectFluidSidecar;
const call: (c: Configs) => Promise<void> = injectFluidSidecar;
export const main = (): Promise<void> => run(fn).then(() => call(new Configs()));
`,
      );
      const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const r = spawnSync(
        process.execPath,
        [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'commonjs', '--moduleResolution', 'node', '--esModuleInterop', '--resolveJsonModule', '--skipLibCheck', '--types', 'node', file],
        { cwd: ROOT, encoding: 'utf8' },
      );
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the SDK's own I/O (why it is not the function's I/O)", () => {
  it('run() works end to end but drops comments, reads 0755 as 493 and sorts the objects', () => {
    requireBuild();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kpt-sdk-'));
    try {
      const main = path.join(tmp, 'main.js');
      fs.writeFileSync(main, `require(${JSON.stringify(path.join(ROOT, 'node_modules', 'kpt-functions'))}).run(require(${JSON.stringify(path.join(ROOT, 'dist', 'fn', 'sdk', 'kpt-func.js'))}).injectFluidSidecar);\n`);
      const input = resourceListOf(['app.yaml', 'fluid-context.yaml'].map((f) => fs.readFileSync(path.join(ROOT, 'example', f), 'utf8')).join('---\n'));
      const viaSdk = spawnSync(process.execPath, [main], { input, encoding: 'utf8' });
      expect(viaSdk.stderr).toBe('');
      expect(viaSdk.status).toBe(0);
      const ours = run(BIN, [], { input });
      expect(ours.status).toBe(0);

      const sdkItems = (YAML.parse(viaSdk.stdout) as { items: KubeObject[] }).items;
      expectWebInjected(sdkItems, 'legacy');
      // Comments: ours keeps them, the SDK's js-yaml drops every one.
      expect(ours.stdout).toContain('# render the FUSE sidecar into this template');
      expect(viaSdk.stdout).not.toContain('# render the FUSE sidecar');
      expect(viaSdk.stdout).not.toContain('# octal');
      // YAML 1.1 octal: ours keeps 0755, the SDK writes the decimal 493 (the same mode, other text).
      expect(ours.stdout).toContain('defaultMode: 0755');
      expect(viaSdk.stdout).toContain('defaultMode: 493');
      // Order: ours keeps the input order, the SDK sorts by apiVersion/kind/namespace/name.
      const order = (items: KubeObject[]) => items.map((o) => `${o.kind}/${o.metadata.name}`);
      expect(order((parseOne(ours.stdout) as { items: KubeObject[] }).items).slice(0, 2)).toEqual(['Deployment/web', 'ConfigMap/web-scripts']);
      const keys = sdkItems.map((o) => kubernetesKey(o as unknown as KubernetesObject));
      expect(keys).toEqual([...keys].sort());
      expect(order(sdkItems)).not.toEqual(order((parseOne(ours.stdout) as { items: KubeObject[] }).items));

      // An error result: the SDK's run exits 1, as ours does.
      const bad = spawnSync(process.execPath, [main], { input: input.replace('kind: PersistentVolumeClaim', 'kind: PersistentVolumeClaimX'), encoding: 'utf8' });
      expect(bad.status).toBe(1);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
