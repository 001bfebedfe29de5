// jwt-connect secrets-password status: whether a password is set, the vault, what is sealed.
import { defineCommand } from '../command.js';
import { SOURCE_FLAGS } from '../flags.js';

export const secretsPasswordStatus = defineCommand({
  name: 'secrets-password status',
  summary: 'Say whether a secrets password is set, which vault seals the secrets, and how many are sealed.',
  usage: ['secrets-password status [--data-dir DIR] [--json]'],
  description: `Prints whether the data folder has a secrets password, which vault its secrets are sealed with (the secrets
password, the development key file, or the desktop app's OS keychain) and how many secrets are sealed, and by which.
Reads only: nothing is written, and no password is needed. Exits 0.`,
  arguments: [],
  flags: { 'data-dir': SOURCE_FLAGS['data-dir'] },
  async run({ values, io }) {
    return (await import('../secrets-password.js')).statusCommand(values, io);
  },
});
