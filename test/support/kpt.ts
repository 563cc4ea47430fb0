// What the kpt end-to-end tests of both functions share: running a command with the repository's
// bin/ first on PATH (kpt exec paths must be absolute, the bins must be found), and a directory's files.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runWithBin(cmd: string, args: string[], cwd = ROOT): Ran {
  const env = { ...process.env, PATH: `${path.join(ROOT, 'bin')}:${process.env.PATH}` };
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file of a directory, relative path → content. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}
