// jwt-connect import: an export file's connections into a data folder.
import { defineCommand } from '../command.js';
import { REQUIRE_SIGNED_FLAG, SOURCE_FLAGS } from '../flags.js';
import { ENV } from '../../../shared/env-vars.js';

export const importCommand = defineCommand({
  name: 'import',
  summary: 'Add the connections of an export file to the data folder.',
  usage: ['import FILE [--data-dir DIR] [--require-signed]'],
  description: `Adds the connections in an export file to the data folder (a name already taken gets " (imported)"). Secrets are
opened with $${ENV.exportPassphrase.name} or a passphrase asked for on a terminal.`,
  arguments: [{ name: 'FILE', description: 'The export file.' }],
  flags: { 'data-dir': SOURCE_FLAGS['data-dir'], 'require-signed': REQUIRE_SIGNED_FLAG },
  async run({ values, positionals, io }) {
    return (await import('../transfer.js')).importCommand(values, positionals, io);
  },
});
