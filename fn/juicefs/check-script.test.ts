// The check script in bash, against a fake `mount` and fake juicefs clients on the PATH: the
// behaviour of spec §3.6 (poll, timeout, success lines, quota branches), and the sidecar's real
// postStart command line run with its paths pointed into a temp dir.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pod, settingsFor } from '../../test/support/juicefs';
import { CHECK_MOUNT_KEY, CHECK_MOUNT_SCRIPT } from './check-script';
import { buildSidecar } from './container';
import { checkVolumeSource } from './generated-objects';
import type { JsonObject } from '../types';

const SCRIPT = path.join(__dirname, 'scripts', 'check_mount.sh');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jfs-check-'));
  fs.mkdirSync(path.join(dir, 'bin'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function tool(name: string, body: string): string {
  const file = path.join(dir, 'bin', name);
  fs.writeFileSync(file, `#!/bin/bash\n${body}\n`, { mode: 0o755 });
  return file;
}

/** A `mount` that counts its calls and lists `line` from call number `from` on. */
function fakeMount(line: string, from = 1): void {
  tool('mount', `n=$(( $(cat "${dir}/calls" 2>/dev/null || echo 0) + 1 )); echo $n > "${dir}/calls"\necho "proc on /proc type proc (rw)"\nif (( n >= ${from} )); then echo ${JSON.stringify(line)}; fi`);
}

/** A juicefs client that records its arguments, one call per line; `quota` alone exits with `status`. */
function fakeCli(name: string, status = 0): string {
  return tool(name, `printf '%s\\n' "$*" >> "${dir}/${name}.calls"\nif [[ $# -eq 1 ]]; then exit ${status}; fi`);
}

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync('bash', [SCRIPT, ...args], {
    encoding: 'utf8',
    timeout: 20000,
    env: { PATH: `${dir}/bin:/usr/bin:/bin`, CHECK_MOUNT_INTERVAL: '0.01', CHECK_MOUNT_CE_CLI: path.join(dir, 'bin', 'ce'), CHECK_MOUNT_EE_CLI: path.join(dir, 'bin', 'ee'), ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function calls(name: string): string[] {
  const file = path.join(dir, `${name}.calls`);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : [];
}

function waitFor(file: string): void {
  const until = Date.now() + 5000;
  while (!fs.existsSync(file) && Date.now() < until) spawnSync('sleep', ['0.02']);
}

describe('check_mount.sh (§3.6)', () => {
  it('is embedded byte for byte (run node tools/embed-scripts.js if not)', () => {
    expect(CHECK_MOUNT_KEY).toBe('check_mount.sh');
    expect(CHECK_MOUNT_SCRIPT).toBe(fs.readFileSync(SCRIPT, 'utf8'));
  });

  it('succeeds when a mount line has the path and JuiceFS: the date, then the success line', () => {
    fakeMount('JuiceFS:vol on /jfs/abcdef type fuse.juicefs (rw)');
    const r = run(['/jfs/abcdef']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toContain('/jfs/abcdef');
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(lines[2]).toBe('succeed in checking mount point /jfs/abcdef');
    expect(lines).toHaveLength(3);
  });

  it('keeps polling until the mount shows up', () => {
    fakeMount('JuiceFS:vol on /jfs/abcdef type fuse.juicefs (rw)', 4);
    expect(run(['/jfs/abcdef']).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim()).toBe('4');
  });

  it('times out after 20 failed checks: "timed out!", exit 1', () => {
    fakeMount('JuiceFS:vol on /jfs/other type fuse.juicefs (rw)');
    const r = run(['/jfs/abcdef']);
    expect(r.status).toBe(1);
    expect(r.stdout.trim()).toBe('timed out!');
    expect(fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim()).toBe('20');
  });

  it('the path and "JuiceFS" must be on the same line', () => {
    tool('mount', 'echo "x on /jfs/abcdef type tmpfs"; echo "JuiceFS:vol on /elsewhere type fuse.juicefs"');
    expect(run(['/jfs/abcdef']).status).toBe(1);
  });

  it('CE quota: in the background with ${metaurl}, only when `juicefs quota` works', () => {
    fakeMount('JuiceFS:vol on /jfs/m type fuse.juicefs');
    fakeCli('ce');
    const r = run(['/jfs/m'], { subpath: 'pvc-1', capacity: '10', community: 'ce', quotaPath: '/sub/pvc-1', name: 'vol', metaurl: 'redis://r:6379/1' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('set quota in pvc-1');
    waitFor(path.join(dir, 'ce.calls'));
    const until = Date.now() + 5000;
    while (calls('ce').length < 2 && Date.now() < until) spawnSync('sleep', ['0.02']);
    expect(calls('ce')).toEqual(['quota', 'quota set redis://r:6379/1 --path /sub/pvc-1 --capacity 10']);
  });

  it('CE quota: nothing set when `juicefs quota` fails', () => {
    fakeMount('JuiceFS:vol on /jfs/m type fuse.juicefs');
    fakeCli('ce', 1);
    expect(run(['/jfs/m'], { subpath: 'p', capacity: '10', community: 'ce', quotaPath: 'p' }).status).toBe(0);
    expect(calls('ce')).toEqual(['quota']);
  });

  it('EE quota: in the foreground with the volume name', () => {
    fakeMount('JuiceFS:vol on /jfs/m type fuse.juicefs');
    fakeCli('ee');
    const r = run(['/jfs/m'], { subpath: 'p', capacity: '5', community: 'ee', quotaPath: 'p', name: 'ee-vol' });
    expect(r.stdout).toContain('set quota in p');
    expect(calls('ee')).toEqual(['quota', 'quota set ee-vol --path p --capacity 5']);
  });

  it('no quota without a sub path or a capacity', () => {
    fakeMount('JuiceFS:vol on /jfs/m type fuse.juicefs');
    fakeCli('ce');
    const r = run(['/jfs/m'], { subpath: '', capacity: '10', community: 'ce' });
    expect(r.stdout).not.toContain('set quota');
    expect(run(['/jfs/m'], { subpath: 'p', capacity: '', community: 'ce' }).stdout).not.toContain('set quota');
    expect(calls('ce')).toEqual([]);
  });

  it('values are data: shell text in them runs nothing', () => {
    fakeMount('JuiceFS:vol on /jfs/m type fuse.juicefs');
    fakeCli('ee');
    run(['/jfs/m'], { subpath: '$(touch pwned)', capacity: '1', community: 'ee', quotaPath: '`touch pwned`;x', name: 'a b' });
    expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
    expect(calls('ee')).toEqual(['quota', 'quota set a b --path `touch pwned`;x --capacity 1']);
  });

  it("the sidecar's own postStart line runs it with its inline settings", () => {
    fakeMount('JuiceFS:vol on /jfs/abcdef type fuse.juicefs');
    fakeCli('ce');
    const s = settingsFor({ volCtx: { subPath: 'pvc-9' } });
    s.mountPath = '/jfs/abcdef';
    s.secretName = 'x-jfs-secret';
    const { container } = buildSidecar({
      profile: 'hostpath',
      settings: s,
      config: { mountPodPatch: [] },
      app: pod([]),
      pvcName: 'x',
      capacity: 3n,
      checkSource: checkVolumeSource('external', s.secretName),
      mountPointPath: '/var/lib/juicefs/volume',
      immutable: false,
      nodeName: '',
    });
    const line = (((container.lifecycle as JsonObject).postStart as JsonObject).exec as JsonObject).command as string[];
    const log = path.join(dir, 'log');
    // As the volume mounts it (mode 0755): an executable without an interpreter line, which bash runs itself.
    const script = path.join(dir, 'check_mount.sh');
    fs.writeFileSync(script, CHECK_MOUNT_SCRIPT, { mode: 0o755 });
    const local = line[2].replace('/jfs-scripts/check_mount.sh', script).replace('/proc/1/fd/1', log);
    const r = spawnSync(line[0], [line[1], local], {
      encoding: 'utf8',
      env: { PATH: `${dir}/bin:/usr/bin:/bin`, CHECK_MOUNT_INTERVAL: '0.01', CHECK_MOUNT_CE_CLI: path.join(dir, 'bin', 'ce'), metaurl: 'redis://m' },
    });
    expect(r.status).toBe(0);
    expect(fs.readFileSync(log, 'utf8')).toContain('succeed in checking mount point /jfs/abcdef\nset quota in pvc-9');
    const until = Date.now() + 5000;
    while (calls('ce').length < 2 && Date.now() < until) spawnSync('sleep', ['0.02']);
    expect(calls('ce')[1]).toBe('quota set redis://m --path pvc-9 --capacity 3');
  });
});
