// The check scripts as each release's profile writes them (settings block), run in bash against a
// fixture mountinfo: where their output goes, tracing, how long they poll, the sub path check.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KubeObject } from '../../types';
import { ClusterState } from '../state/cluster-state';
import { PROFILES } from '../versions';
import { appCheckScript, checkMountScript, ConfigMapLedger, withSettings } from './check-configmaps';
import { CHECK_FLUID_MOUNT_READY_SCRIPT, CHECK_MOUNT_SCRIPT, CHECK_MOUNT_UNPRIVILEGED_SCRIPT } from './check-scripts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fluid-variants-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(script: string, args: string[], mountinfo: string[]) {
  const file = path.join(dir, 'script.sh');
  fs.writeFileSync(file, script);
  fs.writeFileSync(path.join(dir, 'mountinfo'), mountinfo.join('\n') + '\n');
  const log = path.join(dir, 'container.log');
  const r = spawnSync('bash', [file, ...args], {
    encoding: 'utf8',
    timeout: 30000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', FLUID_CHECK_MOUNTINFO: path.join(dir, 'mountinfo'), FLUID_CHECK_LOG_TARGET: log, FLUID_CHECK_INTERVAL: '0.01' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, log: fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '' };
}

const line = (mountPoint: string, fsType: string) => `36 35 98:0 /mnt1 ${mountPoint} rw,noatime master:1 - ${fsType} src rw`;

describe('settings block', () => {
  it('the shipped texts are the development line’s', () => {
    expect(checkMountScript(PROFILES['v1.1'].checkMount)).toBe(CHECK_MOUNT_SCRIPT);
    expect(appCheckScript(PROFILES['v1.1'].appCheckOwnRedirect)).toBe(CHECK_FLUID_MOUNT_READY_SCRIPT);
  });

  it('v1.0.8 differs only in the sub path check; v1.0.0 in every setting', () => {
    const diff = (a: string, b: string) => a.split('\n').filter((l, i) => l !== b.split('\n')[i]);
    expect(diff(checkMountScript(PROFILES['v1.0.8'].checkMount), CHECK_MOUNT_SCRIPT)).toEqual([expect.stringMatching(/^sub_path_checks=1 /)]);
    expect(diff(checkMountScript(PROFILES['v1.0.0'].checkMount), CHECK_MOUNT_SCRIPT).map((l) => l.split(' ')[0])).toEqual([
      'own_redirect=0',
      'trace=1',
      'poll_seconds=3',
      'mount_checks=10',
      'sub_path_checks=1',
      'log_stamps=0',
    ]);
  });

  it('an unknown setting is a programming error', () => {
    expect(() => withSettings(CHECK_MOUNT_SCRIPT, { nope: 1 })).toThrow('script has no setting nope');
  });
});

describe('check-mount.sh per release', () => {
  const mnt = () => path.join(dir, 'mnt');

  it('v1.0.8: redirects itself; a missing sub path fails at once with exit 2', () => {
    fs.mkdirSync(path.join(mnt(), 'x'), { recursive: true });
    const r = run(checkMountScript(PROFILES['v1.0.8'].checkMount), [mnt(), 'fuse.alluxio-fuse', 'missing'], [line(mnt(), 'fuse.alluxio-fuse')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.log).toMatch(/fluid-post-start-check sub path \[missing\] does not exist!\n$/);
  });

  it('v1.0.5: no redirection of its own (the postStart command appends stdout to PID 1), timestamped lines', () => {
    fs.mkdirSync(path.join(mnt(), 'x', 'data'), { recursive: true });
    const r = run(checkMountScript(PROFILES['v1.0.5'].checkMount), [mnt(), 'fuse.alluxio-fuse', 'data'], [line(mnt(), 'fuse.alluxio-fuse')]);
    expect(r.status).toBe(0);
    expect(r.log).toBe('');
    expect(r.stdout).toMatch(/^>>> \S+ \S+ fluid-post-start-check succeed in checking mount point .* after 1 attempts\n$/);
    expect(r.stderr).toBe('');
  });

  it('v1.0.0: traces on stderr, plain lines on stdout, gives up after 10 checks 3 s apart', () => {
    const r = run(checkMountScript(PROFILES['v1.0.0'].checkMount), [mnt(), 'fuse.alluxio-fuse', 'data'], []);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('timed out checking mount point for 30 seconds!\n');
    expect(r.stderr).toContain('+ mount_attempts=10');
    expect(r.stderr).not.toContain('mount_attempts=11');
    expect(r.log).toBe('');
  });
});

describe('check-fluid-mount-ready.sh per release', () => {
  it('up to v1.0.7 its output goes to stdout (the postStart command redirects it)', () => {
    const mp = path.join(dir, 'data');
    const r = run(appCheckScript(PROFILES['v1.0.7'].appCheckOwnRedirect), [mp, 'alluxio'], [line(mp, 'fuse.alluxio')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`succeed in checking mount point ${mp} with runtimeType alluxio\n`);
    expect(r.log).toBe('');
  });
});

describe('the unprivileged script of v1.0.0 to v1.0.3', () => {
  it('traces and runs /tools/ioctl_sync, failing as it fails', () => {
    const r = run(CHECK_MOUNT_UNPRIVILEGED_SCRIPT, [], []);
    expect(r.stderr).toContain('+ /tools/ioctl_sync');
    expect(r.status).toBe(127);
  });
});

describe('ConfigMapLedger per release', () => {
  const existing: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'check-fluid-mount-ready', namespace: 'ns' },
    data: { 'check-fluid-mount-ready.sh': 'old' },
  };
  const ledger = (version: keyof typeof PROFILES, items: KubeObject[] = []) =>
    new ConfigMapLedger(new ClusterState(items, 'default', () => false), PROFILES[version]);

  it('up to v1.0.8: no SHA annotation, and an existing ConfigMap is left alone', () => {
    const l = ledger('v1.0.8', [existing]);
    l.apply({ kind: 'app', namespace: 'ns' });
    l.apply({ kind: 'sidecar', namespace: 'ns', name: 'x-default-check-mount', datasetId: 'ns-ds' });
    expect(l.updated).toEqual([]);
    expect([...l.created.values()].map((c) => c.metadata)).toEqual([{ name: 'x-default-check-mount', namespace: 'ns', labels: { 'fluid.io/dataset-id': 'ns-ds' } }]);
  });

  it('v1.0.5: owned by the Dataset, labelled; v1.0.4: owned, no label; v1.0.3 unprivileged: its own script', () => {
    const req = { kind: 'sidecar' as const, namespace: 'ns', name: 'ds-jindo-check-mount', datasetId: 'ns-ds', dataset: { name: 'ds', uid: 'u-1' } };
    const owner = [{ apiVersion: 'data.fluid.io/v1alpha1', kind: 'Dataset', name: 'ds', uid: 'u-1' }];
    const v5 = ledger('v1.0.5');
    v5.apply(req);
    expect(v5.created.get('ns/ds-jindo-check-mount')!.metadata).toEqual({ name: req.name, namespace: 'ns', labels: { 'fluid.io/dataset-id': 'ns-ds' }, ownerReferences: owner });
    const v4 = ledger('v1.0.4');
    v4.apply(req);
    expect(v4.created.get('ns/ds-jindo-check-mount')!.metadata).toEqual({ name: req.name, namespace: 'ns', ownerReferences: owner });
    const v3 = ledger('v1.0.3');
    v3.apply({ ...req, name: 'ds-jindo-check-mount-unprivileged', script: 'unprivileged' });
    expect(v3.created.get('ns/ds-jindo-check-mount-unprivileged')!.data).toEqual({ 'check-mount.sh': CHECK_MOUNT_UNPRIVILEGED_SCRIPT });
  });
});
