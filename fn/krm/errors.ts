// The one error model of every function in this package: a code, a message, and where it points.
// Domains throw or return FnError; the chassis turns it into a KRM result once, at the edge.
import type { ResourceRef } from '../types';

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
}
