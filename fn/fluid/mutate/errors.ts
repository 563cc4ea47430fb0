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
