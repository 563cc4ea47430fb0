import type { Outcome } from '../function';
import type { Result } from '../../types';
import { exitCodeOf, summaryLines } from './report';

const ref = { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'demo' };

describe('summaryLines', () => {
  it('counts injections from the outcomes, never from message text', () => {
    // A second run: the pod is skipped as already injected, and its info message says "injected".
    const results: Result[] = [
      { message: 'Pod demo/web: not injected: already injected (label done.sidecar.fluid.io/inject is "true")', severity: 'info', resourceRef: ref },
    ];
    const outcomes: Outcome[] = [{ ref, status: 'skipped', code: 'already-injected' }];
    expect(summaryLines(results, outcomes).pop()).toBe('inject-fluid-sidecar: 0 workload(s) injected, 0 error(s), 0 warning(s)');
  });

  it('one line per result, then the counts', () => {
    const results: Result[] = [
      { message: 'Pod demo/web: injected fluid-fuse-0 (dataset demo/ds)', severity: 'info', resourceRef: ref },
      { message: 'Pod demo/db: no PVC', severity: 'error', resourceRef: ref, field: { path: 'spec.volumes[0]' } },
      { message: 'careful', severity: 'warning' },
    ];
    const outcomes: Outcome[] = [
      { ref, status: 'injected' },
      { ref, status: 'failed', code: 'pvc-not-found' },
    ];
    expect(summaryLines(results, outcomes)).toEqual([
      '[info] Pod demo/web: injected fluid-fuse-0 (dataset demo/ds)',
      '[error] Pod demo/db: no PVC [spec.volumes[0]]',
      '[warning] careful',
      'inject-fluid-sidecar: 1 workload(s) injected, 1 error(s), 1 warning(s)',
    ]);
    expect(exitCodeOf(results)).toBe(1);
    expect(exitCodeOf(results.filter((r) => r.severity !== 'error'))).toBe(0);
  });
});
