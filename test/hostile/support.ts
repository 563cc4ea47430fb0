// Shared helpers of the hostile-input tests: build a ResourceList, run the built executable as kpt
// would (stdin → stdout), measuring wall time and the child's own peak RSS.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import type { KubeObject } from '../../fn/types';

export const ROOT = path.resolve(__dirname, '../..');
export const BIN = path.join(ROOT, 'bin', 'inject-fluid-sidecar');
const PROBE = path.join(__dirname, 'rss-probe.js');

export function requireBuild(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'fn', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  }
}

export function resourceList(items: unknown[], functionConfig?: unknown): string {
  const rl: Record<string, unknown> = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items };
  if (functionConfig !== undefined) rl.functionConfig = functionConfig;
  return YAML.stringify(rl, { version: '1.1', indentSeq: false });
}

export interface BinRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** wall time of the child, ms */
  ms: number;
  /** the child's peak resident set size, MB (process.resourceUsage().maxRSS at exit) */
  rssMb: number;
  /** Object.prototype or Array.prototype changed in the child (prototype pollution) */
  prototypeChanged: boolean;
  timedOut: boolean;
}

/**
 * Runs bin/inject-fluid-sidecar.js under node with a preloaded probe that reports the child's own
 * peak RSS on fd 3. `stdin` is text, bytes, or `{ file }` (the file becomes stdin, as a redirect).
 */
export function runBin(stdin: string | Buffer | { file: string }, args: string[] = [], timeoutMs = 30000): BinRun {
  let fd: number | undefined;
  const input = typeof stdin === 'object' && !Buffer.isBuffer(stdin) ? undefined : stdin;
  if (input === undefined) fd = fs.openSync((stdin as { file: string }).file, 'r');
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', PROBE, `${BIN}.js`, ...args], {
    input,
    stdio: [fd ?? 'pipe', 'pipe', 'pipe', 'pipe'],
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (fd !== undefined) fs.closeSync(fd);
  const out = r.output as (Buffer | null)[];
  const probe = JSON.parse((out[3] ?? Buffer.alloc(0)).toString() || '{}') as { maxRssKb?: number; prototypeChanged?: boolean };
  return {
    status: r.status,
    stdout: (r.stdout ?? Buffer.alloc(0)).toString('utf8'),
    stderr: (r.stderr ?? Buffer.alloc(0)).toString('utf8'),
    ms,
    rssMb: (probe.maxRssKb ?? NaN) / 1024,
    prototypeChanged: probe.prototypeChanged !== false,
    timedOut: r.error !== undefined && /ETIMEDOUT/.test(String((r.error as NodeJS.ErrnoException).code)),
  };
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface ParsedOutput {
  apiVersion: string;
  kind: string;
  items: KubeObject[];
  results?: { message: string; severity: string; resourceRef?: Record<string, string>; field?: { path: string }; tags?: Record<string, string> }[];
}

/** stdout parsed as the ResourceList it must be (throws otherwise). */
export function parseOutput(stdout: string): ParsedOutput {
  const doc = YAML.parseDocument(stdout, { version: '1.1', uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(`stdout is not valid YAML: ${doc.errors[0].message}`);
  const rl = doc.toJS() as ParsedOutput;
  if (rl?.kind !== 'ResourceList' || !Array.isArray(rl.items)) throw new Error(`stdout is not a ResourceList:\n${stdout.slice(0, 500)}`);
  return rl;
}

/** The text of `items` in a block-style ResourceList, up to the next root key (for byte comparisons). */
export function itemsText(rl: string): string {
  const start = rl.indexOf('\nitems:');
  if (start < 0) throw new Error('no items');
  const next = /\n[A-Za-z_]/g;
  next.lastIndex = start + 1;
  const m = next.exec(rl);
  return rl.slice(start, m ? m.index : undefined).replace(/\n$/, '');
}
