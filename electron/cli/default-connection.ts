// "The named or default connection": the one function every command that works on a single saved
// connection calls (token, open, authorise / test without a login of their own…). A name given
// (positional NAME or --connection NAME) wins; with none, the default chosen with
// `org login jwt --alias NAME --set-default` is used, and stderr says which, so a script's log shows
// which org it ran against.
import type { ConnectionView } from '../../shared/connection.js';
import { quoted } from '../../shared/safe-text.js';
import { usageError, type CliIo } from './output.js';
import { findConnection, type Source } from './source.js';

/** The names a command line gives (`--connection NAME` and positional NAMEs): at most one. */
export function givenName(
  values: { connection?: string[] | undefined },
  positionals: string[],
  command: string,
): string | undefined {
  const names = [...(values.connection ?? []), ...positionals];
  if (names.length > 1)
    throw usageError(
      `${command} works on one connection; got ${names.map((n) => `"${n}"`).join(', ')}.`,
      command === 'test' ? 'To test several, use jwt-connect test --all [--filter TEXT].' : undefined,
    );
  return names[0];
}

/** How a command names its connection, for the message when neither a name nor a default is there. */
const naming = (command: string) => (['authorise', 'test'].includes(command) ? '--connection NAME' : 'NAME');

export function namedOrDefault(
  source: Source,
  values: { connection?: string[] | undefined },
  positionals: string[],
  command: string,
  io: CliIo,
): ConnectionView {
  const name = givenName(values, positionals, command);
  if (name !== undefined) return findConnection(source, name);
  const chosen = source.services.service.defaultConnection();
  if (!chosen) {
    const orFlags = ['authorise', 'test'].includes(command)
      ? ', or give the login as flags (--consumer-key, --username and a key)'
      : '';
    throw usageError(
      `Name the saved connection: jwt-connect ${command} ${naming(command)}${orFlags}. No default connection is set in ${source.label}.`,
      'jwt-connect list shows the saved connections; jwt-connect org login jwt … --alias NAME --set-default saves one as the default.',
    );
  }
  io.stderr(`Using the default connection ${quoted(chosen.name)} (${source.label}).`);
  return chosen;
}
