// Command-line flags of `inject-fluid-sidecar export-context`.
import { FlagSpec, parseExportFlags } from '../../krm/export/flags';
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

/** Fluid's own flags, beside the connection flags every export takes (fn/krm/export/flags.ts). */
const FLUID_FLAGS: readonly FlagSpec[] = [
  { names: ['--dataset'], key: 'dataset', kind: 'list' },
  { names: ['--fluid-namespace'], key: 'fluid-namespace', kind: 'value' },
];

/** Parses the arguments that follow `export-context`. Throws UsageError. */
export function parseArgs(argv: string[]): ParsedArgs {
  const parsed = parseExportFlags(argv, FLUID_FLAGS);
  const options: ExportOptions = { ...parsed.connection };
  const datasets = parsed.own.get('dataset');
  const fluidNamespace = parsed.own.get('fluid-namespace')?.[0];
  if (!parsed.help) {
    if (datasets !== undefined) options.datasets = datasets;
    if (fluidNamespace !== undefined) options.fluidNamespace = fluidNamespace;
  }
  const out: ParsedArgs = { help: parsed.help, options };
  if (parsed.output !== undefined) out.output = parsed.output;
  return out;
}
