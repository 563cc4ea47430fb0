// `render`: plain manifests in, rendered manifests out, the same transformation as the KRM mode.
// For CI pre-rendering (Flux), an Argo CD plugin and a Helm post-renderer: what it prints is what
// those tools apply, so cluster state (local-config objects, --context files) is read, never printed.
import { parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { InputError, isEmptyDocument, readConfigText, readManifests } from '../resourcelist/read';
import { manifestStream, sameStream } from '../resourcelist/write';
import { PARSE_OPTIONS } from '../resourcelist/yaml-util';
import { chooseFunction, FunctionChoice } from '../function';
import { UsageError } from '../errors';
import { errorResult, internalErrorResult } from '../results';
import type { JsonObject } from '../../types';
import { readFileText } from './input';
import { runTransform } from './krm';
import { collectInputs, FileError, ManifestInput, onFile } from './manifest-files';
import { printedAsLocalConfig } from '../local-config';
import { CommandRun, reportRun } from './report';

/** `render --help` of the executable `program` (inject-fluid-sidecar, inject-juicefs-sidecar). */
export function renderUsage(program: string): string {
  return `Usage: ${program} render [flags] [FILE|DIR|-]...

Renders the sidecar injection into plain manifests (multi-document YAML or JSON) and prints them
on stdout: a CI step (Flux), an Argo CD plugin, or a Helm post-renderer.

Input: each FILE; each DIR, walked in sorted order for *.yaml, *.yml and *.json files, honouring
.krmignore and leaving out hidden files, node_modules and files without a Kubernetes object
(kustomization files, Helm values; an [info] line names each); - for stdin. With no FILE and
stdin not a terminal, stdin is read (helm --post-renderer).

Output: the input objects (documents that need no change byte for byte) and the objects the
injection creates, except cluster state: objects annotated config.kubernetes.io/local-config
(what export-context writes, function configs) and every object read with --context. On an error:
exit status 1, the reasons on stderr, nothing on stdout.

Flags:
  -c, --config FILE         function config (InjectFluidSidecar, InjectJuiceFSSidecar, or a
                            ConfigMap), as in KRM mode
      --context FILE|DIR    cluster state (what export-context writes) to read and never print;
                            repeatable
      --keep-local-config   print the input's local-config objects too
  -h, --help                show this help
`;
}

export interface RenderIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Standard input as text; throws InputError for input that is too big or not UTF-8. */
  readStdin: () => string;
  stdinIsTTY: () => boolean;
}

export interface RenderOptions {
  functionConfig?: JsonObject;
  /** print local-config objects too (context files are never printed) */
  keepLocalConfig?: boolean;
}


export function readConfigFile(file: string): JsonObject {
  return readConfigText(
    onFile(file, () => readFileText(file)),
    file,
  );
}

interface ParsedArgs {
  help: boolean;
  files: string[];
  context: string[];
  configFile?: string;
  keepLocalConfig: boolean;
}

function parseArgs(args: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { help: false, files: [], context: [], keepLocalConfig: false };
  const value = (i: number, flag: string): string => {
    const v = args[i];
    if (v === undefined || v === '') throw new UsageError(`${flag} needs a file`);
    return v;
  };
  let flags = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    const [flag, inline] = flags && a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    if (!flags || a === '-' || !a.startsWith('-')) parsed.files.push(a);
    else if (a === '--') flags = false;
    else if (flag === '-h' || flag === '--help') parsed.help = true;
    else if (flag === '-c' || flag === '--config') {
      if (parsed.configFile !== undefined) throw new UsageError(`${flag} given more than once`);
      parsed.configFile = inline ?? value(++i, flag);
    } else if (flag === '--context') parsed.context.push(inline ?? value(++i, flag));
    else if (flag === '--keep-local-config' && inline === undefined) parsed.keepLocalConfig = true;
    else throw new UsageError(`unknown flag ${flag}`);
  }
  if ([...parsed.files, ...parsed.context].filter((f) => f === '-').length > 1) {
    throw new UsageError('- (standard input) can be read only once');
  }
  return parsed;
}

/**
 * The `render` subcommand of `program`; `args` follow `render`; `fn` picks the function from the
 * config. Returns the exit code.
 */
