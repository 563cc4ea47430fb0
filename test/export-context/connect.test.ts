/**
 * @jest-environment ./test/export-context/client-node-environment.js
 */
// How export-context reaches the API server: kubectl proxy (plain http, no credentials), every kind of
// kubeconfig credential kubectl takes, $KUBECONFIG merging, the pod's service account, and what it does when
// the cluster has nothing for what was named (an error) and with the output file (written only on success).
jest.mock('@kubernetes/client-node', () => (globalThis as { __hostClientNode?: unknown }).__hostClientNode);

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { exportContext, ExportOptions, runExportContext } from '../../fn/fluid/export-context/export-context';
import { runJuiceFSExport } from '../../fn/juicefs/export-context';
import type { ConnectEnv } from '../../fn/krm/export/kubeconfig';
import type { KubeObject } from '../../fn/types';
import { FIXTURE_TOKEN, FixtureRequest, FixtureServer, FixtureServerOptions, kubeConfigYaml, loadFixtureObjects, loadFixtureServer } from './fixture-server';
import { Certificates, CLIENT_CN, makeCertificates } from './tls';

let tmp: string;
let certs: Certificates;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'export-connect-'));
  certs = makeCertificates(path.join(tmp, 'pki'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function withServer<T>(options: FixtureServerOptions & { objects?: KubeObject[] }, fn: (server: FixtureServer) => Promise<T>): Promise<T> {
  const server = await loadFixtureServer(options);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

type Run = { code: number; stdout: string; stderr: string };

async function cli(argv: string[], command = runExportContext): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await command(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** `export-context --juicefs` (main.ts hands it the arguments without the flag). */
const juicefs = (argv: string[]): Promise<Run> => cli(argv, runJuiceFSExport);
const JUICEFS_CLUSTER = loadFixtureObjects(path.join(__dirname, 'fixtures', 'juicefs-cluster.yaml'));

/** Fluid's webhook Deployment in `namespace`, as export-context reads it (#19). */
function webhookDeployment(namespace: string): KubeObject {
  const labels = { 'control-plane': 'fluid-webhook' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'fluid-webhook', namespace, labels },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'manager', image: 'fluidcloudnative/fluid-webhook:v1.0.4-abc' }] } } },
  };
}

/** The kinds and names of an export, for a quick "it read the cluster" check. */
function ids(text: string): string[] {
  return YAML.parseAllDocuments(text).map((d) => {
    const o = d.toJS() as { kind: string; metadata: { name: string } };
    return `${o.kind}/${o.metadata.name}`;
  });
}

let n = 0;
/** A kubeconfig file in its own directory (relative paths in it resolve there). */
function kubeconfigFile(config: unknown, extraFiles: Record<string, string> = {}): string {
  const dir = path.join(tmp, `kc-${n++}`);
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(extraFiles)) fs.writeFileSync(path.join(dir, name), text, { mode: 0o755 });
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, typeof config === 'string' ? config : YAML.stringify(config));
  return file;
}

function config(server: string, user: Record<string, unknown>, cluster: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server, ...cluster } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'ctx',
  };
}

const allowAll = (): boolean => true;

