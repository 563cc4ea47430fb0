// Thin reading layer over @kubernetes/client-node 1.4 for `export-context`.
//
// Two client-node 1.4 properties shape this module:
// - The package is ESM-only. Node >= 20.19 loads it through require(esm), so it is required lazily here: the KRM
//   function itself never pays for loading it, and type-only imports keep it out of the compiled module header.
// - The typed APIs deserialize responses into model classes, which silently drops every field the bundled models do
//   not know (fields newer than the client's Kubernetes version). The export must keep objects exactly as the server
//   returned them, so every call carries a middleware that captures the raw response text, and the typed result is
//   discarded.
import { ExportError, firstLine } from './errors';
import type * as ClientNodeNamespace from '@kubernetes/client-node';
import type {
  ConfigurationOptions,
  KubeConfig,
  ObservableMiddleware,
  RequestContext,
  ResponseContext,
} from '@kubernetes/client-node';
import { isObject, JsonObject, setOwn } from '../../types';

export type ClientNode = typeof ClientNodeNamespace;

let clientNode: ClientNode | undefined;

/** The @kubernetes/client-node module, loaded on first use. */
export function loadClientNode(): ClientNode {
  if (!clientNode) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      clientNode = require('@kubernetes/client-node') as ClientNode;
    } catch (e) {
      if ((e as NodeJS.ErrnoException)?.code !== 'MODULE_NOT_FOUND' || !String((e as Error).message).includes("'@kubernetes/client-node'")) throw e;
      // An optional dependency: the container image of the KRM function leaves it out.
      throw new ExportError(
        'client-missing',
        'export-context needs @kubernetes/client-node, which this installation leaves out (the KRM function image does): ' +
          'run it from the npm package (npm install -g inject-fluid-sidecar) or the single-file executable',
      );
    }
  }
  return clientNode;
}



/** What a request reads, for error messages: `list configmaps in namespace demo`. */
export interface Target {
  verb: 'get' | 'list';
  /** Resource as RBAC names it, with the group for non-core resources: `datasets.data.fluid.io`, `daemonsets.apps`. */
  resource: string;
  namespace?: string;
  name?: string;
}

/** `get daemonsets.apps hbase-fuse in namespace demo`; without the name it is what RBAC must allow. */
function describeTarget(t: Target, withName = true): string {
  const what = `${t.verb} ${t.resource}${withName && t.name ? ` ${t.name}` : ''}`;
  return t.namespace ? `${what} in namespace ${t.namespace}` : `${what} (cluster-scoped)`;
}

/** Kubernetes Status message from an error response body, if it is one. */
function statusMessage(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (isObject(parsed) && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: e.g. "404 page not found"
  }
  return firstLine(text) || undefined;
}

/**
 * The HTTP status of a failed call. client-node 1.4 rejects with `ApiException` (numeric `code`, string or undefined
 * `body`) for every non-2xx answer; transport failures reject with node-fetch's `FetchError`/`AbortError`, whose
 * `code` is a string such as `ECONNREFUSED`. The client is loaded outside the caller's realm under some test runners,
 * so this is duck-typed instead of `instanceof ApiException`.
 */
function httpStatusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** A transport-level failure reason (connection refused, DNS, TLS, timeout), or undefined. */
function transportReason(err: unknown, timeoutMs: number): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { name?: unknown; type?: unknown; code?: unknown; message?: unknown };
  if (e.name === 'AbortError' || e.type === 'aborted') {
    return `no response within ${timeoutMs / 1000}s`;
  }
  if (e.name === 'FetchError' || e.type === 'system' || (typeof e.code === 'string' && /^E[A-Z_]+$/.test(e.code))) {
    const message = typeof e.message === 'string' ? e.message : String(e.code);
    // node-fetch: "request to <url> failed, reason: connect ECONNREFUSED 127.0.0.1:1"
    const m = /reason: (.*)$/s.exec(message);
    return firstLine(m ? m[1] : message);
  }
  return undefined;
}

export interface ReaderOptions {
  /** Per-request timeout. */
  timeoutMs: number;
}

