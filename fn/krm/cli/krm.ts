// KRM function mode: a ResourceList in, a ResourceList out (kpt, kustomize, Argo CD plugins).
import { emptyResourceList, writeResourceList, writeResourceListTraced } from '../resourcelist/write';
import { InputError, readResourceList } from '../resourcelist/read';
import type { ParsedResourceList } from '../resourcelist/read';
import { chooseFunction, FunctionChoice, KrmFunction, TransformOutput } from '../function';
import { placeAdded } from '../kpt-files';
import { errorResult, internalErrorResult } from '../results';
import type { JsonObject, KubeObject } from '../../types';
import type { CommandRun } from './report';

/** Runs a function on the items, in every mode: the transform, then kpt's file bookkeeping. */
export function runTransform(fn: KrmFunction, items: readonly KubeObject[], functionConfig?: JsonObject): TransformOutput {
  return placeAdded(items, fn.transform(items, functionConfig));
}

/**
 * Never throws: input that cannot be read becomes an error result and a ResourceList without items;
 * a failure after reading becomes an error result with the items unchanged. `input` is the text,
 * or a function that reads it (and may throw InputError, e.g. for non-UTF-8 bytes).
 */
export function runKrm(input: string | (() => string), fn: FunctionChoice): CommandRun {
  let parsed: ParsedResourceList;
  try {
    parsed = readResourceList(typeof input === 'string' ? input : input());
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const result = errorResult(e);
    return { stdout: emptyResourceList([result]), results: [result], outcomes: [] };
  }
  try {
    const items = parsed.items.map((i) => i.object);
    const chosen = chooseFunction(fn, parsed.functionConfig);
    const out = runTransform(chosen, items, parsed.functionConfig);
    const written = writeResourceListTraced(parsed, out);
    return { stdout: written.text, results: out.results, outcomes: out.outcomes ?? [], trace: written.trace, name: chosen.name };
  } catch (e) {
    const results = [internalErrorResult(e)];
    let stdout: string;
    try {
      stdout = writeResourceList(parsed, { updated: new Map(), added: [], results });
    } catch {
      stdout = emptyResourceList(results, parsed.apiVersion);
    }
    const run: CommandRun = { stdout, results, outcomes: [] };
    if (e instanceof Error && e.stack) run.stack = e.stack;
    return run;
  }
}
