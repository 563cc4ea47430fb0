// A minimal Kubernetes API server over plain HTTP serving fixture objects, for tests that run `export-context` with the
// real @kubernetes/client-node against real HTTP.
//
// Reuse from another test:
//   const server = await loadFixtureServer();            // fixtures/cluster.yaml
//   const kc = new KubeConfig(); kc.loadFromOptions(kubeConfigOptions(server.url, server.token));
//   const yaml = await exportContext({ namespaces: ['demo'] }, { kubeConfig: kc, log: () => {} });
//   ... feed `yaml` to the function ...; await server.close();
// client-node 1.4 is ESM-only and jest 30 cannot require ESM on Node 20: such a test needs
//   /** @jest-environment ./test/export-context/client-node-environment.js */
//   jest.mock('@kubernetes/client-node', () => (globalThis as any).__hostClientNode);
// (see client-node-environment.js). This module itself only uses client-node types.
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as path from 'path';
import type { TLSSocket } from 'tls';
import * as YAML from 'yaml';
import type { Cluster, Context, User } from '@kubernetes/client-node';
import type { JsonObject, KubeObject } from '../../fn/types';

export const FIXTURE_FILE = path.join(__dirname, 'fixtures', 'cluster.yaml');
export const FIXTURE_TOKEN = 'fixture-token-3f9a';
export const FIXTURE_CONTEXT = 'fixture';

/** A request as the fixture server saw it. */
export interface FixtureRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** CN of the verified client certificate (TLS with requestCert), else undefined. */
  clientCertificate: string | undefined;
  verb: 'get' | 'list' | undefined;
  group: string;
  version: string;
  plural: string;
  namespace: string | undefined;
  name: string | undefined;
}

export interface FixtureResponse {
  status: number;
  /** JSON-serialized unless a string. */
  body: unknown;
  contentType?: string;
}

export interface FixtureServerOptions {
  /** Bearer token the server accepts (default FIXTURE_TOKEN). */
  token?: string;
  /** When false, every data.fluid.io path answers 404 "404 page not found" as for a missing CRD. */
  fluidCrdsInstalled?: boolean;
  /**
   * Answer a request yourself: a response, 'hang' (no answer; the connection is dropped after 5 s so that a client
   * without a timeout fails instead of hanging the test run), or undefined for the default behaviour.
   */
  intercept?: (req: FixtureRequest) => FixtureResponse | 'hang' | undefined;
  /** Serve list items in reverse order (the export must not depend on the server's order). */
  reverseLists?: boolean;
  /** Serve list items without metadata.namespace (the request names it; the exports must not depend on it). */
  listItemsWithoutNamespace?: boolean;
  /** Serve lists in pages of this many items at most, with `metadata.continue` tokens (ignores `limit`). */
  pageSize?: number;
  /** Who may read (default: the bearer token); false answers 401. */
  authenticate?: (req: FixtureRequest) => boolean;
  /** Serve HTTPS with this key and certificate; with `ca`, ask for a client certificate signed by it. */
  tls?: { key: string; cert: string; ca?: string };
}

export interface FixtureServer {
  url: string;
  port: number;
  token: string;
  objects: KubeObject[];
  requests: FixtureRequest[];
  close(): Promise<void>;
}

/** The objects of a multi-document YAML fixture (default fixtures/cluster.yaml). */
export function loadFixtureObjects(file: string = FIXTURE_FILE): KubeObject[] {
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      return doc.toJS() as KubeObject | null;
    })
    .filter((obj): obj is KubeObject => obj !== null);
}

export function pluralOf(kind: string): string {
  return `${kind.toLowerCase()}${kind.endsWith('s') ? 'es' : 's'}`;
}