/** Reads custom and core objects as raw JSON, mapping failures to one-line ExportErrors. */
export class KubeReader {
  readonly server: string;
  readonly contextName: string;
  private readonly custom: ClientNodeNamespace.CustomObjectsApi;
  private readonly core: ClientNodeNamespace.CoreV1Api;
  private readonly apps: ClientNodeNamespace.AppsV1Api;
  private readonly storage: ClientNodeNamespace.StorageV1Api;

  constructor(
    private readonly client: ClientNode,
    kubeConfig: KubeConfig,
    private readonly options: ReaderOptions,
  ) {
    const cluster = kubeConfig.getCurrentCluster();
    this.contextName = kubeConfig.getCurrentContext();
    if (!cluster) {
      throw new ExportError('kubeconfig', `the kubeconfig context ${this.contextName || '(none)'} has no cluster`);
    }
    this.server = cluster.server;
    this.custom = kubeConfig.makeApiClient(client.CustomObjectsApi);
    this.core = kubeConfig.makeApiClient(client.CoreV1Api);
    this.apps = kubeConfig.makeApiClient(client.AppsV1Api);
    this.storage = kubeConfig.makeApiClient(client.StorageV1Api);
  }

  /**
   * Runs one typed call and returns the raw JSON body, or undefined on 404. Every other failure becomes an
   * ExportError.
   */
  private async raw(target: Target, call: (options: ConfigurationOptions) => Promise<unknown>): Promise<JsonObject | undefined> {
    const { Observable } = this.client;
    const timeoutMs = this.options.timeoutMs;
    let text: string | undefined;
    const capture: ObservableMiddleware = {
      pre: (request: RequestContext) => {
        request.setSignal(AbortSignal.timeout(timeoutMs));
        return new Observable(Promise.resolve(request));
      },
      post: (response: ResponseContext) =>
        new Observable(
          (async () => {
            const body = await response.body.text();
            text = body;
            // The generated response processor reads the body again; hand it the text already read.
            response.body = { text: () => Promise.resolve(body), binary: () => Promise.resolve(Buffer.from(body)) };
            return response;
          })(),
        ),
    };
    try {
      await call({ middleware: [capture], middlewareMergeStrategy: 'append' });
    } catch (err) {
      const status = httpStatusOf(err);
      if (status === 404) return undefined;
      throw this.translate(err, status, target, text);
    }
    let parsed: unknown;
    try {
      parsed = text === undefined ? undefined : JSON.parse(text);
    } catch {
      // fall through
    }
    if (!isObject(parsed)) {
      throw new ExportError('api-error', `unexpected response from the API server ${this.server} to ${describeTarget(target)}: not a JSON object`);
    }
    return parsed;
  }

  private translate(err: unknown, status: number | undefined, target: Target, text: string | undefined): ExportError {
    if (status === 401) {
      return new ExportError('unauthorized', `unauthorized: check the kubeconfig credentials for context ${this.contextName}`);
    }
    if (status === 403) {
      return new ExportError('forbidden', `forbidden: ${describeTarget(target, false)}`);
    }
    if (status !== undefined) {
      const detail = statusMessage(text) ?? statusMessage((err as { body?: unknown }).body as string | undefined);
      return new ExportError(
        'api-error',
        `the API server ${this.server} answered HTTP ${status} to ${describeTarget(target)}${detail ? `: ${detail}` : ''}`,
      );
    }
    const reason = transportReason(err, this.options.timeoutMs);
    if (reason !== undefined) {
      return new ExportError('unreachable', `cannot reach the API server ${this.server}: ${reason}`);
    }
    // Client-side failures: exec credential plugins, unreadable certificate files, plain http without
    // insecure-skip-tls-verify, ...
    return new ExportError('api-error', `cannot ${describeTarget(target)} on ${this.server}: ${firstLine(err)}`);
  }

  /** Lists every item, following `metadata.continue`. Undefined when the list endpoint answers 404. */
  private async listAll(
    target: Target,
    page: (cont: string | undefined, options: ConfigurationOptions) => Promise<unknown>,
  ): Promise<JsonObject[] | undefined> {
    const items: JsonObject[] = [];
    let cont: string | undefined;
    for (;;) {
      const list = await this.raw(target, (options) => page(cont, options));
      if (list === undefined) return undefined;
      if (Array.isArray(list.items)) {
        for (const item of list.items) {
          if (!isObject(item)) continue;
          // The items of a namespaced list may come without a namespace (the request names it):
          // both exports key and write each object by its own.
          if (target.namespace !== undefined) item.metadata = withNamespace(item.metadata, target.namespace);
          items.push(item);
        }
      }
      const meta = list.metadata;
      cont = isObject(meta) && typeof meta.continue === 'string' && meta.continue !== '' ? meta.continue : undefined;
      if (cont === undefined) return items;
    }
  }

