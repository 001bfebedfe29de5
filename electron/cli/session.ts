// A session to hand on, for token, exec and sf-login: the saved connection's stored token while
// Salesforce accepts it, else a new login recorded on the connection, both through the connection
// service. The data folder is let go before the caller uses the token: a program exec runs may take
// hours, and the window or another command must not wait for it.
import { exportLines } from '../../shared/session-env.js';
import type { UsableToken } from '../connections/session-token.js';
import type { SavedLoginValues, WaitValues } from './flags.js';
import { print, type CliIo } from './output.js';
import { givenName } from './default-connection.js';
import { checkRunnable, overrideDraft, runnable } from './saved.js';
import { findConnection, noteIfNotRecorded, openSource } from './source.js';
import { parseWait, waitHooks } from './wait.js';

export interface Session {
  token: UsableToken;
  /** The stored token was still accepted; no login was made. */
  reused: boolean;
}

export async function sessionFor(
  values: SavedLoginValues & WaitValues,
  positionals: string[],
  io: CliIo,
  command: string,
): Promise<Session> {
  const wait = parseWait(values.wait); // a bad duration is refused before the folder is opened
  givenName(values, positionals, command); // several names are refused before the folder is opened
  // First only read: a stored token Salesforce still accepts is used with the folder untouched.
  let source = await openSource(values, io, true, false, 'read');
  try {
    // The named connection, or the default one (said on stderr).
    let view = runnable(source, values, positionals, command, io);
    // Flags over the saved fields make another login than the stored token's: never reuse it then.
    const draft = overrideDraft(view, values);
    const stored = draft ? undefined : await source.services.service.acceptedToken({ id: view.id });
    if (stored) return { token: stored, reused: true };
    // A new login is recorded on the connection, as the window does: open the folder to write
    // (--from's private folder is writable already).
    if (source.kind === 'data-dir') {
      source.close();
      source = await openSource(values, io, true);
      const { id, name } = view;
      view = checkRunnable(
        source,
        source.services.service.listConnections({}).find((c) => c.id === id) ?? findConnection(source, name),
        values,
      );
    }
    if (!draft) noteIfNotRecorded(source, io); // a run with overrides is never recorded anyway
    const fresh = await source.services.service.authorise(
      { id: view.id, ...(draft && { draft }), ...(wait && { keepTrying: { seconds: wait } }) },
      waitHooks(io),
    );
    return {
      token: { accessToken: fresh.accessToken, instanceUrl: fresh.instanceUrl, id: fresh.id, issuedAt: fresh.issuedAt },
      reused: false,
    };
  } finally {
    source.close();
  }
}

/** jwt-connect token: the bare token, its JSON, or `export` lines for a shell's eval. */
export async function tokenCommand(
  values: SavedLoginValues & WaitValues & { env?: boolean },
  positionals: string[],
  io: CliIo,
): Promise<void> {
  const { token: t, reused } = await sessionFor(values, positionals, io, 'token');
  if (values.env) io.stdout(exportLines(t).trimEnd());
  else
    print(io, values.json, t.accessToken, {
      accessToken: t.accessToken,
      instanceUrl: t.instanceUrl,
      id: t.id,
      issuedAt: t.issuedAt,
      reused,
    });
}
