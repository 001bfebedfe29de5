// jwt-connect open: the org in the browser, signed in.
import { defineCommand } from '../command.js';
import { KEY_EXCLUSIVE, LOGIN_EXCLUSIVE, SAVED_LOGIN_FLAGS } from '../flags.js';

export const open = defineCommand({
  name: 'open',
  summary: 'Open the org in the browser, signed in.',
  usage: ['open NAME [--path /lightning/setup/SetupOneHome/home] [--url-only]'],
  description: `Opens the org in the browser, signed in, through a single-use front-door URL (the token itself never appears in a
URL). --url-only prints the URL instead of opening it.`,
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
    path: {
      type: 'string',
      value: '/PATH',
      group: 'Output',
      description: 'A page inside the org to land on, e.g. /lightning/setup/SetupOneHome/home.',
    },
    'url-only': {
      type: 'boolean',
      group: 'Output',
      description: 'Print the single-use URL instead of opening a browser.',
    },
  },
  exclusive: [...KEY_EXCLUSIVE, ...LOGIN_EXCLUSIVE],
  async run({ values, positionals, io }) {
    return (await import('../saved.js')).openCommand(values, positionals, io);
  },
});
