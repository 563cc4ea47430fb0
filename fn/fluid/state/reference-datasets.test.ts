import * as path from 'node:path';
import { comparableOutput, loadCases, normalizeObject } from '../../../test/support/golden';
import { transform } from '../transform';
import type { KubeObject, Result } from '../../types';

const shared = loadCases(path.join(__dirname, '..', '..', '..', 'testdata', 'fluid-cases')).find((c) => c.name === 'pod-ref-dataset-subpath')!;

/** What a user keeps in git: the shared case minus the objects Fluid's controller makes in team-b. */
function gitOnly(): KubeObject[] {
  const controllerMade = new Set([
    'PersistentVolume//team-b-warehouse-reports',
    'PersistentVolumeClaim/team-b/warehouse-reports',
    'DaemonSet/team-b/warehouse-reports-fuse',
    'ConfigMap/team-b/warehouse-fuse-script',
  ]);
  return structuredClone(shared.input)
    .filter((o) => !controllerMade.has(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`))
    .map((o) => {
      if (o.kind === 'Dataset' && o.metadata.namespace === 'team-b') delete o.status;
      return o;
    });
}

function run(items: KubeObject[]) {
  const out = transform(items);
  return { ...out, items: items.map((o, i) => out.updated.get(i) ?? o).concat(out.added) };
}

const errors = (results: Result[]) => results.filter((r) => r.severity === 'error');

describe('reference datasets from git-only inputs', () => {
  it('inject exactly what the webhook injects with the controller-made objects present', () => {
    const input = gitOnly();
    const out = run(input);
    expect(errors(out.results)).toEqual([]);
    const expected = shared.expected!.map(normalizeObject);
    const got = comparableOutput(input, out.items);
    // Same Pod and check ConfigMaps; in addition, the runtime's ConfigMap copied into team-b.
    expect(got[0]).toEqual(expected[0]);
    const cms = out.added.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(cms).toEqual([
      'team-b/check-fluid-mount-ready',
      'team-b/juicefs-default-check-mount',
      'team-b/warehouse-fuse-script',
    ]);
    const copy = out.added[2];
    expect(copy.metadata.labels).toEqual({ app: 'juicefs', release: 'warehouse', 'fluid.io/dataset-id': 'team-b-warehouse-fuse-script' });
    const source = input.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'warehouse-fuse-script')!;
    expect(copy.data).toEqual(source.data);
    expect(normalizeObject(out.added[1])).toEqual(expected[2]);
  });

  it('is idempotent: the copied ConfigMap is recognised on the next run', () => {
    const first = run(gitOnly());
    const second = run(first.items);
    expect(errors(second.results)).toEqual([]);
    expect(second.added).toEqual([]);
    expect(second.updated.size).toBe(0);
  });

  function withMounts(mounts: unknown[], edit?: (items: KubeObject[]) => void): Result[] {
    const items = gitOnly();
    const ref = items.find((o) => o.kind === 'Dataset' && o.metadata.namespace === 'team-b')!;
    (ref.spec as { mounts: unknown[] }).mounts = mounts as never[];
    edit?.(items);
    return errors(transform(items).results);
  }

  it.each([
    [[{ mountPoint: 'dataset://shared-data/warehouse' }, { mountPoint: 'dataset://shared-data/other' }], 'exactly one dataset:// mount, got 2', 'spec.mounts'],
    [[{ mountPoint: 'dataset://shared-data/warehouse' }, { mountPoint: 's3://bucket/x' }], 'cannot be mixed with other mounts', 'spec.mounts'],
    [[{ mountPoint: 'dataset://Shared_Data/warehouse' }], 'must be dataset://<namespace>/<name>', 'spec.mounts[0].mountPoint'],
    [[{ mountPoint: 'dataset://shared-data/nowhere' }], 'the physical dataset shared-data/nowhere is not in the input', 'spec.mounts[0].mountPoint'],
  ])('rejects %j', (mounts, message, field) => {
    const [err] = withMounts(mounts);
    expect(err.message).toContain(message);
    expect(err.field).toEqual({ path: field });
    expect(err.resourceRef).toEqual({ apiVersion: 'data.fluid.io/v1alpha1', kind: 'Dataset', name: 'warehouse-reports', namespace: 'team-b' });
  });

  it('rejects a reference to a reference', () => {
    const [err] = withMounts([{ mountPoint: 'dataset://shared-data/warehouse' }], (items) => {
      const phy = items.find((o) => o.kind === 'Dataset' && o.metadata.namespace === 'shared-data')!;
      (phy.spec as { mounts: unknown[] }).mounts = [{ mountPoint: 'dataset://elsewhere/x' }];
    });
    expect(err.message).toContain('is itself a reference dataset');
  });

  it('a ConfigMap of the same name from another owner is an error naming both (Fluid known issue)', () => {
    const items = gitOnly();
    items.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'warehouse-fuse-script', namespace: 'team-b', labels: { 'fluid.io/dataset-id': 'team-b-warehouse' } },
      data: { 'script.sh': 'echo other' },
    });
    const out = transform(items);
    const [err] = errors(out.results);
    expect(err.resourceRef).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'warehouse-fuse-script', namespace: 'team-b' });
    expect(err.message).toContain('ConfigMap team-b/warehouse-fuse-script already exists and belongs to dataset id "team-b-warehouse"');
    expect(err.message).toContain('ConfigMap shared-data/warehouse-fuse-script');
    expect(out.updated.size).toBe(0);
    expect(out.added).toEqual([]);
  });

  it('derives nothing without the ThinRuntime, and says so', () => {
    const items = gitOnly().filter((o) => o.kind !== 'ThinRuntime');
    const out = transform(items);
    expect(out.results.some((r) => r.severity === 'warning' && r.message.includes('has no ThinRuntime team-b/warehouse-reports'))).toBe(true);
  });
});
