/**
 * A database id as written in a URL or a CLI argument: a positive integer without sign, leading
 * zero or exponent. Anything else is no id at all (null), which callers answer as "not found".
 */
export function parseId(text: string): number | null {
  return /^[1-9]\d{0,15}$/.test(text) ? Number(text) : null;
}
