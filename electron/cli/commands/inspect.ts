// jwt-connect inspect: what is in a key file, without logging in.
import { defineCommand } from '../command.js';
import { KEY_EXCLUSIVE, KEY_FLAGS } from '../flags.js';

export const inspect = defineCommand({
  name: 'inspect',
  summary: 'Show what is in a key file: format, entries, certificates.',
  usage: [
    'inspect FILE [--keystore-password P | --passphrase P] [--json]',
    'inspect --private-key FILE | --keystore FILE',
  ],
  description: `Shows the key file's format, its entries and their certificates, without logging in. The file's kind (PEM or DER
key, Java keystore, PKCS#12) is read from its content, so it can be named as an argument; --private-key FILE and
--keystore FILE work too.`,
  arguments: [
    {
      name: 'FILE',
      description: 'The key file or keystore (or give --private-key FILE / --keystore FILE).',
      optional: true,
    },
  ],
  argumentsHint: 'Name one key file: jwt-connect inspect FILE.',
  flags: KEY_FLAGS,
  exclusive: KEY_EXCLUSIVE,
  async run({ values, positionals, io }) {
    return (await import('../login-flags.js')).inspectCommand(values, positionals, io);
  },
});
