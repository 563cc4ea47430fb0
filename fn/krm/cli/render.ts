// Plain-YAML mode for CI pre-rendering (Flux): manifest files or directories in, multi-document
// YAML out, the same transformation as the KRM mode.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, MAX_INPUT_BYTES, mib, readConfigText, readManifests } from '../resourcelist/read';
import { manifestStream } from '../resourcelist/write';
import { chooseFunction, FunctionChoice, Outcome } from '../function';
import { runTransform } from './krm';
import { errorResult, internalErrorResult } from '../results';
import type { JsonObject, Result } from '../../types';
import { readFileText } from './input';

export interface RenderRun {
  stdout: string;
  results: Result[];
  outcomes: Outcome[];
  /** the stack of an internal error (printed on stderr only with DEBUG set) */
  stack?: string;
  /** how the writer wrote each changed or new document (printed on stderr with DEBUG=writer) */
  trace?: string[];
  /** the function that ran, for the summary line */
  name?: string;
}

const MANIFEST = /\.ya?ml$/i;

/**
 * Files of the arguments, directories walked recursively in sorted order, `-` = stdin. Every file
 * must be UTF-8 and all of them together at most MAX_INPUT_BYTES; throws InputError otherwise.
 */
export function collectInputs(args: string[], readStdin: () => string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  let total = 0;
  const add = (p: string, text: string): void => {
    total += Buffer.byteLength(text, 'utf8');
    if (total > MAX_INPUT_BYTES) {
      throw new InputError(`the manifests together are more than ${mib(MAX_INPUT_BYTES)}, the limit (at ${p})`);
    }
    out.push({ path: p, text });
  };
  const walk = (p: string): void => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) {
        if (entry.startsWith('.') || entry === 'node_modules') continue;
        const child = path.join(p, entry);
        if (fs.statSync(child).isDirectory() || MANIFEST.test(entry)) walk(child);
      }
    } else {
      if (total > 0 && total + stat.size > MAX_INPUT_BYTES) {
        throw new InputError(`the manifests together are more than ${mib(MAX_INPUT_BYTES)}, the limit (at ${p})`);
      }
      add(p, readFileText(p));
    }
  };
  for (const a of args.length ? args : ['-']) {
    if (a === '-') add('-', readStdin());
    else walk(a);
  }
  return out;
}

export function readConfigFile(file: string): JsonObject {
  return readConfigText(readFileText(file), file);
}

/** Never throws for bad input: an error result, exit 1 and nothing on stdout. */
export function runRender(inputs: { path: string; text: string }[], functionConfig: JsonObject | undefined, fn: FunctionChoice): RenderRun {
  let parsed;
  try {
    parsed = readManifests(inputs);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { stdout: '', results: [errorResult(e)], outcomes: [] };
  }
  try {
    const items = parsed.items.map((i) => i.object);
    const chosen = chooseFunction(fn, functionConfig);
    const out = runTransform(chosen, items, functionConfig);
    const outcomes = out.outcomes ?? [];
    if (out.results.some((r) => r.severity === 'error')) return { stdout: '', results: out.results, outcomes, name: chosen.name };
    const stream = manifestStream(parsed, out);
    return { stdout: stream.text, results: out.results, outcomes, trace: stream.trace, name: chosen.name };
  } catch (e) {
    const run: RenderRun = { stdout: '', results: [internalErrorResult(e)], outcomes: [] };
    if (e instanceof Error && e.stack) run.stack = e.stack;
    return run;
  }
}