export function renderCommand(args: readonly string[], io: RenderIo, fn: FunctionChoice, program: string): number {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${program} render: ${e.message}\nRun '${program} render --help' for usage.\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(renderUsage(program));
    return 0;
  }
  if (parsed.files.length === 0) {
    // A post-renderer (Helm) and a pipe get stdin; at a terminal that would wait for typing.
    if (io.stdinIsTTY()) {
      io.stderr(`${program} render: no input: name FILE, DIR or - (stdin is a terminal)\nRun '${program} render --help' for usage.\n`);
      return 2;
    }
    parsed.files.push('-');
  }
  const notices: string[] = [];
  let run: CommandRun;
  try {
    const options: RenderOptions = { keepLocalConfig: parsed.keepLocalConfig };
    if (parsed.configFile !== undefined) options.functionConfig = readConfigFile(parsed.configFile);
    run = runRender(collectInputs(parsed.files, parsed.context, io.readStdin, notices), fn, options);
  } catch (e) {
    for (const n of notices) io.stderr(`[info] ${n}\n`);
    if (e instanceof FileError) {
      io.stderr(`${program} render: ${e.message}\n`);
      return 1;
    }
    if (!(e instanceof InputError)) throw e;
    return reportRun(io.stderr, { results: [errorResult(e)] });
  }
  for (const n of notices) io.stderr(`[info] ${n}\n`);
  io.stdout(run.stdout);
  return reportRun(io.stderr, run);
}

/**
 * Renders read inputs. Never throws for bad input: an error result, and nothing on stdout. The
 * printed files and the --context files are read apart; the function sees the objects of both.
 */
export function runRender(inputs: readonly ManifestInput[], fn: FunctionChoice, options: RenderOptions = {}): CommandRun {
  let printed;
  let context;
  try {
    printed = readManifests(inputs.filter((i) => !i.context));
    context = readManifests(inputs.filter((i) => i.context));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { stdout: '', results: [errorResult(e)], outcomes: [] };
  }
  try {
    const own = printed.items.map((i) => i.object);
    const items = [...own, ...context.items.map((i) => i.object)];
    const chosen = chooseFunction(fn, options.functionConfig);
    const out = runTransform(chosen, items, options.functionConfig);
    const outcomes = out.outcomes ?? [];
    if (out.results.some((r) => r.severity === 'error')) return { stdout: '', results: out.results, outcomes, name: chosen.name };
    const updated = new Map([...out.updated].filter(([i]) => i < own.length));
    const stream = manifestStream(printed, { updated, added: out.added, results: [] });
    const keep = [...own.map((o) => options.keepLocalConfig === true || !printedAsLocalConfig(o)), ...out.added.map(() => true)];
    let text = stream.text;
    if (keep.includes(false)) {
      text = keepDocuments(text, keep);
      // What is printed must still read back as the kept objects, as the writer checks its own output.
      const expected = [...own.map((o, i) => updated.get(i) ?? o), ...out.added].filter((_, i) => keep[i]);
      if (!sameStream(text.replace(/^\ufeff/, ''), expected)) throw new Error('the manifests without their local-config objects do not read back as written');
    }
    return { stdout: text, results: out.results, outcomes, trace: stream.trace, name: chosen.name };
  } catch (e) {
    const run: CommandRun = { stdout: '', results: [internalErrorResult(e)], outcomes: [] };
    if (e instanceof Error && e.stack) run.stack = e.stack;
    return run;
  }
}

/**
 * The documents of a multi-document text whose object is kept (`keep[i]` for the i-th non-empty
 * document), each with its own `---`, comments and blank lines; what precedes the first document
 * goes with it.
 */
function keepDocuments(text: string, keep: readonly boolean[]): string {
  const docs = parseAllDocuments(text, PARSE_OPTIONS) as Document[];
  let out = '';
  let item = 0;
  docs.forEach((doc, di) => {
    const start = di === 0 ? 0 : startOf(doc);
    const end = di + 1 < docs.length ? startOf(docs[di + 1]) : text.length;
    const empty = isEmptyDocument(doc);
    if (empty ? out !== '' : keep[item]) out += text.slice(start, end);
    if (!empty) item++;
  });
  return out;
}

function startOf(doc: Document): number {
  if (!doc.range) throw new Error('a parsed document without a source range');
  return doc.range[0];
}
