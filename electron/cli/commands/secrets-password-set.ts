// jwt-connect secrets-password set: protect a data folder's saved secrets with a password.
import { ENV } from '../../../shared/env-vars.js';
import { defineCommand } from '../command.js';
import { SOURCE_FLAGS } from '../flags.js';

export const secretsPasswordSet = defineCommand({
  name: 'secrets-password set',
  summary: "Protect a data folder's saved secrets with a secrets password (a fresh folder included).",
  usage: ['secrets-password set [--data-dir DIR]'],
  description: `Sets the secrets password of a data folder (created, mode 700, when missing): every saved secret there is sealed
again with a key derived from it, as the window's "Protect with a secrets password" does. jwt-connect never stores the
password: give it in $${ENV.secretsPassword.name} (or type it when asked) whenever saved secrets are used.

The password comes from $${ENV.secretsPassword.name}, else it is asked twice without echo on a terminal. A folder whose
secrets the desktop app's OS keychain sealed is refused: set the password in the window, which can open them.`,
  arguments: [],
  flags: { 'data-dir': SOURCE_FLAGS['data-dir'] },
  async run({ values, io }) {
    return (await import('../secrets-password.js')).setCommand(values, io);
  },
});
