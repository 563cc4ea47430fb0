// Shared helpers of the golden tests: load a case in the fluid-cases format and compare outputs
// the way the cases' README says (semantically, scripts and random parts normalized).
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { isObject, JsonObject, JsonValue, KubeObject, Result } from '../../fn/types';
import { configFromEnv } from '../../tools/webhook-env';

export interface GoldenCase {
  name: string;
  /** Where the expected output is (or would be) written. */
  expectedPath: string;
  /** The case's input file. */
  inputPath: string;
  /** Where the pinned results are (or would be) written. */
  resultsPath: string;
  dir: string;
  input: KubeObject[];
  inputText: string;
  functionConfig?: JsonObject;
  expected?: KubeObject[];
  /** the pinned KRM results (one-directory cases; optional for the shared flat cases) */
  results?: Result[];
  /** Fluid's error text (flat cases), or the first pinned error result's message */
  error?: string;
}

export function parseDocs(text: string): KubeObject[] {
  return YAML.parseAllDocuments(text, { version: '1.1' })
    .map((d) => d.toJS() as KubeObject)
    .filter((d) => d !== null);
}

/**
 * The cases of a directory: the shared flat layout (`NAME.in.yaml`, `NAME.expected.yaml` |
 * `NAME.error.txt`, `NAME.env` | `NAME.config.yaml`, optional `NAME.results.yaml`) or one directory
 * per case (`NAME/in.yaml`, `expected.yaml`, `config.yaml`, `results.yaml`).
 */
export function loadCases(dir: string): GoldenCase[] {
  const flat = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.in.yaml'))
    .map((f) => f.slice(0, -'.in.yaml'.length))
    .map((name) => loadCase(dir, name, (file) => path.join(dir, `${name}.${file}`)));
  const nested = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'in.yaml')))
    .map((e) => loadCase(dir, e.name, (file) => path.join(dir, e.name, file)));
  return [...flat, ...nested].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `at(file)`: where a case's `in.yaml`, `expected.yaml`, `results.yaml`, ... is. */
function loadCase(dir: string, name: string, at: (file: string) => string): GoldenCase {
  const inputText = fs.readFileSync(at('in.yaml'), 'utf8');
  const c: GoldenCase = { name, dir, inputPath: at('in.yaml'), expectedPath: at('expected.yaml'), resultsPath: at('results.yaml'), input: parseDocs(inputText), inputText };
  if (fs.existsSync(at('env'))) c.functionConfig = configFromEnv(fs.readFileSync(at('env'), 'utf8'));
  if (fs.existsSync(at('config.yaml'))) c.functionConfig = YAML.parse(fs.readFileSync(at('config.yaml'), 'utf8'), { version: '1.1' });
  if (fs.existsSync(at('expected.yaml'))) c.expected = parseDocs(fs.readFileSync(at('expected.yaml'), 'utf8'));
  if (fs.existsSync(at('results.yaml'))) c.results = (YAML.parse(fs.readFileSync(at('results.yaml'), 'utf8'), { version: '1.1' }) ?? []) as Result[];
  if (fs.existsSync(at('error.txt'))) c.error = fs.readFileSync(at('error.txt'), 'utf8').trim();
  else if (!c.expected) c.error = c.results?.find((r) => r.severity === 'error')?.message;
  return c;
}

const RANDOM_SEGMENT = /\/\d+-[0-9a-f]{8}(?=\/|$)/g;

/** Drops empty maps/lists and normalizes the parts the cases leave open. */
export function normalize(value: JsonValue | undefined): JsonValue | undefined {
  if (Array.isArray(value)) {
    const items = value.map(normalize).filter((v): v is JsonValue => v !== undefined);
    return items.length ? items : undefined;
  }
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalize(v);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (typeof value === 'string') return value.replace(RANDOM_SEGMENT, '/0-00000000');
  return value === null ? undefined : value;
}

/** The function's own record of an injection (not the webhook's output): compared by the round trip instead. */
const RECORD_ANNOTATION = 'fn.fluid.io/inject-fluid-sidecar';

function dropRecords(value: unknown): void {
  if (Array.isArray(value)) value.forEach(dropRecords);
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'annotations' && isObject(v)) delete v[RECORD_ANNOTATION];
      dropRecords(v);
    }
  }
}

export function normalizeObject(obj: KubeObject): JsonValue | undefined {
  const copy = structuredClone(obj);
  dropRecords(copy);
  if (copy.kind === 'ConfigMap') {
    if (isObject(copy.data)) for (const k of Object.keys(copy.data)) copy.data[k] = '<script>';
    const ann = copy.metadata.annotations;
    if (ann && 'fluid.io/check-mount-script-sha256' in ann) ann['fluid.io/check-mount-script-sha256'] = '<sha>';
  } else {
    delete copy.status;
  }
  delete copy.metadata.creationTimestamp;
  return normalize(copy);
}

