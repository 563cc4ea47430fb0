// Errors become KRM results here, and only here.
import { describe, refOf } from '../types';
import type { KubeObject, Result, Severity } from '../types';
import { FnError } from './errors';
import { fileOf } from './kpt-files';
import { InputError } from './resourcelist/read';

/**
 * The KRM result of an error: its message (with the hint in parentheses), the object and the
 * field at fault, and its code as the tag `code`. Input that cannot be read says so, names its item
 * and keeps the field's path in the ResourceList as a tag.
 */
export function errorResult(e: FnError, severity: Severity = 'error', file?: Result['file']): Result {
  if (e instanceof InputError) {
    const result: Result = { message: `invalid input: ${e.message}`, severity };
    if (e.ref) {
      result.resourceRef = e.ref;
      const rel = e.field?.replace(/^items\[\d+\]\.?/, '');
      if (rel) result.field = { path: rel };
    }
    result.tags = e.field ? { field: e.field, code: e.code } : { code: e.code };
    return result;
  }
  const result: Result = { message: e.hint ? `${e.message} (${e.hint})` : e.message, severity };
  if (e.ref) {
    result.resourceRef = e.ref;
    // a field path means nothing without its object
    if (e.field) result.field = { path: e.field };
  }
  if (file) result.file = file;
  // the code, for scripts that act on results (`kpt fn eval ... --results-dir`)
  result.tags = { code: e.code };
  return result;
}

/**
 * A result about an object of the input: `<Kind ns/name>[ <part>]: <message>` (the prefix an
 * error gets from FnError.about), the object, the field (relative to it), and kpt's file of the
 * item that holds it. `part` names one template of a workload that has several.
 */
export function objectResult(severity: Severity, obj: KubeObject, item: KubeObject | undefined, message: string, at: { part?: string; field?: string } = {}): Result {
  const ref = refOf(obj);
  const result: Result = { message: `${describe(ref)}${at.part ? ` ${at.part}` : ''}: ${message}`, severity, resourceRef: ref };
  if (at.field) result.field = { path: at.field };
  const file = item && fileOf(item);
  if (file) result.file = file;
  return result;
}

/** A bug (or an exhausted resource) while transforming or writing: one clear line, no stack. */
export function internalErrorResult(e: unknown): Result {
  // the writer's own failure (output it cannot make exact) already names the item
  if (e instanceof FnError) return errorResult(e);
  const message = e instanceof Error ? e.message : String(e);
  const what = e instanceof RangeError && /call stack|memory|Invalid (string|array) length/i.test(message) ? 'the input is too big or too deep to process' : 'internal error';
  return errorResult(new FnError('internal', `inject-fluid-sidecar failed: ${what}: ${message}`));
}
