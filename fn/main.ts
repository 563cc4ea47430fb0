// Command-line entry: the only place that touches stdin, stdout, stderr, files and the exit code.
import * as fs from 'node:fs';
import { reportRun } from './krm/cli/report';
import { readStdinText } from './krm/cli/input';
import { runKrm } from './krm/cli/krm';
import { FnError } from './krm/errors';
import { errorResult } from './krm/results';
import { FunctionChoice, pickFunction } from './krm/function';
import { FUNCTIONS } from './functions';
import { emptyResourceList } from './krm/resourcelist/write';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = (require('../../package.json') as { version: string }).version;

const HELP = `inject-fluid-sidecar ${VERSION}
Renders Fluid's FUSE sidecar injection (the webhook's "Fuse Sidecar" mode) into manifests; with an
InjectJuiceFSSidecar function config (or as inject-juicefs-sidecar), the JuiceFS CSI driver's sidecar
webhook instead.

Usage:
  inject-fluid-sidecar                      KRM function: ResourceList on stdin, ResourceList on stdout
                                            (kpt fn eval/render --exec, kustomize transformers)
  inject-fluid-sidecar render [--config FILE] [--context FILE]... [FILE|DIR|-]...
                                            plain manifests in, rendered manifests out, without the
                                            cluster state (CI, Argo CD plugin, helm --post-renderer)
  inject-fluid-sidecar export-context -n NAMESPACE [...]
                                            write the cluster's Fluid state as YAML to commit
  inject-fluid-sidecar export-context --juicefs -n NAMESPACE [...]
                                            the same for JuiceFS CSI volumes (keys-only Secrets)
  inject-fluid-sidecar --help | --version
  inject-fluid-sidecar COMMAND --help       the flags of a command

The cluster state (Datasets, *Runtimes, PVCs, PVs, fuse DaemonSets, ConfigMaps) must be among the
input objects. Results go to the ResourceList and, one line each, to stderr. Exit status 1 when any
error result is emitted.
`;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Standard input as text; throws InputError for input that is too big or not UTF-8. */
  readStdin: () => string;
  stdinIsTTY: () => boolean;
}

/** Characters per write: the output is encoded a piece at a time, not as one big buffer. */
const WRITE_CHARS = 1 << 20;

/**
 * Writes all of `s`, also to a non-blocking pipe that is full for a moment. The pieces are encoded
 * into one buffer, reused: a new buffer per piece would touch fresh memory for every megabyte of
 * output until the next garbage collection (#18).
 */
function writeAll(fd: number, s: string): void {
  // (UTF-8 takes at most 3 bytes per UTF-16 unit)
  const buf = Buffer.allocUnsafe(3 * Math.min(WRITE_CHARS + 1, s.length));
  for (let i = 0; i < s.length; ) {
    let j = Math.min(i + WRITE_CHARS, s.length);
    // never split a surrogate pair between two pieces
    const c = s.charCodeAt(j - 1);
    if (j < s.length && c >= 0xd800 && c <= 0xdbff) j++;
    writeBuffer(fd, buf.subarray(0, buf.write(s.slice(i, j), 'utf8')));
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
  // node:tty (and the net and stream modules it loads) only when asked: a KRM run never asks (#18)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  stdinIsTTY: () => (require('node:tty') as typeof import('node:tty')).isatty(0),
};

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
      return reportRun(io.stderr, run);
    }
    if (cmd === 'render') {
      // Loaded on demand, as export-context below: a KRM run does not need it (start-up, #18).
      const { renderCommand } = await import('./krm/cli/render');
      return renderCommand(rest, io, pick, self);
    }
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

/** A bug or an I/O failure: one clear line, no stack trace unless DEBUG is set. */
function internalError(io: Io, e: unknown, krm: boolean): number {
  const message = e instanceof Error ? e.message : String(e);
  const result = errorResult(new FnError('internal', `inject-fluid-sidecar failed: ${message}`));
  if (krm) io.stdout(emptyResourceList([result]));
  io.stderr(`[error] ${result.message}\n`);
  if (process.env.DEBUG && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
  return 1;
}
