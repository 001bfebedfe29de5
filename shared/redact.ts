// The one set of rules for taking secrets out of text that leaves the app's control: the diagnostics
// log, the "Copy diagnostics" text, the CLI's one-line report of a bug. An error's message or stack
// can carry what the code was holding (an access token in a URL a library printed, a password in a
// form body, key material a parser quoted), so whatever is logged or copied passes through here.
// Pure: no Node, no DOM, so the window and main apply the same rules.

/** What replaces a secret: visibly a redaction, never the value or its length. */
export const REDACTED = '[redacted]';

/** Names of fields whose values are secrets, however they are written (JSON, form body, key=value). */
const SECRET_NAMES = [
  'access_?token',
  'refresh_?token',
  'id_?token',
  'token',
  'assertion',
  'client_?secret',
  'password',
  'passwd',
  'passphrase',
  'secret',
  'key_?material',
  'key_?store_?password',
  'key_?password',
  'private_?key',
  'sid',
  'authorization',
].join('|');

const RULES: readonly [RegExp, string | ((match: string, ...groups: string[]) => string)][] = [
  // PEM blocks (keys, certificates' neighbours), and a BEGIN whose END was cut off.
  [/-----BEGIN [A-Z0-9 ]{1,40}-----[\s\S]*?(-----END [A-Z0-9 ]{1,40}-----|$)/g, `-----${REDACTED} PEM-----`],
  // Authorization headers and bearer tokens, wherever they appear.
  [/\b(authorization\s*[:=]\s*)("?)[^\r\n"]+/gi, `$1$2${REDACTED}`],
  [/\bBearer\s+[A-Za-z0-9._~+/!=-]+/g, `Bearer ${REDACTED}`],
  // Salesforce access tokens: the 15- or 18-character org id, '!', then the session part.
  [/\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]+/g, `00D…!${REDACTED}`],
  // A signed JWT (an assertion): three base64url parts, the first two JSON.
  [/\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+/g, `${REDACTED} JWT`],
  // "password": "…", password=…, passphrase: … (JSON, form bodies, URLs, logs).
  [new RegExp(`("(?:${SECRET_NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${REDACTED}"`],
  [new RegExp(`\\b((?:${SECRET_NAMES})\\s*=\\s*)[^&\\s"',;]+`, 'gi'), `$1${REDACTED}`],
  // "password: hunter2" as a log line or header writes it (not "token: …", which prose uses too).
  [/\b((?:password|passwd|passphrase|client_?secret|secret)\s*:\s+)[^\s"',;]+/gi, `$1${REDACTED}`],
  // Long base64 runs: key material, keystores and ciphertexts are never worth their bytes in a report.
  [/[A-Za-z0-9+/]{200,}={0,2}/g, `${REDACTED} base64`],
];

/** `text` with every secret the rules recognise replaced by REDACTED. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement as string);
  return out;
}

/** Every string value in `value` (nested objects and arrays too) redacted, for structured logs. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = new RegExp(`^(${SECRET_NAMES})$`, 'i').test(k) ? REDACTED : redactValue(v, depth + 1);
  }
  return out;
}
