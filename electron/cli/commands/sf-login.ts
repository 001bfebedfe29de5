// jwt-connect sf-login: the session handed to the Salesforce CLI (sf org login access-token).
import { defineCommand } from '../command.js';
import { KEY_EXCLUSIVE, LOGIN_EXCLUSIVE, SAVED_LOGIN_FLAGS, WAIT_FLAG } from '../flags.js';

export const sfLogin = defineCommand({
  name: 'sf-login',
  summary: "Hand the connection's session to the Salesforce CLI (sf), the token never printed.",
  usage: ['sf-login NAME [--alias A] [--set-default]'],
  description: `Logs in with the saved connection (reusing its stored token while Salesforce accepts it, as token does) and runs
sf org login access-token --instance-url URL --no-prompt [--alias A] [--set-default] with the token in sf's environment
(SF_ACCESS_TOKEN), never on its command line; sf commands then run against that org, e.g. sf org display --target-org A.

sf's own output and exit code are passed on. sf keeps the token until it expires; it cannot renew it (a JWT login has no
refresh token): run sf-login again when sf says the session expired.`,
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
    // Here --alias is sf's: the name sf saves the login under (the keystore entry is --certificate-name).
    alias: {
      type: 'string',
      short: 'a',
      value: 'A',
      group: 'sf',
      description: "The alias sf saves the login under (sf's --alias): letters, digits and _ . @ + -.",
    },
    'set-default': {
      type: 'boolean',
      short: 's',
      group: 'sf',
      description: "Make it sf's default org (sf's --set-default; jwt-connect's own default connection is unchanged).",
    },
  },
  exclusive: [...KEY_EXCLUSIVE, ...LOGIN_EXCLUSIVE],
  notes: [
    "Once sf runs, the exit code is sf's own; 127 when sf is not installed. Before, a failed login exits as below.",
  ],
  async run({ values, positionals, io }) {
    return (await import('../sf-login.js')).sfLoginCommand(values, positionals, io);
  },
});
