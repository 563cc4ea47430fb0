// The flags every export command takes (which namespaces, how to reach the cluster, where to write),
// parsed once for both functions' `export-context`; each command adds its own to the table.
import { UsageError } from '../errors';

/** One flag of a command: `value` takes one value, `list` is repeatable, `switch` takes none, `refused` explains itself. */
export interface FlagSpec {
  names: readonly string[];
  key: string;
  kind: 'value' | 'list' | 'switch' | 'refused';
  /** For `refused`: why this command does not take it. */
  message?: string;
}

/** What every export reads the cluster with. */
export interface ConnectionOptions {
  /** Namespaces to export; at least one. */
  namespaces: string[];
  /** kubeconfig file; default KUBECONFIG, ~/.kube/config, else in-cluster. Ignored when deps.kubeConfig is given. */
  kubeconfig?: string;
  /** kubeconfig context; default the current context. */
  context?: string;
  /** API server URL to use without credentials (kubectl proxy). Ignored when deps.kubeConfig is given. */
  server?: string;
  /** Per-request timeout in seconds; default 30. */
  requestTimeoutSeconds?: number;
}

export interface ParsedFlags {
  help: boolean;
  connection: ConnectionOptions;
  /** Output file; undefined for stdout. */
  output?: string;
  /** The command's own flags by key: values (a switch has one empty value). */
  own: Map<string, string[]>;
}

const COMMON: readonly FlagSpec[] = [
  { names: ['-n', '--namespace'], key: 'namespace', kind: 'list' },
  { names: ['--kubeconfig'], key: 'kubeconfig', kind: 'value' },
  { names: ['--context'], key: 'context', kind: 'value' },
  { names: ['--server'], key: 'server', kind: 'value' },
  { names: ['-o', '--output'], key: 'output', kind: 'value' },
  { names: ['--request-timeout'], key: 'request-timeout', kind: 'value' },
];

/** Parses the arguments after `export-context` (and `--juicefs`). Throws UsageError. */
export function parseExportFlags(argv: readonly string[], ownFlags: readonly FlagSpec[]): ParsedFlags {
  const specs = new Map<string, FlagSpec>();
  for (const spec of [...COMMON, ...ownFlags]) for (const name of spec.names) specs.set(name, spec);
  const values = new Map<string, string[]>();
  let help = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    let flag = arg;
    let value: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('-') && eq > 0) {
      flag = arg.slice(0, eq);
      value = arg.slice(eq + 1);
    }
    const spec = specs.get(flag);
    if (spec === undefined) {
      throw new UsageError(arg.startsWith('-') ? `unknown flag ${flag}` : `unexpected argument ${JSON.stringify(arg)}`);
    }
    if (spec.kind === 'refused') throw new UsageError(spec.message ?? `flag ${flag} is not taken here`);
    if (spec.kind === 'switch') {
      if (value !== undefined) throw new UsageError(`flag ${flag} takes no value`);
      values.set(spec.key, ['']);
      continue;
    }
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`flag ${flag} needs a value`);
      value = next;
      i++;
    }
    if (value === '') throw new UsageError(`flag ${flag} needs a non-empty value`);
    const seen = values.get(spec.key);
    if (spec.kind === 'list') values.set(spec.key, [...(seen ?? []), value]);
    else if (seen !== undefined) throw new UsageError(`flag ${flag} given more than once`);
    else values.set(spec.key, [value]);
  }

  const one = (key: string): string | undefined => values.get(key)?.[0];
  const connection: ConnectionOptions = { namespaces: values.get('namespace') ?? [] };
  const own = new Map([...values].filter(([key]) => !COMMON.some((c) => c.key === key)));
  if (help) return { help, connection, own };
  if (connection.namespaces.length === 0) throw new UsageError('at least one --namespace is required');
  const kubeconfig = one('kubeconfig');
  const context = one('context');
  const server = one('server');
  if (kubeconfig !== undefined) connection.kubeconfig = kubeconfig;
  if (context !== undefined) connection.context = context;
  if (server !== undefined) connection.server = server;
  const timeout = one('request-timeout');
  if (timeout !== undefined) {
    const seconds = Number(timeout.replace(/s$/, ''));
    if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--request-timeout must be a positive number of seconds, got ${timeout}`);
    connection.requestTimeoutSeconds = seconds;
  }
  const parsed: ParsedFlags = { help, connection, own };
  const output = one('output');
  if (output !== undefined && output !== '-') parsed.output = output;
  return parsed;
}
