/**
 * @jest-environment ./test/export-context/client-node-environment.js
 */
// `export-context` against a real HTTP server with the real @kubernetes/client-node 1.4 (loaded by the environment
// above, see client-node-environment.js for why).
jest.mock('@kubernetes/client-node', () => (globalThis as { __hostClientNode?: unknown }).__hostClientNode);

import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import * as k8s from '@kubernetes/client-node';
import { objectToYaml } from '../../fn/krm/export/documents';
import { exportContext, ExportOptions, runExportContext } from '../../fn/fluid/export-context/export-context';
import { RUNTIME_TYPES as RUNTIMES } from '../../fn/fluid/runtimes';
import type { JsonObject, KubeObject } from '../../fn/types';
import {
  FIXTURE_TOKEN,
  FixtureServer,
  FixtureServerOptions,
  kubeConfigOptions,
  kubeConfigYaml,
  loadFixtureObjects,
  loadFixtureServer,
} from './fixture-server';

const REPO = path.resolve(__dirname, '..', '..');
const LOCAL_CONFIG = 'config.kubernetes.io/local-config';
const fixtures = loadFixtureObjects();

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'export-context-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function idOf(obj: KubeObject): string {
  return `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
}

function fixture(id: string): KubeObject {
  const found = fixtures.find((obj) => idOf(obj) === id);
  if (!found) throw new Error(`no fixture ${id}`);
  return found;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Parses an export as a YAML 1.1 reader would; fails on any YAML error. */
function parseExport(text: string): KubeObject[] {
  return YAML.parseAllDocuments(text, { version: '1.1' }).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as KubeObject;
  });
}

/** What the export of a fixture object must be: served object minus volatile fields, plus local-config. */
function expectedExport(obj: KubeObject): KubeObject {
  const copy = clone(obj);
  if (copy.kind !== 'Dataset') delete copy.metadata.uid;
  copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [LOCAL_CONFIG]: 'true' };
  if (copy.kind === 'Dataset') {
    const status = copy.status as JsonObject;
    copy.status = { phase: status.phase ?? null, runtimes: status.runtimes ?? null, conditions: status.conditions ?? null };
  } else {
    delete copy.status;
  }
  return copy;
}

function kubeConfigFor(url: string, token: string = FIXTURE_TOKEN): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(kubeConfigOptions(url, token));
  return kc;
}

async function withServer<T>(options: FixtureServerOptions & { objects?: KubeObject[] }, fn: (server: FixtureServer) => Promise<T>): Promise<T> {
  const server = await loadFixtureServer(options);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

async function runExport(server: FixtureServer, opts: ExportOptions): Promise<{ text: string; objects: KubeObject[]; log: string[] }> {
  const log: string[] = [];
  const text = await exportContext(opts, { kubeConfig: kubeConfigFor(server.url), log: (line) => log.push(line) });
  return { text, objects: parseExport(text), log };
}

function writeKubeConfig(name: string, body: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, body);
  return file;
}

async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runExportContext(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const DEMO_IDS = [
  'Dataset demo/hbase',
  'Dataset demo/spark',
  'AlluxioRuntime demo/hbase',
  'AlluxioRuntime demo/spark',
  'PersistentVolume demo-hbase',
  'PersistentVolumeClaim demo/hbase',
  'PersistentVolumeClaim demo/legacy-hbase-data',
  'PersistentVolumeClaim demo/spark',
  'DaemonSet demo/hbase-fuse',
  'ConfigMap demo/check-fluid-mount-ready',
  'ConfigMap demo/hbase-alluxio-default-check-mount',
  'ConfigMap demo/hbase-config',
];

describe('export of namespace demo', () => {
  let server: FixtureServer;
  let result: { text: string; objects: KubeObject[]; log: string[] };

  beforeAll(async () => {
    server = await loadFixtureServer();
    result = await runExport(server, { namespaces: ['demo'] });
  });
  afterAll(() => server.close());

  test('contains exactly the expected objects, in kind/namespace/name order', () => {
    expect(result.objects.map(idOf)).toEqual(DEMO_IDS);
  });

  test('every object equals the served object without server noise, plus the local-config annotation', () => {
    for (const obj of result.objects) {
      expect(obj).toEqual(expectedExport(fixture(idOf(obj))));
    }
  });

  test('server noise is gone: managedFields, resourceVersion, timestamps, generation, selfLink, last-applied, status', () => {
    for (const word of ['managedFields', 'resourceVersion', 'creationTimestamp', 'selfLink', 'last-applied-configuration']) {
      expect(result.text).not.toContain(word);
    }
    expect(result.text).not.toMatch(/^\s+generation:/m);
    for (const obj of result.objects) {
      if (obj.kind !== 'Dataset') {
        expect(obj.metadata).not.toHaveProperty('uid');
        expect(obj).not.toHaveProperty('status');
      }
    }
    // The server did send the noise.
    expect(server.requests.length).toBeGreaterThan(0);
  });

  test('Datasets keep their uid and only status.phase, runtimes and conditions', () => {
    const hbase = result.objects[0];
    expect(hbase.metadata.uid).toBe('5e0d76e7-5b83-5fd6-a2cb-3cd867dd165b');
    expect(Object.keys(hbase.status as JsonObject)).toEqual(['phase', 'runtimes', 'conditions']);
    expect((hbase.status as JsonObject).runtimes).toEqual((fixture('Dataset demo/hbase').status as JsonObject).runtimes);
    const spark = result.objects[1];
    expect(spark.status).not.toHaveProperty('cacheStates');
    expect(spark.status).not.toHaveProperty('ufsTotal');
  });

  test('the fuse DaemonSet keeps its complete spec with the server defaults the sidecar copies', () => {
    const ds = result.objects.find((obj) => obj.kind === 'DaemonSet')!;
    expect(ds.spec).toEqual(fixture('DaemonSet demo/hbase-fuse').spec);
    const template = (ds.spec as JsonObject).template as JsonObject;
    const podSpec = template.spec as JsonObject;
    const container = (podSpec.containers as JsonObject[])[0];
    expect(container).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
    expect(podSpec).toMatchObject({ schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30 });
    expect(ds).not.toHaveProperty('status');
    expect(ds.metadata).not.toHaveProperty('uid');
    expect(ds.metadata.ownerReferences).toEqual(fixture('DaemonSet demo/hbase-fuse').metadata.ownerReferences);
  });

  test('every object has apiVersion, kind and config.kubernetes.io/local-config: "true"', () => {
    for (const obj of result.objects) {
      expect(obj.apiVersion).toBe(fixture(idOf(obj)).apiVersion);
      expect(obj.metadata.annotations?.[LOCAL_CONFIG]).toBe('true');
    }
    const body = result.text.slice(result.text.indexOf('\n---\n'));
    expect(body.split(`\n    ${LOCAL_CONFIG}: "true"\n`).length - 1).toBe(DEMO_IDS.length);
    // apiVersion/kind come first in each document, as in hand-written manifests.
    for (const doc of result.text.split(/^---\n/m).slice(1)) expect(doc).toMatch(/^apiVersion: \S+\nkind: \w+\nmetadata:\n/);
  });

  test('strings that YAML 1.1 would read as booleans or numbers are quoted', () => {
    expect(result.text).toContain('fluid.io/s-demo-hbase: "true"');
    expect(result.text).toContain('high: "0.95"');
    expect(result.text).toContain('status: "True"');
    const pvc = result.objects.find((obj) => idOf(obj) === 'PersistentVolumeClaim demo/hbase')!;
    expect(pvc.metadata.labels?.['fluid.io/s-demo-hbase']).toBe('true');
  });

  test('starts with a header naming the context, server and namespaces, without a timestamp', () => {
    const header = result.text.slice(0, result.text.indexOf('\n---\n'));
    expect(header.split('\n').every((line) => line.startsWith('#'))).toBe(true);
    expect(header).toContain(`Context: fixture (server ${server.url})`);
    expect(header).toContain('Namespaces: demo; datasets: all');
    expect(header).toContain(`${DEMO_IDS.length} objects`);
    expect(header).toContain('inject-fluid-sidecar export-context --namespace demo');
    expect(header).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  test('reports progress per namespace, warnings for missing optional objects, and a summary', () => {
    expect(result.log).toEqual([
      'exporting namespace demo: 2 datasets',
      'warning: PersistentVolume demo-spark (of Dataset demo/spark) not found',
      'warning: fuse DaemonSet demo/spark-fuse (of Dataset demo/spark) not found',
      `exported ${DEMO_IDS.length} objects`,
    ]);
  });

  test('sends the kubeconfig bearer token on every request and reads through the expected endpoints', () => {
    expect(server.requests.map((r) => r.authorization)).toEqual(server.requests.map(() => `Bearer ${FIXTURE_TOKEN}`));
    const paths = server.requests.map((r) => r.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/apis/data.fluid.io/v1alpha1/namespaces/demo/datasets',
        '/apis/data.fluid.io/v1alpha1/namespaces/demo/alluxioruntimes/hbase',
        '/api/v1/namespaces/demo/persistentvolumeclaims',
        '/api/v1/persistentvolumes/demo-hbase',
        '/apis/apps/v1/namespaces/demo/daemonsets/hbase-fuse',
        '/api/v1/namespaces/demo/configmaps',
      ]),
    );
  });
});

describe('--dataset filter', () => {
  test('a bare name keeps only that Dataset and its objects', async () => {
    await withServer({}, async (server) => {
      const { objects, log } = await runExport(server, { namespaces: ['demo'], datasets: ['hbase'] });
      expect(objects.map(idOf)).toEqual(DEMO_IDS.filter((id) => !id.includes('spark')));
      expect(log[0]).toBe('exporting namespace demo: 1 dataset');
      expect(server.requests.some((r) => r.path.includes('spark'))).toBe(false);
    });
  });

  test('namespace/name selects in that namespace; the header records the filter', async () => {
    await withServer({}, async (server) => {
      const { objects, text } = await runExport(server, { namespaces: ['demo', 'team-b'], datasets: ['demo/spark'] });
      expect(objects.map(idOf)).toEqual([
        'Dataset demo/spark',
        'AlluxioRuntime demo/spark',
        'PersistentVolumeClaim demo/spark',
        'ConfigMap demo/check-fluid-mount-ready',
        'ConfigMap demo/hbase-alluxio-default-check-mount',
      ]);
      expect(text).toContain('Namespaces: demo, team-b; datasets: demo/spark');
      expect(text).toContain('--namespace demo --namespace team-b --dataset demo/spark');
    });
  });

  test('a filter that matches nothing is an error naming it (connect.test.ts: exit 1, no output)', async () => {
    await withServer({}, async (server) => {
      await expect(runExport(server, { namespaces: ['demo'], datasets: ['nope'] })).rejects.toThrow('--dataset nope matched no Dataset in namespaces demo');
    });
  });

  test('NAMESPACE/NAME outside the exported namespaces is an error', async () => {
    await withServer({}, async (server) => {
      const file = writeKubeConfig('filter.kubeconfig', kubeConfigYaml(server.url));
      const out = await runCli(['-n', 'demo', '--dataset', 'team-b/warehouse-reports', '--kubeconfig', file]);
      expect(out).toEqual({
        code: 1,
        stdout: '',
        stderr: 'error: --dataset team-b/warehouse-reports: namespace team-b is not exported (add --namespace team-b)\n',
      });
      expect(server.requests).toEqual([]);
    });
  });
});

describe('reference datasets', () => {
  const TEAM_B_IDS = [
    'Dataset shared-data/warehouse',
    'Dataset team-b/warehouse-reports',
    'JuiceFSRuntime shared-data/warehouse',
    'ThinRuntime team-b/warehouse-reports',
    'PersistentVolume shared-data-warehouse',
    'PersistentVolume team-b-warehouse-reports',
    'PersistentVolumeClaim team-b/warehouse-reports',
    'DaemonSet shared-data/warehouse-fuse',
    'DaemonSet team-b/warehouse-reports-fuse',
    'ConfigMap shared-data/warehouse-fuse-script',
    'ConfigMap team-b/warehouse-fuse-script',
  ];

  test("pull in the physical dataset's Dataset, runtime, PV, fuse DaemonSet and its ConfigMaps (not its PVC)", async () => {
    await withServer({}, async (server) => {
      const { objects, log } = await runExport(server, { namespaces: ['team-b'] });
      expect(objects.map(idOf)).toEqual(TEAM_B_IDS);
      for (const obj of objects) expect(obj).toEqual(expectedExport(fixture(idOf(obj))));
      expect(log).toEqual([
        'exporting namespace team-b: 1 dataset',
        'exporting dataset shared-data/warehouse: referenced by team-b/warehouse-reports',
        `exported ${TEAM_B_IDS.length} objects`,
      ]);
      // The physical namespace is read object by object, never listed.
      expect(server.requests.filter((r) => r.namespace === 'shared-data' && r.verb === 'list')).toEqual([]);
    });
  });

  test('the physical dataset is exported once however many datasets refer to it', async () => {
    const second = clone(fixture('Dataset team-b/warehouse-reports'));
    second.metadata.name = 'warehouse-logs';
    second.metadata.uid = '11111111-2222-5333-8444-555555555555';
    (((second.spec as JsonObject).mounts as JsonObject[])[0] as JsonObject).mountPoint = 'dataset://shared-data/warehouse/logs';
    await withServer({ objects: [...fixtures, second] }, async (server) => {
      const { objects, log } = await runExport(server, { namespaces: ['team-b'] });
      const ids = objects.map(idOf);
      expect(ids.filter((id) => id === 'Dataset shared-data/warehouse')).toHaveLength(1);
      expect(ids).toContain('Dataset team-b/warehouse-logs');
      expect(server.requests.filter((r) => r.path === '/apis/data.fluid.io/v1alpha1/namespaces/shared-data/datasets/warehouse')).toHaveLength(1);
      expect(log).toContain('warning: ThinRuntime team-b/warehouse-logs not found');
      expect(log.filter((line) => line.startsWith('exporting dataset shared-data/warehouse'))).toHaveLength(1);
    });
  });

  test('exporting both namespaces yields each object once, and the physical namespace in full', async () => {
    await withServer({}, async (server) => {
      const { objects } = await runExport(server, { namespaces: ['team-b', 'shared-data'] });
      const ids = objects.map(idOf);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...TEAM_B_IDS.slice(0, 6), 'PersistentVolumeClaim shared-data/warehouse', ...TEAM_B_IDS.slice(6)]);
      expect(server.requests.filter((r) => r.path.endsWith('/shared-data/datasets/warehouse'))).toEqual([]);
    });
  });
});

describe('errors: exit 1 with one clear line', () => {
  async function cliAgainst(options: FixtureServerOptions, extra: string[] = [], token = FIXTURE_TOKEN) {
    return withServer(options, async (server) => {
      const file = writeKubeConfig(`errors-${server.port}.kubeconfig`, kubeConfigYaml(server.url, token));
      const out = await runCli(['-n', 'demo', '--kubeconfig', file, ...extra]);
      return { ...out, server };
    });
  }

  function expectOneErrorLine(stderr: string, line: string | RegExp): void {
    const lines = stderr.split('\n').filter((l) => l !== '');
    const errors = lines.filter((l) => l.startsWith('error: '));
    expect(errors).toHaveLength(1);
    expect(lines[lines.length - 1]).toMatch(typeof line === 'string' ? new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) : line);
    expect(stderr).not.toMatch(/^\s+at /m);
  }

  test('401: wrong credentials', async () => {
    const out = await cliAgainst({}, [], 'wrong-token');
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe('error: unauthorized: check the kubeconfig credentials for context fixture\n');
    expect(out.server.requests[0].authorization).toBe('Bearer wrong-token');
  });

  test('403 on a namespaced list names the verb, resource and namespace', async () => {
    const out = await cliAgainst({
      intercept: (req) =>
        req.verb === 'list' && req.plural === 'configmaps'
          ? { status: 403, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'configmaps is forbidden: User "dev" cannot list resource "configmaps" in API group "" in the namespace "demo"' } }
          : undefined,
    });
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expectOneErrorLine(out.stderr, 'error: forbidden: list configmaps in namespace demo');
  });

  test('403 on a Fluid resource and on the cluster-scoped PersistentVolume', async () => {
    const forbid = (plural: string) => (req: { plural: string }) =>
      req.plural === plural ? { status: 403, body: { kind: 'Status', apiVersion: 'v1', reason: 'Forbidden', code: 403, message: 'forbidden' } } : undefined;
    const datasets = await cliAgainst({ intercept: forbid('datasets') });
    expect(datasets.code).toBe(1);
    expectOneErrorLine(datasets.stderr, 'error: forbidden: list datasets.data.fluid.io in namespace demo');
    const pv = await cliAgainst({ intercept: forbid('persistentvolumes') });
    expect(pv.code).toBe(1);
    expectOneErrorLine(pv.stderr, 'error: forbidden: get persistentvolumes (cluster-scoped)');
  });

  test('404 on the datasets list: the Fluid CRDs are not installed', async () => {
    const out = await cliAgainst({ fluidCrdsInstalled: false });
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(`error: the Fluid CRD datasets.data.fluid.io is not installed on ${out.server.url}\n`);
  });

  test('other HTTP errors carry the server message', async () => {
    const out = await cliAgainst({
      intercept: (req) =>
        req.plural === 'daemonsets' ? { status: 500, body: { kind: 'Status', apiVersion: 'v1', code: 500, reason: 'InternalError', message: 'etcdserver: request timed out' } } : undefined,
    });
    expect(out.code).toBe(1);
    expectOneErrorLine(out.stderr, `error: the API server ${out.server.url} answered HTTP 500 to get daemonsets.apps hbase-fuse in namespace demo: etcdserver: request timed out`);
  });

  test('an unreachable server (closed port)', async () => {
    const port = await closedPort();
    const file = writeKubeConfig('closed.kubeconfig', kubeConfigYaml(`http://127.0.0.1:${port}`));
    const out = await runCli(['-n', 'demo', '--kubeconfig', file]);
    expect(out).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: cannot reach the API server http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    });
  });

  test('a server that does not answer times out', async () => {
    const out = await cliAgainst({ intercept: (req) => (req.plural === 'datasets' ? 'hang' : undefined) }, ['--request-timeout', '0.3']);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(`error: cannot reach the API server ${out.server.url}: no response within 0.3s\n`);
  });

  test('bad flags print the usage', async () => {
    for (const argv of [[], ['--frobnicate'], ['-n'], ['-n', 'demo', 'extra'], ['-n', 'demo', '--request-timeout', 'soon'], ['-n', 'demo', '-o', 'a', '-o', 'b']]) {
      const out = await runCli(argv);
      expect(out.code).toBe(1);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(/^error: .+\n\nUsage: inject-fluid-sidecar export-context /);
    }
    expect((await runCli([])).stderr).toMatch(/^error: at least one --namespace is required\n/);
    expect((await runCli(['--frobnicate'])).stderr).toMatch(/^error: unknown flag --frobnicate\n/);
    expect((await runCli(['-n'])).stderr).toMatch(/^error: flag -n needs a value\n/);
  });

  test('--help prints the usage on stdout and exits 0', async () => {
    const out = await runCli(['--help']);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/^Usage: inject-fluid-sidecar export-context/);
    for (const flag of ['--namespace', '--dataset', '--kubeconfig', '--context', '--output']) expect(out.stdout).toContain(flag);
  });

  test('kubeconfig problems: unreadable file, unknown context', async () => {
    const missing = path.join(tmp, 'does-not-exist.kubeconfig');
    const a = await runCli(['-n', 'demo', '--kubeconfig', missing]);
    expect(a.code).toBe(1);
    expect(a.stderr).toBe(`error: cannot read kubeconfig ${missing}: no such file or directory\n`);
    const file = writeKubeConfig('ctx.kubeconfig', kubeConfigYaml('http://127.0.0.1:1'));
    const b = await runCli(['-n', 'demo', '--kubeconfig', file, '--context', 'nope']);
    expect(b).toEqual({ code: 1, stdout: '', stderr: 'error: context nope not found in the kubeconfig\n' });
  });
});

