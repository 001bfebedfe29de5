// npm run docs:cli: writes the command reference at the end of docs/cli.md from the commands'
// declarations (electron/cli/commands/*.ts); the guide above the mark is kept as written.
// tests/unit/cli-commands.test.ts fails when the reference in the repository is not what this writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../electron/cli/commands/index.js';
import { markdown, REFERENCE_MARK } from '../electron/cli/help.js';

const path = join(import.meta.dirname, '..', 'docs', 'cli.md');
const page = readFileSync(path, 'utf8');
const at = page.indexOf(REFERENCE_MARK);
const guide = at === -1 ? `${page.trimEnd()}\n\n` : page.slice(0, at);
writeFileSync(path, `${guide}${markdown(COMMANDS)}`);
process.stdout.write(`Wrote the command reference in ${path}\n`);
