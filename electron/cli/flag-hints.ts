// The engine's messages speak the window's language ("Enter the Certificate Name (alias)"), which is
// right for the window and wrong in a terminal. This one table turns the window's field names into
// the flags that set them, so engine messages stay UI-neutral and the CLI still names what to type.
import { KEY_ERROR_FIELDS, type ErrorCode, type ErrorInfo } from '../../shared/errors.js';

/** details.field (a form field) → the flag that sets it. */
export const FIELD_FLAGS: Record<string, string> = {
  consumerKey: '--consumer-key',
  username: '--username',
  environment: '--environment (or --my-domain URL)',
  myDomainUrl: '--my-domain',
  audience: '--audience',
  keyFile: '--private-key FILE or --keystore FILE',
  keyStorePassword: '--keystore-password',
  keyPassword: '--key-password',
  passphrase: '--passphrase',
  certificateName: '--alias',
  timeoutSeconds: '--timeout',
  commonName: '--common-name',
  days: '--days',
  bits: '--bits',
  pkcs12Password: '--keystore-password',
  // setup-files
  appName: '--app-name',
  apiName: '--api-name',
  permissionSet: '--permission-set',
  contactEmail: '--contact-email',
  apiVersion: '--api-version',
  adminOrg: '--admin-org',
  out: '--out',
  certificate: '--certificate',
  // the secrets password that protects a data folder (never a flag: it would show in process lists)
  password: '$JWT_CONNECT_SECRETS_PASSWORD',
  // environment.ts names URL fields by their labels
  'My Domain URL': '--my-domain',
  Audience: '--audience',
};

/** Key-file errors name no field; the code says which flag is meant. */
const CODE_FIELDS: Partial<Record<ErrorCode, string>> = KEY_ERROR_FIELDS;

/** Export files: their passphrase comes from the environment or a prompt, not from --passphrase. */
const EXPORT_PASSPHRASE = '$JWT_CONNECT_EXPORT_PASSPHRASE (or type it at the prompt on a terminal)';

/** The window's words → the flags' (longest phrases first; applied to hints and messages). */
const WORDING: [RegExp, string][] = [
  [/Enter one of the listed aliases as the Certificate Name/g, 'Give one of the listed aliases with --alias'],
  [/(?:Enter|Set) (?:the )?Certificate Name \(alias\)/g, 'Give --alias'],
  [/the Certificate Name \(alias\)|Certificate Name \(alias\)|the Certificate Name|Certificate Name/g, '--alias'],
  [/Set it as the Audience \(Advanced\)/g, 'Give it with --audience'],
  [/the Audience \(Advanced\)|Audience \(Advanced\)/g, '--audience'],
  [/Enter the Key Store Password|Enter the key store password/g, 'Give --keystore-password (or $JWT_CONNECT_KEYSTORE_PASSWORD)'],
  [/the Key Store Password|Key Store Password/g, '--keystore-password'],
  [/Enter the Key Password/g, 'Give --key-password (or $JWT_CONNECT_KEY_PASSWORD)'],
  [/the Key Password|Key Password/g, '--key-password'],
  [/Enter the passphrase that was set/g, 'Give --passphrase (or $JWT_CONNECT_PASSPHRASE): the one set'],
  [/set Environment to My Domain and enter the My Domain URL|Set Environment to My Domain and enter the My Domain URL/g, 'give --my-domain with the org\'s My Domain URL'],
  [/Enter the My Domain URL/g, 'Give --my-domain'],
  [/the My Domain URL(?= points| is| \(|,|\.| and)/g, '--my-domain'],
  [/Check the Environment/g, 'Check --environment'],
  [/Check the Consumer Key/g, 'Check --consumer-key'],
  [/Copy the Consumer Key from/g, 'Give --consumer-key, copied from'],
  [/Browse for the key file, or create a key and certificate\./g, 'Give --private-key FILE or --keystore FILE (jwt-connect create-certificate makes one).'],
  [/Pick the Key Store file\./g, 'Give --keystore FILE.'],
  [/Pick the Private Key file\./g, 'Give --private-key FILE.'],
  [/Press Authorise first\./g, 'Run jwt-connect authorise --connection NAME first.'],
  [/^My Domain URL\b/, '--my-domain'],
  [/^Audience\b/, '--audience'],
  [/\s*Fill in the highlighted fields\./g, ''],
];

/** The window's field names in `text` replaced by the flags that set them. */
export function reword(text: string): string {
  let out = text;
  for (const [pattern, replacement] of WORDING) out = out.replace(pattern, replacement);
  return out;
}

function flagsFor(info: ErrorInfo): string[] {
  const fields: string[] = [];
  const details = info.details ?? {};
  const list = Array.isArray(details.fields) ? details.fields : [];
  for (const f of list) if (f && typeof f === 'object' && typeof (f as { field?: unknown }).field === 'string') fields.push((f as { field: string }).field);
  if (typeof details.field === 'string') fields.push(details.field);
  const byCode = CODE_FIELDS[info.code];
  if (byCode) fields.push(byCode);
  return [...new Set(fields.map((f) => FIELD_FLAGS[f]).filter((f): f is string => f !== undefined))];
}

/** The error as a terminal user should read it: hints name flags, never the window's fields. */
export function forTerminal(info: ErrorInfo, command?: string): ErrorInfo {
  const exportFile = info.code === 'EXPORT_PASSPHRASE_WRONG' || ((command === 'import' || command === 'export' || command === 'from') && info.details?.field === 'passphrase');
  const flags = exportFile ? [EXPORT_PASSPHRASE] : flagsFor(info);
  let hint = info.hint === undefined ? undefined : reword(info.hint);
  if (hint === '') hint = undefined;
  if (exportFile && hint) hint = hint.replace(/Enter the passphrase/g, 'Give the passphrase').replace(/, or import (the definitions )?without secrets/g, '');
  const named = hint !== undefined && flags.every((f) => hint?.includes(f.split(' ')[0] as string));
  // An environment variable is not a flag: say "Set" for those.
  const label = flags.every((f) => f.startsWith('$')) ? 'Set' : flags.length === 1 ? 'Flag' : 'Flags';
  if (flags.length && !named) hint = `${hint ? `${hint} ` : ''}${label}: ${flags.join(', ')}.`;
  const { hint: _windowHint, ...rest } = info;
  return { ...rest, message: reword(info.message), ...(hint !== undefined && { hint }) };
}
