// `inject-fluid-sidecar export-context`: export the cluster's Fluid state as local-config YAML, so that the function
// can render sidecar injection at GitOps render time from the ResourceList items alone.
import { isDnsLabel, isDnsSubdomain } from '../../krm/names';
import { compareStrings, isObject, JsonObject, KubeObject } from '../../types';
import { datasetOfPvc } from '../dataset-pvc';
import { isBadRef, parseDatasetRef } from '../dataset-ref';
import { PLUGINS_CONFIGMAP, WEBHOOK_DEPLOYMENT } from '../cluster-webhook';
import { isCheckConfigMap, pvName as pvNameOf } from '../names';
import { FLUID_API_VERSION, FLUID_GROUP, fuseDaemonSetName, isRuntimeType, runtimeTypeInfo } from '../runtimes';
import { parseArgs, USAGE } from './args';
import { exportNamespaces, plural, renderExport } from '../../krm/export/documents';
import { cleanFluidObject, fluidKindRank } from './clean';
import { ExportIo, runExportCommand } from '../../krm/export/command';
import { ExportError } from '../../krm/export/errors';
import type { ConnectionOptions } from '../../krm/export/flags';
import { openReader, ReaderDeps } from '../../krm/export/kubeconfig';

export { ExportError } from '../../krm/export/errors';

/** The namespaces to export and how to reach the cluster (fn/krm/export/flags.ts), and Fluid's own options. */
export interface ExportOptions extends ConnectionOptions {
  /** Optional Dataset filter: `name` (in any exported namespace) or `namespace/name`. */
  datasets?: string[];
  /** Namespace of Fluid's webhook (its Deployment and plugin profile); default fluid-system. */
  fluidNamespace?: string;
}

export interface ExportDeps extends ReaderDeps {
  /** Progress and warning lines (no trailing newline); default stderr. */
  log?: (line: string) => void;
}

const DEFAULT_FLUID_NAMESPACE = 'fluid-system';
const CONCURRENCY = 8;

interface DatasetFilter {
  namespace?: string;
  name: string;
  text: string;
  matched: boolean;
}

interface Collected {
  raw: JsonObject;
  apiVersion: string;
  kind: string;
}

interface DatasetResult {
  objects: Collected[];
  warnings: string[];
  /** `namespace/name` of the physical dataset when this is a reference dataset. */
  physical?: { namespace: string; name: string };
}

type ConfigMapLookup = (namespace: string, name: string) => Promise<JsonObject | undefined>;

function metaOf(obj: JsonObject): { name: string; namespace: string; labels: Record<string, string> } {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const labels: Record<string, string> = {};
  if (isObject(meta.labels)) {
    for (const [k, v] of Object.entries(meta.labels)) if (typeof v === 'string') labels[k] = v;
  }
  return {
    name: typeof meta.name === 'string' ? meta.name : '',
    namespace: typeof meta.namespace === 'string' ? meta.namespace : '',
    labels,
  };
}

