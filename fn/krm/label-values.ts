// Label values that look like "yes" to a person but not to a label selector, which matches the
// string "true" exactly: both injectors warn about them (Fluid's pod opt-in, JuiceFS's namespace
// opt-in), in the same words.

/** What people write for "yes" that is not the string "true": `yes`, `on`, `1`, an unquoted true, ... */
export function almostTrue(v: unknown): boolean {
  if (v === true || v === 1) return true;
  return typeof v === 'string' && v !== 'true' && /^(true|yes|y|on|1|t|enabled?)$/i.test(v.trim());
}

/** A label value as a message shows it; a value that is not a string says why that matters. */
export function shownValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  return `the ${typeof v} ${String(v)} (unquoted in YAML; the API server refuses a label value that is not a string)`;
}
