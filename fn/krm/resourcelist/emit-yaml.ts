// A plain JSON value as block YAML, byte for byte what the writer's yaml library settings produce
// (splice.ts stringifyNode with OUTPUT_DOC_OPTIONS, 2-space indent, lineWidth 0), for the values
// Kubernetes objects are made of: maps, sequences, integers, booleans, null and one-line strings.
// It is many times faster than the library. Anything outside that subset — multi-line strings,
// floats, odd keys, strings the library would escape — returns undefined, and the caller uses the
// library. emit-yaml.test.ts compares both on generated values.
import type { JsonValue } from '../../types';
import { isRiskyPlainString } from './yaml-util';
import type { OutputStyle } from './yaml-util';

class Unsupported extends Error {}

function unsupported(): never {
  throw new Unsupported();
}

/** `value` at column 0, ending with a newline; undefined when it is outside the subset. */
export function emitBlock(value: JsonValue, style: OutputStyle): string | undefined {
  if (style.indent !== 2) return undefined;
  const out: string[] = [];
  try {
    if (isCollection(value)) {
      if (isEmpty(value)) return undefined;
      if (Array.isArray(value)) emitSeq(value, 0, '', style.indentSeq, out);
      else emitMap(value, 0, '', style.indentSeq, out);
    } else {
      out.push(scalar(value), '\n');
    }
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
  return out.join('');
}

function isCollection(v: JsonValue): v is JsonValue[] | { [k: string]: JsonValue | undefined } {
  return typeof v === 'object' && v !== null;
}

function isEmpty(v: JsonValue[] | { [k: string]: JsonValue | undefined }): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).every((k) => v[k] === undefined);
}

/**
 * A map at indentation `ind`; `first` is the text already on the first line (`- ` of an entry),
 * which replaces the first key's indentation.
 */
function emitMap(map: { [k: string]: JsonValue | undefined }, ind: number, first: string, indentSeq: boolean, out: string[]): void {
  const pad = ' '.repeat(ind);
  let lead = first;
  let any = false;
  for (const k of Object.keys(map)) {
    const v = map[k];
    if (v === undefined) continue;
    any = true;
    out.push(lead === '' ? pad : lead, key(k), ':');
    lead = '';
    if (isCollection(v) && !isEmpty(v)) {
      out.push('\n');
      if (Array.isArray(v)) emitSeq(v, indentSeq ? ind + 2 : ind, '', indentSeq, out);
      else emitMap(v, ind + 2, '', indentSeq, out);
    } else {
      out.push(' ', isCollection(v) ? (Array.isArray(v) ? '[]' : '{}') : scalar(v), '\n');
    }
  }
  if (!any) unsupported(); // `{}` as an entry or document: leave it to the library
}

function emitSeq(seq: JsonValue[], ind: number, first: string, indentSeq: boolean, out: string[]): void {
  const pad = ' '.repeat(ind);
  for (let i = 0; i < seq.length; i++) {
    const v = seq[i];
    const lead = `${i === 0 && first !== '' ? first : pad}- `;
    if (isCollection(v) && !isEmpty(v)) {
      if (Array.isArray(v)) emitSeq(v, ind + 2, lead, indentSeq, out);
      else emitMap(v, ind + 2, lead, indentSeq, out);
    } else {
      out.push(lead, isCollection(v) ? (Array.isArray(v) ? '[]' : '{}') : scalar(v), '\n');
    }
  }
}

// Plain is impossible (the library's own test): an indicator first, `: ` or ` #` inside, a blank
// or `:` last, and so on.
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function scalar(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || Object.is(v, -0)) unsupported();
    return String(v);
  }
  if (typeof v !== 'string') unsupported();
  return str(v);
}

function str(s: string): string {
  // A document marker's look-alike: the library quotes it or not depending on where it stands.
  if (s.startsWith('---') || s.startsWith('...')) unsupported();
  if (s !== '' && !NOT_PLAIN.test(s) && !isRiskyPlainString(s)) {
    if (s.indexOf('\n') !== -1 || s.indexOf('\t') !== -1 || !PRINTABLE_ASCII.test(s)) unsupported();
    return s;
  }
  if (!PRINTABLE_ASCII.test(s)) unsupported();
  if (s.indexOf('"') === -1) return s.indexOf('\\') === -1 ? `"${s}"` : unsupported();
  if (s.indexOf("'") === -1) return `'${s}'`;
  return unsupported();
}

function key(k: string): string {
  if (k.length > 1000 || !/^[A-Za-z0-9_]/.test(k)) unsupported();
  return str(k);
}
