// YAML parsing with a nesting bound checked *before* the document is built: the yaml library's
// composer recurses once per level and would otherwise overflow the stack on hostile input (10,000
// nested `[`). The concrete syntax tree comes from yaml's Parser, which does not recurse; its depth
// is checked with an explicit stack, and only then is it composed into a Document.
import { Composer, CST, LineCounter, Parser } from 'yaml';
import type { Document, DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';
import { joinPath, MAX_DEPTH } from './yaml-util';

export interface TooDeep {
  /** path of the first collection deeper than MAX_DEPTH, relative to its document */
  path: string;
  line: number;
  col: number;
  /** the Kubernetes object it is in, when its apiVersion, kind and name are plain scalars */
  item?: { apiVersion: string; kind: string; name: string; namespace?: string };
}

export interface ParsedStream {
  docs: Document[];
  /** set when a document nests deeper than MAX_DEPTH; `docs` then holds the documents before it */
  tooDeep?: TooDeep;
}

/**
 * parseAllDocuments with the nesting check (and, with `forceDoc`, parseDocument's guarantee of at
 * least one document). Errors and warnings get `linePos` and an ` at line L, column C` suffix.
 */
export function parseStream(
  text: string,
  options: ParseOptions & DocumentOptions & SchemaOptions,
  forceDoc = false,
  maxDepth = MAX_DEPTH,
): ParsedStream {
  // A ResourceList (forceDoc) holds its objects under `items`; a manifest document is one.
  const itemDepth = forceDoc ? 3 : 1;
  const lines = new LineCounter();
  const parser = new Parser(lines.addNewLine);
  const composer = new Composer({ ...options, prettyErrors: false });
  let tooDeep: TooDeep | undefined;
  let deepOffset = 0;
  function* checked(): Generator<CST.Token> {
    for (const token of parser.parse(text)) {
      const deep = firstTooDeep(token, maxDepth);
      if (deep) {
        deepOffset = token.offset;
        const { line, col } = lines.linePos(deep.frame.token.offset);
        tooDeep = { path: pathOf(deep.frame), line, col };
        const item = deep.chain[itemDepth];
        const ref = item ? refOfCst(item.token) : undefined;
        if (ref && (itemDepth === 1 || deep.chain[2]?.seg === 'items')) tooDeep.item = ref;
        return;
      }
      yield token;
    }
  }
  const docs = Array.from(composer.compose(checked(), forceDoc, text.length)) as Document[];
  // The documents before the deep one (the composer ends the one it was building, which is empty).
  if (tooDeep) return { docs: docs.filter((d) => (d.range?.[1] ?? Infinity) <= deepOffset), tooDeep };
  for (const doc of docs) {
    for (const e of [...doc.errors, ...doc.warnings]) {
      if (e.pos[0] < 0) continue;
      const start = lines.linePos(e.pos[0]);
      e.linePos = [start, lines.linePos(e.pos[1])];
      e.message += ` at line ${start.line}, column ${start.col}`;
    }
  }
  return { docs };
}

interface Frame {
  token: CST.Token;
  /** number of collections above this token */
  depth: number;
  parent?: Frame;
  /** path segment from the parent collection to this token */
  seg: string;
}

function pathOf(f: Frame): string {
  const segs: string[] = [];
  for (let cur: Frame | undefined = f; cur; cur = cur.parent) if (cur.seg !== '') segs.push(cur.seg);
  let path = '';
  for (const s of segs.reverse()) path = s.startsWith('[') ? path + s : joinPath(path, s);
  return path;
}

function keySegment(key: CST.Token | null | undefined): string {
  if (!key) return '?';
  try {
    const scalar = CST.resolveAsScalar(key);
    return scalar ? scalar.value : '?';
  } catch {
    return '?';
  }
}

/** Scalar values of a CST block or flow map by key (one level, no recursion). */
function cstMap(token: CST.Token | undefined): Map<string, CST.Token> | undefined {
  if (!token || (token.type !== 'block-map' && !(token.type === 'flow-collection' && token.start.type === 'flow-map-start'))) return undefined;
  const out = new Map<string, CST.Token>();
  for (const item of token.items as CST.CollectionItem[]) {
    if (item.key && item.value) out.set(keySegment(item.key), item.value);
  }
  return out;
}

function scalarOf(token: CST.Token | undefined): string | undefined {
  if (!token) return undefined;
  try {
    const v = CST.resolveAsScalar(token)?.value;
    return v ? v : undefined;
  } catch {
    return undefined;
  }
}

function refOfCst(token: CST.Token): TooDeep['item'] | undefined {
  const map = cstMap(token);
  const meta = cstMap(map?.get('metadata'));
  const apiVersion = scalarOf(map?.get('apiVersion'));
  const kind = scalarOf(map?.get('kind'));
  const name = scalarOf(meta?.get('name'));
  if (!apiVersion || !kind || !name) return undefined;
  const namespace = scalarOf(meta?.get('namespace'));
  return namespace ? { apiVersion, kind, name, namespace } : { apiVersion, kind, name };
}

/**
 * The first collection nested deeper than `max` (its frame, and the frames from the document down
 * to it: chain[d] is the collection at depth d), walking without recursion.
 */
function firstTooDeep(root: CST.Token, max: number): { frame: Frame; chain: Frame[] } | undefined {
  const stack: Frame[] = [{ token: root, depth: 0, seg: '' }];
  while (stack.length > 0) {
    const f = stack.pop() as Frame;
    const t = f.token;
    if (t.type === 'document') {
      if (t.value) stack.push({ token: t.value, depth: f.depth, parent: f, seg: '' });
      continue;
    }
    if (t.type !== 'block-map' && t.type !== 'block-seq' && t.type !== 'flow-collection') continue;
    const depth = f.depth + 1;
    if (depth > max) {
      const chain: Frame[] = [];
      for (let cur: Frame | undefined = f; cur; cur = cur.parent) {
        const tt = cur.token.type;
        if (tt === 'block-map' || tt === 'block-seq' || tt === 'flow-collection') chain.push(cur);
      }
      chain.push(f); // placeholder for depth 0, so that chain[d] is the collection at depth d
      chain.reverse();
      return { frame: f, chain };
    }
    const isSeq = t.type === 'block-seq' || (t.type === 'flow-collection' && t.start.type === 'flow-seq-start');
    // Pushed in reverse so that the first deep collection in document order is found first.
    for (let i = t.items.length - 1; i >= 0; i--) {
      const item = t.items[i] as CST.CollectionItem;
      const seg = isSeq && !item.key ? `[${i}]` : keySegment(item.key);
      if (item.value) stack.push({ token: item.value, depth, parent: f, seg });
      if (item.key) stack.push({ token: item.key, depth, parent: f, seg });
    }
  }
  return undefined;
}
