// The writer's one failure: some piece of the output cannot be written so that it reads back as
// intended. The function then writes nothing changed (an error result naming the item, exit 1).
import { FnError } from '../errors';
import { describe, isObject, refOf } from '../../types';
import type { JsonValue } from '../../types';

export type WriteErrorCode = 'inexact-write';

/** Thrown inside the writer; `index` is the item's index in the output (-1: not an item). */
export class WriteFailure extends Error {
  constructor(
    readonly index: number,
    readonly what: string,
  ) {
    super(`cannot write ${what}`);
  }
}

/** `Kind ns/name (items[i])` for an item, or `items[i]`. */
export function describeItem(value: JsonValue | undefined, index: number): string {
  const at = `items[${index}]`;
  if (!isObject(value)) return at;
  const ref = refOf(value);
  return ref.kind && ref.name ? `${describe(ref)} (${at})` : at;
}

/** The error to report: names the item (resourceRef) when it is one. */
export function writeError(failure: WriteFailure, item: JsonValue | undefined): FnError<WriteErrorCode> {
  const ref = isObject(item) ? refOf(item) : undefined;
  return new FnError(
    'inexact-write',
    `cannot write ${failure.what} so that it reads back exactly as intended; nothing was changed`,
    {
      ...(ref && ref.kind && ref.name ? { ref } : {}),
      hint: 'this is a bug of the function: please report it with the input (DEBUG=writer shows what was tried)',
    },
  );
}
