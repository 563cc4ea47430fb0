// The fuzz properties, shared by the jest suite (properties.test.ts, a few thousand runs) and the
// long runner (run.ts, 100,000+ runs). Each check runs the KRM function in-process on one generated
// input and returns the violated properties (empty: all hold).
import Ajv from 'ajv';
import YAML, { isMap, isSeq, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import { runKrm } from '../../fn/krm/cli/krm';
import { fluidSidecar } from '../../fn/fluid/function';
import { readResourceList } from '../../fn/krm/resourcelist/read';
import { writeResourceList } from '../../fn/krm/resourcelist/write';
import { transform } from '../../fn/fluid/transform';
import type { JsonObject, KubeObject, Result } from '../../fn/types';
import { Scenario, scenarioItems } from './generators';
import podSchema from './pod-schema.json';

const ajv = new Ajv({ allErrors: false, strict: false });
export const validatePod = ajv.compile(podSchema);

export type Outcome = 'injected' | 'skipped' | 'error';

const OUTPUT_CONFIGMAP = /^(check-fluid-mount-ready|.+-default-check-mount)$/;

export function resourceListText(s: Scenario): string {
  const rl: JsonObject = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: scenarioItems(s) };
  if (s.config) rl.functionConfig = s.config;
  // Block style, two-space indent, as kpt's kyaml writes a ResourceList.
  return YAML.stringify(rl, { version: '1.1' });
}

/** The function's run on a scenario, with what the checks need. */
export interface Rendered {
  scenario: Scenario;
  input: string;
  inItems: KubeObject[];
  stdout: string;
  results: Result[];
  errors: Result[];
  outcome: Outcome;
}

export function render(s: Scenario): Rendered {
  const input = resourceListText(s);
  const run = runKrm(input, fluidSidecar);
  const errors = run.results.filter((r) => r.severity === 'error');
  const outcome: Outcome = errors.length
    ? 'error'
    : run.results.some((r) => r.severity === 'info' && /: injected /.test(r.message))
      ? 'injected'
      : 'skipped';
  return { scenario: s, input, inItems: scenarioItems(s), stdout: run.stdout, results: run.results, errors, outcome };
}

/** Source text of each element of `items` (by the parsed node ranges). */
function itemTexts(doc: Document, text: string): string[] | undefined {
  if (!isMap(doc.contents)) return undefined;
  const items = doc.contents.get('items', true);
  if (!isSeq(items)) return undefined;
  return (items.items as Node[]).map((n) => (n.range ? text.slice(n.range[0], n.range[1]) : ''));
}

interface ParsedOut {
  items: KubeObject[];
  texts: string[];
}

// The last few texts parsed: the checks of one input parse the same output several times.
const parsedCache = new Map<string, ParsedOut | string>();

/** A ResourceList text as objects and per-item source texts; a message when it is not one. */
function parseOut(text: string): ParsedOut | string {
  let hit = parsedCache.get(text);
  if (hit === undefined) {
    hit = parseOutUncached(text);
    if (parsedCache.size >= 4) parsedCache.delete(parsedCache.keys().next().value as string);
    parsedCache.set(text, hit);
  }
  return hit;
}

function parseOutUncached(text: string): ParsedOut | string {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: true });
  if (doc.errors.length) return `not valid YAML: ${doc.errors[0].message}`;
  const rl = doc.toJS() as { kind?: string; items?: KubeObject[] };
  if (rl?.kind !== 'ResourceList' || !Array.isArray(rl.items)) return 'not a ResourceList with an items list';
  const texts = itemTexts(doc, text);
  if (!texts) return 'items is not a block sequence';
  return { items: rl.items, texts };
}

function identity(o: KubeObject | undefined): string {
  return o ? `${o.apiVersion}|${o.kind}|${o.metadata?.namespace ?? ''}|${o.metadata?.name ?? ''}` : '<none>';
}

function sameRef(r: Result, o: KubeObject): boolean {
  const ref = r.resourceRef;
  return (
    !!ref &&
    ref.kind === o.kind &&
    ref.apiVersion === o.apiVersion &&
    ref.name === (o.metadata?.name ?? '') &&
    (ref.namespace ?? '') === (o.metadata?.namespace ?? '')
  );
}

/** The pod a workload item stands for (the template for controllers), as a v1 Pod. */
export function podOf(o: KubeObject): KubeObject | undefined {
  if (o.kind === 'Pod') return o;
  const t = (o.spec as JsonObject | undefined)?.template as JsonObject | undefined;
  if (!t) return undefined;
  const metadata = { ...((t.metadata as JsonObject | undefined) ?? {}), name: `${o.metadata.name}-0`, namespace: o.metadata.namespace };
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: t.spec } as KubeObject;
}

function duplicates(names: unknown[]): string[] {
  const seen = new Set<unknown>();
  const dup = new Set<unknown>();
  for (const n of names) (seen.has(n) ? dup : seen).add(n);
  return [...dup].map(String);
}

