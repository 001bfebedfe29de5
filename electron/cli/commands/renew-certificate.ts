// jwt-connect renew-certificate: a new certificate for a saved connection's own key.
import { defineCommand } from '../command.js';
import { SOURCE_FLAGS } from '../flags.js';

export const renewCertificate = defineCommand({
  name: 'renew-certificate',
  summary: "Issue a new certificate for a saved connection's key (or a CSR for a CA).",
  usage: [
    'renew-certificate NAME [--days 365] [--out FILE] [--keystore-out FILE] [--force] [--json]',
    'renew-certificate NAME --csr [--out FILE]',
  ],
  description: `Issues a new self-signed certificate for the saved connection's own key (same subject, new serial and dates), saves
it with the connection and writes it to FILE (default: its name in this folder). Nothing has to change in Salesforce for
logins to go on: upload the new certificate when convenient. --keystore-out FILE: for a keystore connection, also a
PKCS#12 with the same key and the new certificate (same password). A certificate signed by a CA is not re-issued: --csr
writes a certificate signing request for the same key, to send to that CA.`,
  arguments: [{ name: 'NAME', description: 'The saved connection.' }],
  flags: {
    'data-dir': SOURCE_FLAGS['data-dir'],
    days: {
      type: 'integer',
      value: 'N',
      min: 1,
      max: 3650,
      description: 'How many days the new certificate is valid (default 365).',
    },
    out: { type: 'string', value: 'FILE', description: 'Where to write the certificate (or the CSR).' },
    'keystore-out': {
      type: 'string',
      value: 'FILE',
      description: 'For a keystore connection: also a .p12 with the key and the new certificate.',
    },
    csr: {
      type: 'boolean',
      description: 'Write a certificate signing request instead (for a certificate a CA signed).',
    },
    force: { type: 'boolean', description: 'Replace existing files.' },
  },
  async run({ values, positionals, io }) {
    return (await import('../lifecycle.js')).renewCertificateCommand(values, positionals, io);
  },
});
