// jwt-connect export: saved connections to a file, with their secrets if asked.
import { defineCommand } from '../command.js';
import { CONNECTION_FLAG, SOURCE_FLAGS } from '../flags.js';
import { ENV } from '../../../shared/env-vars.js';

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Write saved connections to an export file.',
  usage: ['export FILE [--with-secrets] [--connection NAME]... [--force] [--data-dir DIR]'],
  description: `Writes the saved connections (or the named ones) to FILE. --with-secrets adds their passwords and keys, encrypted
with a passphrase from $${ENV.exportPassphrase.name} or asked for on a terminal (it does not echo). Access tokens are
never exported.`,
  arguments: [{ name: 'FILE', description: 'The file to write.' }],
  flags: {
    'data-dir': SOURCE_FLAGS['data-dir'],
    ...CONNECTION_FLAG,
    'with-secrets': {
      type: 'boolean',
      description: 'Include passwords and keys, encrypted with the export passphrase.',
    },
    force: { type: 'boolean', description: 'Replace FILE if it exists.' },
  },
  async run({ values, positionals, io }) {
    return (await import('../transfer.js')).exportCommand(values, positionals, io);
  },
});