describe('CLI', () => {
  test('--context picks the context; -o writes the file; stdout stays empty', async () => {
    await withServer({}, async (server) => {
      const port = await closedPort();
      // The current context points at a closed port: only --context fixture can succeed.
      const file = writeKubeConfig(
        'two-contexts.kubeconfig',
        kubeConfigYaml(server.url, FIXTURE_TOKEN, { broken: { url: `http://127.0.0.1:${port}`, token: 'x' } }, 'broken'),
      );
      const output = path.join(tmp, 'fluid-context.yaml');
      const out = await runCli(['--namespace', 'demo', '--kubeconfig', file, '--context', 'fixture', '-o', output]);
      expect(out.code).toBe(0);
      expect(out.stdout).toBe('');
      expect(out.stderr).toContain('exporting namespace demo: 2 datasets\n');
      expect(out.stderr).toContain(`exported ${DEMO_IDS.length} objects\n`);
      const text = fs.readFileSync(output, 'utf8');
      expect(parseExport(text).map(idOf)).toEqual(DEMO_IDS);
      expect(text).toContain('--namespace demo --context fixture');
      // Same content as an export through the API.
      const viaApi = await exportContext({ namespaces: ['demo'] }, { kubeConfig: kubeConfigFor(server.url), log: () => undefined });
      expect(text.replace(' --context fixture', '')).toBe(viaApi);
    });
  });

  test('--kubeconfig=PATH form and stdout output', async () => {
    await withServer({}, async (server) => {
      const file = writeKubeConfig('eq.kubeconfig', kubeConfigYaml(server.url));
      const out = await runCli(['--namespace=team-b', `--kubeconfig=${file}`]);
      expect(out.code).toBe(0);
      expect(parseExport(out.stdout).map(idOf)).toHaveLength(11);
    });
  });
});