/** Duplicate container (containers + initContainers) and volume names of a pod. */
export function nameClashes(pod: KubeObject): string[] {
  const spec = (pod.spec ?? {}) as { containers?: { name: string }[]; initContainers?: { name: string }[]; volumes?: { name: string }[] };
  const out: string[] = [];
  const c = duplicates([...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((x) => x.name));
  const v = duplicates((spec.volumes ?? []).map((x) => x.name));
  if (c.length) out.push(`containers ${c.join(', ')}`);
  if (v.length) out.push(`volumes ${v.join(', ')}`);
  return out;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

// --- the properties -----------------------------------------------------------------------------

/**
 * Output parses; every input item is in the output, in place; only check ConfigMaps are added, and
 * nothing at all on error; items that were not injected (or refreshed check ConfigMaps) are
 * byte-identical, and every item is when the run failed.
 */
export function checkPreserved(r: Rendered): string[] {
  const fails: string[] = [];
  const out = parseOut(r.stdout);
  if (typeof out === 'string') return [`output ${out}`];
  const before = parseOut(r.input);
  if (typeof before === 'string') return [`generated input ${before}`];
  r.inItems.forEach((item, i) => {
    if (identity(out.items[i]) !== identity(item)) fails.push(`item ${i} ${identity(item)} is missing or moved (got ${identity(out.items[i])})`);
  });
  for (const extra of out.items.slice(r.inItems.length)) {
    if (extra.kind !== 'ConfigMap' || !OUTPUT_CONFIGMAP.test(extra.metadata?.name ?? '')) fails.push(`unexpected added item ${identity(extra)}`);
  }
  if (r.errors.length && out.items.length !== r.inItems.length) fails.push('items were added although there is an error');
  r.inItems.forEach((item, i) => {
    if (before.texts[i] === out.texts[i]) return;
    if (r.errors.length) {
      fails.push(`item ${i} ${identity(item)} changed although the run failed`);
      return;
    }
    const injected = r.results.some((res) => sameRef(res, item) && (/: injected /.test(res.message) || /left as the webhook would admit it/.test(res.message)));
    const refreshed = item.kind === 'ConfigMap' && OUTPUT_CONFIGMAP.test(item.metadata.name ?? '');
    if (!injected && !refreshed) fails.push(`item ${i} ${identity(item)} was not injected but its text changed`);
  });
  return fails;
}

/** Every changed workload's pod is valid against the Pod schema and has no duplicate names. */
export function checkPods(r: Rendered): string[] {
  const fails: string[] = [];
  const out = parseOut(r.stdout);
  if (typeof out === 'string') return [`output ${out}`];
  r.inItems.forEach((item, i) => {
    const after = out.items[i];
    if (!after || item.kind === 'ConfigMap' || JSON.stringify(after) === JSON.stringify(item)) return;
    const pod = podOf(after);
    if (!pod) {
      fails.push(`item ${i} ${identity(item)}: no pod in the output`);
      return;
    }
    if (!validatePod(pod)) {
      const e = validatePod.errors?.[0];
      fails.push(`item ${i} ${identity(item)}: invalid pod: ${e?.instancePath} ${e?.message} ${JSON.stringify(e?.params)}`);
    }
    for (const c of nameClashes(pod)) fails.push(`item ${i} ${identity(item)}: duplicate ${c}`);
  });
  return fails;
}

/**
 * The same input gives the same bytes, also when the transformation gets deep-frozen input objects
 * (it must never write into them), and Object.prototype is untouched.
 */
export function checkDeterministic(r: Rendered): string[] {
  const fails: string[] = [];
  const proto = Object.getOwnPropertyNames(Object.prototype).join(',');
  let again: string;
  try {
    const parsed = readResourceList(r.input);
    const out = transform(deepFreeze(parsed.items.map((it) => it.object)), parsed.functionConfig && deepFreeze(parsed.functionConfig));
    again = writeResourceList(parsed, out);
  } catch (e) {
    return [`transform wrote into its frozen input: ${(e as Error).message}`];
  }
  if (again !== r.stdout) fails.push('a second run on the same input gave different bytes');
  if (Object.getOwnPropertyNames(Object.prototype).join(',') !== proto || ({} as Record<string, unknown>).polluted !== undefined) {
    fails.push('Object.prototype was changed');
  }
  return fails;
}

/** A run on the output changes no item (and does not fail when the first run did not). */
export function checkIdempotent(r: Rendered): string[] {
  const fails: string[] = [];
  const first = parseOut(r.stdout);
  if (typeof first === 'string') return [`output ${first}`];
  const run = runKrm(r.stdout, fluidSidecar);
  const second = parseOut(run.stdout);
  if (typeof second === 'string') return [`second output ${second}`];
  if (second.texts.join('\n---\n') !== first.texts.join('\n---\n')) fails.push('a run on the output changed its items');
  const err = run.results.find((x) => x.severity === 'error');
  if (!r.errors.length && err) fails.push(`a run on the output failed: ${err.message}`);
  return fails;
}

export const ALL_CHECKS = { checkPreserved, checkPods, checkDeterministic, checkIdempotent };

export function checkAll(r: Rendered): string[] {
  return Object.values(ALL_CHECKS).flatMap((check) => check(r));
}
