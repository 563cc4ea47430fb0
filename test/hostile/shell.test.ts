// Shell safety: every value that reaches a `bash -c` postStart command (the fuse sidecar's mount
// point and sub path; the app check's mount paths) is quoted so that it arrives as one argument and
// never runs a command. The fs type (PV mount_type) never gets there: it must name a ConfigMap. The generated command is actually run by bash in a temp dir,
// with the check script replaced by a stub that records its argv.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { runKrm } from '../../fn/krm/cli/krm';
import { fluidSidecar } from '../../fn/fluid/function';
import { shellWord } from '../../fn/fluid/mutate/shell';
import type { KubeObject } from '../../fn/types';
import { thinDataset } from '../support/fixtures';
import { parseOutput, resourceList, tmpDir } from './support';

const SANDBOX = tmpDir('shell-sandbox-');
const WORK = path.join(SANDBOX, 'work');
const STUB = path.join(SANDBOX, 'argv-stub');
const ARGV_OUT = path.join(SANDBOX, 'argv');

beforeAll(() => {
  fs.mkdirSync(WORK);
  // Records its arguments NUL-separated: exactly what the check script would receive.
  fs.writeFileSync(STUB, '#!/usr/bin/env bash\nprintf \'%s\\0\' "$@" > "$ARGV_OUT"\n', { mode: 0o755 });
  fs.writeFileSync(path.join(WORK, 'existing-file'), ''); // something for a stray glob to match
});
afterAll(() => fs.rmSync(SANDBOX, { recursive: true, force: true }));

const pwned = (n: number): string => path.join(WORK, `pwned-${n}`);

/** Values that would run `touch pwned-N` (or change the argv) if pasted into bash unquoted. */
const HOSTILE: string[] = [
  `/mnt/$(touch ${pwned(1)})`,
  `/mnt/\`touch ${pwned(2)}\``,
  `/mnt; touch ${pwned(3)}`,
  '/mnt/with spaces/and\ttab',
  `/mnt\ntouch ${pwned(4)}`,
  `/mnt'; touch ${pwned(5)}; echo '`,
  `/mnt' && touch ${pwned(6)} #`,
  `/mnt | touch ${pwned(7)}`,
  `/mnt > ${pwned(8)}`,
  `/mnt/\${IFS}$(touch\${IFS}${pwned(9)})`,
  `"; touch ${pwned(10)}; "`,
  '*',
  '/mnt/*',
  '~root',
  '-n',
  '$HOME',
  "it's",
  '\\',
  '!!',
  '/dätä/ü',
  '{a,b}',
];

function runCommand(command: string[], program: string): { argv: string[]; stray: string[] } {
  expect(command.slice(0, 2)).toEqual(['bash', '-c']);
  const script = command[2];
  const prefix = `time ${program} `;
  expect(script.startsWith(prefix)).toBe(true);
  fs.rmSync(ARGV_OUT, { force: true });
  const r = spawnSync('bash', ['-c', `time ${STUB} ${script.slice(prefix.length)}`], {
    cwd: WORK,
    env: { PATH: process.env.PATH, HOME: SANDBOX, ARGV_OUT },
    encoding: 'utf8',
    timeout: 10000,
  });
  expect(r.error).toBeUndefined();
  const stray = fs.readdirSync(WORK).filter((f) => f !== 'existing-file');
  const raw = fs.existsSync(ARGV_OUT) ? fs.readFileSync(ARGV_OUT, 'utf8') : '';
  return { argv: raw === '' ? [] : raw.slice(0, -1).split('\0'), stray };
}

interface Hostile {
  mountPath?: string;
  fsType?: string;
  subPath?: string;
  appPath?: string;
}

/** Pod + thin dataset with the given values, through the KRM entry point. */
function run(h: Hostile): { input: KubeObject[]; run: ReturnType<typeof runKrm> } {
  const state = thinDataset('ns', 'ds', { fsType: h.fsType ?? 'thin', subPath: h.subPath });
  if (h.mountPath !== undefined) {
    const ds = state.find((o) => o.kind === 'DaemonSet') as any;
    ds.spec.template.spec.containers[0].volumeMounts.find((m: { name: string }) => m.name === 'thin-fuse-mount').mountPath = h.mountPath;
  }
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'app', namespace: 'ns', labels: { 'serverless.fluid.io/inject': 'true', 'app.poststart.fluid.io/inject': 'true' } },
    spec: {
      containers: [{ name: 'app', image: 'busybox', volumeMounts: [{ name: 'data', mountPath: h.appPath ?? '/data' }] }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'ds' } }],
    },
  };
  return { input: [pod, ...state], run: runKrm(resourceList([pod, ...state]), fluidSidecar) };
}

