// Golden cases of the JuiceFS function: testdata/juicefs/<case>/{in.yaml, expected.yaml (absent
// for an error case), config.yaml?, results.yaml, README.md}. What is compared, and how it is
// normalized, is written once here for the library, executable and kpt tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { isObject } from '../../fn/types';
import type { JsonObject, JsonValue, KubeObject, Result } from '../../fn/types';
import { parseDocs, resourceListOf } from './golden';

export { parseDocs, resourceListOf };

export const CASES_DIR = path.join(__dirname, '..', '..', 'testdata', 'juicefs');

export interface JuiceFSCase {
  name: string;
  dir: string;
  inputText: string;
  input: KubeObject[];
  functionConfig?: JsonObject;
  /** absent for an error case */
  expected?: KubeObject[];
  /** pinned results: severity, resourceRef and field equal; the actual message contains the pinned one */
  results?: Result[];
}

export function loadJuiceFSCases(dir = CASES_DIR): JuiceFSCase[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const at = (f: string) => path.join(dir, name, f);
      const inputText = fs.readFileSync(at('in.yaml'), 'utf8');
      const c: JuiceFSCase = { name, dir: path.join(dir, name), inputText, input: parseDocs(inputText) };
      if (fs.existsSync(at('config.yaml'))) c.functionConfig = YAML.parse(fs.readFileSync(at('config.yaml'), 'utf8'), { version: '1.1' });
      if (fs.existsSync(at('expected.yaml'))) c.expected = parseDocs(fs.readFileSync(at('expected.yaml'), 'utf8'));
      if (fs.existsSync(at('results.yaml'))) c.results = (YAML.parse(fs.readFileSync(at('results.yaml'), 'utf8'), { version: '1.1' }) ?? []) as Result[];
      return c;
    });
}

const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'PodTemplate', 'List']);
const ORCHESTRATOR_ANNOTATION = /^(internal\.)?config\.kubernetes\.io\/(path|index|id|seqindent|annotations-migration-resource-id)$|^config\.k8s\.io\/id$/;

function extraKinds(config?: JsonObject): string[] {
  const spec = isObject(config?.spec) ? config.spec : {};
  const data = isObject(config?.data) ? config.data : {};
  const raw = spec.extraPodTemplates ?? (typeof data.extraPodTemplates === 'string' ? YAML.parse(data.extraPodTemplates) : []);
  return (Array.isArray(raw) ? raw : []).map((e) => String((e as JsonObject).kind));
}

/**
 * Empty maps and lists dropped, scripts elided, and (with a token map) the hostpath mount directory
 * tokens numbered by first appearance, so that a case does not pin the directory names (A4).
 */
/** The annotation the function's record of an injection is in. */
const RECORD_ANNOTATION = 'fn.fluid.io/inject-juicefs-sidecar';

export function normalize(value: JsonValue | undefined, tokens: Map<string, string> | null, dropEmpty = true): JsonValue | undefined {
  if (Array.isArray(value)) {
    const items = value.map((v) => normalize(v, tokens, dropEmpty)).filter((v): v is JsonValue => v !== undefined);
    return items.length || !dropEmpty ? items : undefined;
  }
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      // the function's own record of an injection (not the webhook's output): checked by the round trip instead
      if (k === RECORD_ANNOTATION) continue;
      const n = k === 'check_mount.sh' ? '<script>' : normalize(v, tokens, dropEmpty);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length || !dropEmpty ? out : undefined;
  }
  if (typeof value === 'string') return tokens ? normalizeTokens(value, tokens) : value;
  return value === null ? undefined : value;
}

/** `/jfs/<6 letters>` names a hostpath mount directory; every `/<that token>` becomes `/<mN>`. */
export function normalizeTokens(text: string, tokens: Map<string, string>): string {
  for (const m of text.matchAll(/\/jfs\/([a-z]{6})(?![a-z0-9-])/g)) if (!tokens.has(m[1])) tokens.set(m[1], `<m${tokens.size + 1}>`);
  let out = text;
  for (const [token, label] of tokens) out = out.replace(new RegExp(`(/|mount dir )${token}(?![a-z0-9-])`, 'g'), `$1${label}`);
  return out;
}

