/**
 * @jest-environment ./test/export-context/client-node-environment.js
 */
// `export-context --juicefs` against the fixture API server with the real @kubernetes/client-node
// 1.4: what it exports (A9), keys-only Secrets, and its output fed back to inject-juicefs-sidecar.
jest.mock('@kubernetes/client-node', () => (globalThis as { __hostClientNode?: unknown }).__hostClientNode);

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as k8s from '@kubernetes/client-node';
import { exportJuiceFSContext, runJuiceFSExport } from '../../fn/juicefs/export-context';
import { transform } from '../../fn/juicefs/transform';
import type { JsonObject, KubeObject } from '../../fn/types';
import { parseDocs } from '../support/juicefs-golden';
import { FixtureServer, FixtureServerOptions, kubeConfigOptions, kubeConfigYaml, loadFixtureObjects, startFixtureServer } from './fixture-server';

const FIXTURES = path.join(__dirname, 'fixtures', 'juicefs-cluster.yaml');
const fixtures = loadFixtureObjects(FIXTURES);

const DEPLOYMENT: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'site', namespace: 'web' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'site' } },
    template: {
      metadata: { labels: { app: 'site' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx', volumeMounts: [{ name: 'c', mountPath: '/c' }] }], volumes: [{ name: 'c', persistentVolumeClaim: { claimName: 'content' } }] },
    },
  },
};

let server: FixtureServer;
let tmp: string;
beforeAll(async () => {
  server = await startFixtureServer(fixtures);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'export-juicefs-'));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function kubeConfig(url = server.url): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(kubeConfigOptions(url, server.token));
  return kc;
}

