// KRM function mode: a ResourceList in, a ResourceList out (kpt, kustomize, Argo CD plugins).
import { emptyResourceList, writeResourceList } from '../resourcelist/write';
import { InputError, readResourceList } from '../resourcelist/read';
import { transform } from '../transform';
import type { Result } from '../types';

export interface KrmRun {
  stdout: string;
  results: Result[];
}

/** Never throws: bad input becomes an error result and a ResourceList without items. */
export function runKrm(input: string): KrmRun {
  let parsed;
  try {
    parsed = readResourceList(input);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const result: Result = { message: `invalid input: ${e.message}`, severity: 'error' };
    if (e.field) result.tags = { field: e.field };
    return { stdout: emptyResourceList([result]), results: [result] };
  }
  const out = transform(
    parsed.items.map((i) => i.object),
    parsed.functionConfig,
  );
  return { stdout: writeResourceList(parsed, out), results: out.results };
}
