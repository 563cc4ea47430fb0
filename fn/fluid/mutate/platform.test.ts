import { InjectError } from '../errors';
import { resolvePlatform } from './platform';
import type { PodView } from '../../krm/workloads/pod-spec';

const pod = (labels: Record<string, string>, annotations: Record<string, string> = {}): PodView => ({
  namespace: 'ns',
  labels,
  annotations,
  spec: { containers: [] },
});

describe('resolvePlatform', () => {
  it.each([
    [{ 'serverless.fluid.io/inject': 'true' }, {}, 'default'],
    [{ 'serverless.fluid.io/inject': 'true', 'unprivileged.sidecar.fluid.io/inject': 'true' }, {}, 'unprivileged'],
    [{ 'serverless.fluid.io/inject': 'true' }, { 'serverless.fluid.io/platform': 'unprivileged' }, 'unprivileged'],
    [{ 'serverless.fluid.io/inject': 'true', 'unprivileged.sidecar.fluid.io/inject': 'true' }, { 'serverless.fluid.io/platform': 'default' }, 'unprivileged'],
    [{ 'fuse.sidecar.fluid.io/inject': 'true' }, {}, 'default'],
    [{ 'fuse.sidecar.fluid.io/inject': 'true', 'unprivileged.sidecar.fluid.io/inject': 'true' }, {}, 'unprivileged'],
    // The deprecated label wins over the annotation.
    [{ 'fuse.sidecar.fluid.io/inject': 'true', 'serverless.fluid.io/inject': 'true' }, { 'serverless.fluid.io/platform': 'x' }, 'default'],
  ])('%j %j → %s', (labels, annotations, want) => {
    expect(resolvePlatform(pod(labels, annotations))).toBe(want);
  });

  it('an empty platform annotation is still read, and has no mutator (platform-unknown)', () => {
    expect(() => resolvePlatform(pod({ 'serverless.fluid.io/inject': 'true' }, { 'serverless.fluid.io/platform': '' }))).toThrow(
      'fuse sidecar mutator cannot be found for platform ',
    );
  });
  it('an unknown platform is a swallowed (non-rejecting) error', () => {
    try {
      resolvePlatform(pod({ 'serverless.fluid.io/inject': 'true' }, { 'serverless.fluid.io/platform': 'eci' }));
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(InjectError);
      expect((e as InjectError).rejects).toBe(false);
      expect((e as InjectError).field).toBe('metadata.annotations.serverless.fluid.io/platform');
    }
  });
  it('no platform at all', () => {
    expect(() => resolvePlatform(pod({}))).toThrow("no serverless platform can be found from Pod's metadata");
  });
});
