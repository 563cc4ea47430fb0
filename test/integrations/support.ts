// Shared by the integration tests: run the built executables, read YAML as Kubernetes tools do.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import type { KubeObject } from '../../fn/types';

export const ROOT = path.resolve(__dirname, '../..');
export const BIN = path.join(ROOT, 'bin', 'inject-fluid-sidecar');
export const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

export const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

/** The published images (README "Images"); the release workflow takes other names from repository variables. */
export const IMAGE = 'ghcr.io/fluid-cloudnative-gitops/inject-fluid-sidecar';
export const JUICEFS_IMAGE = 'ghcr.io/fluid-cloudnative-gitops/inject-juicefs-sidecar';
export const CMP_IMAGE = 'ghcr.io/fluid-cloudnative-gitops/inject-fluid-sidecar-cmp';

/** The executable loads dist/: fail with the fix rather than with a confusing spawn error. */
export function requireBuild(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'fn', 'main.js'))) {
    throw new Error('dist/fn/main.js is missing: run `npm run build` first (npm test does)');
  }
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(file: string, args: string[], opts: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r = spawnSync(file, args, { input: opts.input ?? '', cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every document of a multi-document YAML text, read as YAML 1.1 (as kubectl does); fails on any YAML error. */
export function parseAll(text: string): unknown[] {
  return YAML.parseAllDocuments(text, { version: '1.1' }).map((d) => {
    if (d.errors.length) throw new Error(`invalid YAML: ${d.errors[0].message}`);
    return d.toJS() as unknown;
  });
}

export function parseOne(text: string): Record<string, unknown> {
  const d = YAML.parseDocument(text, { version: '1.1' });
  if (d.errors.length) throw new Error(`invalid YAML: ${d.errors[0].message}`);
  return d.toJS() as Record<string, unknown>;
}

export function readObjects(file: string): KubeObject[] {
  return parseAll(fs.readFileSync(file, 'utf8')).filter((o): o is KubeObject => o !== null);
}

export function isLocalConfig(o: KubeObject): boolean {
  const v = o.metadata.annotations?.[LOCAL_CONFIG];
  return v !== undefined && v !== 'false';
}

export function find(objects: KubeObject[], kind: string, name: string): KubeObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name} among ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

interface PodSpecLike {
  containers: { name: string }[];
  initContainers?: { name: string; restartPolicy?: string }[];
}

export function podSpecOf(workload: KubeObject): PodSpecLike {
  return (workload.spec as unknown as { template: { spec: PodSpecLike } }).template.spec;
}

/** The Deployment demo/web of the bundled example, as the function injects it. */
export function expectWebInjected(objects: KubeObject[], mode: 'legacy' | 'native-sidecar' = 'legacy'): void {
  const web = find(objects, 'Deployment', 'web');
  const spec = podSpecOf(web);
  if (mode === 'legacy') {
    expect(spec.containers.map((c) => c.name)).toEqual(['fluid-fuse-0', 'web']);
  } else {
    expect(spec.containers.map((c) => c.name)).toEqual(['web']);
    expect((spec.initContainers ?? []).map((c) => [c.name, c.restartPolicy])).toEqual([['fluid-fuse-0', 'Always']]);
  }
  const labels = (web.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
  expect(labels['done.sidecar.fluid.io/inject']).toBe('true');
}

/**
 * What a GitOps tool applies from the example app's render: the injected app and the generated
 * ConfigMaps, in order, and none of the local-config Fluid context.
 */
export function expectAppliedExampleApp(objects: KubeObject[]): void {
  expectWebInjected(objects, 'legacy');
  expect(objects.filter(isLocalConfig)).toEqual([]);
  expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
    'Deployment/web',
    'ConfigMap/web-scripts',
    'Service/web',
    'ConfigMap/check-fluid-mount-ready',
    'ConfigMap/fuse.alluxio-fuse-default-check-mount',
  ]);
}