  /** Every object of a namespaced custom resource (`apiVersion` is group/version); undefined when the resource is not served. */
  listCustom(apiVersion: string, namespace: string, plural: string): Promise<JsonObject[] | undefined> {
    const [group, version] = apiVersion.split('/');
    return this.listAll({ verb: 'list', resource: `${plural}.${group}`, namespace }, (cont, options) =>
      this.custom.listNamespacedCustomObject({ group, version, namespace, plural, limit: 500, _continue: cont }, options),
    );
  }

  getCustom(apiVersion: string, namespace: string, plural: string, name: string): Promise<JsonObject | undefined> {
    const [group, version] = apiVersion.split('/');
    return this.raw({ verb: 'get', resource: `${plural}.${group}`, namespace, name }, (options) =>
      this.custom.getNamespacedCustomObject({ group, version, namespace, plural, name }, options),
    );
  }

  async listPersistentVolumeClaims(namespace: string): Promise<JsonObject[]> {
    const items = await this.listAll({ verb: 'list', resource: 'persistentvolumeclaims', namespace }, (cont, options) =>
      this.core.listNamespacedPersistentVolumeClaim({ namespace, limit: 500, _continue: cont }, options),
    );
    return items ?? [];
  }

  getPersistentVolume(name: string): Promise<JsonObject | undefined> {
    return this.raw({ verb: 'get', resource: 'persistentvolumes', name }, (options) =>
      this.core.readPersistentVolume({ name }, options),
    );
  }

  getDaemonSet(namespace: string, name: string): Promise<JsonObject | undefined> {
    return this.raw({ verb: 'get', resource: 'daemonsets.apps', namespace, name }, (options) =>
      this.apps.readNamespacedDaemonSet({ namespace, name }, options),
    );
  }

  getDeployment(namespace: string, name: string): Promise<JsonObject | undefined> {
    return this.raw({ verb: 'get', resource: 'deployments.apps', namespace, name }, (options) =>
      this.apps.readNamespacedDeployment({ namespace, name }, options),
    );
  }

  async listConfigMaps(namespace: string): Promise<JsonObject[]> {
    const items = await this.listAll({ verb: 'list', resource: 'configmaps', namespace }, (cont, options) =>
      this.core.listNamespacedConfigMap({ namespace, limit: 500, _continue: cont }, options),
    );
    return items ?? [];
  }

  getConfigMap(namespace: string, name: string): Promise<JsonObject | undefined> {
    return this.raw({ verb: 'get', resource: 'configmaps', namespace, name }, (options) =>
      this.core.readNamespacedConfigMap({ namespace, name }, options),
    );
  }

  getNamespace(name: string): Promise<JsonObject | undefined> {
    return this.raw({ verb: 'get', resource: 'namespaces', name }, (options) => this.core.readNamespace({ name }, options));
  }

  getStorageClass(name: string): Promise<JsonObject | undefined> {
    return this.raw({ verb: 'get', resource: 'storageclasses.storage.k8s.io', name }, (options) => this.storage.readStorageClass({ name }, options));
  }

  getSecret(namespace: string, name: string): Promise<JsonObject | undefined> {
    return this.raw({ verb: 'get', resource: 'secrets', namespace, name }, (options) => this.core.readNamespacedSecret({ namespace, name }, options));
  }
}

/** `metadata` with `namespace` where it has none, placed after the name as the API server writes it. */
function withNamespace(metadata: unknown, namespace: string): JsonObject {
  const meta = isObject(metadata) ? metadata : {};
  if (typeof meta.namespace === 'string' && meta.namespace !== '') return meta;
  const out: JsonObject = {};
  if (meta.name !== undefined) out.name = meta.name;
  out.namespace = namespace;
  for (const [k, v] of Object.entries(meta)) if (k !== 'name' && k !== 'namespace') setOwn(out, k, v);
  return out;
}
