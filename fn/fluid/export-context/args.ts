// Command-line flags of `inject-fluid-sidecar export-context`.
import { UsageError } from '../../krm/errors';
import type { ExportOptions } from './export-context';

export const USAGE = `Usage: inject-fluid-sidecar export-context --namespace NS [--namespace NS ...] [flags]

Export the cluster's Fluid state (Datasets, runtimes, dataset PVs/PVCs, fuse DaemonSets and the ConfigMaps they
use) as multi-document YAML to commit next to the manifests. Every object is annotated
config.kubernetes.io/local-config: "true", so kustomize does not emit it and kpt does not apply it.
A named namespace without Datasets, or a --dataset that matches none, is an error (exit 1).

Flags:
  -n, --namespace NS        namespace to export (repeatable, at least one)
      --dataset NAME        only export this Dataset: NAME (in any exported namespace) or NS/NAME (repeatable)
      --kubeconfig PATH     kubeconfig file (default: $KUBECONFIG, ~/.kube/config, else in-cluster);
                            tokens, token files, client certificates, basic auth and exec plugins
      --context NAME        kubeconfig context to use (default: the current context)
      --server URL          API server to read without credentials and without a kubeconfig, e.g.
                            kubectl proxy's http://127.0.0.1:8001
      --fluid-namespace NS  namespace of Fluid's control plane, whose fluid-webhook Deployment and
                            webhook-plugins ConfigMap say the release, sidecar mode and plugins
                            (default fluid-system)
  -o, --output FILE         write the YAML to FILE, only when the export succeeds ("-" or none: stdout)
      --request-timeout S   per-request timeout in seconds (default 30)
  -h, --help                show this help
`;


export interface ParsedArgs {
  help: boolean;
  options: ExportOptions;
  /** Output file; undefined for stdout. */
  output?: string;
}

type FlagName = 'namespace' | 'dataset' | 'kubeconfig' | 'context' | 'server' | 'output' | 'request-timeout' | 'fluid-namespace';

const FLAGS: Record<string, FlagName> = {
  '-n': 'namespace',
  '--namespace': 'namespace',
  '--dataset': 'dataset',
  '--kubeconfig': 'kubeconfig',
  '--context': 'context',
  '--server': 'server',
  '-o': 'output',
  '--output': 'output',
  '--request-timeout': 'request-timeout',
  '--fluid-namespace': 'fluid-namespace',
};

/** Parses the arguments that follow `export-context`. Throws UsageError. */
export function parseArgs(argv: string[]): ParsedArgs {
  const namespaces: string[] = [];
  const datasets: string[] = [];
  const single: Partial<Record<FlagName, string>> = {};
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
    const name = FLAGS[flag];
    if (name === undefined) {
      throw new UsageError(arg.startsWith('-') ? `unknown flag ${flag}` : `unexpected argument ${JSON.stringify(arg)}`);
    }
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`flag ${flag} needs a value`);
      value = next;
      i++;
    }
    if (value === '') throw new UsageError(`flag ${flag} needs a non-empty value`);
    if (name === 'namespace') namespaces.push(value);
    else if (name === 'dataset') datasets.push(value);
    else if (single[name] !== undefined) throw new UsageError(`flag ${flag} given more than once`);
    else single[name] = value;
  }

  const options: ExportOptions = { namespaces };
  if (help) return { help, options };
  if (namespaces.length === 0) throw new UsageError('at least one --namespace is required');
  if (datasets.length > 0) options.datasets = datasets;
  if (single.kubeconfig !== undefined) options.kubeconfig = single.kubeconfig;
  if (single.context !== undefined) options.context = single.context;
  if (single.server !== undefined) options.server = single.server;
  if (single['fluid-namespace'] !== undefined) options.fluidNamespace = single['fluid-namespace'];
  if (single['request-timeout'] !== undefined) {
    const text = single['request-timeout'];
    const seconds = Number(text.replace(/s$/, ''));
    if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--request-timeout must be a positive number of seconds, got ${text}`);
    options.requestTimeoutSeconds = seconds;
  }
  const parsed: ParsedArgs = { help, options };
  if (single.output !== undefined && single.output !== '-') parsed.output = single.output;
  return parsed;
}
