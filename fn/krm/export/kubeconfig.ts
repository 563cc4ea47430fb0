// Where `export-context` connects, the way kubectl decides it: --server (no credentials: the
// `kubectl proxy` set-up), --kubeconfig, $KUBECONFIG (a list, merged: the first file to name a
// cluster, user, context or current context wins), ~/.kube/config, else the pod's service account.
//
// @kubernetes/client-node 1.4 reads kubeconfig files, but differs from kubectl in ways fixed here:
// - it refuses a plain http:// server unless insecure-skip-tls-verify is set ("HTTP protocol is not
//   allowed..."), a flag that means nothing without TLS: http servers get it set;
// - it ignores client-go's `tokenFile` and keeps a token file's trailing newline (an invalid header);
// - it runs an exec plugin's relative `command` from the working directory, kubectl from the
//   kubeconfig's directory;
// - merging $KUBECONFIG files fails on a name two files share, and the last current-context wins.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as net from 'node:net';
import YAML from 'yaml';
import type { Cluster, Context, KubeConfig, User } from '@kubernetes/client-node';
import { isObject } from '../../types';
import { ExportError, firstLine } from './errors';
import { KubeReader, loadClientNode } from './kube';
import type { ClientNode } from './kube';

/** Where the service account's files are in a pod (kubelet mounts them there). */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface ConnectOptions {
  /** API server URL, used without any credentials (e.g. `kubectl proxy`'s http://127.0.0.1:8001). */
  server?: string;
  /** kubeconfig file; default $KUBECONFIG, ~/.kube/config, else in-cluster. */
  kubeconfig?: string;
  /** kubeconfig context; default the current context. */
  context?: string;
}

export interface ConnectEnv {
  /** KUBECONFIG, HOME, KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT; default process.env */
  env?: NodeJS.ProcessEnv;
  /** the service account directory; default SERVICE_ACCOUNT_DIR */
  serviceAccountDir?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Loaded {
  clusters: Cluster[];
  users: User[];
  contexts: Context[];
  currentContext: string;
}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ExportError('kubeconfig', `cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file or directory' : firstLine(e)}`);
  }
}

/** One kubeconfig file, with what client-node leaves out or resolves differently from kubectl. */
function loadFile(client: ClientNode, file: string): Loaded {
  const text = readText(file, 'kubeconfig');
  const kc = new client.KubeConfig();
  let raw: unknown;
  try {
    kc.loadFromString(text);
    raw = YAML.parse(text);
  } catch (e) {
    throw new ExportError('kubeconfig', `invalid kubeconfig ${file}: ${firstLine(e)}`);
  }
  const dir = path.dirname(path.resolve(file));
  kc.makePathsAbsolute(dir);
  const rawUsers = new Map<string, Record<string, unknown>>();
  if (isObject(raw) && Array.isArray(raw.users)) {
    for (const u of raw.users) if (isObject(u) && typeof u.name === 'string' && isObject(u.user)) rawUsers.set(u.name, u.user);
  }
  const users = kc.getUsers().map((user) => {
    const fixed: Mutable<User> = { ...user };
    const r = rawUsers.get(user.name) ?? {};
    if (!fixed.token && typeof r.tokenFile === 'string' && r.tokenFile !== '') {
      fixed.token = readText(path.resolve(dir, r.tokenFile), 'token file');
    }
    if (fixed.token) fixed.token = fixed.token.trim();
    const exec = fixed.exec as { command?: unknown } | undefined;
    if (exec && typeof exec.command === 'string' && exec.command.includes('/') && !path.isAbsolute(exec.command)) {
      fixed.exec = { ...exec, command: path.resolve(dir, exec.command) };
    }
    return fixed;
  });
  return { clusters: kc.getClusters(), users, contexts: kc.getContexts(), currentContext: kc.getCurrentContext() };
}

/** kubectl's merge of $KUBECONFIG files: the first one to set a name (or the current context) wins. */
function merge(files: Loaded[]): Loaded {
  const out: Loaded = { clusters: [], users: [], contexts: [], currentContext: '' };
  for (const f of files) {
    for (const c of f.clusters) if (!out.clusters.some((x) => x.name === c.name)) out.clusters.push(c);
    for (const u of f.users) if (!out.users.some((x) => x.name === u.name)) out.users.push(u);
    for (const c of f.contexts) if (!out.contexts.some((x) => x.name === c.name)) out.contexts.push(c);
    if (!out.currentContext && f.currentContext) out.currentContext = f.currentContext;
  }
  return out;
}

