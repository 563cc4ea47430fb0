import fc from 'fast-check';
import { InjectError } from '../errors';
import { isDnsLabel } from '../../krm/names';
import { appendSidecarVolumes, freeVolumeName, replacePrefix } from './sidecar-volumes';

describe('replacePrefix', () => {
  it.each([
    ['check-fluid-mount-ready', 'fluid', 'fluid-fluid-mount-ready'],
    ['volume2-0', 'fluid', 'fluid-2-0'],
    ['data-volume-0', 'fluid', 'fluid-olume-0'],
    ['vol2-0', 'fluid', 'fluid-'],
    ['vol3-0', 'fluid-ab1', 'fluid-ab1'],
    ['check-fluid-mount-ready', 'fluid-ab1', 'fluid-ab1-d-mount-ready'],
  ])('%s with %s → %s', (s, p, want) => {
    expect(replacePrefix(s, p)).toBe(want);
  });
});

describe('freeVolumeName (rule R, deterministic)', () => {
  it('keeps a free name', () => {
    expect(freeVolumeName('thin-fuse-mount-0', new Set(['x']))).toBe('thin-fuse-mount-0');
  });
  it('tries the webhook first candidate, then a counter sequence', () => {
    expect(freeVolumeName('check-fluid-mount-ready', new Set(['check-fluid-mount-ready']))).toBe('fluid-fluid-mount-ready');
    const taken = new Set(['check-fluid-mount-ready', 'fluid-fluid-mount-ready']);
    expect(freeVolumeName('check-fluid-mount-ready', taken)).toBe('fluid-000-d-mount-ready');
    taken.add('fluid-000-d-mount-ready');
    expect(freeVolumeName('check-fluid-mount-ready', taken)).toBe('fluid-001-d-mount-ready');
  });
  it('gives up with the webhook error after 101 fallbacks', () => {
    // A short name maps every candidate to itself: nothing can ever be free.
    const taken = new Set(['v', 'fluid', ...Array.from({ length: 200 }, (_, i) => `fluid-${i.toString(36).padStart(3, '0')}`)]);
    expect(() => freeVolumeName('v', taken)).toThrow(InjectError);
    expect(() => freeVolumeName('v', taken)).toThrow(/because duplicate name more than 100 times, then give up/);
  });
});

describe('freeVolumeName never yields an invalid or taken name', () => {
  it('drops the trailing - of a candidate (webhook: `mem-0` → `fluid-`, which the API server rejects)', () => {
    expect(freeVolumeName('mem-0', new Set(['mem-0']))).toBe('fluid');
    expect(freeVolumeName('vol2-0', new Set(['vol2-0']))).toBe('fluid');
    expect(freeVolumeName('mem-0', new Set(['mem-0', 'fluid']))).toBe('fluid-000');
    // Fallbacks too: ReplacePrefix(`cache-d-0`, `fluid-000`) is `fluid-000-`.
    expect(freeVolumeName('cache-d-0', new Set(['cache-d-0', 'fluid-d-0']))).toBe('fluid-000');
  });
  it('holds for any valid name and any taken set', () => {
    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,14}[a-z0-9])?$/);
    // Taken names biased towards the candidates, so that collisions chain.
    const fallback = fc.nat(40).map((i) => `fluid-${i.toString(36).padStart(3, '0')}`);
    const other = fc.oneof(label, fc.constant('fluid'), fallback, fc.tuple(fallback, label).map(([f, l]) => `${f}-${l}`));
    fc.assert(
      fc.property(label, fc.array(other, { maxLength: 60 }), fc.boolean(), (desired, others, takeDesired) => {
        const taken = new Set([...others, ...(takeDesired ? [desired] : [])]);
        let name: string;
        try {
          name = freeVolumeName(desired, taken);
        } catch (e) {
          // Only the webhook's give-up, when every candidate is taken.
          expect((e as Error).message).toMatch(/more than 100 times/);
          return;
        }
        expect(isDnsLabel(name)).toBe(true);
        expect(taken.has(name)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
  it('refuses a desired name that is not a valid volume name (the webhook would make an invalid pod)', () => {
    expect(() => freeVolumeName('x'.repeat(64), new Set())).toThrow(/not a valid name/);
    const spec = { containers: [], volumes: [] as never[] };
    const long = 'v'.repeat(62);
    expect(() => appendSidecarVolumes(spec, [{ name: long, emptyDir: {} }], '-0', undefined)).toThrow(
      `fuse daemonset volume "${long}" cannot be added as "${long}-0": not a valid volume name`,
    );
  });
});

describe('appendSidecarVolumes', () => {
  it('suffixes names, appends in order and records renames', () => {
    const spec = { containers: [], volumes: [{ name: 'data-0', emptyDir: {} }] };
    const renames = appendSidecarVolumes(spec, [{ name: 'data', emptyDir: {} }, { name: 'fuse', emptyDir: {} }], '-0', undefined);
    expect(spec.volumes.map((v) => v.name)).toEqual(['data-0', 'fluid', 'fuse-0']);
    expect([...renames]).toEqual([
      ['data', 'fluid'],
      ['fuse', 'fuse-0'],
    ]);
  });
  it('in random-suffix mode appends the unique dir to FUSE mount hostPaths only, by plain concatenation', () => {
    const spec = { containers: [], volumes: [] as never[] };
    appendSidecarVolumes(
      spec,
      [
        { name: 'thin-fuse-mount', hostPath: { path: '/runtime-mnt/thin/fluid/test-dataset/' } },
        { name: 'fuse-device', hostPath: { path: '/dev/fuse' } },
      ],
      '-0',
      'test-pod/0-abcdef12',
    );
    expect(spec.volumes).toEqual([
      { name: 'thin-fuse-mount-0', hostPath: { path: '/runtime-mnt/thin/fluid/test-dataset//test-pod/0-abcdef12' } },
      { name: 'fuse-device-0', hostPath: { path: '/dev/fuse' } },
    ]);
  });
});