function withoutOrchestratorAnnotations(o: KubeObject): KubeObject {
  const ann = o.metadata?.annotations;
  if (!ann) return o;
  const kept = Object.fromEntries(Object.entries(ann).filter(([k]) => !ORCHESTRATOR_ANNOTATION.test(k)));
  return { ...o, metadata: { ...o.metadata, annotations: kept } };
}

/**
 * What a case's expected.yaml lists: the workloads in input order, then every other object that
 * is new or changed (the generated ConfigMaps and Secrets), sorted by kind, namespace and name.
 */
export function comparableOutput(input: KubeObject[], output: KubeObject[], config?: JsonObject, tokens: Map<string, string> | null = new Map(), dropEmpty = true): JsonValue[] {
  const extra = extraKinds(config);
  const isWorkload = (o: KubeObject) => WORKLOAD_KINDS.has(o.kind) || extra.includes(o.kind);
  const inputJson = input.map((o) => JSON.stringify(withoutOrchestratorAnnotations(o)));
  const key = (o: KubeObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
  const cleaned = output.map(withoutOrchestratorAnnotations);
  const workloads = cleaned.slice(0, input.length).filter(isWorkload);
  const others = cleaned
    .filter((o, i) => !isWorkload(o) && (i >= input.length || JSON.stringify(o) !== inputJson[i]))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return [...workloads, ...others].map((o) => normalize(o, tokens, dropEmpty) ?? {});
}

/** Results as pinned; with the token map of the same output, their messages are normalized like the objects. */
export function comparableResults(results: readonly Result[], tokens: Map<string, string> | null = null): Result[] {
  return results.map((r) => {
    const out: Result = { message: tokens ? normalizeTokens(r.message, tokens) : r.message, severity: r.severity };
    if (r.resourceRef) out.resourceRef = r.resourceRef;
    if (r.field) out.field = { path: r.field.path };
    return out;
  });
}

/** Pinned results match when severity, resourceRef and field are equal and the message contains the pinned one. */
export function resultsMatch(actual: Result[], pinned: Result[]): string | undefined {
  if (actual.length !== pinned.length) return `${actual.length} results, ${pinned.length} pinned`;
  for (let i = 0; i < pinned.length; i++) {
    const a = actual[i];
    const p = pinned[i];
    const same = a.severity === p.severity && JSON.stringify(a.resourceRef ?? null) === JSON.stringify(p.resourceRef ?? null) && (a.field?.path ?? null) === (p.field?.path ?? null);
    if (!same || !a.message.includes(p.message)) return `result ${i}: ${JSON.stringify(a)} does not match the pinned ${JSON.stringify(p)}`;
  }
  return undefined;
}

/** Writes the expectation and pinned results of a case, for review (WRITE_GOLDEN=1). */
export function writeGolden(c: JuiceFSCase, comparable: JsonValue[] | undefined, results: Result[]): void {
  const doc = (v: unknown) => new YAML.Document(v, { version: '1.1' }).toString({ lineWidth: 0 });
  if (comparable) fs.writeFileSync(path.join(c.dir, 'expected.yaml'), comparable.map(doc).join('---\n'));
  fs.writeFileSync(path.join(c.dir, 'results.yaml'), doc(results));
}

/** Jest expectations: the objects and results of a run match the case, mount directory tokens numbered on each side alike. */
export function expectMatches(c: JuiceFSCase, output: KubeObject[] | undefined, results: Result[]): void {
  const actualTokens = new Map<string, string>();
  const expectedTokens = new Map<string, string>();
  if (output) expect(comparableOutput(c.input, output, c.functionConfig, actualTokens)).toEqual(comparableOutput(c.input, c.expected!, c.functionConfig, expectedTokens));
  expect(resultsMatch(comparableResults(results, actualTokens), comparableResults(c.results ?? [], expectedTokens))).toBeUndefined();
}
