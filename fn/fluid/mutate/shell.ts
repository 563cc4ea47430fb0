// Values from the cluster state end up inside `bash -c` strings. The webhook pastes them verbatim;
// we do the same for ordinary values and single-quote anything else, so a hostile mount path or fs
// type can never run a command.

const SAFE = /^[A-Za-z0-9_.,:/=+@%^-]*$/;

/** `s` itself when it is a plain shell word (or empty), else `s` single-quoted. */
export function shellWord(s: string): string {
  if (SAFE.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
