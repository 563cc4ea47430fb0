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

/** What a run reports on stderr: its results and, when it got that far, what it did. */
export interface RunReport {
  results: readonly Result[];
  outcomes?: readonly Outcome[];
  /** the stack of an internal error (printed only with DEBUG set) */
  stack?: string;
  /** how the writer wrote each changed or new item (printed with DEBUG=writer or DEBUG=*) */
  trace?: readonly string[];
  /** the function that ran, for the summary line */
  name?: string;
}

/** A run of either mode (KRM or render): what it prints on stdout, and what it reports on stderr. */
export interface CommandRun extends RunReport {
  stdout: string;
  results: Result[];
  outcomes: Outcome[];
  trace?: string[];
}

/**
 * Prints a run's lines on stderr, in one piece (a write per line is a system call per line, and a
 * wake-up of kpt, which reads stderr, for each workload); returns the exit code.
 */
export function reportRun(stderr: (s: string) => void, run: RunReport): number {
  const traced = run.trace && /(?:^|,)\s*(?:writer|\*)\s*(?:,|$)/.test(process.env.DEBUG ?? '');
  const lines = [...(traced ? run.trace!.map((t) => `[writer] ${t}`) : []), ...summaryLines(run.results, run.outcomes, run.name)];
  if (run.stack && process.env.DEBUG) lines.push(run.stack);
  stderr(`${lines.join('\n')}\n`);
  return exitCodeOf(run.results);
}
