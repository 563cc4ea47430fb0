// The errors of reading a cluster for an export (`export-context` of either function).
import { FnError } from '../errors';

/** `export-context`: bad arguments, or the cluster cannot be read. */
export type ExportCode =
  | 'argument-invalid'
  | 'kubeconfig'
  | 'client-missing'
  | 'unauthorized'
  | 'forbidden'
  | 'crd-missing'
  | 'unreachable'
  | 'api-error'
  // A namespace, Dataset or control-plane namespace the user named has nothing to export.
  | 'nothing-found';

/** A message that is the complete, one-line explanation shown to the user. */
export class ExportError extends FnError<ExportCode> {
  constructor(code: ExportCode, message: string) {
    super(code, message);
    this.name = 'ExportError';
  }
}

/** The first line of an error's message (or of a string, or of anything else as a string), trimmed: what an export prints of a failure. */
export function firstLine(err: unknown): string {
  const message = typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string' ? (err as { message: string }).message : String(err);
  return message.split('\n', 1)[0].trim();
}
