// The Go standard-library behaviours the webhooks' output depends on (both are Go programs, and a
// value means to them what Go's parsers make of it): strconv.ParseBool, strconv.ParseFloat,
// time.ParseDuration (validity only), path.Join and path.Clean.

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** strconv.ParseBool; undefined for anything else. */
export function parseGoBool(value: string): boolean | undefined {
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  return undefined;
}

/** path.Clean for slash-separated absolute or relative paths. */
export function cleanPath(p: string): string {
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

const DECIMAL_FLOAT = /^[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?$/;
const SPECIAL_FLOAT = /^[+-]?(?:inf|infinity|nan)$/i;

/** strconv.ParseFloat(s, 64) for decimal notation and inf/nan (hex floats are not accepted); undefined on error. */
export function goParseFloat(s: string): number | undefined {
  if (SPECIAL_FLOAT.test(s)) {
    const lower = s.toLowerCase();
    if (lower.endsWith('nan')) return Number.NaN;
    return lower.startsWith('-') ? -Infinity : Infinity;
  }
  // Go accepts underscores only with a base prefix, which decimal notation lacks.
  if (!DECIMAL_FLOAT.test(s) || s.includes('_')) return undefined;
  return Number(s);
}

const DURATION = /^[+-]?(?:0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/;

/** Whether time.ParseDuration accepts `s` (overflow aside). */
export function isGoDuration(s: string): boolean {
  return DURATION.test(s);
}

/** path.Join (also filepath.Join on Linux): empty elements are ignored; all empty gives "". */
export function pathJoin(...elems: string[]): string {
  const parts = elems.filter((e) => e !== '');
  if (parts.length === 0) return '';
  return cleanPath(parts.join('/'));
}
