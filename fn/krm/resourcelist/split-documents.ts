// Fast path for multi-document streams (what `render` reads and writes: `helm template`, `kubectl
// get`, `kustomize build` output): split the stream at its `---` lines with a line scan, and read
// each document that is a block mapping at column 0 with the block scanner. Anything else declines
// (undefined) and the caller reads the whole stream with the library.
//
// Splitting at column-0 `---` lines is exact: YAML forbids such a line inside any scalar, so it can
// only be a document marker. What the split does not take: a marker with content after it
// (`--- !tag`, `--- {a: 1}`), `...` end markers, `%` directives, carriage returns, a byte order
// mark, and documents that are not a block mapping starting at column 0 with a plain key.
import { isDocMarker, scanBlockMapping } from './block-scan';
import type { JsonValue } from '../../types';

const SP = 32;
const TAB = 9;
const HASH = 35;
const DASH = 45;
const PERCENT = 37;

/** Whether [p, end) holds only spaces and tabs, then optionally a comment. */
function blankOrComment(text: string, p: number, end: number): boolean {
  for (let i = p; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === HASH) return i === p || text.charCodeAt(i - 1) === SP || text.charCodeAt(i - 1) === TAB;
    if (c !== SP && c !== TAB) return false;
  }
  return true;
}

/** A key the scanner reads at column 0 of a document: it starts with a letter or `_`. */
function startsPlainKey(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * The values of the stream's documents, the empty ones (only comments, or nothing, between two
 * markers) left out, as the library reads them; undefined to decline.
 */
export function scanDocuments(text: string): JsonValue[] | undefined {
  if (text.charCodeAt(0) === 0xfeff || text.indexOf('\r') !== -1) return undefined;
  const values: JsonValue[] = [];
  let first = -1; // the current document's first content line
  const close = (to: number): boolean => {
    if (first === -1) return true; // an empty document
    const scanned = scanBlockMapping(text, first, to, { level: 1 });
    if (!scanned || scanned.nonFinite) return false;
    values.push(scanned.value);
    first = -1;
    return true;
  };
  for (let p = 0; p < text.length; ) {
    const nl = text.indexOf('\n', p);
    const end = nl === -1 ? text.length : nl;
    const c = text.charCodeAt(p);
    if (isDocMarker(text, p)) {
      // (`...` ends a document: declined, as is anything after `---` but a comment)
      if (c !== DASH || !blankOrComment(text, p + 3, end) || !close(p)) return undefined;
    } else if (c === PERCENT) {
      return undefined;
    } else if (first === -1 && !blankOrComment(text, p, end)) {
      if (!startsPlainKey(c)) return undefined;
      first = p;
    }
    p = end + 1;
  }
  return close(text.length) ? values : undefined;
}