describe('determinism', () => {
  test('two exports are byte-identical although server noise and list order change', async () => {
    const options: FixtureServerOptions = {};
    await withServer(options, async (server) => {
      const first = await runExport(server, { namespaces: ['team-b', 'demo'] });
      options.reverseLists = true;
      const second = await runExport(server, { namespaces: ['demo', 'team-b', 'demo'] });
      expect(second.text).toBe(first.text);
      expect(first.objects).toHaveLength(DEMO_IDS.length + 11);
      expect(first.text.endsWith('\n')).toBe(true);
    });
  });
});

describe('list items without a namespace', () => {
  test('each exported object carries the namespace its list was read from (Datasets, PVCs and check ConfigMaps alike)', async () => {
    const options: FixtureServerOptions = {};
    await withServer(options, async (server) => {
      const whole = await runExport(server, { namespaces: ['team-b', 'demo'] });
      options.listItemsWithoutNamespace = true;
      const bare = await runExport(server, { namespaces: ['team-b', 'demo'] });
      expect(bare.text).toBe(whole.text);
      // what the namespaced lists serve is among it
      expect(bare.objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['ConfigMap', 'Dataset', 'PersistentVolumeClaim']));
    });
  });
});

describe('paged lists', () => {
  test('follows metadata.continue through every page', async () => {
    const options: FixtureServerOptions = {};
    await withServer(options, async (server) => {
      const whole = await runExport(server, { namespaces: ['demo'] });
      options.pageSize = 1;
      const paged = await runExport(server, { namespaces: ['demo'] });
      expect(paged.text).toBe(whole.text);
      const pages = server.requests.filter((r) => r.path === '/api/v1/namespaces/demo/persistentvolumeclaims').map((r) => r.query.get('continue'));
      // One unpaged request, then one per PVC (4 in the fixture).
      expect(pages).toEqual([null, null, '1', '2', '3']);
    });
  });
});

