// jwt-connect from a terminal: the same engine as the app. This file only reads the command line and
// hands over to the module of the command, loaded on demand, so each command loads only what it runs
// (no keystore code for --help, no saved-connection storage for a login from flags).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandLine, type Values } from './cli/args.js';
import { reportError, terminalIo, usageError, type CliIo } from './cli/output.js';
import { COMMAND_HELP, USAGE } from './cli/usage.js';

export type { CliIo } from './cli/output.js';

declare const __JWT_CONNECT_VERSION__: string | undefined;

/** package.json's version: put into the bundle at build time, read from the file when run from source. */
export function cliVersion(): string {
  if (typeof __JWT_CONNECT_VERSION__ === 'string') return __JWT_CONNECT_VERSION__;
  return (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

const SAVED = (values: Values) => Boolean(values.connection?.length || values.from || values['data-dir']);

async function dispatch(command: string, values: Values, positionals: string[], io: CliIo): Promise<number | void> {
  switch (command) {
    case 'authorise':
    case 'test':
      if (command === 'test' && values.all) return (await import('./cli/test-all.js')).testAllCommand(values, io);
      if (positionals.length) throw usageError(`Unexpected argument "${positionals[0]}".`, `Saved connections are named with --connection NAME. Run jwt-connect ${command} --help.`);
      if (SAVED(values)) return (await import('./cli/saved.js')).runCommand(command, values, positionals, io);
      return (await import('./cli/login-flags.js')).runFromFlags(command, values, io);
    case 'inspect':
      if (positionals.length) throw usageError(`Unexpected argument "${positionals[0]}".`, 'Give the key with --private-key FILE or --keystore FILE.');
      return (await import('./cli/login-flags.js')).runFromFlags(command, values, io);
    case 'setup-files':
      return (await import('./cli/setup-files.js')).setupFilesCommand(values, io);
    case 'create-certificate':
      return (await import('./cli/create-certificate.js')).createCertificateCommand(values, io);
    case 'list':
      return (await import('./cli/saved.js')).listCommand(values, io);
    case 'token':
      return (await import('./cli/saved.js')).tokenCommand(values, positionals, io);
    case 'open':
      return (await import('./cli/saved.js')).openCommand(values, positionals, io);
    case 'export':
      return (await import('./cli/transfer.js')).exportCommand(values, positionals, io);
    case 'import':
      return (await import('./cli/transfer.js')).importCommand(values, positionals, io);
    case 'renew-certificate':
      return (await import('./cli/lifecycle.js')).renewCertificateCommand(values, positionals, io);
    case 'rotate-key':
      return (await import('./cli/lifecycle.js')).rotateKeyCommand(values, positionals, io);
    default:
      throw usageError(`Unknown command "${command}".`);
  }
}

/** Runs one command; returns the exit code. Never throws. */
export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  const io = terminalIo(rawIo);
  let json = argv.includes('--json');
  let command: string | undefined;
  try {
    const line = parseCommandLine(argv);
    ({ command } = line);
    json = line.values.json === true;
    if (line.values.version) {
      io.stdout(json ? JSON.stringify({ version: cliVersion(), node: process.version }) : `jwt-connect/${cliVersion()} ${process.platform}-${process.arch} node-${process.version}`);
      return 0;
    }
    if (command === 'help') {
      const topic = line.positionals[0];
      io.stdout(topic && COMMAND_HELP[topic] ? COMMAND_HELP[topic] : USAGE);
      return 0;
    }
    // No command at all: the usage, as sf does (exit 0); a command with --help: that command's flags.
    if (command === undefined || line.values.help) {
      io.stdout(command ? COMMAND_HELP[command] ?? USAGE : USAGE);
      return 0;
    }
    return (await dispatch(command, line.values, line.positionals, io)) ?? 0;
  } catch (error) {
    return reportError(error, io, json, command);
  }
}
