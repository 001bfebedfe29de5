// jwt-connect rotate-key: a new key for a saved connection, the old one kept as fallback until proven.
import { defineCommand } from '../command.js';
import { SOURCE_FLAGS } from '../flags.js';

export const rotateKey = defineCommand({
  name: 'rotate-key',
  summary: 'Make a new key and certificate, keeping the current key as fallback until the new one works.',
  usage: [
    'rotate-key NAME [--bits 2048|3072|4096] [--days N] [--out-dir DIR] [--app-name NAME] [--force] [--json]',
    'rotate-key NAME --finish [--force]',
  ],
  description: `Makes a new key and certificate for the saved connection and keeps the current key as its fallback. Writes the new
certificate (and for a keystore connection the new .p12) to DIR, with the External Client App setup files for the new
certificate in DIR/salesforce-setup. Until a login with the new key works, every login tries it first and, when
Salesforce answers invalid assertion or invalid client credentials, once more with the previous key. --finish removes
the previous key once the new one has logged in (--force: before that too).`,
  arguments: [{ name: 'NAME', description: 'The saved connection.' }],
  flags: {
    'data-dir': SOURCE_FLAGS['data-dir'],
    bits: {
      type: 'integer',
      value: 'BITS',
      choices: ['2048', '3072', '4096'],
      description: "The new RSA key's size (default: the current key's).",
    },
    days: {
      type: 'integer',
      value: 'N',
      min: 1,
      max: 3650,
      description: 'How many days the new certificate is valid.',
    },
    'out-dir': {
      type: 'string',
      value: 'DIR',
      description: 'Where to write the new certificate and setup files (default: this folder).',
    },
    'app-name': { type: 'string', value: 'NAME', description: "The app's label in the setup files." },
    finish: { type: 'boolean', description: 'Remove the previous key (after the new one has logged in).' },
    force: {
      type: 'boolean',
      description: 'Replace existing files; with --finish, remove the previous key before the new one is proven.',
    },
  },
  async run({ values, positionals, io }) {
    return (await import('../lifecycle.js')).rotateKeyCommand(values, positionals, io);
  },
});