describe('kubectl proxy: plain http, no credentials', () => {
  test('--server http://127.0.0.1:PORT reads the cluster and sends no Authorization header', async () => {
    await withServer({ authenticate: allowAll }, async (server) => {
      const out = await cli(['-n', 'demo', '--server', server.url]);
      expect(out.stderr).not.toContain('error');
      expect(out.code).toBe(0);
      expect(ids(out.stdout)).toContain('Dataset/hbase');
      expect(server.requests.length).toBeGreaterThan(0);
      expect(server.requests.map((r) => r.authorization)).toEqual(server.requests.map(() => undefined));
      expect(out.stdout).toContain(`Context: server (server ${server.url})`);
      expect(out.stdout).toContain(`--namespace demo --server ${server.url}`);
    });
  });

  test('a kubeconfig naming an http:// server, without insecure-skip-tls-verify and without credentials', async () => {
    await withServer({ authenticate: (r) => r.authorization === undefined }, async (server) => {
      const file = kubeconfigFile(config(server.url, {}));
      const out = await cli(['-n', 'demo', '--kubeconfig', file]);
      expect(out.stderr).not.toMatch(/HTTP protocol|error/);
      expect(out.code).toBe(0);
      expect(ids(out.stdout)).toContain('DaemonSet/hbase-fuse');
    });
  });

  test('--server with --kubeconfig or --context is refused; a bad URL is named', async () => {
    expect(await cli(['-n', 'demo', '--server', 'http://127.0.0.1:1', '--context', 'x'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: --server connects without a kubeconfig: it cannot be combined with --kubeconfig or --context\n',
    });
    expect((await cli(['-n', 'demo', '--server', '127.0.0.1:8001'])).stderr).toBe('error: --server 127.0.0.1:8001: not a URL (e.g. http://127.0.0.1:8001 for kubectl proxy)\n');
    expect((await cli(['-n', 'demo', '--server', 'ftp://127.0.0.1'])).stderr).toBe('error: --server ftp://127.0.0.1: must be an http:// or https:// URL\n');
  });
});

describe('kubeconfig credentials', () => {
  const bearer = (r: FixtureRequest) => r.authorization === `Bearer ${FIXTURE_TOKEN}`;

  test('token', async () => {
    await withServer({ authenticate: bearer }, async (server) => {
      const out = await cli(['-n', 'demo', '--kubeconfig', kubeconfigFile(config(server.url, { token: FIXTURE_TOKEN }))]);
      expect(out.code).toBe(0);
    });
  });

  test("tokenFile (client-go's field), relative to the kubeconfig, trailing newline and all", async () => {
    await withServer({ authenticate: bearer }, async (server) => {
      const file = kubeconfigFile(config(server.url, { tokenFile: 'token' }), { token: `${FIXTURE_TOKEN}\n` });
      const out = await cli(['-n', 'demo', '--kubeconfig', file]);
      expect(out.stderr).not.toContain('error');
      expect(out.code).toBe(0);
    });
  });

  test('basic auth (username, password)', async () => {
    const expected = `Basic ${Buffer.from('admin:s3cret').toString('base64')}`;
    await withServer({ authenticate: (r) => r.authorization === expected }, async (server) => {
      const out = await cli(['-n', 'demo', '--kubeconfig', kubeconfigFile(config(server.url, { username: 'admin', password: 's3cret' }))]);
      expect(out.code).toBe(0);
    });
  });

  test('exec credential plugin, its relative command resolved from the kubeconfig directory', async () => {
    const plugin = `#!/bin/sh\nprintf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${FIXTURE_TOKEN}"}}'\n`;
    const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: './get-token', args: [], interactiveMode: 'Never' };
    await withServer({ authenticate: bearer }, async (server) => {
      const file = kubeconfigFile(config(server.url, { exec }), { 'get-token': plugin });
      const out = await cli(['-n', 'demo', '--kubeconfig', file]);
      expect(out.stderr).not.toContain('error');
      expect(out.code).toBe(0);
    });
  });

  test('an exec plugin that fails: one line, exit 1', async () => {
    const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: './get-token', interactiveMode: 'Never' };
    await withServer({ authenticate: bearer }, async (server) => {
      const file = kubeconfigFile(config(server.url, { exec }), { 'get-token': '#!/bin/sh\necho "token expired: run login" >&2\nexit 1\n' });
      const out = await cli(['-n', 'demo', '--kubeconfig', file]);
      expect(out.code).toBe(1);
      expect(out.stderr).toBe(`error: cannot list datasets.data.fluid.io in namespace demo on ${server.url}: token expired: run login\n`);
    });
  });

  describe('over HTTPS', () => {
    const byCertificate = (r: FixtureRequest) => r.clientCertificate === CLIENT_CN && r.authorization === undefined;
    const tlsOptions = (): FixtureServerOptions => ({ tls: { key: certs.serverKey, cert: certs.serverCert, ca: certs.ca }, authenticate: byCertificate });
    const b64 = (s: string) => Buffer.from(s).toString('base64');

    test('client certificate and key as data, CA as data', async () => {
      await withServer(tlsOptions(), async (server) => {
        const file = kubeconfigFile(config(server.url, { 'client-certificate-data': b64(certs.clientCert), 'client-key-data': b64(certs.clientKey) }, { 'certificate-authority-data': b64(certs.ca) }));
        const out = await cli(['-n', 'demo', '--kubeconfig', file]);
        expect(out.stderr).not.toContain('error');
        expect(out.code).toBe(0);
        expect(server.requests.every((r) => r.clientCertificate === CLIENT_CN)).toBe(true);
      });
    });

    test('client certificate, key and CA as files relative to the kubeconfig', async () => {
      await withServer(tlsOptions(), async (server) => {
        const file = kubeconfigFile(config(server.url, { 'client-certificate': 'client.crt', 'client-key': 'client.key' }, { 'certificate-authority': 'ca.crt' }), {
          'client.crt': certs.clientCert,
          'client.key': certs.clientKey,
          'ca.crt': certs.ca,
        });
        const out = await cli(['-n', 'demo', '--kubeconfig', file]);
        expect(out.stderr).not.toContain('error');
        expect(out.code).toBe(0);
      });
    });

    test('a server certificate the CA did not sign: one line naming the server', async () => {
      await withServer(tlsOptions(), async (server) => {
        const file = kubeconfigFile(config(server.url, { token: 'x' }));
        const out = await cli(['-n', 'demo', '--kubeconfig', file]);
        expect(out.code).toBe(1);
        expect(out.stderr).toMatch(new RegExp(`^error: cannot reach the API server ${server.url}: .*certificate.*\\n$`));
      });
    });

    test("in a pod: the service account's token and CA, from KUBERNETES_SERVICE_HOST and _PORT", async () => {
      const sa = path.join(tmp, 'serviceaccount');
      fs.mkdirSync(sa, { recursive: true });
      fs.writeFileSync(path.join(sa, 'token'), FIXTURE_TOKEN);
      fs.writeFileSync(path.join(sa, 'ca.crt'), certs.ca);
      fs.writeFileSync(path.join(sa, 'namespace'), 'demo');
      await withServer({ tls: { key: certs.serverKey, cert: certs.serverCert }, authenticate: bearer }, async (server) => {
        const connect: ConnectEnv = {
          env: { HOME: path.join(tmp, 'no-home'), KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(server.port) },
          serviceAccountDir: sa,
        };
        const text = await exportContext({ namespaces: ['demo'] }, { connect, log: () => undefined });
        expect(ids(text)).toContain('Dataset/hbase');
        expect(text).toContain(`Context: in-cluster (server https://127.0.0.1:${server.port})`);
      });
    });
  });
});

