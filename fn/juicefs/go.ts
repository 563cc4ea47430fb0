// The few Go standard-library behaviours the driver's output depends on: strconv.ParseBool,
// strconv.ParseFloat, time.ParseDuration (validity only), path.Join / path.Clean. ParseBool and
// Clean are the Fluid function's (domain-neutral; candidates for a shared helper).
import { parseGoBool } from '../fluid/config/options';
import { cleanPath } from '../fluid/mutate/dataset-volumes';

/** strconv.ParseBool; undefined for anything else. */
export const goParseBool = parseGoBool;

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
