// jwt-connect token: only the access token, for scripts.
import { defineCommand } from '../command.js';
import { KEY_EXCLUSIVE, LOGIN_EXCLUSIVE, SAVED_LOGIN_FLAGS, WAIT_FLAG } from '../flags.js';

export const token = defineCommand({
  name: 'token',
  summary: "Print a saved connection's access token (reused while Salesforce accepts it).",
  usage: ['token NAME [--env | --json] [overrides]'],
  description: `Prints only the access token, so that  curl -H "Authorization: Bearer $(jwt-connect token UAT)" …  works. A stored
token is reused while Salesforce still accepts it (one GET of the identity URL); otherwise a new one is issued and stored.

--env prints export lines for SF_ACCESS_TOKEN, SF_INSTANCE_URL and SF_ORG_INSTANCE_URL (shell-quoted) for
eval "$(jwt-connect token UAT --env)": the programs the shell starts next see them too. To hand the token to one program
without printing it at all, use jwt-connect exec UAT -- CMD.`,
  arguments: [
    {
      name: 'NAME',
      description:
        'The saved connection (or give --connection NAME); left out, the default connection (org login jwt --set-default).',
      optional: true,
    },
  ],
  flags: {
    ...SAVED_LOGIN_FLAGS,
    ...WAIT_FLAG,
    env: {
      type: 'boolean',
      group: 'Output',
      description: "Print export lines for a POSIX shell's eval instead of the bare token.",
    },
  },
  exclusive: [...KEY_EXCLUSIVE, ...LOGIN_EXCLUSIVE, ['env', 'json']],
  async run({ values, positionals, io }) {
    return (await import('../session.js')).tokenCommand(values, positionals, io);
  },
});
