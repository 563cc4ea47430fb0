// Behavioural tests for the bash scripts shipped in the ConfigMaps.
// Each test runs the real script with bash against a fixture mountinfo file in
// a private temp dir; the production paths are replaced via the documented
// FLUID_CHECK_* environment overrides and the poll interval is shortened.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SCRIPTS_DIR = path.join(__dirname, 'scripts');
const READY = path.join(SCRIPTS_DIR, 'check-fluid-mount-ready.sh');
const CHECK_MOUNT = path.join(SCRIPTS_DIR, 'check-mount.sh');
const INTERVAL = '0.01';

interface Env {
  dir: string;
  mountinfo: string;
  logTarget: string;
}

interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  log: string;
}

let env: Env;

beforeEach(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fluid-check-'));
  env = { dir, mountinfo: path.join(dir, 'mountinfo'), logTarget: path.join(dir, 'container.log') };
  fs.writeFileSync(env.mountinfo, '');
});

afterEach(() => {
  fs.rmSync(env.dir, { recursive: true, force: true });
});

/**
 * One /proc/self/mountinfo line. With exactly one optional field (the default)
 * the fields are: 1 id, 2 parent id, 3 major:minor, 4 root, 5 mount point,
 * 6 mount options, 7 optional field, 8 "-", 9 fs type, 10 source, 11 super options.
 */
function mountinfoLine(
  mountPoint: string,
  fsType: string,
  source: string,
  opts: { id?: number; optional?: string[] } = {},
): string {
  const id = opts.id ?? 36;
  const optional = opts.optional ?? ['master:1'];
  return [String(id), '35', '98:0', '/mnt1', mountPoint, 'rw,noatime', ...optional, '-', fsType, source, 'rw'].join(' ');
}

function writeMountinfo(...lines: string[]): void {
  const standard = [
    mountinfoLine('/', 'overlay', 'overlay', { id: 20, optional: ['master:9'] }),
    mountinfoLine('/proc', 'proc', 'proc', { id: 21, optional: ['shared:2'] }),
  ];
  fs.writeFileSync(env.mountinfo, [...standard, ...lines].join('\n') + '\n');
}

function run(script: string, args: string[], overrides: Partial<Record<string, string>> = {}): RunResult {
  const res = spawnSync('bash', [script, ...args], {
    cwd: env.dir,
    encoding: 'utf8',
    timeout: 30000,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      FLUID_CHECK_MOUNTINFO: env.mountinfo,
      FLUID_CHECK_LOG_TARGET: env.logTarget,
      FLUID_CHECK_INTERVAL: INTERVAL,
      ...overrides,
    },
  });
  if (res.error) throw res.error;
  const log = fs.existsSync(env.logTarget) ? fs.readFileSync(env.logTarget, 'utf8') : '';
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, log };
}

/**
 * Starts a script in the background and resolves once bash is running it.
 * (The exit promise is wrapped in an object so that awaiting this function
 * does not also wait for the exit.)
 */
async function startInBackground(
  script: string,
  args: string[],
  interval: string,
): Promise<{ exited: Promise<number | null> }> {
  const started = path.join(env.dir, 'started');
  const child = spawn('bash', ['-c', 'touch "$0" && exec bash "$@"', started, script, ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      FLUID_CHECK_MOUNTINFO: env.mountinfo,
      FLUID_CHECK_LOG_TARGET: env.logTarget,
      FLUID_CHECK_INTERVAL: interval,
    },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 200 && !fs.existsSync(started); i++) await sleep(25);
  return { exited };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Files that a successful injection would have created (must never exist). */
function pwnedFiles(): string[] {
  return fs.readdirSync(env.dir).filter((f) => f.startsWith('pwned'));
}

function mnt(name = 'mnt'): string {
  return path.join(env.dir, name);
}

const LOG_LINE = /^>>> \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} fluid-post-start-check /;

