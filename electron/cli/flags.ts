// Flags several commands share, declared once: the key, the login, where saved connections come
// from. Names and environment variables of the form's fields come from shared/fields.ts.
import { ENV } from '../../shared/env-vars.js';
import { FIELDS } from '../../shared/fields.js';
import { defineFlags, type FlagValues } from './command.js';
import { usageError } from './output.js';

export const KEY_FLAGS = defineFlags({
  'private-key': {
    type: 'string',
    short: 'f',
    aliases: ['jwt-key-file'],
    value: 'FILE',
    group: 'Key',
    description: 'A PEM or DER private key.',
  },
  passphrase: {
    type: 'string',
    value: 'P',
    env: FIELDS.passphrase.env,
    group: 'Key',
    description: 'The passphrase of an encrypted private key.',
  },
  keystore: {
    type: 'string',
    value: 'FILE',
    group: 'Key',
    description: 'A Java keystore (.jks) or PKCS#12 (.p12, .pfx) holding the key.',
  },
  'keystore-password': {
    type: 'string',
    value: 'P',
    env: FIELDS.keyStorePassword.env,
    group: 'Key',
    description: "The keystore's password.",
  },
  'certificate-name': {
    type: 'string',
    value: 'NAME',
    aliases: ['key-alias'],
    group: 'Key',
    description:
      "The keystore entry to use (its alias; the form's Certificate Name). Needed when the keystore holds several keys.",
  },
  'key-password': {
    type: 'string',
    value: 'P',
    env: FIELDS.keyPassword.env,
    group: 'Key',
    description: "The entry's own password, if it differs from the keystore's.",
  },
  // sf's -a/--alias names the saved login; a keystore alias given that way would be silently wrong.
  alias: {
    type: 'string',
    description: '',
    refuse:
      'The keystore entry is --certificate-name NAME (or --key-alias NAME). --alias saves a login under a name in jwt-connect org login jwt.',
  },
});

export const LOGIN_FLAGS = defineFlags({
  'consumer-key': {
    type: 'string',
    short: 'i',
    aliases: ['client-id'],
    value: 'KEY',
    group: 'Login',
    description: "The Connected App's Consumer Key.",
  },
  username: { type: 'string', value: 'USER', group: 'Login', description: 'The Salesforce username to log in as.' },
  environment: {
    type: 'string',
    value: 'production|sandbox',
    choices: ['production', 'sandbox', 'mydomain'],
    group: 'Login',
    description: 'Where to log in (default production). A My Domain is given with --my-domain.',
  },
  'my-domain': {
    type: 'string',
    value: 'URL',
    group: 'Login',
    description: "The org's My Domain URL: token host and first audience.",
  },
  'instance-url': {
    type: 'string',
    short: 'r',
    value: 'URL',
    group: 'Login',
    description:
      'As in sf (-r): login.salesforce.com is production, test.salesforce.com sandbox, any other URL --my-domain.',
  },
  audience: {
    type: 'string',
    value: 'URL',
    group: 'Login',
    description: 'An explicit audience, used as given (no retry).',
  },
  timeout: {
    type: 'number',
    value: 'SECONDS',
    min: 1,
    max: 600,
    group: 'Login',
    description: 'How long to wait for Salesforce (default 30).',
  },
});

/** Shared by --from (SOURCE_FLAGS) and import: a pipeline demands a signed file once, for every step. */
export const REQUIRE_SIGNED_FLAG = {
  type: 'boolean',
  env: ENV.requireSigned.name,
  group: 'Saved connections',
  description: 'Refuse a --from or import file that is not a signed version-2 export checked with its passphrase.',
} as const;

export const SOURCE_FLAGS = defineFlags({
  'data-dir': {
    type: 'string',
    value: 'DIR',
    group: 'Saved connections',
    description: `A jwt-connect data folder (default: $${ENV.dataDir.name}, else the desktop app's folder: ~/.config/jwt-connect, ~/Library/Application Support/jwt-connect, %APPDATA%\\jwt-connect).`,
  },
  from: {
    type: 'string',
    value: 'FILE',
    group: 'Saved connections',
    description: `An export file made with Export; its secrets open with $${ENV.exportPassphrase.name} (or a prompt on a terminal). Nothing is written.`,
  },
  'require-signed': REQUIRE_SIGNED_FLAG,
  'allow-unsigned': {
    type: 'boolean',
    group: 'Saved connections',
    description:
      'With --from in a run without a terminal (or with CI set): accept a file whose details are not authenticated.',
  },
});

export const CONNECTION_FLAG = defineFlags({
  connection: {
    type: 'string',
    multiple: true,
    value: 'NAME',
    aliases: ['target-org'],
    group: 'Saved connections',
    description: 'A saved connection, by name (case ignored).',
  },
});

/** authorise, test and token: the window's Keep trying, for a terminal (electron/cli/wait.ts). */
export const WAIT_FLAG = defineFlags({
  wait: {
    type: 'string',
    value: 'DURATION',
    group: 'Login',
    description:
      'Keep trying while a new app answers "not installed" or "client identifier invalid": 90s, 10m, at most 30m. Pauses start at 10 s and grow to 30 s; any other answer stops at once.',
  },
});
export type WaitValues = FlagValues<typeof WAIT_FLAG>;

/** What authorise, test, token and open take: a login from flags, or a saved one with flags over it. */
export const SAVED_LOGIN_FLAGS = { ...KEY_FLAGS, ...LOGIN_FLAGS, ...SOURCE_FLAGS, ...CONNECTION_FLAG } as const;

export const KEY_EXCLUSIVE = [['private-key', 'keystore']] as const;
export const LOGIN_EXCLUSIVE = [
  ['instance-url', 'environment'],
  ['instance-url', 'my-domain'],
  ['from', 'data-dir'],
] as const;

export type KeyValues = FlagValues<typeof KEY_FLAGS>;
export type LoginValues = FlagValues<typeof KEY_FLAGS & typeof LOGIN_FLAGS>;
export type SourceValues = FlagValues<typeof SOURCE_FLAGS>;
export type SavedLoginValues = FlagValues<typeof SAVED_LOGIN_FLAGS>;

/** The login the flags describe: --instance-url read the way sf reads it, --environment beside --my-domain refused. */
export function loginTargetFlags(values: LoginValues): {
  environment?: 'production' | 'sandbox' | 'mydomain';
  myDomainUrl?: string;
} {
  const instanceUrl = values['instance-url'];
  if (instanceUrl !== undefined) {
    let host: string;
    try {
      host = new URL(instanceUrl).hostname.toLowerCase();
    } catch {
      host = '';
    }
    // As sf reads it: the two login hosts name an environment; any other address is the org's own.
    if (host === 'login.salesforce.com') return { environment: 'production' };
    if (host === 'test.salesforce.com') return { environment: 'sandbox' };
    return { environment: 'mydomain', myDomainUrl: instanceUrl };
  }
  const myDomain = values['my-domain'];
  const environment = values.environment as 'production' | 'sandbox' | 'mydomain' | undefined;
  if (myDomain && environment && environment !== 'mydomain')
    throw usageError(`Give either ${FIELDS.environment.flag} or ${FIELDS.myDomainUrl.flag}, not both.`);
  if (myDomain) return { environment: 'mydomain', myDomainUrl: myDomain };
  return environment ? { environment } : {};
}
