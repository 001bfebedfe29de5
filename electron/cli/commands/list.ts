// jwt-connect list: the saved connections and how they last fared.
import { defineCommand } from '../command.js';
import { SOURCE_FLAGS } from '../flags.js';

export const list = defineCommand({
  name: 'list',
  summary: 'List saved connections with their last results.',
  usage: ['list [--filter TEXT] [--data-dir DIR | --from FILE] [--json]'],
  description: `Lists saved connections: name, environment, username, last Authorise and Test results, certificate days left,
and whether their secrets can be opened here.`,
  arguments: [],
  flags: {
    ...SOURCE_FLAGS,
    filter: {
      type: 'string',
      value: 'TEXT',
      description: 'Only connections whose name, description or username contains TEXT.',
    },
  },
  exclusive: [['from', 'data-dir']],
  async run({ values, io }) {
    return (await import('../saved.js')).listCommand(values, io);
  },
});