describe('finding the kubeconfig', () => {
  const quiet = (connect: ConnectEnv, opts: Partial<ExportOptions> = {}) => exportContext({ namespaces: ['demo'], ...opts }, { connect, log: () => undefined });

  test('$KUBECONFIG is a list: missing files left out, the first current-context and the first of each name win', async () => {
    await withServer({}, async (server) => {
      const good = kubeconfigFile(kubeConfigYaml(server.url));
      // Same names, a wrong token and another current context: the first file's win.
      const shadowed = kubeconfigFile(kubeConfigYaml('http://127.0.0.1:1', 'wrong-token', { other: { url: 'http://127.0.0.1:1', token: 'x' } }, 'other'));
      const env = { HOME: tmp, KUBECONFIG: [path.join(tmp, 'missing'), good, shadowed].join(path.delimiter) };
      const text = await quiet({ env });
      expect(ids(text)).toContain('Dataset/hbase');
      expect(text).toContain('Context: fixture (');
      // The second file's own context is there too.
      await expect(quiet({ env }, { context: 'other' })).rejects.toThrow('cannot reach the API server http://127.0.0.1:1');
    });
  });

  test('~/.kube/config when KUBECONFIG is unset', async () => {
    await withServer({}, async (server) => {
      const home = path.join(tmp, 'home');
      fs.mkdirSync(path.join(home, '.kube'), { recursive: true });
      fs.writeFileSync(path.join(home, '.kube', 'config'), kubeConfigYaml(server.url));
      expect(ids(await quiet({ env: { HOME: home } }))).toContain('Dataset/hbase');
    });
  });

  test('nothing at all: one line saying what to do', async () => {
    await expect(quiet({ env: { HOME: path.join(tmp, 'nowhere') }, serviceAccountDir: path.join(tmp, 'nowhere') })).rejects.toThrow(
      'no kubeconfig found: pass --kubeconfig or --server, set KUBECONFIG, create ~/.kube/config or run in a cluster',
    );
  });
});

describe('nothing found for what was named is an error, and -o is written only on success', () => {
  test('a namespace without Datasets: exit 1 naming it, nothing printed', async () => {
    await withServer({}, async (server) => {
      const out = await cli(['-n', 'demo', '-n', 'empty', '--kubeconfig', kubeconfigFile(kubeConfigYaml(server.url))]);
      expect(out.code).toBe(1);
      expect(out.stdout).toBe('');
      expect(out.stderr).toContain(`error: namespace empty has no Dataset (data.fluid.io/v1alpha1) on ${server.url}\n`);
      expect(out.stderr).not.toContain('namespace demo has');
    });
  });

  test('a --dataset that matches nothing: exit 1 naming it', async () => {
    await withServer({}, async (server) => {
      const out = await cli(['-n', 'demo', '--dataset', 'hbase', '--dataset', 'nope', '--kubeconfig', kubeconfigFile(kubeConfigYaml(server.url))]);
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/error: --dataset nope matched no Dataset in namespaces demo\n$/);
    });
  });

  test('-o: a failed export leaves the previous file untouched; a good one replaces it whole, no temporary file left', async () => {
    await withServer({}, async (server) => {
      const dir = fs.mkdtempSync(path.join(tmp, 'out-'));
      const output = path.join(dir, 'fluid-context.yaml');
      fs.writeFileSync(output, 'previous export\n');
      const kc = kubeconfigFile(kubeConfigYaml(server.url));
      const failed = await cli(['-n', 'empty', '--kubeconfig', kc, '-o', output]);
      expect(failed.code).toBe(1);
      expect(fs.readFileSync(output, 'utf8')).toBe('previous export\n');
      const ok = await cli(['-n', 'demo', '--kubeconfig', kc, '-o', output]);
      expect(ok.code).toBe(0);
      expect(ok.stderr).toContain(`wrote ${output}\n`);
      expect(ids(fs.readFileSync(output, 'utf8'))).toContain('Dataset/hbase');
      expect(fs.readdirSync(dir)).toEqual(['fluid-context.yaml']);
    });
  });
});

