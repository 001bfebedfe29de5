// jwt-connect authorise: one login, from flags or a saved connection.
import { defineCommand } from '../command.js';
import { KEY_EXCLUSIVE, LOGIN_EXCLUSIVE, SAVED_LOGIN_FLAGS, WAIT_FLAG } from '../flags.js';

/** Flags that describe a login of its own (without any, a run is over the named or default saved connection). */
const LOGIN_GIVEN = [
  'consumer-key',
  'username',
  'private-key',
  'keystore',
  'environment',
  'my-domain',
  'instance-url',
  'audience',
];

/** A run over saved connections rather than from flags alone: one is named, or no login is given at all (the default connection). */
export const namesSaved = (given: ReadonlySet<string>) =>
  given.has('connection') || given.has('from') || given.has('data-dir') || !LOGIN_GIVEN.some((f) => given.has(f));

export const SAVED_OVERRIDES = `With --connection, the saved connection's fields are used; flags given override them for this run
only (flag > environment variable > saved) and are never saved. A run without overrides records its result on the saved
connection, as the window does.`;

export const authorise = defineCommand({
  name: 'authorise',
  aliases: ['authorize'],
  summary: 'Log in with the JWT bearer flow and print the access token.',
  usage: [
    'authorise <key> <login> [--json]',
    'authorise --connection NAME [flags that override saved fields] [--json]',
  ],
  description: `Logs in with the JWT bearer flow and prints the access token.

${SAVED_OVERRIDES}`,
  arguments: [],
  argumentsHint: 'Saved connections are named with --connection NAME. Run jwt-connect authorise --help.',
  flags: { ...SAVED_LOGIN_FLAGS, ...WAIT_FLAG },
  exclusive: [...KEY_EXCLUSIVE, ...LOGIN_EXCLUSIVE],
  async run({ values, positionals, io, given }) {
    if (namesSaved(given)) return (await import('../saved.js')).runCommand('authorise', values, positionals, io);
    return (await import('../login-flags.js')).runFromFlags('authorise', values, io);
  },
});
