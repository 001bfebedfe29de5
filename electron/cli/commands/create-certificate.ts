// jwt-connect create-certificate: a new RSA key and self-signed certificate as files.
import { FIELDS } from '../../../shared/fields.js';
import { defineCommand, type FlagValues } from '../command.js';
import { KEY_FLAGS } from '../flags.js';

const flags = {
  'common-name': { type: 'string', value: 'CN', description: "The certificate's Common Name (required)." },
  organization: { type: 'string', value: 'O', description: "The certificate's Organization." },
  days: {
    type: 'integer',
    value: 'N',
    min: 1,
    max: 3650,
    default: 365,
    description: 'How many days the certificate is valid.',
  },
  bits: {
    type: 'integer',
    value: 'BITS',
    choices: ['2048', '3072', '4096'],
    default: 2048,
    description: 'The RSA key size.',
  },
  'out-dir': { type: 'string', value: 'DIR', description: 'Where to write the files (default: the current folder).' },
  name: { type: 'string', value: 'BASENAME', description: "The files' name without extension (default: from the CN)." },
  passphrase: {
    type: 'string',
    value: 'P',
    env: FIELDS.passphrase.env,
    description: 'Encrypt the private key with this passphrase.',
  },
  pkcs12: { type: 'boolean', description: 'Also write BASENAME.p12 (needs --keystore-password).' },
  'keystore-password': {
    type: 'string',
    value: 'P',
    env: FIELDS.pkcs12Password.env,
    description: "The .p12's password (at least 6 characters).",
  },
  'certificate-name': {
    type: 'string',
    value: 'NAME',
    aliases: ['key-alias'],
    description: "The key's alias in the .p12.",
  },
  alias: KEY_FLAGS.alias,
  force: {
    type: 'boolean',
    description: 'Replace existing files (never through a symbolic link; key and .p12 made mode 0600).',
  },
} as const;

export type CreateCertificateValues = FlagValues<typeof flags>;

export const createCertificate = defineCommand({
  name: 'create-certificate',
  summary: 'Make a new key and certificate for a Connected App.',
  usage: [
    'create-certificate --common-name CN [flags]',
    'create-certificate --common-name CN [--organization O] [--days 365] [--bits 2048|3072|4096] [--out-dir DIR] [--name BASENAME] [--passphrase P] [--pkcs12 --keystore-password P [--certificate-name NAME]] [--force] [--json]',
  ],
  description: `Writes BASENAME.key (PKCS#8, encrypted with --passphrase if given), BASENAME.crt (upload it to the Connected App)
and, with --pkcs12, BASENAME.p12. Existing files are kept unless --force is given; with --force they are replaced (never
written through a symbolic link) and the key and .p12 are made readable by you only (mode 0600).`,
  arguments: [],
  flags,
  async run({ values, io }) {
    return (await import('../create-certificate.js')).createCertificateCommand(values, io);
  },
});