describe('the same rules for export-context --juicefs and for the webhook objects', () => {
  test('--juicefs through kubectl proxy: plain http, no Authorization header', async () => {
    await withServer({ authenticate: allowAll, objects: JUICEFS_CLUSTER }, async (server) => {
      const out = await juicefs(['-n', 'web', '--server', server.url]);
      expect(out.stderr).not.toContain('error');
      expect(out.code).toBe(0);
      expect(ids(out.stdout)).toEqual(expect.arrayContaining(['PersistentVolumeClaim/content', 'Secret/juicefs-secret']));
      expect(server.requests.map((r) => r.authorization)).toEqual(server.requests.map(() => undefined));
      expect(out.stdout).toContain(`(server ${server.url})`);
    });
  });

  test('--juicefs with a kubeconfig form client-node alone refuses (http, tokenFile)', async () => {
    await withServer({ objects: JUICEFS_CLUSTER }, async (server) => {
      const file = kubeconfigFile(config(server.url, { tokenFile: 'token' }), { token: `${FIXTURE_TOKEN}\n` });
      const out = await juicefs(['-n', 'web', '--kubeconfig', file]);
      expect(out.stderr).not.toMatch(/HTTP protocol|error/);
      expect(out.code).toBe(0);
    });
  });

  test('--juicefs: a namespace without JuiceFS PVCs, or missing, is an error naming it; -o keeps the previous file', async () => {
    await withServer({ objects: JUICEFS_CLUSTER }, async (server) => {
      const kc = kubeconfigFile(kubeConfigYaml(server.url));
      const dir = fs.mkdtempSync(path.join(tmp, 'out-'));
      const output = path.join(dir, 'juicefs-context.yaml');
      fs.writeFileSync(output, 'previous export\n');
      const failed = await juicefs(['-n', 'web', '-n', 'plain', '-n', 'gone', '--kubeconfig', kc, '-o', output]);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toBe('');
      expect(failed.stderr).toContain(
        `error: namespace gone not found on ${server.url}; namespace plain has no PVC of a JuiceFS PV or StorageClass (driver csi.juicefs.com) on ${server.url}\n`,
      );
      expect(failed.stderr).not.toContain('namespace web has');
      expect(fs.readFileSync(output, 'utf8')).toBe('previous export\n');
      const ok = await juicefs(['-n', 'web', '--kubeconfig', kc, '-o', output]);
      expect(ok.code).toBe(0);
      expect(ok.stderr).toContain(`wrote ${output}\n`);
      expect(ids(fs.readFileSync(output, 'utf8'))).toContain('PersistentVolumeClaim/content');
      expect(fs.readdirSync(dir)).toEqual(['juicefs-context.yaml']);
    });
  });

  test('the webhook objects through kubectl proxy; a --fluid-namespace without the webhook is an error naming it', async () => {
    const objects = [...loadFixtureObjects(), webhookDeployment('fluid')];
    await withServer({ authenticate: allowAll, objects }, async (server) => {
      const ok = await cli(['-n', 'demo', '--server', server.url, '--fluid-namespace', 'fluid']);
      expect(ok.code).toBe(0);
      expect(ids(ok.stdout)).toContain('Deployment/fluid-webhook');
      expect(ok.stdout).toContain(`--server ${server.url} --fluid-namespace fluid`);
      const wrong = await cli(['-n', 'demo', '--server', server.url, '--fluid-namespace', 'fluid-system']);
      expect(wrong).toEqual({
        code: 1,
        stdout: '',
        stderr: expect.stringContaining(`error: --fluid-namespace fluid-system: no Deployment fluid-webhook there on ${server.url}\n`) as unknown as string,
      });
      // Not named: where Fluid usually is, nothing found is no error (the function says which release it assumes).
      const unnamed = await cli(['-n', 'demo', '--server', server.url]);
      expect(unnamed.code).toBe(0);
      expect(ids(unnamed.stdout)).not.toContain('Deployment/fluid-webhook');
    });
  });
});
