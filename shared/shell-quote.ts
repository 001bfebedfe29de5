// POSIX shell quoting for the command lines jwt-connect writes for people to paste (Copy as…, the
// setup files' README). No Node or DOM imports here.
import { escapeField } from './safe-text.js';

/** Bare when only safe characters, else single quotes ('!' in a value would trigger history
 * expansion inside double quotes in an interactive bash). */
export function shellQuote(raw: string): string {
  // One value is one line: a control or bidi character in it (a hostile import, a rewritten token
  // answer) is pasted as a visible escape, never as a keystroke for the shell or the terminal.
  const value = escapeField(raw);
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