describe('as the built CLI runs it (plain require of the ESM-only client, no jest module runtime)', () => {
  test('bundled with esbuild and run by node', async () => {
    const entry = path.join(tmp, 'entry.ts');
    const bundle = path.join(tmp, 'export-context.cjs');
    fs.writeFileSync(
      entry,
      `import { runExportContext } from ${JSON.stringify(path.join(REPO, 'fn/fluid/export-context/export-context'))};
runExportContext(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) })
  .then((code) => { process.exitCode = code; });
`,
    );
    const esbuild = path.join(REPO, 'node_modules', '.bin', 'esbuild');
    const built = await run(esbuild, [entry, '--bundle', '--platform=node', '--format=cjs', '--packages=external', `--outfile=${bundle}`, '--log-level=warning']);
    expect(built).toEqual({ code: 0, stdout: '', stderr: '' });
    await withServer({}, async (server) => {
      const file = writeKubeConfig('child.kubeconfig', kubeConfigYaml(server.url));
      const out = await run(process.execPath, [bundle, '-n', 'demo', '--kubeconfig', file], { NODE_PATH: path.join(REPO, 'node_modules') });
      expect(out.code).toBe(0);
      expect(parseExport(out.stdout).map(idOf)).toEqual(DEMO_IDS);
      expect(out.stderr).toContain(`exported ${DEMO_IDS.length} objects`);
    });
  });

  function run(file: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(file, args, { env: { ...process.env, ...env }, cwd: REPO }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }
});

describe('building blocks', () => {
  test('runtime types map to their CRD plural, kind and fuse DaemonSet name', () => {
    const table = Object.fromEntries(Object.entries(RUNTIMES).map(([type, r]) => [type, [r.plural, r.kind, r.fuseDaemonSet('ds')]]));
    expect(table).toEqual({
      alluxio: ['alluxioruntimes', 'AlluxioRuntime', 'ds-fuse'],
      jindo: ['jindoruntimes', 'JindoRuntime', 'ds-jindofs-fuse'],
      juicefs: ['juicefsruntimes', 'JuiceFSRuntime', 'ds-fuse'],
      thin: ['thinruntimes', 'ThinRuntime', 'ds-fuse'],
      efc: ['efcruntimes', 'EFCRuntime', 'ds-fuse'],
      vineyard: ['vineyardruntimes', 'VineyardRuntime', 'ds-fuse'],
      cache: ['cacheruntimes', 'CacheRuntime', 'ds-client'],
    });
  });

  test('YAML output keeps strings strings for YAML 1.1 and 1.2 readers', () => {
    const data = { a: 'true', b: '0755', c: 'on', d: 'yes', e: '1e3', f: '0x1F', g: '12:30', h: 'null', i: '0o17', j: '', k: 'plain' };
    const text = objectToYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data });
    for (const version of ['1.1', '1.2'] as const) {
      expect(YAML.parse(text, { version }).data).toEqual(data);
    }
    expect(text).toContain('k: plain\n');
    expect(text).not.toContain('%YAML');
  });
});
