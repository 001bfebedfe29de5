// jwt-connect from a terminal: the same engine as the app. This file only reads the command line (from
// the commands' declarations in cli/commands/) and hands over to the command's run, which loads its
// engine code on demand: each command loads only what it runs (no keystore code for --help, no
// saved-connection storage for a login from flags).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandLine } from './cli/args.js';
import { findCommand, topicOf } from './cli/command-words.js';
import { COMMANDS } from './cli/commands/index.js';
import { reportError, terminalIo, type CliIo } from './cli/output.js';

export type { CliIo } from './cli/output.js';

declare const __JWT_CONNECT_VERSION__: string | undefined;

/** package.json's version: put into the bundle at build time, read from the file when run from source. */
export function cliVersion(): string {
  if (typeof __JWT_CONNECT_VERSION__ === 'string') return __JWT_CONNECT_VERSION__;
  return (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string })
    .version;
}

/** Runs one command; returns the exit code. Never throws. */
export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  const io = terminalIo(rawIo);
  // Before the line is read, errors follow --json as typed among our own words (not the words after `--`).
  const dashes = argv.indexOf('--');
  let json = (dashes < 0 ? argv : argv.slice(0, dashes)).includes('--json');
  let name: string | undefined;
  try {
    const line = parseCommandLine(argv, COMMANDS, io.env);
    const { command } = line;
    name = command?.name;
    json = line.values.json === true;
    if (line.values.version) {
      io.stdout(
        json
          ? JSON.stringify({ version: cliVersion(), node: process.version })
          : `jwt-connect/${cliVersion()} ${process.platform}-${process.arch} node-${process.version}`,
      );
      return 0;
    }
    if (!command) {
      // `help COMMAND`, or no command at all: the usage, as sf does (exit 0).
      const asked = line.words[0] === 'help' ? line.words.slice(1) : [];
      const topic = findCommand(asked, COMMANDS)?.command;
      const under = topic || asked.length === 0 ? [] : topicOf(asked, COMMANDS);
      const help = await import('./cli/help.js'); // only when help is shown
      io.stdout(topic ? help.commandHelp(topic) : under.length ? help.topicHelp(asked, under) : help.usage(COMMANDS));
      return 0;
    }
    if (line.values.help) {
      io.stdout((await import('./cli/help.js')).commandHelp(command));
      return 0;
    }
    return (
      (await command.run({
        values: line.values as never,
        positionals: line.positionals,
        io,
        given: line.given,
        rest: line.rest,
      })) ?? 0
    );
  } catch (error) {
    return reportError(error, io, json, name);
  }
}
