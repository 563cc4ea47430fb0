// Injection errors carry Fluid's message text (spec §10) plus what the webhook does with them.

export class InjectError extends Error {
  /**
   * @param rejects the webhook rejects the pod (runtime-info errors, E1–E6, E15); every other error
   *   it swallows and admits the pod unchanged, which `errorMode: webhook` reproduces
   * @param field the input field at fault, relative to the pod (e.g. `spec.volumes[0]`)
   */
  constructor(
    message: string,
    readonly rejects = false,
    readonly field?: string,
    readonly hint?: string,
  ) {
    super(message);
  }

  /** Fluid wraps errors outermost-last: `<prefix>: <inner>`. */
  wrap(prefix: string): InjectError {
    return new InjectError(`${prefix}: ${this.message}`, this.rejects, this.field, this.hint);
  }
}

export function wrapError(e: unknown, prefix: string): never {
  if (e instanceof InjectError) throw e.wrap(prefix);
  throw e;
}

/** The API server's not-found text, e.g. `datasets.data.fluid.io "x" not found`. */
export function notFound(resource: string, name: string): string {
  return `${resource} "${name}" not found`;
}

/** Go's `%v` of a string slice: `[a b]`. */
export function goList(items: readonly string[]): string {
  return `[${items.join(' ')}]`;
}

const GO_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };
// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const GO_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's strconv.Quote, which Fluid's messages use for values (`%q`, strconv errors). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (GO_ESCAPES[ch]) out += GO_ESCAPES[ch];
    else if (GO_PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