/** ConfigMaps a fuse DaemonSet's containers load (`envFrom[].configMapRef`) or mount (`volumes[].configMap`). */
function configMapsOfDaemonSet(ds: JsonObject): string[] {
  const names = new Set<string>();
  const spec = isObject(ds.spec) ? ds.spec : {};
  const template = isObject(spec.template) ? spec.template : {};
  const podSpec = isObject(template.spec) ? template.spec : {};
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  for (const container of containers) {
    if (!isObject(container) || !Array.isArray(container.envFrom)) continue;
    for (const source of container.envFrom) {
      if (isObject(source) && isObject(source.configMapRef) && typeof source.configMapRef.name === 'string') {
        names.add(source.configMapRef.name);
      }
    }
  }
  const volumes = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
  for (const volume of volumes) {
    if (!isObject(volume)) continue;
    if (isObject(volume.configMap) && typeof volume.configMap.name === 'string') names.add(volume.configMap.name);
    const sources = isObject(volume.projected) && Array.isArray(volume.projected.sources) ? volume.projected.sources : [];
    for (const source of sources) {
      if (isObject(source) && isObject(source.configMap) && typeof source.configMap.name === 'string') {
        names.add(source.configMap.name);
      }
    }
  }
  return [...names].sort(compareStrings);
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function parseFilters(datasets: string[] | undefined, namespaces: Set<string>): DatasetFilter[] {
  return (datasets ?? []).map((text) => {
    const parts = text.split('/');
    if (parts.length > 2 || !parts.every((p, i) => (i === 0 && parts.length === 2 ? isDnsLabel : isDnsSubdomain)(p))) {
      throw new ExportError('argument-invalid', `--dataset ${text}: expected NAME or NAMESPACE/NAME`);
    }
    if (parts.length === 2) {
      if (!namespaces.has(parts[0])) {
        throw new ExportError('argument-invalid', `--dataset ${text}: namespace ${parts[0]} is not exported (add --namespace ${parts[0]})`);
      }
      return { namespace: parts[0], name: parts[1], text, matched: false };
    }
    return { name: parts[0], text, matched: false };
  });
}

function reexportCommand(opts: ExportOptions, namespaces: string[]): string {
  const args = ['inject-fluid-sidecar export-context'];
  for (const ns of namespaces) args.push(`--namespace ${ns}`);
  for (const ds of opts.datasets ?? []) args.push(`--dataset ${ds}`);
  if (opts.server) args.push(`--server ${opts.server}`);
  if (opts.context) args.push(`--context ${opts.context}`);
  if (opts.fluidNamespace) args.push(`--fluid-namespace ${opts.fluidNamespace}`);
  return args.join(' ');
}

/**
 * Reads the Fluid state of `opts.namespaces` and returns it as multi-document YAML, cleaned by `cleanFluidObject` and
 * ordered by `fluidKindRank` (clean.ts). Progress lines and warnings about missing optional objects go to
 * `deps.log`; API and kubeconfig failures throw ExportError with a one-line message.
 */
export async function exportContext(opts: ExportOptions, deps: ExportDeps = {}): Promise<string> {
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const warn = (message: string): void => log(`warning: ${message}`);

  const namespaces = exportNamespaces(opts.namespaces);
  if (opts.fluidNamespace !== undefined && !isDnsLabel(opts.fluidNamespace)) {
    throw new ExportError('argument-invalid', `invalid --fluid-namespace ${JSON.stringify(opts.fluidNamespace)}`);
  }
  const namespaceSet = new Set(namespaces);
  const filters = parseFilters(opts.datasets, namespaceSet);

  const reader = openReader(opts, deps);

  const collected = new Map<string, Collected>();
  const add = (item: Collected): void => {
    const { name, namespace } = metaOf(item.raw);
    collected.set(`${item.kind}|${namespace}|${name}`, item);
  };
  /** `ns/name` of datasets exported with their full object set (Dataset, runtime, PV, DaemonSet, ConfigMaps). */
  const exportedDatasets = new Set<string>();
  const physicalQueue: { namespace: string; name: string; referencedBy: string }[] = [];
  const emptyNamespaces: string[] = [];

  const exportDataset = async (dataset: JsonObject, lookupConfigMap: ConfigMapLookup): Promise<DatasetResult> => {
    const { name, namespace } = metaOf(dataset);
    const id = `${namespace}/${name}`;
    const result: DatasetResult = { objects: [{ raw: dataset, apiVersion: FLUID_API_VERSION, kind: 'Dataset' }], warnings: [] };
    const ref = parseDatasetRef(dataset);
    if (ref && isBadRef(ref)) result.warnings.push(`Dataset ${id} is a reference dataset whose ${ref.field} is invalid (${ref.error}): its physical dataset is not exported`);
    else if (ref) result.physical = { namespace: ref.namespace, name: ref.name };

    const status = isObject(dataset.status) ? dataset.status : {};
    const bound = Array.isArray(status.runtimes) ? status.runtimes[0] : undefined;
    if (!isObject(bound)) {
      result.warnings.push(`Dataset ${id} is not bound to a runtime (no status.runtimes): only the Dataset is exported`);
      return result;
    }
    const type = typeof bound.type === 'string' ? bound.type : '';
    const runtime = isRuntimeType(type) ? runtimeTypeInfo(type) : undefined;
    if (runtime) {
      const rt = await reader.getCustom(FLUID_API_VERSION, namespace, runtime.plural, name);
      if (rt) result.objects.push({ raw: rt, apiVersion: FLUID_API_VERSION, kind: runtime.kind });
      else result.warnings.push(`${runtime.kind} ${id} not found`);
    } else {
      result.warnings.push(`Dataset ${id} has unknown runtime type ${JSON.stringify(type)}: its runtime is not exported`);
    }

    const pvName = pvNameOf(namespace, name);
    const pv = await reader.getPersistentVolume(pvName);
    if (pv) result.objects.push({ raw: pv, apiVersion: 'v1', kind: 'PersistentVolume' });
    else result.warnings.push(`PersistentVolume ${pvName} (of Dataset ${id}) not found`);

    const dsName = fuseDaemonSetName(isRuntimeType(type) ? type : 'thin', name);
    const daemonSet = await reader.getDaemonSet(namespace, dsName);
    if (!daemonSet) {
      result.warnings.push(`fuse DaemonSet ${namespace}/${dsName} (of Dataset ${id}) not found`);
      return result;
    }
    result.objects.push({ raw: daemonSet, apiVersion: 'apps/v1', kind: 'DaemonSet' });
    for (const cmName of configMapsOfDaemonSet(daemonSet)) {
      const cm = await lookupConfigMap(namespace, cmName);
      if (cm) result.objects.push({ raw: cm, apiVersion: 'v1', kind: 'ConfigMap' });
      else result.warnings.push(`ConfigMap ${namespace}/${cmName} (used by DaemonSet ${namespace}/${dsName}) not found`);
    }
    return result;
  };

  const record = (results: DatasetResult[]): void => {
    for (const result of results) {
      for (const line of result.warnings) warn(line);
      for (const object of result.objects) add(object);
      const { name, namespace } = metaOf(result.objects[0].raw);
      exportedDatasets.add(`${namespace}/${name}`);
      if (result.physical) physicalQueue.push({ ...result.physical, referencedBy: `${namespace}/${name}` });
    }
  };

  for (const namespace of namespaces) {
    const all = await reader.listCustom(FLUID_API_VERSION, namespace, 'datasets');
    if (all === undefined) {
      throw new ExportError('crd-missing', `the Fluid CRD datasets.${FLUID_GROUP} is not installed on ${reader.server}`);
    }
    const datasets = all
      .filter((raw) => {
        if (filters.length === 0) return true;
        const { name } = metaOf(raw);
        let keep = false;
        for (const f of filters) {
          if (f.name === name && (f.namespace === undefined || f.namespace === namespace)) {
            f.matched = true;
            keep = true;
          }
        }
        return keep;
      })
      .sort((a, b) => compareStrings(metaOf(a).name, metaOf(b).name));
    log(`exporting namespace ${namespace}: ${plural(datasets.length, 'dataset')}`);
    if (datasets.length === 0) {
      if (all.length === 0) emptyNamespaces.push(namespace);
      continue;
    }

    const configMaps = new Map<string, JsonObject>();
    for (const cm of await reader.listConfigMaps(namespace)) {
      const { name } = metaOf(cm);
      configMaps.set(name, cm);
      if (isCheckConfigMap(name)) add({ raw: cm, apiVersion: 'v1', kind: 'ConfigMap' });
    }

    const names = new Set(datasets.map((d) => metaOf(d).name));
    for (const pvc of await reader.listPersistentVolumeClaims(namespace)) {
      const owner = datasetOfPvc({ metadata: metaOf(pvc) });
      if (owner !== undefined && names.has(owner)) add({ raw: pvc, apiVersion: 'v1', kind: 'PersistentVolumeClaim' });
    }

    const fromList: ConfigMapLookup = (_ns, name) => Promise.resolve(configMaps.get(name));
    record(await mapLimit(datasets, CONCURRENCY, (dataset) => exportDataset(dataset, fromList)));
  }

  // Physical datasets of reference datasets: their Dataset, runtime, PV, fuse DaemonSet and its ConfigMaps, once.
  const configMapCache = new Map<string, Promise<JsonObject | undefined>>();
  const getConfigMap: ConfigMapLookup = (namespace, name) => {
    const key = `${namespace}/${name}`;
    let cached = configMapCache.get(key);
    if (!cached) {
      cached = reader.getConfigMap(namespace, name);
      configMapCache.set(key, cached);
    }
    return cached;
  };
  const visited = new Set<string>();
  while (physicalQueue.length > 0) {
    const { namespace, name, referencedBy } = physicalQueue.shift()!;
    const id = `${namespace}/${name}`;
    if (exportedDatasets.has(id) || visited.has(id)) continue;
    visited.add(id);
    log(`exporting dataset ${id}: referenced by ${referencedBy}`);
    const dataset = await reader.getCustom(FLUID_API_VERSION, namespace, 'datasets', name);
    if (!dataset) {
      warn(`Dataset ${id} (referenced by ${referencedBy}) not found`);
      continue;
    }
    record([await exportDataset(dataset, getConfigMap)]);
  }

  // What the webhook says of itself: its release (image tag), sidecar mode and plugin profile. Absent (a
  // 404) is no warning: the function itself says which release it then assumes.
  const fluidNamespace = opts.fluidNamespace ?? DEFAULT_FLUID_NAMESPACE;
  let webhookForbidden = false;
  const optional = async (what: string, get: () => Promise<JsonObject | undefined>): Promise<JsonObject | undefined> => {
    try {
      return await get();
    } catch (err) {
      if (!(err instanceof ExportError) || err.code !== 'forbidden') throw err;
      webhookForbidden = true;
      warn(`cannot read ${what} (${err.message}): the function will need fluidVersion in its config`);
      return undefined;
    }
  };
  const webhook = await optional(`Deployment ${fluidNamespace}/${WEBHOOK_DEPLOYMENT}`, () => reader.getDeployment(fluidNamespace, WEBHOOK_DEPLOYMENT));
  if (webhook) {
    log(`exporting Fluid's webhook settings from namespace ${fluidNamespace}`);
    add({ raw: webhook, apiVersion: 'apps/v1', kind: 'Deployment' });
    const plugins = await optional(`ConfigMap ${fluidNamespace}/${PLUGINS_CONFIGMAP}`, () => reader.getConfigMap(fluidNamespace, PLUGINS_CONFIGMAP));
    if (plugins) add({ raw: plugins, apiVersion: 'v1', kind: 'ConfigMap' });
  }

  // Nothing where the user named something: an error, not an export of zero objects. (Without
  // --fluid-namespace, a cluster without the webhook where it usually is stays an export: the function
  // then says which release it assumes.)
  const missing = filters
    .filter((f) => !f.matched)
    .map((f) => `--dataset ${f.text} matched no Dataset in namespace${f.namespace ? ` ${f.namespace}` : `s ${namespaces.join(', ')}`}`);
  if (filters.length === 0) {
    missing.push(...emptyNamespaces.map((ns) => `namespace ${ns} has no Dataset (${FLUID_API_VERSION}) on ${reader.server}`));
  }
  if (opts.fluidNamespace !== undefined && !webhook && !webhookForbidden) {
    missing.push(`--fluid-namespace ${fluidNamespace}: no Deployment ${WEBHOOK_DEPLOYMENT} there on ${reader.server}`);
  }
  if (missing.length > 0) throw new ExportError('nothing-found', missing.join('; '));

  const objects: KubeObject[] = [...collected.values()].map((c) => cleanFluidObject(c.raw, c.apiVersion, c.kind));
  log(`exported ${plural(objects.length, 'object')}`);
  return renderExport({
    title: 'Fluid cluster state for inject-fluid-sidecar, exported by `inject-fluid-sidecar export-context`.',
    reader,
    scope: `Namespaces: ${namespaces.join(', ')}; datasets: ${filters.length > 0 ? filters.map((f) => f.text).join(', ') : 'all'}`,
    objects,
    more: [`Re-export with: ${reexportCommand(opts, namespaces)}`],
    kindRank: fluidKindRank,
  });
}

const COMMAND = { usage: USAGE, parse: parseArgs, run: (options: ExportOptions, log: (line: string) => void) => exportContext(options, { log }) };

/**
 * CLI entry: `argv` are the arguments after `export-context`. Returns the exit code (0 ok, 1 on any error, each
 * reported as one line on stderr).
 */
export function runExportContext(argv: string[], io: ExportIo): Promise<number> {
  return runExportCommand(COMMAND, argv, io);
}