describe('check-fluid-mount-ready.sh', () => {
  test('succeeds when the fs type (field 9) contains the runtime type', () => {
    writeMountinfo(mountinfoLine(mnt(), 'fuse.alluxio-fuse', 'alluxio'));
    const r = run(READY, [mnt(), 'alluxio']);
    expect(r.status).toBe(0);
    expect(r.log).toBe(`succeed in checking mount point ${mnt()} with runtimeType alluxio\n`);
    // everything goes to the redirection target, nothing to the original streams
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
  });

  test('checks every pair of a ":"-separated list', () => {
    writeMountinfo(
      mountinfoLine(mnt('a'), 'fuse.alluxio-fuse', 'alluxio', { id: 40 }),
      mountinfoLine(mnt('b'), 'fuse.juicefs', 'JuiceFS:vol', { id: 41 }),
    );
    const r = run(READY, [`${mnt('a')}:${mnt('b')}`, 'alluxio:juicefs']);
    expect(r.status).toBe(0);
    expect(r.log).toBe(
      `succeed in checking mount point ${mnt('a')} with runtimeType alluxio\n` +
        `succeed in checking mount point ${mnt('b')} with runtimeType juicefs\n`,
    );
  });

  test('fails when one path of the list is not mounted', () => {
    writeMountinfo(mountinfoLine(mnt('a'), 'fuse.alluxio-fuse', 'alluxio'));
    const r = run(READY, [`${mnt('a')}:${mnt('b')}`, 'alluxio:alluxio']);
    expect(r.status).toBe(1);
    expect(r.log).toContain(`succeed in checking mount point ${mnt('a')} with runtimeType alluxio\n`);
    expect(r.log).toContain(
      `fail to check mount point ${mnt('b')} with runtimeType alluxio: timed out for 10 seconds\n`,
    );
  });

  test('times out when no mountinfo line contains the path', () => {
    const r = run(READY, [mnt(), 'alluxio']);
    expect(r.status).toBe(1);
    expect(r.log).toBe(`fail to check mount point ${mnt()} with runtimeType alluxio: timed out for 10 seconds\n`);
  });

  test('times out when the mountinfo file does not exist', () => {
    fs.rmSync(env.mountinfo);
    const r = run(READY, [mnt(), 'alluxio']);
    expect(r.status).toBe(1);
    expect(r.log).toContain(`fail to check mount point ${mnt()} with runtimeType alluxio: timed out for 10 seconds`);
  });

  test('polls until the mount appears', async () => {
    // The script polls 10 times at 0.3 s (2.7 s window); the mount appears after ~0.5 s.
    const { exited } = await startInBackground(READY, [mnt(), 'alluxio'], '0.3');
    await sleep(500);
    writeMountinfo(mountinfoLine(mnt(), 'fuse.alluxio-fuse', 'alluxio'));
    expect(await exited).toBe(0);
    expect(fs.readFileSync(env.logTarget, 'utf8')).toBe(
      `succeed in checking mount point ${mnt()} with runtimeType alluxio\n`,
    );
  });

  test('fails on a wrong fs type even if the runtime name appears elsewhere on the line', () => {
    // field 9 is ext4; "alluxio" is only the source (field 10) and part of the root
    writeMountinfo(mountinfoLine(mnt(), 'ext4', 'alluxio'));
    const r = run(READY, [mnt(), 'alluxio']);
    expect(r.status).toBe(1);
    expect(r.log).toContain(`fail to check mount point ${mnt()} with runtimeType alluxio: timed out for 10 seconds`);
  });

  test('fs type is taken from field 9 only (a line without optional fields shifts it)', () => {
    // with zero optional fields field 9 is the source "other", not the fs type
    writeMountinfo(mountinfoLine(mnt(), 'fuse.alluxio-fuse', 'other', { optional: [] }));
    const r = run(READY, [mnt(), 'alluxio']);
    expect(r.status).toBe(1);
  });

  test('ignores a matching fs type on a line for another path', () => {
    writeMountinfo(
      mountinfoLine(mnt('other'), 'fuse.alluxio-fuse', 'alluxio', { id: 40 }),
      mountinfoLine(mnt(), 'ext4', '/dev/sda1', { id: 41 }),
    );
    const r = run(READY, [mnt(), 'alluxio']);
    expect(r.status).toBe(1);
  });

  test('jindo is checked as fs type "fuse"', () => {
    writeMountinfo(mountinfoLine(mnt(), 'fuse', 'jindofs'));
    const r = run(READY, [mnt(), 'jindo']);
    expect(r.status).toBe(0);
    expect(r.log).toBe(`succeed in checking mount point ${mnt()} with runtimeType jindo\n`);
  });

  test('jindo does not match an fs type without "fuse"', () => {
    writeMountinfo(mountinfoLine(mnt(), 'jindo', 'jindo'));
    const r = run(READY, [mnt(), 'jindo']);
    expect(r.status).toBe(1);
    expect(r.log).toContain(`fail to check mount point ${mnt()} with runtimeType jindo: timed out for 10 seconds`);
  });

  test.each([[[]], [['/a']], [['/a', 'alluxio', 'extra']]])('wrong argument count %j prints usage and exits 1', (args) => {
    writeMountinfo(mountinfoLine('/a', 'fuse.alluxio-fuse', 'alluxio'));
    const r = run(READY, args);
    expect(r.status).toBe(1);
    expect(r.log).toMatch(/^Usage: check-fluid-mount-ready\.sh <mount-paths> <runtime-types>/);
    expect(r.log).not.toContain('succeed');
  });

  test.each([
    ['/a:/b', 'alluxio'],
    ['/a', 'alluxio:jindo'],
    ['/a:', 'alluxio'],
  ])('length mismatch %s / %s exits 1', (paths, types) => {
    writeMountinfo(mountinfoLine('/a', 'fuse.alluxio-fuse', 'alluxio'), mountinfoLine('/b', 'fuse.jindo', 'j'));
    const r = run(READY, [paths, types]);
    expect(r.status).toBe(1);
    expect(r.log).toBe('Error: length of mount paths must be equal to length of runtime types\n');
  });

  test('rejects empty list elements instead of matching every line', () => {
    writeMountinfo(mountinfoLine(mnt(), 'fuse.alluxio-fuse', 'alluxio'));
    const r = run(READY, ['', 'alluxio']);
    expect(r.status).toBe(1);
    expect(r.log).not.toContain('succeed');
  });

  test('redirection failure exits 125 with a message on stderr', () => {
    writeMountinfo(mountinfoLine(mnt(), 'fuse.alluxio-fuse', 'alluxio'));
    const target = path.join(env.dir, 'no-such-dir', 'log');
    const r = run(READY, [mnt(), 'alluxio'], { FLUID_CHECK_LOG_TARGET: target });
    expect(r.status).toBe(125);
    expect(r.stderr).toBe('[PostStartHook] Redirection failed\n');
    expect(r.stdout).toBe('');
    expect(fs.existsSync(target)).toBe(false);
  });

  test('appends to the redirection target instead of truncating it', () => {
    fs.writeFileSync(env.logTarget, 'earlier container output\n');
    writeMountinfo(mountinfoLine(mnt(), 'fuse.alluxio-fuse', 'alluxio'));
    const r = run(READY, [mnt(), 'alluxio']);
    expect(r.status).toBe(0);
    expect(r.log).toBe(`earlier container output\nsucceed in checking mount point ${mnt()} with runtimeType alluxio\n`);
  });

  describe('hostile arguments are data', () => {
    const hostilePaths = (dir: string, m: string): Array<[string, string]> => [
      ['command substitution', `${m}/$(touch ${dir}/pwned1)`],
      ['backticks', `${m}/\`touch ${dir}/pwned2\``],
      ['semicolon', `${m};touch ${dir}/pwned3`],
      ['newline', `${m}\ntouch ${dir}/pwned4`],
      ['space', `${m} touch ${dir}/pwned5`],
      ['glob', `${m}*`],
      ['pattern chars', `${m}[a-z]?`],
    ];

    test.each([0, 1, 2, 3, 4, 5, 6])('hostile mount path #%i never executes and never matches', (i) => {
      writeMountinfo(mountinfoLine(mnt('mntx'), 'fuse.alluxio-fuse', 'alluxio'));
      const [, hostile] = hostilePaths(env.dir, mnt())[i];
      const r = run(READY, [hostile, 'alluxio']);
      expect(r.status).toBe(1);
      expect(r.log).toContain('timed out for 10 seconds');
      expect(r.log).not.toContain('succeed');
      expect(pwnedFiles()).toEqual([]);
    });

    test('a newline in the path does not truncate it to a matching prefix', () => {
      writeMountinfo(mountinfoLine(mnt(), 'fuse.alluxio-fuse', 'alluxio'));
      const r = run(READY, [`${mnt()}\nx`, 'alluxio']);
      expect(r.status).toBe(1);
      expect(r.log).not.toContain('succeed');
    });

    test('hostile runtime types never execute', () => {
      writeMountinfo(mountinfoLine(mnt(), 'fuse.alluxio-fuse', 'alluxio'));
      for (const type of [
        `$(touch ${env.dir}/pwned6)`,
        `\`touch ${env.dir}/pwned7\``,
        `alluxio;touch ${env.dir}/pwned8`,
        `alluxio\ntouch ${env.dir}/pwned9`,
        '*',
      ]) {
        const r = run(READY, [mnt(), type]);
        expect(r.status).toBe(1);
        expect(r.log).not.toContain('succeed');
      }
      expect(pwnedFiles()).toEqual([]);
    });
  });
});

