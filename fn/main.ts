// Command-line entry: the only place that touches stdin, stdout, stderr, files and the exit code.
import * as fs from 'node:fs';
import { exitCodeOf, summaryLines } from './krm/cli/report';
import { readStdinText } from './krm/cli/input';
import { runKrm } from './krm/cli/krm';
import { FnError } from './krm/errors';
import { errorResult } from './krm/results';
import { collectInputs, readConfigFile, runRender } from './krm/cli/render';
import { FunctionChoice, Outcome, pickFunction } from './krm/function';
import { InputError } from './krm/resourcelist/read';
import { FUNCTIONS } from './functions';
import { emptyResourceList } from './krm/resourcelist/write';
import type { JsonObject, Result } from './types';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = (require('../../package.json') as { version: string }).version;

const HELP = `inject-fluid-sidecar ${VERSION}
Renders Fluid's FUSE sidecar injection (the webhook's "Fuse Sidecar" mode) into manifests; with an
InjectJuiceFSSidecar function config (or as inject-juicefs-sidecar), the JuiceFS CSI driver's sidecar
webhook instead.

Usage:
  inject-fluid-sidecar                      KRM function: ResourceList on stdin, ResourceList on stdout
                                            (kpt fn eval/render --exec, kustomize transformers)
  inject-fluid-sidecar render [--config FILE] [FILE|DIR|-]...
                                            plain multi-document YAML in, rendered YAML on stdout
  inject-fluid-sidecar export-context -n NAMESPACE [...]
                                            write the cluster's Fluid state as YAML to commit
  inject-fluid-sidecar export-context --juicefs -n NAMESPACE [...]
                                            the same for JuiceFS CSI volumes (keys-only Secrets)
  inject-fluid-sidecar --help | --version

The cluster state (Datasets, *Runtimes, PVCs, PVs, fuse DaemonSets, ConfigMaps) must be among the
input objects. Results go to the ResourceList and, one line each, to stderr. Exit status 1 when any
error result is emitted.
`;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Standard input as text; throws InputError for input that is too big or not UTF-8. */
  readStdin: () => string;
}

/** Characters per write: the output is encoded a piece at a time, not as one big buffer. */
const WRITE_CHARS = 1 << 20;

/** Writes all of `s`, also to a non-blocking pipe that is full for a moment. */
function writeAll(fd: number, s: string): void {
  for (let i = 0; i < s.length; ) {
    let j = Math.min(i + WRITE_CHARS, s.length);
    // never split a surrogate pair between two pieces
    const c = s.charCodeAt(j - 1);
    if (j < s.length && c >= 0xd800 && c <= 0xdbff) j++;
    writeBuffer(fd, Buffer.from(s.slice(i, j), 'utf8'));
    i = j;
  }
}

function writeBuffer(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

const processIo: Io = {
  stdout: (s) => writeAll(1, s),
  stderr: (s) => writeAll(2, s),
  readStdin: () => readStdinText(),
};

function report(io: Io, results: Result[], outcomes: Outcome[] = [], stack?: string, trace?: string[], name?: string): number {
  // DEBUG=writer (or *): how the writer wrote each changed or new item
  if (trace && /(?:^|,)\s*(?:writer|\*)\s*(?:,|$)/.test(process.env.DEBUG ?? '')) for (const t of trace) io.stderr(`[writer] ${t}\n`);
  for (const line of summaryLines(results, outcomes, name)) io.stderr(`${line}\n`);
  if (stack && process.env.DEBUG) io.stderr(`${stack}\n`);
  return exitCodeOf(results);
}

/**
 * `self`: the executable's own function, used for a ConfigMap, absent or unknown function config;
 * a config of another registered function's kind runs that function (see FUNCTIONS).
 */
export async function main(argv: string[], io: Io = processIo, self = 'inject-fluid-sidecar'): Promise<number> {
  const [cmd, ...rest] = argv;
  const pick: FunctionChoice = (config) => pickFunction(FUNCTIONS, self, config);
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (cmd === '--version' || cmd === 'version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  try {
    if (cmd === undefined) {
      const run = runKrm(() => io.readStdin(), pick);
      io.stdout(run.stdout);
      return report(io, run.results, run.outcomes, run.stack, run.trace, run.name);
    }
    if (cmd === 'render') return renderCommand(rest, io, pick);
    if (cmd === 'export-context' && rest.includes('--juicefs')) {
      const { runJuiceFSExport } = await import('./juicefs/export-context');
      return await runJuiceFSExport(rest.filter((a) => a !== '--juicefs'), io);
    }
    if (cmd === 'export-context') {
      // Loaded on demand: the Kubernetes client is heavy and only this command needs it.
      const { runExportContext } = await import('./fluid/export-context/export-context');
      return await runExportContext(rest, io);
    }
  } catch (e) {
    return internalError(io, e, cmd === undefined);
  }
  io.stderr(`inject-fluid-sidecar: unknown command "${cmd}"\n\n${HELP}`);
  return 2;
}

function renderCommand(args: string[], io: Io, pick: FunctionChoice): number {
  try {
    return renderCommandUnchecked(args, io, pick);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return report(io, [errorResult(e)]);
  }
}

function renderCommandUnchecked(args: string[], io: Io, pick: FunctionChoice): number {
  let config: JsonObject | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--config' || a === '-c') {
      const file = args[++i];
      if (!file) {
        io.stderr('inject-fluid-sidecar render: --config needs a file\n');
        return 2;
      }
      config = readConfigFile(file);
    } else if (a.startsWith('--config=')) {
      config = readConfigFile(a.slice('--config='.length));
    } else if (a.startsWith('-') && a !== '-') {
      io.stderr(`inject-fluid-sidecar render: unknown flag ${a}\n`);
      return 2;
    } else {
      files.push(a);
    }
  }
  const run = runRender(collectInputs(files, io.readStdin), config, pick);
  io.stdout(run.stdout);
  return report(io, run.results, run.outcomes, run.stack, run.trace, run.name);
}

/** A bug or an I/O failure: one clear line, no stack trace unless DEBUG is set. */
function internalError(io: Io, e: unknown, krm: boolean): number {
  const message = e instanceof Error ? e.message : String(e);
  const result = errorResult(new FnError('internal', `inject-fluid-sidecar failed: ${message}`));
  if (krm) io.stdout(emptyResourceList([result]));
  io.stderr(`[error] ${result.message}\n`);
  if (process.env.DEBUG && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
  return 1;
}
