// The one sanitiser for text on its way to a terminal or a clipboard. A saved connection's name,
// an export file's fields and a server's answer are text from outside: an ESC in them is a terminal
// command (a fake row, an erased warning, an OSC 52 clipboard write, ESC[201~ ending a bracketed
// paste early), and a bidi override makes a paste read differently from what it runs. Whatever is
// written for a terminal or a paste passes through here last: such characters come out as visible
// escapes (\x1b, \u{202e}), never raw. Pure: no Node, no DOM.

/**
 * C0 controls, DEL, C1 controls, the line and paragraph separators, and the bidi embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069): what a field must never hold.
 */
export const UNSAFE_CHAR = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const UNSAFE_ALL = new RegExp(UNSAFE_CHAR.source, 'gu');
/** The same, less newline and tab: what multi-line terminal output may keep. */
const UNSAFE_IN_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** How an unsafe character is shown: \x1b for the first 256 code points, \u{202e} above. */
export function visibleEscape(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** One field's value (a name, a username, a URL) for one line or cell: every unsafe character escaped, newlines too. */
export function escapeField(text: string): string {
  return text.replace(UNSAFE_ALL, visibleEscape);
}

/** A whole block of output for a terminal or a paste: lines and tabs kept, every other unsafe character escaped. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE_IN_LINES, visibleEscape);
}

/**
 * JSON for a terminal: JSON.stringify leaves DEL, C1 and the bidi characters raw inside strings;
 * here they become \u escapes, which JSON reads back as the same characters.
 */
export function escapeJson(json: string): string {
  return json.replace(UNSAFE_IN_LINES, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

export function hasUnsafeText(text: string): boolean {
  return UNSAFE_CHAR.test(text);
}

/** A field named inside a message: in quotes, escaped, so it cannot end the line or the quote's meaning. */
export function quoted(text: string): string {
  return `"${escapeField(text)}"`;
}
