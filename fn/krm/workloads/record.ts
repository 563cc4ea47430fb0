// The record an injected pod template carries of what the injection changed, so that a later run
// can take exactly that back out: to re-inject from the current cluster state, or to uninject.
// It is the difference between the template as written and as injected, keyed by name where the
// API keys lists by name (containers, volumes) and by mountPath for volume mounts, so that edits
// made to the injected template elsewhere (kpt renders in place) survive taking it out.
import { cloneJson, isObject, JsonObject, JsonValue, setOwn } from '../../types';
import type { PodView } from './pod-spec';
import { givenNames, podWithView } from './pod-view';
import { deepEqual } from '../resourcelist/yaml-util';
import { FnError } from '../errors';
import { formatPath, getPath, PodTarget } from './pod-templates';

/** A template carries a record annotation this package cannot read. */
export type RecordCode = 'record-invalid';

/**
 * How to take one value back, in the compact form the annotation carries: `0` it was absent, `[v]`
 * it was v, `{key: how}` per key of a map, `{"@": by, "+": [keys added], "~": {key: how}}` per
 * entry of a list keyed by `by` (`@`, `+` and `~` are never label keys or Pod API field names).
 */
export type Undo = 0 | [JsonValue] | { [key: string]: Undo } | ListUndo;
interface ListUndo {
  '@': string;
  '+'?: string[];
  '~'?: Record<string, Undo>;
}

/** Version 1 of the record: `u` the template's difference, `n` names a controller's defaulting gave. */
export interface InjectionRecord {
  v: 1;
  u: Undo;
  n?: string[];
}

type Shape = { map: Record<string, Shape> } | { list: string; item: Shape } | 'leaf';

const LEAF = 'leaf';
const CONTAINER: Shape = { map: { volumeMounts: { list: 'mountPath', item: LEAF } } };
const POD_TEMPLATE: Shape = {
  map: {
    metadata: { map: { labels: { map: {} }, annotations: { map: {} } } },
    spec: {
      map: {
        containers: { list: 'name', item: CONTAINER },
        initContainers: { list: 'name', item: CONTAINER },
        volumes: { list: 'name', item: LEAF },
      },
    },
  },
};

function equal(a: unknown, b: unknown): boolean {
  // key order is the input's, not a difference (kustomize sorts keys, the record restores them sorted)
  return deepEqual(a, b);
}

function keyOf(v: unknown, by: string): string | undefined {
  const k = isObject(v) ? v[by] : undefined;
  return typeof k === 'string' && k !== '' ? k : undefined;
}

/** Keys of a list, when every entry has a distinct one. */
function keysOf(list: unknown[], by: string): string[] | undefined {
  const keys = list.map((v) => keyOf(v, by));
  if (keys.some((k) => k === undefined) || new Set(keys).size !== keys.length) return undefined;
  return keys as string[];
}

function diff(before: unknown, after: unknown, shape: Shape): Undo | undefined {
  if (before === after) return undefined;
  // Maps and keyed lists are compared through their members (no whole-subtree comparison first:
  // that compared every equal subtree once per level above it).
  if (shape !== LEAF && 'map' in shape && isObject(before) && isObject(after)) {
    const keys: Record<string, Undo> = {};
    let changed = false;
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const d = diff(before[k], after[k], shape.map[k] ?? LEAF);
      if (d !== undefined) {
        setOwn(keys, k, d);
        changed = true;
      }
    }
    return changed ? keys : undefined;
  }
  if (shape !== LEAF && 'list' in shape && Array.isArray(before) && Array.isArray(after)) {
    const was = keysOf(before, shape.list);
    const now = keysOf(after, shape.list);
    // Entries only added or changed, the written ones in their order: else the list as written.
    const kept = now?.filter((k) => was?.includes(k));
    if (was && now && equal(kept, was)) {
      const out: ListUndo = { '@': shape.list };
      const added = now.filter((k) => !was.includes(k));
      if (added.length) out['+'] = added;
      const changed: Record<string, Undo> = {};
      before.forEach((b, i) => {
        const d = diff(b, after[now.indexOf(was[i])], shape.item);
        if (d !== undefined) setOwn(changed, was[i], d);
      });
      if (Object.keys(changed).length) out['~'] = changed;
      return added.length || out['~'] ? out : undefined;
    }
  }
  if (equal(before, after)) return undefined;
  return before === undefined ? 0 : [cloneJson(before) as JsonValue];
}

/** What turns `after` back into `before`, both pod templates ({metadata, spec}). */
export function recordOf(before: JsonObject, after: JsonObject, named: string[] = []): InjectionRecord {
  const rec: InjectionRecord = { v: 1, u: diff(before, after, POD_TEMPLATE) ?? {} };
  if (named.length) rec.n = named;
  return rec;
}

function isList(u: Undo): u is ListUndo {
  return isObject(u) && typeof (u as JsonObject)['@'] === 'string';
}

function apply(value: unknown, undo: Undo): JsonValue | undefined {
  if (undo === 0) return undefined;
  if (Array.isArray(undo)) return cloneJson(undo[0]);
  if (isList(undo)) {
    // Edited into something else since: keep the edit.
    if (!Array.isArray(value)) return value as JsonValue | undefined;
    const added = undo['+'] ?? [];
    const changed = undo['~'] ?? {};
    return value
      .filter((v) => !added.includes(keyOf(v, undo['@']) ?? '\0'))
      .map((v) => {
        const k = keyOf(v, undo['@']);
        return k !== undefined && Object.hasOwn(changed, k) ? (apply(v, changed[k]) as JsonValue) : v;
      });
  }
  if (!isObject(value)) return value as JsonValue | undefined;
  const out: JsonObject = { ...value };
  for (const [k, u] of Object.entries(undo)) {
    const v = apply(out[k], u);
    if (v === undefined) delete out[k];
    else setOwn(out, k, v);
  }
  return out;
}

