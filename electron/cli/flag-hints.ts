// The engine's errors name the field they are about (details.field); the window highlights it, the
// terminal names the flag or environment variable that sets it, from the one table in
// shared/fields.ts: each field the window's words name becomes its flag ("Enter the Certificate Name"
// → "Give --certificate-name"), and a hint that does not name the field gets its flag added.
import { FIELDS, isFieldName, type FieldName, type FieldNames } from '../../shared/fields.js';
import { KEY_ERROR_FIELDS, type ErrorInfo } from '../../shared/errors.js';
import { ENV } from '../../shared/env-vars.js';

/** What the window's sentences say besides field names, and what a terminal says instead. */
const WINDOW_PHRASES: [string, string][] = [
  [' Fill in the highlighted fields.', ''],
  ['Fill in the highlighted fields.', ''],
  ['Press Authorise first.', 'Run jwt-connect authorise first.'],
  ['Browse for the key file', 'Give --private-key FILE or --keystore FILE'],
];

/** How a terminal user sets a field: `--keystore-password (or $JWT_CONNECT_KEYSTORE_PASSWORD)`. */
export function fieldFlag(field: FieldName): string | undefined {
  const f: FieldNames = FIELDS[field];
  if (!f.flag) return f.env ? `$${f.env}` : undefined;
  const flag = f.alsoFlag ? `${f.flag} ${f.value} or ${f.alsoFlag}` : f.flag;
  return f.env ? `${flag} (or $${f.env})` : flag;
}

/** Each window word (a field's label, and the label without its parenthesis) with the field's flag, longest first. */
const WINDOW_WORDS: [string, string][] = (Object.keys(FIELDS) as FieldName[])
  .flatMap((field) => {
    const f: FieldNames = FIELDS[field];
    if (!f.windowWord || !f.flag) return [];
    const short = f.label.replace(/\s*\(.*\)$/, '');
    const words = short === f.label || field === 'audience' ? [f.label] : [f.label, short];
    return words.map((w) => [w, f.flag as string] as [string, string]);
  })
  .sort((a, b) => b[0].length - a[0].length);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WINDOW_WORD = new RegExp(
  `\\b(?:(Enter|Set|Give) )?(?:the )?(${WINDOW_WORDS.map(([w]) => escape(w)).join('|')})`,
  'gi',
);

/** A sentence of the window with each field it names put as the flag that sets it, from the field table. */
export function inTerminalWords(text: string): string {
  let out = text;
  for (const [phrase, instead] of WINDOW_PHRASES) out = out.split(phrase).join(instead);
  return out
    .replace(WINDOW_WORD, (_all, verb: string | undefined, word: string) => {
      const flag = WINDOW_WORDS.find(([w]) => w.toLowerCase() === word.toLowerCase())?.[1] ?? word;
      return verb ? `Give ${flag}` : flag;
    })
    .trim();
}

/** The fields an error is about: named in its details, or implied by a key-file error's code. */
export function errorFields(info: ErrorInfo): FieldName[] {
  const details = info.details ?? {};
  const fields = (details.fields ?? []).map((f) => f.field);
  if (details.field) fields.push(details.field);
  const byCode = KEY_ERROR_FIELDS[info.code];
  if (byCode) fields.push(byCode);
  return [...new Set(fields.filter(isFieldName))];
}

/** Extra words a terminal user needs for some fields. */
function tip(field: FieldName, info: ErrorInfo): string | undefined {
  if (field !== 'certificateName') return undefined;
  const aliases = Array.isArray(info.details?.aliases)
    ? (info.details.aliases as unknown[]).filter((a): a is string => typeof a === 'string')
    : [];
  if (aliases.length && info.message.includes(`"${aliases[0]}"`)) return undefined; // the message lists them
  return aliases.length
    ? `The keystore's keys: ${aliases
        .slice(0, 10)
        .map((a) => `"${a}"`)
        .join(', ')}.`
    : undefined;
}

/** The error as a terminal user should read it: hints name flags and variables, never the window's fields. */
export function forTerminal(info: ErrorInfo, command?: string): ErrorInfo {
  // An export file's passphrase comes from the environment or a prompt, never from --passphrase.
  const exportFile =
    info.code === 'EXPORT_PASSPHRASE_WRONG' ||
    ((command === 'import' || command === 'export' || command === 'from') && info.details?.field === 'passphrase');
  const fields = exportFile ? ['exportPassphrase' as const] : errorFields(info);
  const flags = fields.map(fieldFlag).filter((f): f is string => f !== undefined);
  const { hint: engineHint, ...rest } = info;
  let hint = engineHint === undefined || exportFile ? undefined : inTerminalWords(engineHint) || undefined;
  const named = hint !== undefined && flags.every((f) => hint?.includes(f.split(' ')[0] as string));
  if (exportFile) {
    hint = `${info.code === 'EXPORT_PASSPHRASE_WRONG' ? 'Check' : 'Give'} the passphrase chosen at export: set $${ENV.exportPassphrase.name} (or type it at the prompt on a terminal).`;
  } else if (flags.length && !named) {
    const label = flags.every((f) => f.startsWith('$')) ? 'Set' : flags.length === 1 ? 'Flag' : 'Flags';
    hint = `${hint ? `${hint} ` : ''}${label}: ${flags.join(', ')}.`;
  }
  const tips = fields.map((f) => tip(f, info)).filter((t): t is string => t !== undefined);
  if (tips.length) hint = [hint, ...tips].filter(Boolean).join(' ');
  const out = { ...rest, message: inTerminalWords(info.message), ...(hint !== undefined && { hint }) };
  return command === 'org login jwt' ? inSfSpelling(out) : out;
}

/** Our flags as sf org login jwt spells them, for that command's errors: the user typed sf's line. */
const SF_SPELLING: [RegExp, string][] = [
  [/--my-domain\b(?! URL)|--my-domain URL|--environment\b/g, '-r/--instance-url'],
  [/--audience\b(?!-)/g, '--audience-url'],
  [/--consumer-key\b/g, '-i/--client-id'],
  [/--private-key\b/g, '-f/--jwt-key-file'],
  [/(?<![-/\w])--username\b/g, '-o/--username'],
];

function inSfSpelling(info: ErrorInfo): ErrorInfo {
  const spell = (text: string) => SF_SPELLING.reduce((t, [from, to]) => t.replace(from, to), text);
  return { ...info, message: spell(info.message), ...(info.hint !== undefined && { hint: spell(info.hint) }) };
}