function groupVersionOf(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function parsePath(method: string, url: string, authorization: string | undefined, clientCertificate: string | undefined): FixtureRequest {
  const parsed = new URL(url, 'http://fixture');
  const parts = parsed.pathname.split('/').filter((p) => p !== '');
  let group = '';
  let version = '';
  let rest: string[] = [];
  if (parts[0] === 'api') {
    version = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    group = parts[1] ?? '';
    version = parts[2] ?? '';
    rest = parts.slice(3);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const plural = rest[0] ?? '';
  const name = rest[1];
  const verb = method === 'GET' && plural !== '' && rest.length <= 2 ? (name === undefined ? 'list' : 'get') : undefined;
  return { method, path: parsed.pathname, query: parsed.searchParams, authorization, clientCertificate, verb, group, version, plural, namespace, name };
}

function status(code: number, reason: string, message: string, details?: JsonObject): FixtureResponse {
  return {
    status: code,
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code },
  };
}

let resourceVersion = 41000;

/** Server-side fields a real API server adds, fresh on every response. */
function withServerNoise(obj: KubeObject, req: FixtureRequest): KubeObject {
  const copy = JSON.parse(JSON.stringify(obj)) as KubeObject;
  const meta = copy.metadata;
  const key = `${copy.kind}/${meta.namespace ?? ''}/${meta.name ?? ''}`;
  let hash = 0;
  for (const ch of key) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hex = hash.toString(16).padStart(8, '0');
  meta.uid ??= `${hex}-0000-4000-8000-${hex}0000`;
  meta.resourceVersion = String(resourceVersion++);
  meta.creationTimestamp = '2025-06-03T08:00:00Z';
  meta.generation = 3;
  meta.selfLink = req.path + (req.name === undefined ? `/${meta.name}` : '');
  meta.managedFields = [
    {
      manager: 'fluid-controller',
      operation: 'Update',
      apiVersion: copy.apiVersion,
      time: new Date().toISOString(),
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': {} } },
    },
  ];
  if (copy.kind === 'Dataset' || copy.kind.endsWith('Runtime')) {
    meta.annotations = {
      ...(meta.annotations ?? {}),
      'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ apiVersion: obj.apiVersion, kind: obj.kind, spec: obj.spec }),
    };
  }
  if (copy.kind === 'DaemonSet') {
    copy.status = { currentNumberScheduled: 2, desiredNumberScheduled: 2, numberMisscheduled: 0, numberReady: 2, observedGeneration: 3 };
  } else if (copy.kind.endsWith('Runtime')) {
    copy.status = { masterPhase: 'Ready', fusePhase: 'Ready', valueFile: `${meta.name}-values`, setupDuration: '42s' };
  } else if (copy.kind === 'Dataset') {
    copy.status = { ...(typeof copy.status === 'object' && copy.status !== null ? copy.status : {}), hcfs: { endpoint: 'alluxio://x:19998' } };
  }
  return copy;
}

/** Starts the fixture server on 127.0.0.1, on a free port. */
export async function startFixtureServer(objects: KubeObject[], options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const token = options.token ?? FIXTURE_TOKEN;
  const requests: FixtureRequest[] = [];

  const answer = (req: FixtureRequest): FixtureResponse | 'hang' => {
    const intercepted = options.intercept?.(req);
    if (intercepted !== undefined) return intercepted;
    const authenticated = options.authenticate ? options.authenticate(req) : req.authorization === `Bearer ${token}`;
    if (!authenticated) return status(401, 'Unauthorized', 'Unauthorized');
    if (req.verb === undefined) return status(405, 'MethodNotAllowed', `${req.method} ${req.path} is not supported`);
    if (req.group === 'data.fluid.io' && options.fluidCrdsInstalled === false) {
      return { status: 404, body: '404 page not found\n', contentType: 'text/plain; charset=utf-8' };
    }
    const matches = objects.filter((obj) => {
      const gv = groupVersionOf(obj.apiVersion);
      return (
        gv.group === req.group &&
        gv.version === req.version &&
        pluralOf(obj.kind) === req.plural &&
        (obj.metadata.namespace ?? undefined) === req.namespace &&
        (req.name === undefined || obj.metadata.name === req.name)
      );
    });
    if (req.verb === 'get') {
      if (matches.length === 0) {
        const resource = req.group ? `${req.plural}.${req.group}` : req.plural;
        return status(404, 'NotFound', `${resource} "${req.name}" not found`, { name: req.name ?? '', group: req.group, kind: req.plural });
      }
      return { status: 200, body: withServerNoise(matches[0], req) };
    }
    const items = matches.map((obj) => {
      // Real list responses carry apiVersion/kind on the list, not on the items.
      const { apiVersion: _a, kind: _k, ...rest } = withServerNoise(obj, req);
      if (options.listItemsWithoutNamespace && rest.metadata !== null && typeof rest.metadata === 'object') delete rest.metadata.namespace;
      return rest;
    });
    if (options.reverseLists) items.reverse();
    const listKind = `${matches[0]?.kind ?? req.plural}List`;
    const metadata: JsonObject = { resourceVersion: String(resourceVersion++) };
    let page = items;
    if (options.pageSize !== undefined) {
      const start = Number(req.query.get('continue') ?? '0');
      page = items.slice(start, start + options.pageSize);
      if (start + options.pageSize < items.length) metadata.continue = String(start + options.pageSize);
    }
    return {
      status: 200,
      body: { apiVersion: req.group ? `${req.group}/${req.version}` : req.version, kind: listKind, metadata, items: page },
    };
  };

  const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    const socket = request.socket as Partial<TLSSocket>;
    const peer = socket.authorized && socket.getPeerCertificate ? socket.getPeerCertificate() : undefined;
    const cn = peer && typeof peer.subject?.CN === 'string' ? peer.subject.CN : undefined;
    const req = parsePath(request.method ?? 'GET', request.url ?? '/', request.headers.authorization, cn);
    requests.push(req);
    const result = answer(req);
    if (result === 'hang') {
      setTimeout(() => request.socket.destroy(), 5000).unref();
      return;
    }
    const text = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
    response.writeHead(result.status, { 'content-type': result.contentType ?? 'application/json' });
    response.end(text);
  };
  const tls = options.tls;
  const server = tls
    ? https.createServer({ key: tls.key, cert: tls.cert, ...(tls.ca ? { ca: tls.ca, requestCert: true, rejectUnauthorized: false } : {}) }, handler)
    : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fixture server has no port');
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${address.port}`,
    port: address.port,
    token,
    objects,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The fixture server with fixtures/cluster.yaml (or `objects`). */
export function loadFixtureServer(options: FixtureServerOptions & { objects?: KubeObject[] } = {}): Promise<FixtureServer> {
  return startFixtureServer(options.objects ?? loadFixtureObjects(), options);
}

/** `KubeConfig.loadFromOptions` input for the fixture server (plain http needs skipTLSVerify in client-node 1.4). */
export function kubeConfigOptions(
  url: string,
  token: string = FIXTURE_TOKEN,
  contextName: string = FIXTURE_CONTEXT,
): { clusters: Cluster[]; users: User[]; contexts: Context[]; currentContext: string } {
  return {
    clusters: [{ name: 'fixture-cluster', server: url, skipTLSVerify: true }],
    users: [{ name: 'fixture-user', token }],
    contexts: [{ name: contextName, cluster: 'fixture-cluster', user: 'fixture-user' }],
    currentContext: contextName,
  };
}

/**
 * A kubeconfig file body for the fixture server, optionally with extra contexts (name → server url, token). Plain
 * http without insecure-skip-tls-verify, as kubectl takes it.
 */
export function kubeConfigYaml(
  url: string,
  token: string = FIXTURE_TOKEN,
  extraContexts: Record<string, { url: string; token: string }> = {},
  currentContext: string = FIXTURE_CONTEXT,
): string {
  const entries: Record<string, { url: string; token: string }> = { [FIXTURE_CONTEXT]: { url, token }, ...extraContexts };
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: Object.entries(entries).map(([name, e]) => ({ name: `${name}-cluster`, cluster: { server: e.url } })),
    users: Object.entries(entries).map(([name, e]) => ({ name: `${name}-user`, user: { token: e.token } })),
    contexts: Object.entries(entries).map(([name]) => ({ name, context: { cluster: `${name}-cluster`, user: `${name}-user` } })),
    'current-context': currentContext,
  };
  return YAML.stringify(config);
}
