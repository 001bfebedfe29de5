// The fields a user fills in, named once: the window's label, the CLI flag that sets the same value
// and the environment variable that may carry it instead (secrets stay out of process lists). An
// error about a field carries `details.field` with one of these names; the window highlights the
// field, the terminal words its hint from this table. No Node or DOM imports here.
import { ENV } from './env-vars.js';

export interface FieldNames {
  /** What the window's form calls it. */
  label: string;
  /** The CLI flag that sets it (without a value placeholder), if a flag may carry it. */
  flag?: string;
  /** How the flag's value is written in help, e.g. FILE. */
  value?: string;
  /** The environment variable the CLI reads when the flag is not given. */
  env?: string;
  /** Other flags that set it too, said in the same breath (the key file has two). */
  alsoFlag?: string;
  /**
   * The label is the window's own word (not Salesforce's, which a terminal user knows too): a
   * sentence that uses it is the window's, and the terminal words its own from the flag.
   */
  windowWord?: boolean;
}

export const FIELDS = {
  consumerKey: { label: 'Consumer Key', flag: '--consumer-key', value: 'KEY' },
  username: { label: 'Username', flag: '--username', value: 'USER' },
  environment: {
    label: 'Environment',
    flag: '--environment',
    value: 'production|sandbox',
    alsoFlag: '--my-domain URL',
  },
  myDomainUrl: { label: 'My Domain URL', flag: '--my-domain', value: 'URL', windowWord: true },
  audience: { label: 'Audience (Advanced)', flag: '--audience', value: 'URL', windowWord: true },
  encryption: { label: 'Encryption', flag: '--private-key', value: 'FILE', alsoFlag: '--keystore FILE' },
  keyFile: { label: 'key file', flag: '--private-key', value: 'FILE', alsoFlag: '--keystore FILE' },
  keyStorePassword: {
    label: 'Key Store Password',
    flag: '--keystore-password',
    value: 'P',
    env: ENV.keystorePassword.name,
    windowWord: true,
  },
  keyPassword: {
    label: 'Key Password',
    flag: '--key-password',
    value: 'P',
    env: ENV.keyPassword.name,
    windowWord: true,
  },
  passphrase: { label: 'Passphrase', flag: '--passphrase', value: 'P', env: ENV.passphrase.name },
  certificateName: { label: 'Certificate Name (alias)', flag: '--certificate-name', value: 'NAME', windowWord: true },
  timeoutSeconds: { label: 'Timeout', flag: '--timeout', value: 'SECONDS' },
  name: { label: 'Name', flag: '--alias', value: 'NAME' },
  description: { label: 'Description' },
  commonName: { label: 'Common Name (CN)', flag: '--common-name', value: 'CN' },
  days: { label: 'Validity (days)', flag: '--days', value: 'N' },
  bits: { label: 'Key size', flag: '--bits', value: 'BITS' },
  pkcs12Password: {
    label: 'Keystore password',
    flag: '--keystore-password',
    value: 'P',
    env: ENV.keystorePassword.name,
  },
  // Never a flag: a password on the command line shows in process lists.
  password: { label: 'Secrets password', env: ENV.secretsPassword.name },
  currentPassword: { label: 'Current secrets password', env: ENV.secretsPassword.name },
  exportPassphrase: { label: 'Export passphrase', env: ENV.exportPassphrase.name },
  path: { label: 'Path', flag: '--path', value: '/PATH' },
  // How long --wait keeps trying a new app (the window's Keep trying has no field).
  wait: { label: 'Wait', flag: '--wait', value: 'DURATION' },
  // The External Client App's setup files.
  appName: { label: 'App Name', flag: '--app-name', value: 'NAME' },
  apiName: { label: 'API Name', flag: '--api-name', value: 'NAME' },
  permissionSet: { label: 'Permission Set', flag: '--permission-set', value: 'NAME' },
  contactEmail: { label: 'Contact Email', flag: '--contact-email', value: 'EMAIL' },
  apiVersion: { label: 'API version', flag: '--api-version', value: 'N.0' },
  adminOrg: { label: 'Admin org', flag: '--admin-org', value: 'ALIAS' },
  sandboxName: { label: 'Sandbox name', flag: '--sandbox', value: 'NAME' },
  out: { label: 'Folder', flag: '--out', value: 'DIR' },
  certificate: { label: 'Certificate', flag: '--certificate', value: 'FILE' },
  // Not fields of a form, but what a Salesforce answer points at.
  clock: { label: "this computer's clock" },
  network: { label: "this computer's network address" },
} as const satisfies Record<string, FieldNames>;

export type FieldName = keyof typeof FIELDS;

export const isFieldName = (value: unknown): value is FieldName =>
  typeof value === 'string' && Object.hasOwn(FIELDS, value);

/**
 * The login fields: a change to any of them makes a stored token and the last results belong to
 * other settings (the key secrets are compared beside them).
 */
export const LOGIN_FIELDS = [
  'consumerKey',
  'username',
  'environment',
  'myDomainUrl',
  'audience',
  'encryption',
  'certificateName',
] as const satisfies readonly FieldName[];