/** The pod's own service account, as client-go's in-cluster config: https, its CA and token. */
function inCluster(env: NodeJS.ProcessEnv, dir: string): Loaded | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  const tokenFile = path.join(dir, 'token');
  if (!host || !port || !fs.existsSync(tokenFile)) return undefined;
  const server = `https://${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
  const namespaceFile = path.join(dir, 'namespace');
  const context: Mutable<Context> = { name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster' };
  if (fs.existsSync(namespaceFile)) context.namespace = readText(namespaceFile, 'service account namespace').trim();
  return {
    clusters: [{ name: 'in-cluster', server, caFile: path.join(dir, 'ca.crt'), skipTLSVerify: false }],
    users: [{ name: 'in-cluster', token: readText(tokenFile, 'service account token').trim() }],
    contexts: [context],
    currentContext: 'in-cluster',
  };
}

function serverOnly(server: string): Loaded {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new ExportError('argument-invalid', `--server ${server}: not a URL (e.g. http://127.0.0.1:8001 for kubectl proxy)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ExportError('argument-invalid', `--server ${server}: must be an http:// or https:// URL`);
  return {
    clusters: [{ name: 'server', server: server.replace(/\/$/, ''), skipTLSVerify: false }],
    users: [{ name: 'anonymous' }],
    contexts: [{ name: 'server', cluster: 'server', user: 'anonymous' }],
    currentContext: 'server',
  };
}

/**
 * The KubeConfig to use, with the chosen context current. Throws ExportError with one line that
 * names the file, context or setting at fault.
 */
export function loadKubeConfig(client: ClientNode, opts: ConnectOptions, connect: ConnectEnv = {}): KubeConfig {
  const env = connect.env ?? process.env;
  let loaded: Loaded;
  if (opts.server !== undefined) {
    if (opts.kubeconfig !== undefined || opts.context !== undefined) {
      throw new ExportError('argument-invalid', '--server connects without a kubeconfig: it cannot be combined with --kubeconfig or --context');
    }
    loaded = serverOnly(opts.server);
  } else {
    let files: string[];
    if (opts.kubeconfig !== undefined) files = [opts.kubeconfig];
    else if (env.KUBECONFIG) files = env.KUBECONFIG.split(path.delimiter).filter((f) => f !== '');
    else {
      const home = env.HOME || env.USERPROFILE || os.homedir();
      const config = path.join(home, '.kube', 'config');
      files = fs.existsSync(config) ? [config] : [];
    }
    if (files.length > 0) {
      // As kubectl: a file of $KUBECONFIG that does not exist is left out; an explicit one is an error.
      const present = opts.kubeconfig !== undefined ? files : files.filter((f) => fs.existsSync(f));
      if (present.length === 0) throw new ExportError('kubeconfig', `no kubeconfig found: none of the KUBECONFIG files exists (${files.join(path.delimiter)})`);
      loaded = merge(present.map((f) => loadFile(client, f)));
    } else {
      const pod = inCluster(env, connect.serviceAccountDir ?? SERVICE_ACCOUNT_DIR);
      if (!pod) throw new ExportError('kubeconfig', 'no kubeconfig found: pass --kubeconfig or --server, set KUBECONFIG, create ~/.kube/config or run in a cluster');
      loaded = pod;
    }
  }
  if (opts.context !== undefined) {
    if (!loaded.contexts.some((c) => c.name === opts.context)) throw new ExportError('kubeconfig', `context ${opts.context} not found in the kubeconfig`);
    loaded.currentContext = opts.context;
  }
  const context = loaded.contexts.find((c) => c.name === loaded.currentContext);
  if (!context) {
    throw new ExportError('kubeconfig', loaded.currentContext ? `the current context ${loaded.currentContext} is not in the kubeconfig` : 'the kubeconfig has no current context: pass --context');
  }
  // Without TLS there is nothing to verify: client-node wants skipTLSVerify to allow http at all.
  loaded.clusters = loaded.clusters.map((c) => (c.name === context.cluster && c.server.startsWith('http://') ? { ...c, skipTLSVerify: true } : c));
  const kc = new client.KubeConfig();
  kc.loadFromOptions(loaded);
  return kc;
}

export interface ReaderDeps {
  /** A loaded kubeconfig to use instead of finding one (library callers, tests). */
  kubeConfig?: KubeConfig;
  /** Environment and service account directory for finding the kubeconfig (tests). */
  connect?: ConnectEnv;
}

const DEFAULT_TIMEOUT_SECONDS = 30;

/** The API reader of both exports: `deps.kubeConfig` or the kubeconfig found as kubectl finds it. */
export function openReader(opts: ConnectOptions & { requestTimeoutSeconds?: number }, deps: ReaderDeps): KubeReader {
  const client = loadClientNode();
  let kubeConfig = deps.kubeConfig;
  if (!kubeConfig) kubeConfig = loadKubeConfig(client, opts, deps.connect);
  else if (opts.context !== undefined) {
    if (!kubeConfig.getContextObject(opts.context)) throw new ExportError('kubeconfig', `context ${opts.context} not found in the kubeconfig`);
    kubeConfig.setCurrentContext(opts.context);
  }
  return new KubeReader(client, kubeConfig, { timeoutMs: (opts.requestTimeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000 });
}