/** The template as written, from the injected one and its record (a copy; `pod` is unchanged). */
export function undoRecord(pod: JsonObject, record: InjectionRecord): JsonObject {
  const out = (apply(pod, record.u) ?? {}) as JsonObject;
  const spec = out.spec;
  const named = record.n ?? [];
  if (named.length && isObject(spec)) {
    for (const key of ['containers', 'initContainers']) {
      const list = spec[key];
      if (!Array.isArray(list)) continue;
      spec[key] = list.map((c) => {
        if (!isObject(c) || !named.includes(c.name as string)) return c;
        const { name: _, ...rest } = c;
        return rest;
      });
    }
  }
  return out;
}

/** The record as a compact annotation value (deterministic: key order follows the templates). */
export function encodeRecord(record: InjectionRecord): string {
  const { v, u, n } = record;
  return JSON.stringify(n ? { v, u: canonical(u), n } : { v, u: canonical(u) });
}

/**
 * Maps with their keys sorted, so that the record does not depend on the key order of the input
 * (kustomize hands items over with sorted keys, kpt as written). Values restored from it are
 * equal as objects; the writer keeps the key order of the text it updates.
 */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) setOwn(out as JsonObject, k, canonical(v[k]) as JsonValue);
  return out;
}

function isUndo(v: unknown): v is Undo {
  if (v === 0) return true;
  if (Array.isArray(v)) return v.length === 1;
  if (!isObject(v)) return false;
  if ('@' in v) {
    const added = v['+'];
    const changed = v['~'];
    return (
      typeof v['@'] === 'string' &&
      (added === undefined || (Array.isArray(added) && added.every((k) => typeof k === 'string'))) &&
      (changed === undefined || (isObject(changed) && Object.values(changed).every(isUndo)))
    );
  }
  return Object.values(v).every(isUndo);
}

/** The record in an annotation value, or undefined when it is not one (edited by hand). */
export function decodeRecord(text: string): InjectionRecord | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(v) || v.v !== 1 || !isUndo(v.u)) return undefined;
  if (v.n !== undefined && !(Array.isArray(v.n) && v.n.every((n) => typeof n === 'string'))) return undefined;
  return v as unknown as InjectionRecord;
}

/** The text of a template's record annotation `key`, if it has one. */
export function recordText(pod: JsonObject, key: string): string | undefined {
  const meta = pod.metadata;
  const annotations = isObject(meta) ? meta.annotations : undefined;
  const text = isObject(annotations) ? annotations[key] : undefined;
  return typeof text === 'string' ? text : undefined;
}

/** The parts of a pod (template) an injection changes. */
export interface PodParts {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: object;
}

/**
 * The template as written with the injected parts in it and the record (annotation `key`) of the
 * difference, or the template as written when the injection changed nothing. The record's own
 * annotation is part of the difference (as added), so taking the record out also removes it.
 * `before`: the template as the injection read it (containers named as its controller names them).
 */
export function withRecord(written: JsonObject, before: PodParts, after: PodParts, key: string): JsonObject {
  const from = podWithView(written, before as PodView);
  const to = podWithView(written, after as PodView);
  if (deepEqual(from, to)) return written;
  const meta = { ...(to.metadata as JsonObject) };
  const annotations: JsonObject = { ...(isObject(meta.annotations) ? meta.annotations : {}), [key]: '' };
  meta.annotations = annotations;
  const out: JsonObject = { ...to, metadata: meta };
  annotations[key] = encodeRecord(recordOf(from, out, givenNames(written, before as PodView)));
  return out;
}

/** A target's template as found, and as written: its record (annotation `key`) taken out. */
export interface TakenOut {
  raw: JsonObject;
  written: JsonObject;
  record?: InjectionRecord;
}

/**
 * What a function injected before comes out first, so that the template as written is the input
 * of every render. An annotation `key` that is not a record is an error (field relative to the item).
 */
export function takeOutRecord(target: PodTarget, key: string): TakenOut | FnError<RecordCode> {
  const raw = getPath(target.workload, target.podPath) as JsonObject;
  const text = recordText(raw, key);
  if (text === undefined) return { raw, written: raw };
  const record = decodeRecord(text);
  if (!record) {
    return new FnError<RecordCode>('record-invalid', `annotation ${key} is not a record this function wrote, so what it injected cannot be taken out`, {
      field: formatPath([...target.workloadPath, ...target.podPath, 'metadata', 'annotations']),
      hint: 'restore the template from version control, or remove the sidecars, their volumes and the annotation by hand',
    });
  }
  return { raw, written: undoRecord(raw, record), record };
}

// The words both functions' results use for what a render did with a template and its record.

/** An injected template: new, as it was (`raw`, as found), or changed since the last render. */
export function injectedHow(taken: TakenOut, injected: JsonObject): string {
  if (!taken.record) return 'injected';
  return deepEqual(injected, taken.raw) ? 'injected (unchanged)' : 're-injected from the current state:';
}

/** A template not injected now; `why` is the domain's reason. What it had from an earlier render comes out. */
export function notInjected(taken: TakenOut, why: string, injectedElsewhere: boolean, key: string): string {
  if (taken.record) return `uninjected (not injected now: ${why})`;
  return `not injected: ${why}${injectedElsewhere ? ` (no ${key} record: left as it is)` : ''}`;
}

/** A template something else injected (it carries no record), under uninject: it is left alone. */
export function leftAsItIs(key: string): string {
  return `left as it is: injected by something else (no ${key} record)`;
}
