// Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity): parsing, exact arithmetic
// on what the webhook computes with them, and the canonical text it serializes them as
// (`1000m` → `1`, `1.5Gi` → `1536Mi`). Values are exact: an integer mantissa times a power of ten.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** value = mantissa × 10^exponent */
  mantissa: bigint;
  exponent: number;
  format: QuantityFormat;
}

export class QuantityError extends Error {}

const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const SUFFIX_CHARS = 'eEinumkKMGTP';
const NANO = -9;
const MAX_INT64 = (1n << 63n) - 1n;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** The scanner of `ParseQuantity`, including its leniencies (`-` and `.` read as 0, `1.` as 1). */
function scan(str: string): { negative: boolean; num: string; denom: string; suffix: string } {
  let pos = 0;
  let negative = false;
  if (str[0] === '-' || str[0] === '+') {
    negative = str[0] === '-';
    pos = 1;
  }
  while (str[pos] === '0') pos++;
  if (pos >= str.length) return { negative, num: '0', denom: '', suffix: '' };
  const numStart = pos;
  while (isDigit(str[pos])) pos++;
  const num = str.slice(numStart, pos) || '0';
  let denom = '';
  if (str[pos] === '.') {
    const start = ++pos;
    while (isDigit(str[pos])) pos++;
    denom = str.slice(start, pos);
  }
  const suffixStart = pos;
  while (pos < str.length && SUFFIX_CHARS.includes(str[pos])) pos++;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (isDigit(str[pos])) pos++;
  if (pos < str.length) throw new QuantityError(FORMAT_WRONG);
  return { negative, num, denom, suffix: str.slice(suffixStart) };
}

function interpret(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  if (Object.hasOwn(DECIMAL_SUFFIXES, suffix)) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix], format: 'DecimalSI' };
  if (Object.hasOwn(BINARY_SUFFIXES, suffix)) return { base: 2, exponent: BINARY_SUFFIXES[suffix], format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1));
    if (Number.isSafeInteger(exponent) && Math.abs(exponent) < 1e6) return { base: 10, exponent, format: 'DecimalExponent' };
  }
  throw new QuantityError("unable to parse quantity's suffix");
}

/** `ParseQuantity`: throws QuantityError with the apimachinery message. */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw new QuantityError(FORMAT_WRONG);
  if (str === '0') return { mantissa: 0n, exponent: 0, format: 'DecimalSI' };
  const { negative, num, denom, suffix } = scan(str);
  const { base, exponent, format: parsedFormat } = interpret(suffix);
  let format = parsedFormat;
  let mantissa = BigInt(num + denom);
  let exp = -denom.length;
  if (base === 10) exp += exponent;
  else mantissa <<= BigInt(exponent);
  // Non-zero values finer than a nano are rounded away from zero to one nano.
  if (exp < NANO && mantissa !== 0n) {
    const div = 10n ** BigInt(NANO - exp);
    mantissa = (mantissa + div - 1n) / div;
    exp = NANO;
  }
  if (format === 'BinarySI' && compareAbs({ mantissa, exponent: exp }, MAX_INT64) > 0) {
    mantissa = MAX_INT64;
    exp = 0;
  }
  if (format === 'BinarySI' && mantissa !== 0n && compareAbs({ mantissa, exponent: exp }, 1n) < 0) format = 'DecimalSI';
  return { mantissa: negative ? -mantissa : mantissa, exponent: exp, format };
}

function compareAbs(q: { mantissa: bigint; exponent: number }, n: bigint): number {
  const a = q.mantissa < 0n ? -q.mantissa : q.mantissa;
  return compareRaw(a, q.exponent, n, 0);
}

function compareRaw(m1: bigint, e1: number, m2: bigint, e2: number): number {
  const e = Math.min(e1, e2);
  const a = m1 * 10n ** BigInt(e1 - e);
  const b = m2 * 10n ** BigInt(e2 - e);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  return compareRaw(a.mantissa, a.exponent, b.mantissa, b.exponent);
}

export function isZero(q: Quantity): boolean {
  return q.mantissa === 0n;
}

/** `a + b`; the result keeps `a`'s format unless `a` is zero (as `Quantity.Add`). */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  const e = Math.min(a.exponent, b.exponent);
  const mantissa = a.mantissa * 10n ** BigInt(a.exponent - e) + b.mantissa * 10n ** BigInt(b.exponent - e);
  return { mantissa, exponent: e, format: isZero(a) ? b.format : a.format };
}

/** `ScaledValue(scale)`: the value in units of 10^scale, rounded away from zero. */
export function scaledValue(q: Quantity, scale: number): bigint {
  const shift = q.exponent - scale;
  if (shift >= 0) return q.mantissa * 10n ** BigInt(shift);
  const div = 10n ** BigInt(-shift);
  const whole = q.mantissa / div;
  if (whole * div === q.mantissa) return whole;
  return q.mantissa < 0n ? whole - 1n : whole + 1n;
}

/** `Value()`: whole units, rounded up. */
export function quantityValue(q: Quantity): bigint {
  return scaledValue(q, 0);
}

/** `MilliValue()`. */
export function milliValue(q: Quantity): bigint {
  return scaledValue(q, -3);
}

/** `NewMilliQuantity(v, DecimalSI)`. */
export function milliQuantity(milli: bigint): Quantity {
  return { mantissa: milli, exponent: -3, format: 'DecimalSI' };
}

/** `NewQuantity(v, BinarySI)`. */
export function binaryQuantity(value: bigint): Quantity {
  return { mantissa: value, exponent: 0, format: 'BinarySI' };
}

function isInteger(q: Quantity): boolean {
  return q.exponent >= 0 || q.mantissa % 10n ** BigInt(-q.exponent) === 0n;
}

/** The canonical text the API server (and the webhook's JSON) writes for a quantity. */
export function formatQuantity(q: Quantity): string {
  if (isZero(q)) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const inSmallRange = compareRaw(q.mantissa, q.exponent, -1024n, 0) > 0 && compareRaw(q.mantissa, q.exponent, 1024n, 0) < 0;
    if (inSmallRange || !isInteger(q)) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let value = scaledValue(q, 0);
    let power = 0;
    while (power < BINARY_BY_POWER.length - 1 && value % 1024n === 0n) {
      value /= 1024n;
      power++;
    }
    return `${value}${BINARY_BY_POWER[power]}`;
  }
  let mantissa = q.mantissa;
  let exponent = q.exponent;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  while (exponent % 3 !== 0) {
    mantissa *= 10n;
    exponent--;
  }
  if (format === 'DecimalSI') {
    const suffix = DECIMAL_BY_EXPONENT.get(exponent);
    if (suffix !== undefined) return `${mantissa}${suffix}`;
  }
  return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
}

/** Parse and re-emit in canonical form. */
export function canonicalQuantity(text: string): string {
  return formatQuantity(parseQuantity(text));
}
