// Plain-YAML mode for CI pre-rendering (Flux): manifest files or directories in, multi-document
// YAML out, the same transformation as the KRM mode.
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { InputError, readManifests } from '../resourcelist/read';
import { writeManifests } from '../resourcelist/write';
import { transform } from '../transform';
import type { JsonObject, Result } from '../types';

export interface RenderRun {
  stdout: string;
  results: Result[];
}

const MANIFEST = /\.ya?ml$/i;

/** Files of the arguments, directories walked recursively in sorted order, `-` = stdin. */
export function collectInputs(args: string[], readStdin: () => string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (p: string): void => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) {
        if (entry.startsWith('.') || entry === 'node_modules') continue;
        const child = path.join(p, entry);
        if (fs.statSync(child).isDirectory() || MANIFEST.test(entry)) walk(child);
      }
    } else {
      out.push({ path: p, text: fs.readFileSync(p, 'utf8') });
    }
  };
  for (const a of args.length ? args : ['-']) {
    if (a === '-') out.push({ path: '-', text: readStdin() });
    else walk(a);
  }
  return out;
}

export function readConfigFile(file: string): JsonObject {
  const value: unknown = YAML.parse(fs.readFileSync(file, 'utf8'), { version: '1.1' });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`function config ${file} must be a YAML mapping`);
  }
  return value as JsonObject;
}

export function runRender(inputs: { path: string; text: string }[], functionConfig?: JsonObject): RenderRun {
  let parsed;
  try {
    parsed = readManifests(inputs);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const result: Result = { message: `invalid input: ${e.message}`, severity: 'error' };
    return { stdout: '', results: [result] };
  }
  const out = transform(
    parsed.items.map((i) => i.object),
    functionConfig,
  );
  if (out.results.some((r) => r.severity === 'error')) return { stdout: '', results: out.results };
  const docs = writeManifests(parsed, out)
    .map((f) => f.text)
    .filter((t) => t.trim() !== '');
  return { stdout: docs.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('---\n'), results: out.results };
}