/** The same, injected; returns the two postStart commands. */
function render(h: Hostile): { sidecar: string[]; app: string[]; warnings: string[] } {
  const { run: out } = run(h);
  const errors = out.results.filter((r) => r.severity === 'error');
  expect(errors).toEqual([]);
  const pod = parseOutput(out.stdout).items[0] as any;
  const [sidecar, app] = pod.spec.containers;
  expect(sidecar.name).toBe('fluid-fuse-0');
  return {
    sidecar: sidecar.lifecycle.postStart.exec.command,
    app: app.lifecycle.postStart.exec.command,
    warnings: out.results.filter((r) => r.severity === 'warning').map((r) => r.message),
  };
}

describe('postStart commands run hostile values as data', () => {
  test('the harness can fail: an unquoted value does run a command', () => {
    const { stray } = runCommand(['bash', '-c', `time /check-mount.sh /mnt; touch ${pwned(0)}`], '/check-mount.sh');
    expect(stray).toEqual(['pwned-0']);
    fs.rmSync(pwned(0));
  });

  test('plain values are pasted verbatim (as the webhook does) and arrive as they are', () => {
    const r = render({ mountPath: '/runtime-mnt/thin/ns/ds/', subPath: 'sub/dir' });
    expect(r.sidecar[2]).toBe('time /check-mount.sh /runtime-mnt/thin/ns/ds/ thin sub/dir');
    expect(runCommand(r.sidecar, '/check-mount.sh')).toEqual({ argv: ['/runtime-mnt/thin/ns/ds/', 'thin', 'sub/dir'], stray: [] });
    expect(r.app[2]).toBe('time /check-fluid-mount-ready.sh /data thin');
    expect(runCommand(r.app, '/check-fluid-mount-ready.sh')).toEqual({ argv: ['/data', 'thin'], stray: [] });
    expect(r.warnings.filter((w) => /shell-quoted/.test(w))).toEqual([]);
  });

  test('an empty sub path gives two arguments (the webhook\'s trailing space)', () => {
    const r = render({});
    expect(r.sidecar[2]).toMatch(/ thin $/);
    expect(runCommand(r.sidecar, '/check-mount.sh').argv).toEqual(['/runtime-mnt/thin/ns/ds/', 'thin']);
  });

  test.each(HOSTILE.map((v) => [JSON.stringify(v), v]))('fuse mount point %s', (_n, v) => {
    const r = render({ mountPath: v });
    expect(runCommand(r.sidecar, '/check-mount.sh')).toEqual({ argv: [v, 'thin'], stray: [] });
    expect(r.warnings.some((w) => w.includes('shell-quoted'))).toBe(shellWord(v) !== v);
  });

  test.each(HOSTILE.map((v) => [JSON.stringify(v), v]))('fs type %s: refused at the PV, nothing written', (_n, v) => {
    // lowercase(mount_type) + "-default-check-mount" names a ConfigMap, so only [A-Za-z0-9.-] can pass.
    const { input, run: out } = run({ fsType: v, subPath: 'sub' });
    const errors = out.results.filter((r) => r.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('PersistentVolume ns-ds spec.csi.volumeAttributes.mount_type');
    expect(errors[0].resourceRef).toMatchObject({ kind: 'Pod', name: 'app' });
    expect(parseOutput(out.stdout).items).toEqual(input);
    expect(fs.readdirSync(WORK)).toEqual(['existing-file']);
  });

  test.each(HOSTILE.map((v) => [JSON.stringify(v), v]))('sub path %s', (_n, v) => {
    const r = render({ subPath: v });
    expect(runCommand(r.sidecar, '/check-mount.sh')).toEqual({ argv: ['/runtime-mnt/thin/ns/ds/', 'thin', v], stray: [] });
  });

  test.each(HOSTILE.filter((v) => !v.includes(':')).map((v) => [JSON.stringify(v), v]))('app mount path %s', (_n, v) => {
    const r = render({ appPath: v });
    expect(runCommand(r.app, '/check-fluid-mount-ready.sh')).toEqual({ argv: [v, 'thin'], stray: [] });
  });
});

describe('shellWord', () => {
  test('any string (without NUL) comes back from bash as exactly one argument, unchanged', () => {
    const unit = fc.oneof(
      fc.constantFrom(..."$`'\"\\;&|<>(){}[]*?~!#%^=+,:@ \t\n-/.".split('')),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.array(fc.string({ unit, maxLength: 12 }), { minLength: 1, maxLength: 3 }), (words) => {
        fc.pre(words.every((w) => !w.includes('\0')) && words.every((w) => w !== ''));
        const r = spawnSync('bash', ['-c', `printf '%s\\0' ${words.map(shellWord).join(' ')}`], { cwd: WORK, encoding: 'utf8', timeout: 10000 });
        expect(r.stdout.slice(0, -1).split('\0')).toEqual(words);
        expect(fs.readdirSync(WORK)).toEqual(['existing-file']);
      }),
      { numRuns: 200 },
    );
  });
});
