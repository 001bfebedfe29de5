// jwt-connect secrets-password change: a new secrets password, every saved secret sealed again.
import { ENV } from '../../../shared/env-vars.js';
import { defineCommand } from '../command.js';
import { SOURCE_FLAGS } from '../flags.js';

export const secretsPasswordChange = defineCommand({
  name: 'secrets-password change',
  summary: "Change a data folder's secrets password (every saved secret is sealed again).",
  usage: ['secrets-password change [--data-dir DIR]'],
  description: `Changes the secrets password: the current one from $${ENV.secretsPassword.name}, the new one from
$${ENV.newSecretsPassword.name}; on a terminal, each is asked without echo when its variable is not set. A wrong current
password changes nothing; an interrupted change is finished the next time the folder is unlocked.`,
  arguments: [],
  flags: { 'data-dir': SOURCE_FLAGS['data-dir'] },
  async run({ values, io }) {
    return (await import('../secrets-password.js')).changeCommand(values, io);
  },
});
