// Shared by the block scanner's tests: the library's value of a text, and an exact comparison.
import { parseDocument } from 'yaml';
import { MAX_ALIAS_COUNT, PARSE_OPTIONS } from '../../fn/krm/resourcelist/yaml-util';

/** The library's value of a whole text, or undefined when it has errors or warnings. */
export function libValue(text: string): { value: unknown } | undefined {
  const doc = parseDocument(text, PARSE_OPTIONS);
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
}

/** First path where a and b differ (values, types, key order, -0, NaN), or undefined. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b) ? undefined : `${path}: ${String(a)} vs ${String(b)}`;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return a === b ? undefined : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs not`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: prototypes differ`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\u0000') !== kb.join('\u0000')) return `${path}: keys ${JSON.stringify(ka)} vs ${JSON.stringify(kb)}`;
  for (const k of ka) {
    const da = Object.getOwnPropertyDescriptor(a, k);
    const db = Object.getOwnPropertyDescriptor(b, k);
    if (!da || !db || !('value' in da) || !('value' in db) || da.enumerable !== db.enumerable) return `${path}.${k}: descriptor`;
    const d = firstDifference(da.value, db.value, `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}
