// The one error model of every function in this package: a code, a message, and where it points.
// Domains throw or return FnError (with their own code union); the chassis turns it into a KRM
// result once, at the edge (results.ts).
import { describe, ResourceRef } from '../types';

export interface FnErrorAt {
  /** the object at fault (a workload, a cluster-state object, the function config) */
  ref?: ResourceRef;
  /** field path inside `ref`, in kpt's notation (`spec.template.spec.volumes[0]`) */
  field?: string;
  /** what the user can do about it */
  hint?: string;
}

/** `C` is the domain's own code union; the chassis only carries it. */
export class FnError<C extends string = string> extends Error {
  readonly code: C;
  readonly ref?: ResourceRef;
  readonly field?: string;
  readonly hint?: string;

  constructor(code: C, message: string, at: FnErrorAt = {}) {
    super(message);
    this.code = code;
    if (at.ref) this.ref = at.ref;
    if (at.field) this.field = at.field;
    if (at.hint) this.hint = at.hint;
  }

  /** The same error (same class and code) with another message or place. */
  protected derive(message: string, at: FnErrorAt): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.defineProperty(copy, 'message', { value: message, writable: true, configurable: true });
    const mutable = copy as { -readonly [K in keyof FnError<C>]: FnError<C>[K] };
    mutable.code = this.code;
    if (at.ref) mutable.ref = at.ref;
    if (at.field) mutable.field = at.field;
    if (at.hint) mutable.hint = at.hint;
    return copy;
  }

  /** The same error pointing elsewhere (`at` overrides ref, field and hint). */
  at(at: FnErrorAt): this {
    return this.derive(this.message, { ...this.place(), ...at });
  }

  private place(): FnErrorAt {
    return { ref: this.ref, field: this.field, hint: this.hint };
  }

  /** Go-style wrapping, outermost first: `<prefix>: <message>`. */
  wrap(prefix: string): this {
    return this.derive(`${prefix}: ${this.message}`, this.place());
  }

  /**
   * The error as one about `ref` (a workload): the message names it (and `part`, which of its pod
   * templates, when it has several), and the field, relative to a part of it (a pod template at
   * `fieldPrefix`), becomes relative to the object.
   */
  about(ref: ResourceRef, fieldPrefix = '', part?: string): this {
    const field = this.field && fieldPrefix ? `${fieldPrefix}.${this.field}` : this.field;
    return this.derive(`${describe(ref)}${part ? ` ${part}` : ''}: ${this.message}`, { ...this.place(), ref, field });
  }
}

/** Bad command-line arguments (any subcommand): the message, then the command's usage text. */
export class UsageError extends FnError<'usage'> {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}
