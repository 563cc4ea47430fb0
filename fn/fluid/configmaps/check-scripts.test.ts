// The generated check-scripts.ts must track the .sh sources exactly.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  CHECK_FLUID_MOUNT_READY_KEY,
  CHECK_FLUID_MOUNT_READY_SCRIPT,
  CHECK_FLUID_MOUNT_READY_SHA,
  CHECK_MOUNT_KEY,
  CHECK_MOUNT_SCRIPT,
  CHECK_MOUNT_SHA,
} from './check-scripts';
import { checkMountScript, scriptSha } from './check-configmaps';
import { createHash } from 'crypto';
import { CHECK_MOUNT_UNPRIVILEGED_SCRIPT, CHECK_MOUNT_UNPRIVILEGED_SHA } from './check-scripts';
import { DEVELOPMENT_PROFILE, PROFILES } from '../versions';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCRIPTS_DIR = path.join(__dirname, 'scripts');

const cases: Array<[string, string, string]> = [
  ['CHECK_MOUNT_SCRIPT', CHECK_MOUNT_KEY, CHECK_MOUNT_SCRIPT],
  ['CHECK_FLUID_MOUNT_READY_SCRIPT', CHECK_FLUID_MOUNT_READY_KEY, CHECK_FLUID_MOUNT_READY_SCRIPT],
];

describe('generated check-scripts.ts', () => {
  test('the embedded digests are the scripts\' (scriptSha)', () => {
    expect(CHECK_MOUNT_SHA).toBe(scriptSha(CHECK_MOUNT_SCRIPT));
    expect(CHECK_FLUID_MOUNT_READY_SHA).toBe(scriptSha(CHECK_FLUID_MOUNT_READY_SCRIPT));
    expect(CHECK_MOUNT_SHA).toMatch(/^[0-9a-f]{63}$/);
    const sha = (t: string): string => createHash('sha256').update(t).digest('hex').slice(0, 63);
    expect(CHECK_MOUNT_SHA).toBe(sha(CHECK_MOUNT_SCRIPT));
    expect(CHECK_FLUID_MOUNT_READY_SHA).toBe(sha(CHECK_FLUID_MOUNT_READY_SCRIPT));
    expect(CHECK_MOUNT_UNPRIVILEGED_SHA).toBe(sha(CHECK_MOUNT_UNPRIVILEGED_SCRIPT));
  });

  test('a release\'s own script text gets its own digest, not a shipped one', () => {
    const texts = new Set(Object.values(PROFILES).map((p) => checkMountScript(p.checkMount)));
    expect(texts.size).toBeGreaterThan(1);
    // the development line's text is the shipped one, so its digest needs no node:crypto
    expect(texts.has(CHECK_MOUNT_SCRIPT)).toBe(true);
    expect(checkMountScript(DEVELOPMENT_PROFILE.checkMount)).toBe(CHECK_MOUNT_SCRIPT);
    for (const t of texts) expect(scriptSha(t)).toBe(createHash('sha256').update(t).digest('hex').slice(0, 63));
  });

  test('keys are the mounted file names', () => {
    expect(CHECK_MOUNT_KEY).toBe('check-mount.sh');
    expect(CHECK_FLUID_MOUNT_READY_KEY).toBe('check-fluid-mount-ready.sh');
  });

  test.each(cases)('%s equals scripts/%s byte for byte (run node tools/embed-scripts.js if not)', (_name, key, text) => {
    const onDisk = fs.readFileSync(path.join(SCRIPTS_DIR, key));
    expect(Buffer.from(text, 'utf8').equals(onDisk)).toBe(true);
    expect(text).toBe(onDisk.toString('utf8'));
  });

  test('generated file is exactly what tools/embed-scripts.js produces', () => {
    const res = spawnSync(process.execPath, [path.join(ROOT, 'tools', 'embed-scripts.js'), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
  });

  test.each(cases)('%s (%s) passes bash -n', (_name, _key, text) => {
    const res = spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
  });

  test.each(cases)('%s starts with a bash shebang and sets -e', (_name, _key, text) => {
    expect(text.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(text).toMatch(/^set -e$/m);
  });

  test.each(cases)('%s uses no eval', (_name, _key, text) => {
    const code = text
      .split('\n')
      .filter((l) => !/^\s*#/.test(l))
      .join('\n');
    expect(code).not.toMatch(/\beval\b/);
  });
});
