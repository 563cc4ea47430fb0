// The Fluid function's error and decline codes. Injection errors carry Fluid's message text (the
// webhook's, at fluid-cloudnative/fluid@a826600a43221c5b99f6185d3ce926a700c37008) plus what the
// webhook does with them: some make it reject the pod, every other one it swallows and admits the
// pod unchanged (which `errorMode: webhook` reproduces).
import { FnError, FnErrorAt } from '../krm/errors';

/** Why one pod cannot be injected. */
export type InjectCode =
  // building the runtime infos (pkg/webhook/utils/runtime_info.go, pkg/utils/dataset/...): the webhook rejects
  | 'pvc-not-found'
  | 'dataset-not-found'
  | 'dataset-not-ready'
  | 'dataset-not-bound'
  | 'runtime-type-unknown'
  | 'runtime-not-found'
  | 'scrape-target-invalid'
  // names the API server would refuse: rejected either way
  | 'volume-name-invalid'
  | 'label-value-too-long'
  | 'prefetcher-name-taken'
  | 'prefetcher-api-invalid'
  // the sidecar template and the mutation (pkg/application/inject/fuse/...): the webhook admits the pod
  | 'pv-not-found'
  | 'pv-not-fluid'
  | 'pv-mount-type-invalid'
  | 'daemonset-not-found'
  | 'daemonset-invalid'
  | 'fuse-mount-not-found'
  | 'volume-name-exhausted'
  | 'host-path-invalid'
  | 'rounds-exceeded'
  | 'platform-unknown'
  | 'prefetcher-annotation-invalid'
  // up to v1.0.5 the check ConfigMap is owned by the Dataset, whose uid the input then must have
  | 'dataset-uid-missing';

/** The codes for which the webhook rejects the pod instead of admitting it unchanged. */
export const REJECTING_CODES: ReadonlySet<InjectCode> = new Set<InjectCode>([
  'pvc-not-found',
  'dataset-not-found',
  'dataset-not-ready',
  'dataset-not-bound',
  'runtime-type-unknown',
  'runtime-not-found',
  'scrape-target-invalid',
  'volume-name-invalid',
  'label-value-too-long',
  'prefetcher-name-taken',
  'prefetcher-api-invalid',
]);

export class InjectError extends FnError<InjectCode> {
  constructor(code: InjectCode, message: string, at: FnErrorAt = {}) {
    super(code, message, at);
    this.name = 'InjectError';
  }

  /** The webhook rejects the pod (else it admits it unchanged). */
  get rejects(): boolean {
    return REJECTING_CODES.has(this.code);
  }
}

/** Why a pod that opts in is left as it is (an info result, not an error). */
export type SkipCode =
  | 'disabled'
  | 'opted-out'
  | 'already-injected'
  | 'deprecated-label-only'
  | 'no-dataset-pvc'
  // v1.0.0 only: Fluid's own pods, and pods with a container named exactly fluid-fuse or init-fluid-fuse
  | 'fluid-pod'
  | 'sidecar-name-taken';

/** The function config is not one this function accepts. */
export type ConfigCode = 'config-kind-unsupported' | 'config-invalid';

export class ConfigError extends FnError<ConfigCode> {
  constructor(code: ConfigCode, message: string, at: FnErrorAt = {}) {
    super(code, message, at);
    this.name = 'ConfigError';
  }
}

/** The cluster state in the input is ambiguous or incomplete (whole-run errors). */
export type StateCode =
  | 'duplicate-object'
  | 'duplicate-workload'
  | 'reference-invalid'
  | 'reference-physical-missing'
  | 'reference-chained'
  | 'reference-runtime-unknown'
  | 'reference-object-missing'
  | 'reference-configmap-taken';

/** The API server's not-found text, e.g. `datasets.data.fluid.io "x" not found`. */
export function notFound(resource: string, name: string): string {
  return `${resource} "${name}" not found`;
}

/** Go's `%v` of a string slice: `[a b]`. */
export function goList(items: readonly string[]): string {
  return `[${items.join(' ')}]`;
}

const GO_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };
// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. Made on
// first use: even creating this literal parses its Unicode classes, ~18 M instructions, about a fifth
// of node's own start-up (#18).
let goPrintable: RegExp | undefined;
function isGoPrintable(ch: string): boolean {
  goPrintable ??= new RegExp('^[\\p{L}\\p{M}\\p{N}\\p{P}\\p{S} ]$', 'u');
  return goPrintable.test(ch);
}

/** Go's strconv.Quote, which Fluid's messages use for values (`%q`, strconv errors). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (GO_ESCAPES[ch]) out += GO_ESCAPES[ch];
    // printable ASCII without the regular expression (#18)
    else if ((cp >= 0x20 && cp < 0x7f) || (cp > 0x7f && isGoPrintable(ch))) out += ch;
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