describe('check-mount.sh', () => {
  function mountWithSubPath(sub: string): void {
    writeMountinfo(mountinfoLine(mnt(), 'fuse.alluxio-fuse', 'alluxio'));
    fs.mkdirSync(path.join(mnt(), 'x', sub), { recursive: true });
  }

  function logLines(log: string): string[] {
    const lines = log.split('\n').filter((l) => l !== '');
    for (const l of lines) expect(l).toMatch(LOG_LINE);
    return lines.map((l) => l.replace(LOG_LINE, ''));
  }

  test('succeeds when mount point, type and sub path are present', () => {
    mountWithSubPath('data');
    const r = run(CHECK_MOUNT, [mnt(), 'fuse.alluxio-fuse', 'data']);
    expect(r.status).toBe(0);
    expect(logLines(r.log)).toEqual([`succeed in checking mount point ${mnt()} after 1 attempts`]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
  });

  test('accepts an empty or absent sub path when a directory exists below the mount point', () => {
    mountWithSubPath('data');
    for (const args of [[mnt(), 'alluxio', ''], [mnt(), 'alluxio']]) {
      fs.rmSync(env.logTarget, { force: true });
      const r = run(CHECK_MOUNT, args);
      expect(r.status).toBe(0);
      expect(logLines(r.log)).toEqual([`succeed in checking mount point ${mnt()} after 1 attempts`]);
    }
  });

  test('empty sub path still needs a directory one level below the mount point', () => {
    writeMountinfo(mountinfoLine(mnt(), 'fuse.alluxio-fuse', 'alluxio'));
    fs.mkdirSync(mnt());
    const r = run(CHECK_MOUNT, [mnt(), 'alluxio', '']);
    expect(r.status).toBe(2);
    expect(logLines(r.log)).toEqual(['timed out checking sub path [] for 30 seconds!']);
  });

  test('times out with exit 1 when no mountinfo line matches', () => {
    mountWithSubPath('data');
    writeMountinfo();
    const r = run(CHECK_MOUNT, [mnt(), 'fuse.alluxio-fuse', 'data']);
    expect(r.status).toBe(1);
    expect(logLines(r.log)).toEqual(['timed out checking mount point for 30 seconds!']);
  });

  test('times out when the mountinfo file does not exist', () => {
    fs.rmSync(env.mountinfo);
    const r = run(CHECK_MOUNT, [mnt(), 'fuse']);
    expect(r.status).toBe(1);
    expect(r.log).toContain('timed out checking mount point for 30 seconds!');
  });

  test('wrong mount type times out with exit 1', () => {
    mountWithSubPath('data');
    const r = run(CHECK_MOUNT, [mnt(), 'fuse.juicefs', 'data']);
    expect(r.status).toBe(1);
    expect(logLines(r.log)).toEqual(['timed out checking mount point for 30 seconds!']);
  });

  test('mount point and type must be on the same line', () => {
    writeMountinfo(
      mountinfoLine(mnt(), 'ext4', '/dev/sda1', { id: 40 }),
      mountinfoLine(mnt('other'), 'fuse.alluxio-fuse', 'alluxio', { id: 41 }),
    );
    fs.mkdirSync(path.join(mnt(), 'x', 'data'), { recursive: true });
    const r = run(CHECK_MOUNT, [mnt(), 'fuse.alluxio-fuse', 'data']);
    expect(r.status).toBe(1);
  });

  test('mount ok but sub path missing exits 2', () => {
    mountWithSubPath('data');
    const r = run(CHECK_MOUNT, [mnt(), 'fuse.alluxio-fuse', 'missing']);
    expect(r.status).toBe(2);
    expect(logLines(r.log)).toEqual(['timed out checking sub path [missing] for 30 seconds!']);
  });

  test('sub path directly under the mount point (not one level below) does not count', () => {
    writeMountinfo(mountinfoLine(mnt(), 'fuse.alluxio-fuse', 'alluxio'));
    fs.mkdirSync(path.join(mnt(), 'data'), { recursive: true });
    const r = run(CHECK_MOUNT, [mnt(), 'fuse.alluxio-fuse', 'data']);
    expect(r.status).toBe(2);
  });

  test('nested sub path and a plain file both count', () => {
    mountWithSubPath('a/b');
    fs.writeFileSync(path.join(mnt(), 'x', 'file.txt'), '');
    expect(run(CHECK_MOUNT, [mnt(), 'alluxio', 'a/b']).status).toBe(0);
    expect(run(CHECK_MOUNT, [mnt(), 'alluxio', 'file.txt']).status).toBe(0);
  });

  test('jindo is looked up as /dev/fuse', () => {
    writeMountinfo(mountinfoLine(mnt(), 'fuse', '/dev/fuse'));
    fs.mkdirSync(path.join(mnt(), 'jindo', 'data'), { recursive: true });
    const r = run(CHECK_MOUNT, [mnt(), 'jindo', 'data']);
    expect(r.status).toBe(0);
    expect(logLines(r.log)).toEqual([`succeed in checking mount point ${mnt()} after 1 attempts`]);
  });

  test('jindo does not match a line that only says jindo', () => {
    writeMountinfo(mountinfoLine(mnt(), 'fuse.jindo', 'jindo'));
    fs.mkdirSync(path.join(mnt(), 'jindo', 'data'), { recursive: true });
    const r = run(CHECK_MOUNT, [mnt(), 'jindo', 'data']);
    expect(r.status).toBe(1);
    expect(logLines(r.log)).toEqual(['timed out checking mount point for 30 seconds!']);
  });

  test('only exactly "jindo" is rewritten', () => {
    writeMountinfo(mountinfoLine(mnt(), 'fuse', '/dev/fuse'));
    fs.mkdirSync(path.join(mnt(), 'x', 'data'), { recursive: true });
    expect(run(CHECK_MOUNT, [mnt(), 'jindofs', 'data']).status).toBe(1);
    expect(run(CHECK_MOUNT, [mnt(), 'Jindo', 'data']).status).toBe(1);
  });

  test('polls until the mount and then the sub path appear, counting attempts', async () => {
    const { exited } = await startInBackground(CHECK_MOUNT, [mnt(), 'alluxio', 'data'], '0.2');
    await sleep(500);
    writeMountinfo(mountinfoLine(mnt(), 'fuse.alluxio-fuse', 'alluxio'));
    await sleep(500);
    fs.mkdirSync(path.join(mnt(), 'x', 'data'), { recursive: true });
    expect(await exited).toBe(0);
    const lines = logLines(fs.readFileSync(env.logTarget, 'utf8'));
    expect(lines).toHaveLength(1);
    const m = /^succeed in checking mount point (.*) after (\d+) attempts$/.exec(lines[0]);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(mnt());
    // ~0.5 s at 0.2 s per poll: more than one attempt, far fewer than 30
    expect(Number(m![2])).toBeGreaterThan(1);
    expect(Number(m![2])).toBeLessThan(10);
  });

  test.each([[[]], [['/a']], [['/a', 'fuse', 'sub', 'extra']]])('wrong argument count %j prints usage and exits 1', (args) => {
    writeMountinfo(mountinfoLine('/a', 'fuse', 'fuse'));
    const r = run(CHECK_MOUNT, args);
    expect(r.status).toBe(1);
    expect(r.log).toMatch(/^Usage: check-mount\.sh <mount-point> <mount-type> \[<sub-path>\]/);
    expect(r.log).not.toContain('succeed');
  });

  test('empty mount point or type is rejected instead of matching every line', () => {
    mountWithSubPath('data');
    expect(run(CHECK_MOUNT, ['', 'alluxio', 'data']).status).toBe(1);
    expect(run(CHECK_MOUNT, [mnt(), '', 'data']).status).toBe(1);
    expect(fs.readFileSync(env.logTarget, 'utf8')).not.toContain('succeed');
  });

  test('redirection failure exits 125 with a message on stderr', () => {
    mountWithSubPath('data');
    const target = path.join(env.dir, 'no-such-dir', 'log');
    const r = run(CHECK_MOUNT, [mnt(), 'alluxio', 'data'], { FLUID_CHECK_LOG_TARGET: target });
    expect(r.status).toBe(125);
    expect(r.stderr).toBe('[PostStartHook] Redirection failed\n');
    expect(r.stdout).toBe('');
    expect(fs.existsSync(target)).toBe(false);
  });

  describe('hostile arguments are data', () => {
    const hostile = (dir: string): string[] => [
      `$(touch ${dir}/pwned1)`,
      `\`touch ${dir}/pwned2\``,
      `;touch ${dir}/pwned3`,
      `\ntouch ${dir}/pwned4`,
      ` touch ${dir}/pwned5`,
    ];

    test.each([0, 1, 2, 3, 4])('hostile suffix #%i on the mount point never executes and never matches', (i) => {
      mountWithSubPath('data');
      const r = run(CHECK_MOUNT, [mnt() + hostile(env.dir)[i], 'alluxio', 'data']);
      expect(r.status).toBe(1);
      expect(r.log).toContain('timed out checking mount point for 30 seconds!');
      expect(pwnedFiles()).toEqual([]);
    });

    test.each([0, 1, 2, 3, 4])('hostile suffix #%i on the mount type never executes', (i) => {
      mountWithSubPath('data');
      const r = run(CHECK_MOUNT, [mnt(), 'alluxio' + hostile(env.dir)[i], 'data']);
      expect(r.status).toBe(1);
      expect(pwnedFiles()).toEqual([]);
    });

    test.each([0, 1, 2, 3, 4])('hostile sub path #%i never executes and is not found', (i) => {
      mountWithSubPath('data');
      const sub = 'data' + hostile(env.dir)[i];
      const r = run(CHECK_MOUNT, [mnt(), 'alluxio', sub]);
      expect(r.status).toBe(2);
      expect(r.log).toContain(`timed out checking sub path [${sub}] for 30 seconds!`);
      expect(pwnedFiles()).toEqual([]);
    });

    test('glob characters in the arguments are literal', () => {
      mountWithSubPath('data');
      // '*' / '?' in the mount point must not match the real path
      expect(run(CHECK_MOUNT, [`${env.dir}/m*`, 'alluxio', 'data']).status).toBe(1);
      expect(run(CHECK_MOUNT, [`${env.dir}/mn?`, 'alluxio', 'data']).status).toBe(1);
      // '*' in the sub path must not match the existing 'data'
      expect(run(CHECK_MOUNT, [mnt(), 'alluxio', '*']).status).toBe(2);
      expect(run(CHECK_MOUNT, [mnt(), 'alluxio', 'd[a]ta']).status).toBe(2);
    });

    test('a sub path containing a space matches only that literal directory', () => {
      mountWithSubPath('my data');
      expect(run(CHECK_MOUNT, [mnt(), 'alluxio', 'my data']).status).toBe(0);
      expect(run(CHECK_MOUNT, [mnt(), 'alluxio', 'my']).status).toBe(2);
    });
  });
});