const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'PodTemplate', 'List']);

/** The CRD kinds our own cases use (written out here, not taken from the function's table). */
const CRD_WORKLOAD_KINDS = new Set([
  'serving.knative.dev/Service',
  'argoproj.io/Rollout',
  'kubeflow.org/PyTorchJob',
  'kubeflow.org/TFJob',
  'kubeflow.org/MPIJob',
  'kubeflow.org/XGBoostJob',
  'kubeflow.org/PaddleJob',
  'kubeflow.org/JAXJob',
  'trainer.kubeflow.org/TrainingRuntime',
  'ray.io/RayCluster',
  'ray.io/RayJob',
  'ray.io/RayService',
  'batch.volcano.sh/Job',
  'jobset.x-k8s.io/JobSet',
  'leaderworkerset.x-k8s.io/LeaderWorkerSet',
  'apps.kruise.io/CloneSet',
  'apps.kruise.io/StatefulSet',
  'apps.kruise.io/DaemonSet',
]);

/** Whether an input object is a workload in the cases' sense (README "What is a workload"). */
export function isCaseWorkload(o: KubeObject, extraKinds: readonly string[] = []): boolean {
  if (extraKinds.includes(`${o.apiVersion}/${o.kind}`)) return true;
  if (CRD_WORKLOAD_KINDS.has(`${o.apiVersion.split('/')[0]}/${o.kind}`)) return true;
  if (o.kind === 'DaemonSet') {
    const labels = (o as any).spec?.template?.metadata?.labels ?? {};
    return labels['serverless.fluid.io/inject'] === 'true';
  }
  return WORKLOAD_KINDS.has(o.kind);
}

/**
 * The function's output reduced to what a case's expected file lists: workloads in input order,
 * then every ConfigMap created or changed, sorted by namespace/name.
 */
export function comparableOutput(input: KubeObject[], output: KubeObject[], functionConfig?: JsonObject): (JsonValue | undefined)[] {
  const extra = ((functionConfig?.spec as JsonObject | undefined)?.extraPodTemplates ?? []) as { apiVersion: string; kind: string }[];
  const extraKinds = extra.map((e) => `${e.apiVersion}/${e.kind}`);
  const workloads = output.slice(0, input.length).filter((o) => isCaseWorkload(o, extraKinds));
  const key = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
  const inputJson = input.map((o) => JSON.stringify(o));
  const changedCms = output
    .filter((o, i) => o.kind === 'ConfigMap' && (i >= input.length || JSON.stringify(o) !== inputJson[i]))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return [...workloads, ...changedCms].map(normalizeObject);
}

/** A ResourceList whose items are the documents of a multi-document YAML text, comments kept. */
export function resourceListOf(multiDoc: string, functionConfig?: JsonObject): string {
  const docs = multiDoc.split(/^---[ \t]*$/m).filter((d) => d.trim() !== '');
  const items = docs
    .map((d) =>
      d
        .replace(/^\n+/, '')
        .replace(/\s+$/, '')
        .split('\n')
        .map((line, i) => (i === 0 ? `- ${line}` : line === '' ? '' : `  ${line}`))
        .join('\n'),
    )
    .join('\n');
  let out = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}\n`;
  if (functionConfig) {
    const cfg = new YAML.Document(functionConfig, { version: '1.1' }).toString({ lineWidth: 0 });
    out += `functionConfig:\n${cfg.replace(/\s+$/, '').split('\n').map((l) => `  ${l}`).join('\n')}\n`;
  }
  return out;
}

export function itemsOf(resourceListText: string): KubeObject[] {
  const rl = YAML.parse(resourceListText, { version: '1.1' }) as { items: KubeObject[] };
  return rl.items;
}

/** Writes the results a case's function emitted, to pin them (review before committing). */
export function writeResults(c: GoldenCase, results: readonly Result[]): void {
  fs.writeFileSync(c.resultsPath, results.length ? YAML.stringify(results, { lineWidth: 0, aliasDuplicateObjects: false }) : '[]\n');
}

/** Writes a missing expectation in the cases' format (keys sorted, scripts elided), for review. */
export function writeExpected(c: GoldenCase, comparable: (JsonValue | undefined)[]): void {
  const text = comparable
    .map((o) => new YAML.Document(o, { version: '1.1', sortMapEntries: true }).toString({ lineWidth: 0, indentSeq: false }))
    .join('---\n');
  fs.writeFileSync(c.expectedPath, text);
}
