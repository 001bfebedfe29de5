// POSIX shell quoting for the command lines jwt-connect writes for people to paste (Copy as…, the
// setup files' README). No Node or DOM imports here.

/** Bare when only safe characters, else single quotes ('!' in a value would trigger history
 * expansion inside double quotes in an interactive bash). */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
