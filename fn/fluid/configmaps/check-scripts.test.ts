// The generated check-scripts.ts must track the .sh sources exactly.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  CHECK_FLUID_MOUNT_READY_KEY,
  CHECK_FLUID_MOUNT_READY_SCRIPT,
  CHECK_MOUNT_KEY,
  CHECK_MOUNT_SCRIPT,
} from './check-scripts';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCRIPTS_DIR = path.join(__dirname, 'scripts');

const cases: Array<[string, string, string]> = [
  ['CHECK_MOUNT_SCRIPT', CHECK_MOUNT_KEY, CHECK_MOUNT_SCRIPT],
  ['CHECK_FLUID_MOUNT_READY_SCRIPT', CHECK_FLUID_MOUNT_READY_KEY, CHECK_FLUID_MOUNT_READY_SCRIPT],
];

describe('generated check-scripts.ts', () => {
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
