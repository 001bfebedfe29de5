// jwt-connect exec: a program run with the session in its environment, the token never printed.
import { defineCommand } from '../command.js';
import { KEY_EXCLUSIVE, LOGIN_EXCLUSIVE, SAVED_LOGIN_FLAGS, WAIT_FLAG } from '../flags.js';

export const exec = defineCommand({
  name: 'exec',
  summary: "Run a command with the connection's token in its environment, never printed.",
  usage: ['exec NAME [overrides] -- CMD [ARGS…]'],
  description: `Logs in with the saved connection (reusing its stored token while Salesforce accepts it, as token does) and runs
CMD with SF_ACCESS_TOKEN, SF_INSTANCE_URL and SF_ORG_INSTANCE_URL in its environment, e.g.
jwt-connect exec UAT -- sh -c 'curl -fsS -H "Authorization: Bearer $SF_ACCESS_TOKEN" "$SF_INSTANCE_URL/services/data/"'.
The token is not printed and not put on CMD's command line, where other users of the computer could see it.

CMD's stdin, stdout and stderr are the terminal's own; Ctrl+C and TERM reach it; jwt-connect exits with CMD's exit code
(128+N when a signal N ended it, 127 when CMD is not found). jwt-connect's own secrets variables (the secrets password,
passphrases, keystore passwords) are not passed to CMD.`,
  arguments: [
    {
      name: 'NAME',
      description:
        'The saved connection (or give --connection NAME); left out, the default connection (org login jwt --set-default).',
      optional: true,
    },
    {
      name: 'CMD',
      description: 'After --: the program to run, with its arguments, passed on as typed (no shell).',
      variadic: true,
    },
  ],
  flags: { ...SAVED_LOGIN_FLAGS, ...WAIT_FLAG },
  exclusive: [...KEY_EXCLUSIVE, ...LOGIN_EXCLUSIVE],
  notes: [
    "Once CMD runs, the exit code is CMD's own (128+N for signal N); 127 when CMD is not found, 126 when it cannot be run. Before, a failed login exits as below.",
  ],
  async run({ values, positionals, rest, io }) {
    return (await import('../exec.js')).execCommand(values, positionals, rest, io);
  },
});
