// The command-line shape both exports share (`export-context` and `export-context --juicefs`): parse,
// `--help`, export, then stdout or the output file, which is written only when the export succeeded
// and then whole (a temporary file renamed over it), so a failed export never leaves a half or empty
// file where the previous good one was. Every failure is one line on stderr and exit 1.
import { promises as fs } from 'fs';
import * as path from 'path';
import { UsageError } from '../errors';
import { firstLine } from './errors';

export interface ExportIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface ExportCommand<O> {
  usage: string;
  /** Throws UsageError for bad arguments. */
  parse: (argv: string[]) => { help: boolean; options: O; output?: string };
  /** The YAML to write; throws (ExportError) with a one-line message. */
  run: (options: O, log: (line: string) => void) => Promise<string>;
}

/** Runs one export command; returns the exit code. */
export async function runExportCommand<O>(command: ExportCommand<O>, argv: string[], io: ExportIo): Promise<number> {
  let parsed: { help: boolean; options: O; output?: string };
  try {
    parsed = command.parse(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`error: ${err.message}\n\n${command.usage}`);
      return 1;
    }
    throw err;
  }
  if (parsed.help) {
    io.stdout(command.usage);
    return 0;
  }
  let yaml: string;
  try {
    yaml = await command.run(parsed.options, (line) => io.stderr(`${line}\n`));
  } catch (err) {
    io.stderr(`error: ${firstLine(err)}\n`);
    return 1;
  }
  if (parsed.output === undefined) {
    io.stdout(yaml);
    return 0;
  }
  try {
    await writeWhole(parsed.output, yaml);
  } catch (err) {
    io.stderr(`error: cannot write ${parsed.output}: ${firstLine(err)}\n`);
    return 1;
  }
  io.stderr(`wrote ${parsed.output}\n`);
  return 0;
}

/** Writes `file` whole or not at all: a temporary file next to it, renamed over it. */
async function writeWhole(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await fs.writeFile(tmp, text, { flag: 'wx', mode: 0o644 });
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
