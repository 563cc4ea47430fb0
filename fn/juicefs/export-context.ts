// `export-context --juicefs` (A9): per namespace, the Namespace object with its labels, the PVCs
// bound to JuiceFS PVs (and unbound ones of a JuiceFS StorageClass), those PVs, their
// StorageClasses, the credentials Secrets keys-only (values the pod reads through the generated
// Secret blanked; `--include-secret-values` keeps them) and the CSI ConfigMap, as local-config YAML.
// Flags, connecting, reading, cleaning and writing are every export's (fn/krm/export/); what to read
// and keep is JuiceFS's.
import { ExportIo, runExportCommand } from '../krm/export/command';
import { cleanObject, exportNamespaces, plural, renderExport } from '../krm/export/documents';
import { ExportError } from '../krm/export/errors';
import { ConnectionOptions, FlagSpec, parseExportFlags } from '../krm/export/flags';
import { openReader, ReaderDeps } from '../krm/export/kubeconfig';
import { compareStrings, isObject } from '../types';
import type { JsonObject, KubeObject } from '../types';
import { KEYS_ONLY_KEYS, parseStringMap } from './settings';
import { ANNOTATION_KEYS_ONLY, CSI_CONFIGMAP_NAME, DEFAULT_DRIVER_NAME } from './vocabulary';

export const USAGE = `Usage: inject-fluid-sidecar export-context --juicefs --namespace NS [--namespace NS ...] [flags]
       (inject-juicefs-sidecar export-context --juicefs ...)

Export what inject-juicefs-sidecar reads from the cluster: per namespace the Namespace (its injection
labels), the PVCs bound to JuiceFS PVs and unbound PVCs of a JuiceFS StorageClass, those PVs and
StorageClasses, the PVs' credentials Secrets and the CSI ConfigMap ${CSI_CONFIGMAP_NAME}. Every object is
annotated config.kubernetes.io/local-config: "true". Secrets are keys-only: the values the sidecar reads
through <pvc>-jfs-secret (metaurl, secret keys, token, passphrase, encrypt_rsa_key, initconfig and the
values of envs) are blanked, so the export can be committed. A named namespace that does not exist or
has no JuiceFS PVC is an error (exit 1).

Flags:
  -n, --namespace NS          namespace to export (repeatable, at least one)
      --include-secret-values keep every Secret value (for generatedSecret: emit; do not commit the file)
      --csi-namespace NS      namespace of the CSI ConfigMap (default kube-system)
      --driver-name NAME      CSI driver of JuiceFS PVs (default ${DEFAULT_DRIVER_NAME})
      --kubeconfig PATH       kubeconfig file (default: $KUBECONFIG, ~/.kube/config, else in-cluster);
                              tokens, token files, client certificates, basic auth and exec plugins
      --context NAME          kubeconfig context to use (default: the current context)
      --server URL            API server to read without credentials and without a kubeconfig, e.g.
                              kubectl proxy's http://127.0.0.1:8001
  -o, --output FILE           write the YAML to FILE, only when the export succeeds ("-" or none: stdout)
      --request-timeout S     per-request timeout in seconds (default 30)
  -h, --help                  show this help
`;

export interface JuiceFSExportOptions extends ConnectionOptions {
  includeSecretValues?: boolean;
  csiNamespace?: string;
  driverName?: string;
}

