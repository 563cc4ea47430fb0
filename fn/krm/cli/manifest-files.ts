// The files `render` reads: named files, directories walked as kpt reads a package, and stdin.
// A directory is walked recursively in sorted order, for *.yaml, *.yml and *.json files; its
// .krmignore files are honoured, hidden entries and node_modules are left out, and so is what is
// not a Kubernetes object (kustomization files, Helm values, CI configs), with a notice naming it.
// A file named on the command line is read as given.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CST, Parser } from 'yaml';
import { FnError } from '../errors';
import { InputError, MAX_INPUT_BYTES, mib } from '../resourcelist/read';
import { readFileText } from './input';
import { IgnoreRules, KRMIGNORE, parseIgnoreFile } from './krmignore';

export interface ManifestInput {
  /** as given on the command line (or joined to it while walking); `-` for stdin */
  path: string;
  text: string;
  /** from --context: cluster state, read but never emitted */
  context: boolean;
}

/** A file that cannot be read: its message names the file and says why, in one line. */
export class FileError extends FnError<'file-unreadable'> {
  constructor(message: string) {
    super('file-unreadable', message);
    this.name = 'FileError';
  }
}

const MANIFEST = /\.(ya?ml|json)$/i;
/** kustomize's own file names: configuration of a build, not objects to render. */
const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml']);
/** kustomize's kinds (Kustomization, Component) have apiVersion and kind but are not objects. */
const KUSTOMIZE_API = 'kustomize.config.k8s.io/';

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** `FILE: no such file or directory` for a failed fs call; other errors pass through. */
export function fileError(file: string, e: unknown): unknown {
  // Our own errors carry a code too (invalid UTF-8, over the size limit): they already say what is wrong.
  if (e instanceof FnError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return e;
  return new FileError(`${file}: ${ERRNO_TEXT[code] ?? code.toLowerCase()}`);
}

/** Runs an fs call about `file`, turning its errno error into a FileError. */
export function onFile<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw fileError(file, e);
  }
}

/**
 * Whether a YAML or JSON text holds at least one Kubernetes object: a document whose root mapping
 * has `apiVersion` and `kind` (kustomize's own kinds excluded). Only the syntax is read (no
 * values are built), so this is cheap and safe on any text.
 */
export function holdsKubernetesObject(text: string): boolean {
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document' || !token.value) continue;
    const root = token.value;
    const mapping = root.type === 'block-map' || (root.type === 'flow-collection' && root.start.source === '{');
    if (!mapping) continue;
    const keys = new Map<string, string | undefined>();
    for (const item of root.items) {
      const key = item.key ? CST.resolveAsScalar(item.key)?.value : undefined;
      if (key === 'apiVersion' || key === 'kind') keys.set(key, item.value ? CST.resolveAsScalar(item.value)?.value : undefined);
    }
    const apiVersion = keys.get('apiVersion');
    if (apiVersion && keys.get('kind') && !apiVersion.startsWith(KUSTOMIZE_API)) return true;
  }
  return false;
}

/**
 * Reads the inputs of `render`: `args` are files, directories or `-` (stdin), `contextArgs` the
 * same for --context. All together at most MAX_INPUT_BYTES (InputError). Files that cannot be
 * read are a FileError naming them; what a directory walk leaves out is said in `notices`.
 */
export function collectInputs(
  args: readonly string[],
  contextArgs: readonly string[],
  readStdin: () => string,
  notices: string[],
): ManifestInput[] {
  const out: ManifestInput[] = [];
  let total = 0;
  const tooBig = (p: string) => new InputError(`the manifests together are more than ${mib(MAX_INPUT_BYTES)}, the limit (at ${p})`);
  const add = (p: string, text: string, context: boolean): void => {
    total += Buffer.byteLength(text, 'utf8');
    if (total > MAX_INPUT_BYTES) throw tooBig(p);
    out.push({ path: p, text, context });
  };
  const readFile = (p: string, size: number): string => {
    if (total > 0 && total + size > MAX_INPUT_BYTES) throw tooBig(p);
    return onFile(p, () => readFileText(p));
  };

  const walk = (dir: string, context: boolean, ignores: { base: string; rules: IgnoreRules }[], seen: Set<string>): void => {
    // A symbolic link back up the tree would walk forever.
    const real = onFile(dir, () => fs.realpathSync(dir));
    if (seen.has(real)) return;
    seen.add(real);
    const ignoreFile = path.join(dir, KRMIGNORE);
    const rules = fs.existsSync(ignoreFile) ? [...ignores, { base: dir, rules: parseIgnoreFile(onFile(ignoreFile, () => fs.readFileSync(ignoreFile, 'utf8'))) }] : ignores;
    const ignored = (p: string, isDirectory: boolean): boolean =>
      rules.some((r) => r.rules.ignores(path.relative(r.base, p).split(path.sep).join('/'), isDirectory));

    for (const name of onFile(dir, () => fs.readdirSync(dir)).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const child = path.join(dir, name);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(child);
      } catch (e) {
        if (onFile(child, () => fs.lstatSync(child)).isSymbolicLink()) {
          notices.push(`skipped ${child}: a broken symbolic link`);
          continue;
        }
        throw fileError(child, e);
      }
      if (stat.isDirectory()) {
        if (!ignored(child, true)) walk(child, context, rules, seen);
        continue;
      }
      if (!MANIFEST.test(name) || ignored(child, false)) continue;
      if (KUSTOMIZATION_FILES.has(name)) {
        notices.push(`skipped ${child}: a kustomization file, not a Kubernetes object`);
        continue;
      }
      const text = readFile(child, stat.size);
      if (!holdsKubernetesObject(text)) {
        notices.push(`skipped ${child}: no Kubernetes object (apiVersion and kind) in it`);
        continue;
      }
      add(child, text, context);
    }
  };

  const take = (arg: string, context: boolean): void => {
    if (arg === '-') {
      add('-', readStdin(), context);
      return;
    }
    const stat = onFile(arg, () => fs.statSync(arg));
    if (stat.isDirectory()) walk(arg, context, [], new Set());
    else add(arg, readFile(arg, stat.size), context);
  };
  for (const a of args) take(a, false);
  for (const a of contextArgs) take(a, true);
  return out;
}
