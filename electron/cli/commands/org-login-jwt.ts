// jwt-connect org login jwt: the Salesforce CLI's `sf org login jwt`, with its flags, short forms and
// meanings, so that replacing `sf` by `jwt-connect` in a script works. With --alias the login is also
// saved as a connection (its key imported into the vault, as the window's Save does).
import { defineCommand, defineFlags } from '../command.js';
import { KEY_FLAGS, LOGIN_FLAGS, SOURCE_FLAGS, WAIT_FLAG } from '../flags.js';
import { ENV } from '../../../shared/env-vars.js';

/** sf's flags under sf's names (and sf's older spellings), then ours for what sf cannot do (keystores). */
export const ORG_LOGIN_FLAGS = defineFlags({
  'client-id': {
    type: 'string',
    short: 'i',
    aliases: ['clientid', 'consumer-key'],
    value: 'KEY',
    group: 'Login',
    description: "The OAuth client id: the Connected App's or External Client App's Consumer Key.",
  },
  'jwt-key-file': {
    type: 'string',
    short: 'f',
    aliases: ['jwtkeyfile', 'keyfile', 'private-key'],
    value: 'FILE',
    group: 'Key',
    description:
      'The private key (PEM or DER; an encrypted one opens with --passphrase). A keystore is given with --keystore instead.',
  },
  username: {
    type: 'string',
    short: 'o',
    value: 'USER',
    group: 'Login',
    description: 'The Salesforce username to log in as.',
  },
  'instance-url': {
    type: 'string',
    short: 'r',
    aliases: ['instanceurl'],
    value: 'URL',
    group: 'Login',
    description:
      "Where to log in: https://login.salesforce.com (the default) is production, https://test.salesforce.com a sandbox, any other URL the org's My Domain.",
  },
  'audience-url': {
    type: 'string',
    aliases: ['audience'],
    value: 'URL',
    group: 'Login',
    description: 'An explicit audience for the assertion, used as given (no retry).',
  },
  timeout: LOGIN_FLAGS.timeout,
  alias: {
    type: 'string',
    short: 'a',
    aliases: ['setalias'],
    value: 'NAME',
    group: 'Saving',
    description:
      "Also save the login as the connection NAME (key and passwords in the data folder's vault). Without it nothing is saved.",
  },
  'set-default': {
    type: 'boolean',
    short: 's',
    aliases: ['setdefaultusername'],
    group: 'Saving',
    description:
      'Make the saved login the connection used when a command names none (token, open, test…). Without --alias the login is saved under its username, the name sf gives a default org.',
  },
  force: {
    type: 'boolean',
    group: 'Saving',
    description: 'With --alias: replace the saved connection NAME if there is one (its id and description are kept).',
  },
  'data-dir': SOURCE_FLAGS['data-dir'],
  // In sf, -d makes the login the default Dev Hub. jwt-connect keeps no Dev Hub; the nearest thing it
  // keeps is the default connection, so a script's -d still gets a login that later commands use, and is told so.
  'set-default-dev-hub': {
    type: 'boolean',
    short: 'd',
    aliases: ['setdefaultdevhub', 'setdefaultdevhubusername'],
    group: 'Saving',
    description:
      "sf's default Dev Hub. jwt-connect keeps no Dev Hub: it makes the saved login the default connection, as -s does, and says so.",
  },
  // sf asks nothing when given --no-prompt; jwt-connect never asks for anything sf would, so it is accepted and changes nothing.
  'no-prompt': {
    type: 'boolean',
    short: 'p',
    aliases: ['noprompt'],
    hidden: true,
    description: "Accepted for sf's scripts; changes nothing.",
  },
  passphrase: KEY_FLAGS.passphrase,
  keystore: KEY_FLAGS.keystore,
  'keystore-password': KEY_FLAGS['keystore-password'],
  'certificate-name': KEY_FLAGS['certificate-name'],
  'key-password': KEY_FLAGS['key-password'],
  ...WAIT_FLAG,
});

export const orgLoginJwt = defineCommand({
  name: 'org login jwt',
  summary: 'sf org login jwt, as it is: log in with the JWT bearer flow; with --alias, save the login as a connection.',
  usage: [
    'org login jwt -i KEY -f server.key -o USER [-r URL] [-a NAME [-s] [--force]] [--json]',
    'org login jwt -i KEY --keystore FILE [--certificate-name NAME] -o USER [-r URL] [-a NAME]',
  ],
  description: `Takes sf org login jwt's flags with their meanings, so that replacing sf by jwt-connect in a script works: -i/--client-id,
-f/--jwt-key-file, -o/--username, -r/--instance-url, -a/--alias, -s/--set-default, --json. A Java keystore or PKCS#12
file can be used with --keystore (sf takes only an unencrypted PEM).

With -a NAME the login is also saved as the connection NAME in the data folder, once Salesforce has accepted it: the key
is imported into the folder's vault (the file may then move), so jwt-connect token NAME, test --connection NAME and the
window use it. A NAME already saved is refused unless --force. A folder without a vault gets one protected by the
secrets password in $${ENV.secretsPassword.name}. -s/--set-default also makes NAME the connection used when a command
names none; given without -a, the login is saved under its username (as sf names a default org by its username). sf's
-d/--set-default-dev-hub does the same as -s here, with a note: jwt-connect keeps no Dev Hub. Without -a, -s or -d
nothing is saved.

The access token is never printed (sf hides it too since May 2026): jwt-connect token NAME prints it. --json prints sf's shape: {"status": 0, "result": {username, orgId, instanceUrl, loginUrl,
clientId, …}, "warnings": []}.`,
  arguments: [],
  argumentsHint:
    'Give everything as flags: jwt-connect org login jwt -i KEY -f server.key -o USER. Run jwt-connect org login jwt --help.',
  flags: ORG_LOGIN_FLAGS,
  exclusive: [['jwt-key-file', 'keystore']],
  notes: [
    "sf's -d/--set-default-dev-hub makes the login the default connection, as -s does: jwt-connect keeps no Dev Hub.",
  ],
  async run({ values, io }) {
    return (await import('../org-login.js')).orgLoginCommand(values, io);
  },
});