export interface JuiceFSExportDeps extends ReaderDeps {
  log?: (line: string) => void;
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * A Secret as read from the API, keys-only: the values the pod reads only through the generated
 * Secret become "", `envs` keeps its keys with empty values. What lands in the sidecar's command
 * (name, storage, bucket, access keys, format options, ...) stays.
 */
export function keysOnlySecret(secret: JsonObject, warn: (line: string) => void): JsonObject {
  const copy = JSON.parse(JSON.stringify(secret)) as JsonObject;
  const data = isObject(copy.data) ? copy.data : {};
  for (const k of KEYS_ONLY_KEYS) if (typeof data[k] === 'string') data[k] = '';
  if (typeof data.envs === 'string') {
    const meta = isObject(copy.metadata) ? copy.metadata : {};
    try {
      const envs = parseStringMap(Buffer.from(data.envs, 'base64').toString('utf8'));
      data.envs = b64(JSON.stringify(Object.fromEntries(Object.keys(envs).map((k) => [k, '']))));
    } catch {
      data.envs = '';
      warn(`Secret ${String(meta.namespace)}/${String(meta.name)}: its envs is not a YAML or JSON map; exported empty`);
    }
  }
  if (isObject(copy.data)) copy.data = data;
  const meta = isObject(copy.metadata) ? copy.metadata : (copy.metadata = {});
  meta.annotations = { ...(isObject(meta.annotations) ? meta.annotations : {}), [ANNOTATION_KEYS_ONLY]: 'true' };
  return copy;
}

/** Reads the JuiceFS context of `opts.namespaces` and returns it as multi-document YAML. Throws ExportError. */
export async function exportJuiceFSContext(opts: JuiceFSExportOptions, deps: JuiceFSExportDeps = {}): Promise<string> {
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const warn = (message: string): void => log(`warning: ${message}`);
  const namespaces = exportNamespaces(opts.namespaces, [opts.csiNamespace ?? 'kube-system']);
  const driver = opts.driverName ?? DEFAULT_DRIVER_NAME;
  const reader = openReader(opts, deps);

  const out = new Map<string, KubeObject>();
  const add = (raw: JsonObject, apiVersion: string, kind: string): void => {
    const uid = isObject(raw.metadata) ? raw.metadata.uid : undefined;
    const cleaned = cleanObject(raw, apiVersion, kind);
    // The PVC uid is the serverless mount directory and the generated Secret's owner.
    if (kind === 'PersistentVolumeClaim' && typeof uid === 'string') cleaned.metadata.uid = uid;
    out.set(`${kind}|${cleaned.metadata.namespace ?? ''}|${cleaned.metadata.name ?? ''}`, cleaned);
  };
  const cache = new Map<string, Promise<JsonObject | undefined>>();
  const once = (key: string, get: () => Promise<JsonObject | undefined>): Promise<JsonObject | undefined> => {
    if (!cache.has(key)) cache.set(key, get());
    return cache.get(key)!;
  };
  const secrets = new Set<string>();
  // Nothing where the user named something is an error, not an export of zero objects.
  const missing: string[] = [];

  for (const namespace of namespaces) {
    const ns = await reader.getNamespace(namespace);
    if (ns) add(ns, 'v1', 'Namespace');
    else missing.push(`namespace ${namespace} not found on ${reader.server}`);
    let pvcs = 0;
    for (const pvc of await reader.listPersistentVolumeClaims(namespace)) {
      const spec = isObject(pvc.spec) ? pvc.spec : {};
      const className = typeof spec.storageClassName === 'string' ? spec.storageClassName : '';
      const sc = className ? await once(`sc/${className}`, () => reader.getStorageClass(className)) : undefined;
      const volumeName = typeof spec.volumeName === 'string' ? spec.volumeName : '';
      const pv = volumeName ? await once(`pv/${volumeName}`, () => reader.getPersistentVolume(volumeName)) : undefined;
      const pvSpec = pv && isObject(pv.spec) ? pv.spec : {};
      const csi = isObject(pvSpec.csi) ? pvSpec.csi : {};
      const byPv = csi.driver === driver;
      const byClass = sc?.provisioner === driver;
      if (!byPv && !(byClass && !volumeName)) continue;
      pvcs++;
      add(pvc, 'v1', 'PersistentVolumeClaim');
      if (sc) add(sc, 'storage.k8s.io/v1', 'StorageClass');
      if (!byPv || !pv) continue;
      add(pv, 'v1', 'PersistentVolume');
      const ref = isObject(csi.nodePublishSecretRef) ? csi.nodePublishSecretRef : undefined;
      if (!ref || typeof ref.name !== 'string' || typeof ref.namespace !== 'string') {
        warn(`PersistentVolume ${volumeName} has no spec.csi.nodePublishSecretRef`);
        continue;
      }
      secrets.add(`${ref.namespace}/${ref.name}`);
    }
    log(`exporting namespace ${namespace}: ${pvcs} JuiceFS PVC${pvcs === 1 ? '' : 's'}`);
    if (ns && pvcs === 0) missing.push(`namespace ${namespace} has no PVC of a JuiceFS PV or StorageClass (driver ${driver}) on ${reader.server}`);
  }
  if (missing.length > 0) throw new ExportError('nothing-found', missing.join('; '));
  for (const key of [...secrets].sort(compareStrings)) {
    const [namespace, name] = key.split('/');
    const secret = await reader.getSecret(namespace, name);
    if (!secret) {
      warn(`Secret ${key} not found`);
      continue;
    }
    add(opts.includeSecretValues ? secret : keysOnlySecret(secret, warn), 'v1', 'Secret');
  }
  const csiNamespace = opts.csiNamespace ?? 'kube-system';
  const csiConfig = await reader.getConfigMap(csiNamespace, CSI_CONFIGMAP_NAME);
  if (csiConfig) add(csiConfig, 'v1', 'ConfigMap');
  else log(`no ConfigMap ${csiNamespace}/${CSI_CONFIGMAP_NAME}: the function uses the driver's defaults`);

  const objects = [...out.values()];
  log(`exported ${plural(objects.length, 'object')}`);
  return renderExport({
    title: 'JuiceFS CSI context for inject-juicefs-sidecar, exported by `inject-fluid-sidecar export-context --juicefs`.',
    reader,
    scope: `Namespaces: ${namespaces.join(', ')}; Secrets: ${opts.includeSecretValues ? 'WITH VALUES (do not commit)' : 'keys-only'}`,
    objects,
    kindRank: juiceFSKindRank,
  });
}

/** Output order: PersistentVolume, PersistentVolumeClaim, ConfigMap, then the rest (Namespace, Secret, StorageClass). */
function juiceFSKindRank(kind: string): number {
  const rank = ['PersistentVolume', 'PersistentVolumeClaim', 'ConfigMap'].indexOf(kind);
  return rank === -1 ? 3 : rank;
}

/** This command's own flags, beside the connection flags every export takes. */
const JUICEFS_FLAGS: readonly FlagSpec[] = [
  { names: ['--include-secret-values'], key: 'include-secret-values', kind: 'switch' },
  { names: ['--csi-namespace'], key: 'csi-namespace', kind: 'value' },
  { names: ['--driver-name'], key: 'driver-name', kind: 'value' },
  { names: ['--dataset'], key: 'dataset', kind: 'refused', message: '--dataset is for Fluid; --juicefs exports every JuiceFS PVC of the namespaces' },
];

function parse(argv: string[]): { help: boolean; options: JuiceFSExportOptions; output?: string } {
  const parsed = parseExportFlags(argv, JUICEFS_FLAGS);
  const options: JuiceFSExportOptions = { ...parsed.connection };
  if (parsed.own.has('include-secret-values')) options.includeSecretValues = true;
  const csiNamespace = parsed.own.get('csi-namespace')?.[0];
  const driverName = parsed.own.get('driver-name')?.[0];
  if (csiNamespace !== undefined) options.csiNamespace = csiNamespace;
  if (driverName !== undefined) options.driverName = driverName;
  return { help: parsed.help, options, output: parsed.output };
}

const COMMAND = {
  usage: USAGE,
  parse,
  run: (options: JuiceFSExportOptions, log: (line: string) => void) => exportJuiceFSContext(options, { log }),
};

/** CLI entry of `export-context --juicefs` (`argv` without `--juicefs`). Exit 0, or 1 with one line on stderr. */
export function runJuiceFSExport(argv: string[], io: ExportIo): Promise<number> {
  return runExportCommand(COMMAND, argv, io);
}
