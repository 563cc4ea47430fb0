// Plain JSON values as YAML text, written by this module alone: the yaml library's stringifier
// gets some strings wrong (whitespace-only lines of `|+` scalars, `" \n"`, indentation indicators
// at other indents than 2), so new text never comes from it.
//
// Block style (emitBlock) is byte for byte what the library writes with the writer's settings
// (2-space indent, lineWidth 0) wherever the library is right, for both sequence styles; at other
// indents it follows the same rules (sequence entries' content two columns after the dash).
// Scalars:
//  - a string is plain when no reader of the ecosystem can take it for anything else (YAML 1.1,
//    1.2 and go-yaml, see isRiskyPlainString) and its characters need no escape;
//  - a multi-line string is a literal block scalar (`|`, `|-`, `|+`) when that reads back exactly
//    in every reader: printable, no carriage return or YAML 1.1 line separator, no line of only
//    blanks, not starting with a blank (which needs an indentation indicator); else it is
//    double-quoted on one line;
//  - other strings are single-quoted when they hold `"` and no `'` (as the library does), else
//    double-quoted with JSON's escapes (which YAML 1.1 and 1.2 both read), plus `\uXXXX` for
//    characters YAML does not allow raw or YAML 1.1 takes for line breaks;
//  - numbers keep their value in every reader: integers in decimal, other numbers with a `.`
//    (YAML 1.1 needs one before an exponent).
// With `quoted` set, every string value is double-quoted: the plainest text there is, used when
// the usual rendering does not read back.
// emitJson writes the same values as JSON (a flow collection that every YAML reader reads alike),
// on one line or indented.
import type { JsonValue } from '../../types';
import { isRiskyPlainString } from './yaml-util';
import type { OutputStyle } from './yaml-util';

/** A value that has no exact YAML text (a non-finite number, a string with a lone surrogate). */
export class CannotEmit extends Error {}

/** `value` at column 0, ending with a newline (a block collection, or a scalar on one line). */
export function emitBlock(value: JsonValue, style: OutputStyle, quoted = false): string {
  const e = new BlockEmitter(style, quoted);
  if (isCollection(value) && !isEmpty(value)) {
    if (Array.isArray(value)) e.seq(value, 0, '');
    else e.map(value, 0, '');
  } else {
    e.out.push(e.inline(value), '\n');
  }
  return e.out.join('');
}

/** A scalar or empty collection as it is written after `key: ` or `- `; undefined for a block scalar. */
export function emitInline(value: JsonValue, style: OutputStyle): string | undefined {
  if (typeof value === 'string' && useBlockScalar(value)) return undefined;
  if (isCollection(value) && !isEmpty(value)) return undefined;
  return new BlockEmitter(style, false).inline(value);
}

type Collection = JsonValue[] | { [k: string]: JsonValue | undefined };

function isCollection(v: JsonValue | undefined): v is Collection {
  return typeof v === 'object' && v !== null;
}

function isEmpty(v: Collection): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).every((k) => v[k] === undefined);
}

class BlockEmitter {
  readonly out: string[] = [];
  private readonly seqOffset: number;

  constructor(
    private readonly style: OutputStyle,
    private readonly quoted: boolean,
  ) {
    if (!(style.indent >= 1 && style.indent <= 9)) throw new CannotEmit(`indentation ${style.indent}`);
    this.seqOffset = style.indentSeq ? style.seqIndent ?? style.indent : 0;
  }

  /** A non-empty map at indentation `ind`; `lead` (`- ` of an entry) replaces the first key's indentation. */
  map(map: { [k: string]: JsonValue | undefined }, ind: number, lead: string): void {
    const pad = ' '.repeat(ind);
    let first = lead;
    for (const k of Object.keys(map)) {
      const v = map[k];
      if (v === undefined) continue;
      this.out.push(first === '' ? pad : first, key(k), ':');
      first = '';
      if (isCollection(v) && !isEmpty(v)) {
        this.out.push('\n');
        if (Array.isArray(v)) this.seq(v, ind + this.seqOffset, '');
        else this.map(v, ind + this.style.indent, '');
      } else {
        this.scalarAfter(v, ind + this.style.indent);
      }
    }
  }

  seq(seq: JsonValue[], ind: number, lead: string): void {
    const pad = ' '.repeat(ind);
    for (let i = 0; i < seq.length; i++) {
      const v = seq[i];
      const dash = `${i === 0 && lead !== '' ? lead : pad}- `;
      if (isCollection(v) && !isEmpty(v)) {
        if (Array.isArray(v)) this.seq(v, ind + 2, dash);
        else this.map(v, ind + 2, dash);
      } else {
        this.out.push(dash.slice(0, -1));
        this.scalarAfter(v, ind + 2);
      }
    }
  }

  /** ` value\n` after a key's colon or an entry's dash; a block scalar's lines at `contentCol`. */
  private scalarAfter(v: JsonValue, contentCol: number): void {
    if (!this.quoted && typeof v === 'string' && useBlockScalar(v)) this.out.push(' ', blockScalar(v, contentCol));
    else this.out.push(' ', this.inline(v), '\n');
  }

