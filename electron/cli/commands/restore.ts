// jwt-connect restore: the way back from a damaged store, as the window's Restore / Start empty.
import { defineCommand } from '../command.js';
import { SOURCE_FLAGS } from '../flags.js';

export const restore = defineCommand({
  name: 'restore',
  summary: 'Bring back the connections of a damaged store that was moved aside (or of a backup).',
  usage: ['restore [FILE] [--data-dir DIR]', 'restore --start-empty [--data-dir DIR]'],
  description: `When the saved connections file is found damaged, it is moved aside (connections.json.corrupt-…) and every
secrets file is kept; the window and the terminal keep offering it until you choose. Without FILE, restore brings back
the connections the moved-aside file still holds (moving a damaged connections.json aside first). With FILE, it restores
from that file: a moved-aside one or a backup of connections.json. Connections saved since keep theirs; a restored
connection whose name is taken is renamed. --start-empty keeps the saved connections as they are and stops offering the
moved-aside file (the file itself stays).`,
  arguments: [
    {
      name: 'FILE',
      description: 'A moved-aside connections.json.corrupt-… file, or a backup of connections.json.',
      optional: true,
    },
  ],
  flags: {
    'data-dir': SOURCE_FLAGS['data-dir'],
    'start-empty': {
      type: 'boolean',
      description: 'Keep the saved connections as they are; no longer offer the moved-aside file.',
    },
  },
  async run({ values, positionals, io }) {
    return (await import('../restore.js')).restoreCommand(values, positionals, io);
  },
});