const idOf = (o: KubeObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
const decode = (data: unknown) => Object.fromEntries(Object.entries(data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));

async function exported(options: Partial<Parameters<typeof exportJuiceFSContext>[0]> = {}, log: string[] = []): Promise<KubeObject[]> {
  return parseDocs(await exportJuiceFSContext({ namespaces: ['web'], ...options }, { kubeConfig: kubeConfig(), log: (l) => log.push(l) }));
}

describe('export-context --juicefs (A9)', () => {
  it('exports the Namespace, JuiceFS PVCs (bound, and unbound of a JuiceFS class), their PVs, StorageClass, Secret and the CSI ConfigMap', async () => {
    const log: string[] = [];
    const objects = await exported({}, log);
    expect(objects.map(idOf).sort()).toEqual(
      [
        'ConfigMap kube-system/juicefs-csi-driver-config',
        'Namespace web',
        'PersistentVolume pvc-11111111-2222-4333-8444-555555555555',
        'PersistentVolumeClaim web/content',
        'PersistentVolumeClaim web/pending',
        'Secret kube-system/juicefs-secret',
        'StorageClass juicefs-sc',
      ].sort(),
    );
    for (const o of objects) {
      expect(o.metadata.annotations?.['config.kubernetes.io/local-config']).toBe('true');
      expect(o.metadata.managedFields).toBeUndefined();
      expect(o.metadata.resourceVersion).toBeUndefined();
    }
    expect(objects.find((o) => o.kind === 'Namespace')?.metadata.labels?.['juicefs.com/enable-injection']).toBe('true');
    // The PVC keeps its uid (serverless mount directory, owner of the generated Secret); the rest do not.
    expect(objects.find((o) => idOf(o) === 'PersistentVolumeClaim web/content')?.metadata.uid).toBe('11111111-2222-4333-8444-555555555555');
    expect(objects.find((o) => o.kind === 'PersistentVolume')?.metadata.uid).toBeUndefined();
    expect(log).toContain('exporting namespace web: 2 JuiceFS PVCs');
  });

  it('list items served without a namespace are exported with the namespace of their list', async () => {
    const bare = await startFixtureServer(fixtures, { listItemsWithoutNamespace: true });
    try {
      const text = await exportJuiceFSContext({ namespaces: ['web'] }, { kubeConfig: kubeConfig(bare.url), log: () => undefined });
      expect(parseDocs(text).map(idOf).sort()).toEqual((await exported()).map(idOf).sort());
    } finally {
      await bare.close();
    }
  });

  it('Secrets are keys-only: what the pod reads through <pvc>-jfs-secret is blank, what lands in its command stays; no last-applied copy', async () => {
    const secret = (await exported()).find((o) => o.kind === 'Secret')!;
    expect(decode(secret.data)).toEqual({
      name: 'webfs',
      metaurl: '',
      storage: 's3',
      bucket: 'https://webfs.s3.amazonaws.com',
      'access-key': 'AKIAEXAMPLE',
      'secret-key': '',
      envs: '{"AWS_SESSION_TOKEN":""}',
    });
    expect(secret.metadata.annotations).toEqual({ 'config.kubernetes.io/local-config': 'true', 'juicefs.fn.fluid.io/keys-only': 'true' });
    expect(JSON.stringify(secret)).not.toContain('hunter2');
    const full = (await exported({ includeSecretValues: true })).find((o) => o.kind === 'Secret')!;
    expect(decode(full.data).metaurl).toBe('redis://:hunter2@redis:6379/1');
  });

  it('fed back to the function, it injects as the full context does (external mode needs no values)', async () => {
    const objects = await exported();
    const fromExport = transform([DEPLOYMENT, ...objects.filter((o) => idOf(o) !== 'PersistentVolumeClaim web/pending')]);
    const fromCluster = transform([DEPLOYMENT, ...fixtures.filter((o) => idOf(o) !== 'PersistentVolumeClaim web/pending')]);
    expect(fromExport.results.filter((r) => r.severity === 'error')).toEqual([]);
    expect(fromExport.updated.get(0)).toBeDefined();
    expect(fromExport.updated.get(0)).toEqual(fromCluster.updated.get(0));
    const spec = (fromExport.updated.get(0)!.spec as JsonObject).template as JsonObject;
    expect(JSON.stringify(spec)).toContain('"name":"jfs-mount"');
  });

  it('a missing CSI ConfigMap: a progress line, no error', async () => {
    const log: string[] = [];
    const objects = await exported({ csiNamespace: 'elsewhere' }, log);
    expect(objects.map(idOf)).not.toContain('ConfigMap kube-system/juicefs-csi-driver-config');
    expect(log).toContain("no ConfigMap elsewhere/juicefs-csi-driver-config: the function uses the driver's defaults");
  });

  it('a named namespace without JuiceFS volumes is an error naming it (connect.test.ts: exit 1, no output)', async () => {
    await expect(exported({ namespaces: ['plain'] })).rejects.toThrow(`namespace plain has no PVC of a JuiceFS PV or StorageClass (driver csi.juicefs.com) on ${server.url}`);
  });

  it('no access to Secrets is a one-line error naming what RBAC must allow', async () => {
    const options: FixtureServerOptions = { intercept: (req) => (req.plural === 'secrets' ? { status: 403, body: { kind: 'Status', code: 403 } } : undefined) };
    const denying = await startFixtureServer(fixtures, options);
    try {
      const kc = new k8s.KubeConfig();
      kc.loadFromOptions(kubeConfigOptions(denying.url, denying.token));
      await expect(exportJuiceFSContext({ namespaces: ['web'] }, { kubeConfig: kc, log: () => {} })).rejects.toThrow('forbidden: get secrets in namespace kube-system');
    } finally {
      await denying.close();
    }
  });

  it('the command: flags, output file, usage errors', async () => {
    const config = path.join(tmp, 'kubeconfig');
    fs.writeFileSync(config, kubeConfigYaml(server.url, server.token));
    const out = path.join(tmp, 'ctx.yaml');
    const io = { out: '', err: '', stdout: (s: string) => (io.out += s), stderr: (s: string) => (io.err += s) };
    expect(await runJuiceFSExport(['-n', 'web', '--kubeconfig', config, '-o', out], io)).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^# JuiceFS CSI context for inject-juicefs-sidecar/);
    expect(io.err).toContain(`wrote ${out}`);
    const bad = { out: '', err: '', stdout: (s: string) => (bad.out += s), stderr: (s: string) => (bad.err += s) };
    expect(await runJuiceFSExport(['-n', 'web', '--dataset', 'x'], bad)).toBe(1);
    expect(bad.err).toContain('--dataset is for Fluid');
    const help = { out: '', err: '', stdout: (s: string) => (help.out += s), stderr: (s: string) => (help.err += s) };
    expect(await runJuiceFSExport(['--help'], help)).toBe(0);
    expect(help.out).toContain('--include-secret-values');
  });
});