  inline(v: JsonValue): string {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return numberText(v);
    if (typeof v === 'string') return this.quoted ? doubleQuoted(v) : flowString(v);
    if (Array.isArray(v)) return '[]';
    if (isCollection(v)) return '{}';
    throw new CannotEmit(`a value of type ${typeof v}`);
  }
}

// --- scalars ----------------------------------------------------------------------------------------

// Plain is impossible (the library's own test): an indicator first, `: ` or ` #` inside, a blank
// or `:` last, and so on.
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Characters any YAML reader takes as they are: printable, and no YAML 1.1 line break or BOM. */
const RAW_OK = /^[\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]*$/u;
/** The same, with line feeds and tabs (literal block scalar content). */
const BLOCK_OK = /^[\t\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]*$/u;

/** One-line text of a string: plain, else single- or double-quoted. */
function flowString(s: string): string {
  // `---` / `...` look like document markers where they start a line: quoted, wherever they stand.
  if (s !== '' && !NOT_PLAIN.test(s) && !isRiskyPlainString(s) && !s.startsWith('---') && !s.startsWith('...') && RAW_OK.test(s)) {
    return s;
  }
  if (s.includes('"') && !s.includes("'") && RAW_OK.test(s)) return `'${s}'`;
  return doubleQuoted(s);
}

/** A multi-line string that a literal block scalar writes exactly (see the top of this file). */
function useBlockScalar(s: string): boolean {
  return (
    s.includes('\n') &&
    BLOCK_OK.test(s) &&
    !/^\s*$/.test(s) &&
    !/^\n*[ \t]/.test(s) && // would need an indentation indicator
    !/(?:^|\n)[ \t]+(?:\n|$)/.test(s) && // a line of only blanks
    !/(?:^|\n)\t/.test(s)
  );
}

/** `|` with its chomping indicator, then the lines at `col` (empty lines empty), ending with a newline. */
function blockScalar(s: string, col: number): string {
  let body = s;
  let breaks = 0;
  while (body.endsWith('\n')) {
    body = body.slice(0, -1);
    breaks++;
  }
  const chomp = breaks === 0 ? '-' : breaks === 1 ? '' : '+';
  const pad = ' '.repeat(col);
  const lines = body.split('\n').map((l) => (l === '' ? '' : pad + l));
  return `|${chomp}\n${lines.join('\n')}\n${'\n'.repeat(Math.max(0, breaks - 1))}`;
}

/** JSON's string text, with `\uXXXX` also for DEL, C1 controls, U+2028/2029 and U+FEFF/FFFE/FFFF. */
export function doubleQuoted(s: string): string {
  if (/\p{Cs}/u.test(s)) throw new CannotEmit('a string with a lone surrogate (not valid UTF-8)');
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A number as text that YAML 1.1, YAML 1.2, go-yaml and JSON read as the same number. */
export function numberText(v: number): string {
  if (!Number.isFinite(v)) throw new CannotEmit(`the number ${v} (not JSON)`);
  if (Object.is(v, -0)) return '-0';
  const s = String(v);
  // 1e+21 has no `.`: YAML 1.1 (PyYAML) reads it as a string
  return /[eE]/.test(s) && !s.includes('.') ? s.replace(/[eE]/, '.0e') : s;
}

/** A mapping key: plain or quoted, on one line, short enough to be an implicit key everywhere. */
function key(k: string): string {
  const t = flowString(k);
  if (t.length > 1000) throw new CannotEmit('a mapping key longer than 1000 characters');
  return t;
}

// --- JSON ---------------------------------------------------------------------------------------------

export interface JsonLayout {
  /** one step of indentation; undefined: all on one line */
  unit?: string;
  /** on one line: a space after `:` and `,` (`{"a": 1, "b": 2}`, YAML's usual flow style) */
  spaced?: boolean;
  /** indentation of the line the value starts on (every line after the first starts with it) */
  base?: string;
}

/** `value` as JSON text, in the given layout. */
export function emitJson(value: JsonValue, layout: JsonLayout): string {
  const colon = layout.unit !== undefined || layout.spaced ? ': ' : ':';
  const comma = layout.spaced && layout.unit === undefined ? ', ' : ',';
  const write = (v: JsonValue | undefined, ind: string): string => {
    if (!isCollection(v)) return v === undefined ? 'null' : scalarJson(v);
    const entries: string[] = [];
    if (Array.isArray(v)) {
      for (const x of v) entries.push(write(x, ind + (layout.unit ?? '')));
    } else {
      for (const k of Object.keys(v)) {
        if (v[k] !== undefined) entries.push(`${doubleQuoted(k)}${colon}${write(v[k], ind + (layout.unit ?? ''))}`);
      }
    }
    const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) return open + close;
    if (layout.unit === undefined) return open + entries.join(comma) + close;
    const inner = ind + layout.unit;
    return `${open}\n${inner}${entries.join(`${comma}\n${inner}`)}\n${ind}${close}`;
  };
  return write(value, layout.base ?? '');
}

function scalarJson(v: string | number | boolean | null): string {
  if (typeof v === 'string') return doubleQuoted(v);
  if (typeof v === 'number') return numberText(v);
  return String(v);
}
