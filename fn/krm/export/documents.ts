// Objects as the API server returns them, turned into committed, stable, local-config YAML: what
// every export writes (each names the status fields and the order it wants).
import * as YAML from 'yaml';
import { LOCAL_CONFIG } from '../local-config';
import { isDnsLabel } from '../names';
import { cloneJson, compareStrings, isObject, JsonObject, JsonValue, KubeObject, ObjectMeta } from '../../types';
import { ExportError } from './errors';

const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Metadata the server maintains and that changes without the object's content changing. */
const VOLATILE_METADATA = ['managedFields', 'resourceVersion', 'creationTimestamp', 'generation', 'selfLink'];

/** What an export keeps of an object beyond its spec: the uid, and which status fields. */
export interface Keep {
  uid?: boolean;
  status?: readonly string[];
}

function sortedRecord(rec: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(rec).sort(compareStrings)) out[key] = rec[key];
  return out;
}

/**
 * A cleaned copy of `raw` with `apiVersion`/`kind` set (list items come without them): volatile metadata, the uid
 * and status removed (but what `keep` names), and the local-config annotation set. `spec` and every other field are
 * kept exactly as served, including server-side defaults.
 */
export function cleanObject(raw: JsonObject, apiVersion: string, kind: string, keep: Keep = {}): KubeObject {
  const copy = cloneJson(raw);
  const meta: ObjectMeta = isObject(copy.metadata) ? (copy.metadata as ObjectMeta) : {};
  for (const key of VOLATILE_METADATA) delete meta[key];
  if (!keep.uid) delete meta.uid;

  const annotations: Record<string, string> = isObject(meta.annotations) ? { ...meta.annotations } : {};
  delete annotations[LAST_APPLIED_ANNOTATION];
  annotations[LOCAL_CONFIG] = 'true';
  meta.annotations = sortedRecord(annotations);

  const out: KubeObject = { apiVersion, kind, metadata: meta };
  for (const [key, value] of Object.entries(copy)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata' || key === 'status') continue;
    out[key] = value;
  }
  if (keep.status && isObject(copy.status)) {
    const status: JsonObject = {};
    for (const key of keep.status) {
      const value: JsonValue | undefined = copy.status[key];
      if (value !== undefined) status[key] = value;
    }
    if (Object.keys(status).length > 0) out.status = status;
  }
  return out;
}

/** YAML 1.2 readers take a plain `0o17` as an integer; the 1.1 schema does not quote it, so it is quoted here. */
const YAML12_ONLY_NUMBER = /^[-+]?0o[0-7]+$/;

/** One object as a YAML document body: YAML 1.1 schema quoting, so "true", "0755", "on", "1e3" stay strings. */
export function objectToYaml(obj: KubeObject): string {
  const doc = new YAML.Document(obj, { version: '1.1' });
  YAML.visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && YAML12_ONLY_NUMBER.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/**
 * Comment lines (without `# `) followed by the objects as `---`-separated documents, ordered by
 * `kindRank` (lower first), then namespace, name and kind.
 */
export function renderDocuments(headerLines: string[], objects: KubeObject[], kindRank: (kind: string) => number): string {
  const header = headerLines.map((line) => (line === '' ? '#' : `# ${line}`)).join('\n');
  const order = (a: KubeObject, b: KubeObject): number =>
    kindRank(a.kind) - kindRank(b.kind) ||
    compareStrings(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    compareStrings(a.metadata.name ?? '', b.metadata.name ?? '') ||
    compareStrings(a.kind, b.kind);
  const docs = [...objects].sort(order).map(objectToYaml);
  return `${header}\n${docs.length > 0 ? '---\n' : ''}${docs.join('---\n')}`;
}

/** `1 object`, `2 objects`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The namespaces an export reads, each once and sorted. None, or a name that is not a namespace's
 * (among them or `others`, namespaces the export also reads), is an argument error.
 */
export function exportNamespaces(names: readonly string[], others: readonly string[] = []): string[] {
  const namespaces = [...new Set(names)].sort(compareStrings);
  if (namespaces.length === 0) throw new ExportError('argument-invalid', 'at least one namespace is required');
  for (const ns of [...namespaces, ...others]) {
    if (!isDnsLabel(ns)) throw new ExportError('argument-invalid', `invalid namespace name ${JSON.stringify(ns)}`);
  }
  return namespaces;
}

export interface ExportText {
  /** what it is and which command wrote it */
  title: string;
  reader: { contextName: string; server: string };
  /** which namespaces and what of them */
  scope: string;
  objects: KubeObject[];
  /** lines after the object count (how to export again) */
  more?: string[];
  kindRank: (kind: string) => number;
}

/** An export's text: its header (title, context and server, scope, object count, `more`), then the objects. */
export function renderExport(e: ExportText): string {
  const header = [
    e.title,
    `Context: ${e.reader.contextName} (server ${e.reader.server})`,
    e.scope,
    `${plural(e.objects.length, 'object')}, each annotated ${LOCAL_CONFIG}: "true" (read by the function, never applied).`,
    ...(e.more ?? []),
  ];
  return renderDocuments(header, e.objects, e.kindRank);
}
