// jwt-connect inspect: what is in a key file, without logging in.
import { defineCommand } from '../command.js';
import { KEY_EXCLUSIVE, KEY_FLAGS } from '../flags.js';

export const inspect = defineCommand({
  name: 'inspect',
  summary: 'Show what is in a key file: format, entries, certificates.',
  usage: ['inspect <key> [--json]'],
  description: 'Shows the key file\'s format, its entries and their certificates, without logging in.',
  arguments: [],
  argumentsHint: 'Give the key with --private-key FILE or --keystore FILE.',
  flags: KEY_FLAGS,
  exclusive: KEY_EXCLUSIVE,
  async run({ values, io }) {
    return (await import('../login-flags.js')).runFromFlags('inspect', values, io);
  },
});
