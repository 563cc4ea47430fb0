import type { Outcome } from '../function';
import type { Result } from '../../types';
import { exitCodeOf, reportRun, summaryLines } from './report';

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

describe('reportRun', () => {
  const results: Result[] = [
    { message: 'Pod demo/web: injected fluid-fuse-0 (dataset demo/ds)', severity: 'info', resourceRef: ref },
    { message: 'Pod demo/db: no PVC', severity: 'error', resourceRef: ref },
  ];

  it('writes all its lines in one piece (one write, not one per workload), and returns the exit code', () => {
    const writes: string[] = [];
    expect(reportRun((s) => writes.push(s), { results, outcomes: [{ ref, status: 'injected' }] })).toBe(1);
    expect(writes).toEqual([
      '[info] Pod demo/web: injected fluid-fuse-0 (dataset demo/ds)\n[error] Pod demo/db: no PVC\ninject-fluid-sidecar: 1 workload(s) injected, 1 error(s), 0 warning(s)\n',
    ]);
  });

  it('with DEBUG=writer, the writer trace comes first; with DEBUG set, the stack last', () => {
    const saved = process.env.DEBUG;
    process.env.DEBUG = 'writer';
    try {
      const writes: string[] = [];
      reportRun((s) => writes.push(s), { results: [], trace: ['Pod demo/web: patch'], stack: 'Error: x\n    at f' });
      expect(writes).toEqual(['[writer] Pod demo/web: patch\ninject-fluid-sidecar: 0 workload(s) injected, 0 error(s), 0 warning(s)\nError: x\n    at f\n']);
    } finally {
      if (saved === undefined) delete process.env.DEBUG;
      else process.env.DEBUG = saved;
    }
  });
});
