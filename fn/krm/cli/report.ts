// The human side of results: kustomize shows only stderr, so every result also gets a line there.
import type { Result } from '../../types';
import type { Outcome } from '../function';

/** One line per result, then the summary; injections are counted from the outcomes. */
export function summaryLines(results: readonly Result[], outcomes: readonly Outcome[] = [], name = 'inject-fluid-sidecar'): string[] {
  const lines = results.map((r) => {
    const field = r.field ? ` [${r.field.path}]` : '';
    return `[${r.severity}] ${r.message}${field}`;
  });
  const count = (s: Result['severity']) => results.filter((r) => r.severity === s).length;
  const injected = outcomes.filter((o) => o.status === 'injected').length;
  lines.push(
    `${name}: ${injected} workload(s) injected, ${count('error')} error(s), ${count('warning')} warning(s)`,
  );
  return lines;
}

export function exitCodeOf(results: readonly Result[]): number {
  return results.some((r) => r.severity === 'error') ? 1 : 0;
}
