// jwt-connect test: log in and read the user, the org and its limits; or every saved connection.
import { defineCommand } from '../command.js';
import { KEY_EXCLUSIVE, LOGIN_EXCLUSIVE, SAVED_LOGIN_FLAGS, WAIT_FLAG } from '../flags.js';
import { SAVED_OVERRIDES, namesSaved } from './authorise.js';

export const test = defineCommand({
  name: 'test',
  summary: 'Log in and read the user, the organization and the API limits.',
  usage: [
    'test <key> <login> [--json]',
    'test --connection NAME [overrides] [--json]',
    'test --all [--filter TEXT] [--concurrency 4] [--fail-on-expiring DAYS] [--json]',
  ],
  description: `Logs in (or reuses the saved token), then reads the user, the organization and the API limits.

${SAVED_OVERRIDES}

--all tests every saved connection (or those whose name, description or username contains --filter), --concurrency at a
time; on a terminal a line appears as each one finishes, then a summary table that names the certificates that have
expired or end within 30 days (or DAYS). Exit code of --all: 0 when all passed; else 4 if any was refused by Salesforce,
else 3 if any failed on the network, else 2 (bad input, e.g. secrets that cannot be opened here), else 1. With
--fail-on-expiring DAYS, a run where all passed exits 5 when any certificate has expired or has DAYS days left or fewer
(the morning check in CI).`,
  arguments: [],
  argumentsHint: 'Saved connections are named with --connection NAME. Run jwt-connect test --help.',
  flags: {
    ...SAVED_LOGIN_FLAGS,
    ...WAIT_FLAG,
    all: {
      type: 'boolean',
      group: 'Saved connections',
      description: 'Test every saved connection (or those --filter matches).',
    },
    filter: {
      type: 'string',
      value: 'TEXT',
      group: 'Saved connections',
      description: 'With --all: only connections whose name, description or username contains TEXT.',
    },
    concurrency: {
      type: 'integer',
      value: 'N',
      min: 1,
      max: 16,
      default: 4,
      group: 'Saved connections',
      description: 'With --all: how many run at once.',
    },
    'fail-on-expiring': {
      type: 'integer',
      value: 'DAYS',
      min: 0,
      max: 3650,
      group: 'Saved connections',
      description: 'With --all: exit 5 when all passed but a certificate has expired or has DAYS days left or fewer.',
    },
  },
  exclusive: [...KEY_EXCLUSIVE, ...LOGIN_EXCLUSIVE, ['all', 'connection'], ['all', 'wait']],
  async run({ values, positionals, io, given }) {
    if (values.all) return (await import('../test-all.js')).testAllCommand(values, io);
    if (namesSaved(given)) return (await import('../saved.js')).runCommand('test', values, positionals, io);
    return (await import('../login-flags.js')).runFromFlags('test', values, io);
  },
});
