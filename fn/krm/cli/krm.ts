// KRM function mode: a ResourceList in, a ResourceList out (kpt, kustomize, Argo CD plugins).
import { FnError } from '../errors';
import { emptyResourceList, writeResourceList, writeResourceListTraced } from '../resourcelist/write';
import { InputError, readResourceList } from '../resourcelist/read';
import type { ParsedResourceList } from '../resourcelist/read';
import { transform } from '../../fluid/transform';
import type { Result } from '../../types';

export interface KrmRun {
  stdout: string;
  results: Result[];
  /** the stack of an internal error (printed on stderr only with DEBUG set) */
  stack?: string;
  /** how the writer wrote each changed or new item (printed on stderr with DEBUG=writer) */
  trace?: string[];
}

/** The error result of input that cannot be read, naming the item and field when known. */
export function inputErrorResult(e: InputError): Result {
  const result: Result = { message: `invalid input: ${e.message}`, severity: 'error' };
  if (e.resource) {
    result.resourceRef = e.resource;
    const rel = e.field?.replace(/^items\[\d+\]\.?/, '');
    if (rel) result.field = { path: rel };
  }
  if (e.field) result.tags = { field: e.field };
  return result;
}

/** A bug (or an exhausted resource) while transforming or writing: one clear line, no stack. */
export function internalErrorResult(e: unknown): Result {
  if (e instanceof FnError) {
    // (the writer's: output it cannot make exact)
    const result: Result = { message: e.hint ? `${e.message} (${e.hint})` : e.message, severity: 'error' };
    if (e.ref) result.resourceRef = e.ref;
    return result;
  }
  const message = e instanceof Error ? e.message : String(e);
  const what = e instanceof RangeError && /call stack|memory|Invalid (string|array) length/i.test(message) ? 'the input is too big or too deep to process' : 'internal error';
  return { message: `inject-fluid-sidecar failed: ${what}: ${message}`, severity: 'error' };
}

/**
 * Never throws: input that cannot be read becomes an error result and a ResourceList without items;
 * a failure after reading becomes an error result with the items unchanged. `input` is the text,
 * or a function that reads it (and may throw InputError, e.g. for non-UTF-8 bytes).
 */
export function runKrm(input: string | (() => string)): KrmRun {
  let parsed: ParsedResourceList;
  try {
    parsed = readResourceList(typeof input === 'string' ? input : input());
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const result = inputErrorResult(e);
    return { stdout: emptyResourceList([result]), results: [result] };
  }
  try {
    const out = transform(
      parsed.items.map((i) => i.object),
      parsed.functionConfig,
    );
    const written = writeResourceListTraced(parsed, out);
    return { stdout: written.text, results: out.results, trace: written.trace };
  } catch (e) {
    const results = [internalErrorResult(e)];
    let stdout: string;
    try {
      stdout = writeResourceList(parsed, { updated: new Map(), added: [], results });
    } catch {
      stdout = emptyResourceList(results, parsed.apiVersion);
    }
    const run: KrmRun = { stdout, results };
    if (e instanceof Error && e.stack) run.stack = e.stack;
    return run;
  }
}
