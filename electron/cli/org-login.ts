// jwt-connect org login jwt: sf's flags read into ours, one login, and with --alias the login saved
// as a connection through the service (the window's Authorise then Save: the key imported into the
// vault, the proven token and result kept). The access token is never printed here.
import type { ConnectionView } from '../../shared/connection.js';
import type { AuthoriseResult } from '../../shared/salesforce.js';
import { quoted } from '../../shared/safe-text.js';
import { shellQuote } from '../../shared/shell-quote.js';
import { orgIdOf, userIdOf } from '../salesforce/identity-url.js';
import type { FlagValues } from './command.js';
import type { ORG_LOGIN_FLAGS } from './commands/org-login-jwt.js';
import type { LoginValues } from './flags.js';
import { audienceNote, login as loginFromFlags } from './login-flags.js';
import { print, usageError, type CliIo } from './output.js';
import { parseWait, withWait } from './wait.js';

export type OrgLoginValues = FlagValues<typeof ORG_LOGIN_FLAGS>;

/** sf's flags as the login flags the rest of jwt-connect reads (-i → --consumer-key, -f → --private-key, …). */
export function sfLoginValues(values: OrgLoginValues): LoginValues {
  const mapped: LoginValues = {
    'consumer-key': values['client-id'],
    username: values.username,
    'private-key': values['jwt-key-file'],
    'instance-url': values['instance-url'],
    audience: values['audience-url'],
    timeout: values.timeout,
    passphrase: values.passphrase,
    keystore: values.keystore,
    'keystore-password': values['keystore-password'],
    'certificate-name': values['certificate-name'],
    'key-password': values['key-password'],
  };
  return Object.fromEntries(Object.entries(mapped).filter(([, v]) => v !== undefined)) as LoginValues;
}

/** What sf requires, named as sf names it: every missing flag at once, before anything is read or sent. */
function checkRequired(values: OrgLoginValues): void {
  const missing = [
    !values['client-id'] && '-i/--client-id',
    !values.username && '-o/--username',
    !values['jwt-key-file'] && !values.keystore && '-f/--jwt-key-file (or --keystore)',
  ].filter((m): m is string => typeof m === 'string');
  if (missing.length) {
    throw usageError(
      `${missing.length > 1 ? `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)} are` : `${missing[0]} is`} required.`,
      'For example: jwt-connect org login jwt -i CONSUMER_KEY -f server.key -o user@acme.com -r https://acme.my.salesforce.com',
    );
  }
  // An unset shell variable (-a "$ALIAS") must not turn a save into a login that saves nothing.
  if (values.alias !== undefined && values.alias.trim() === '') {
    throw usageError(
      '-a/--alias is empty: give the name to save the login under.',
      'Give -a NAME, or leave out -a to log in without saving.',
    );
  }
  if (!saveAs(values) && values.force)
    throw usageError(
      '--force replaces a saved connection, so it needs -a/--alias NAME.',
      'Add --alias NAME, or leave out --force.',
    );
}

export interface Saved {
  connection: ConnectionView;
  replaced: boolean;
  isDefault: boolean;
  dataDir: string;
}

/** sf's result fields (never the access token: sf hides it too since May 2026), plus what was saved. */
function sfResult(values: OrgLoginValues, result: AuthoriseResult, saved: Saved | undefined) {
  const userId = userIdOf(result.id);
  let loginUrl = result.tokenUrl;
  try {
    loginUrl = new URL(result.tokenUrl).origin;
  } catch {
    /* as given */
  }
  return {
    username: values.username,
    orgId: orgIdOf(result.id),
    ...(userId && { userId }),
    instanceUrl: result.instanceUrl,
    loginUrl,
    audience: result.audience,
    clientId: values['client-id'],
    ...(values['jwt-key-file'] && { privateKey: values['jwt-key-file'] }),
    ...(values.keystore && { keystore: values.keystore }),
    ...(saved && {
      alias: saved.connection.name,
      connectionId: saved.connection.id,
      dataDir: saved.dataDir,
      replaced: saved.replaced,
      isDefault: saved.isDefault,
    }),
  };
}

function successText(values: OrgLoginValues, result: AuthoriseResult, saved: Saved | undefined): string {
  const orgId = orgIdOf(result.id) ?? 'unknown';
  const lines = [`Successfully authorized ${values.username} with org ID ${orgId}`, `Instance: ${result.instanceUrl}`];
  const note = audienceNote(result);
  if (note) lines.push(`Note: ${note}`);
  if (saved) {
    lines.push(
      `${saved.replaced ? 'Replaced' : 'Saved'} the connection ${quoted(saved.connection.name)} in ${saved.dataDir}${saved.isDefault ? ', the default connection' : ''}.`,
      `Use it with: jwt-connect token${saved.isDefault ? '' : ` ${shellQuote(saved.connection.name)}`} (the access token is not printed here).`,
    );
  }
  return lines.join('\n');
}

/** The name a login is saved under: --alias, else (with -s or -d) its username, as sf names a default org. */
function saveAs(values: OrgLoginValues): string | undefined {
  if (values.alias) return values.alias;
  return values['set-default'] || values['set-default-dev-hub'] ? values.username : undefined;
}

export async function orgLoginCommand(values: OrgLoginValues, io: CliIo): Promise<void> {
  const wait = parseWait(values.wait); // a bad duration is refused before anything is read
  checkRequired(values);
  const login = sfLoginValues(values);
  const report = (result: AuthoriseResult, saved?: Saved) => {
    const note = audienceNote(result);
    print(io, values.json, successText(values, result, saved), {
      status: 0,
      result: sfResult(values, result, saved),
      warnings: note ? [note] : [],
    });
  };
  const name = saveAs(values);
  if (!name) {
    const { run } = await loginFromFlags(login, io);
    report(await withWait(run, wait, io));
    return;
  }
  if (values['set-default-dev-hub']) {
    io.stderr(
      "Note: -d/--set-default-dev-hub is sf's default Dev Hub; jwt-connect keeps no Dev Hub, so the login becomes the default connection, as -s does.",
    );
  }
  if (!values.alias)
    io.stderr(`Note: no -a/--alias was given, so the login is saved under its username, ${quoted(name)}.`);
  const setDefault = Boolean(values['set-default'] || values['set-default-dev-hub']);
  // The store, its schemas and the vault are loaded only when the login is to be saved.
  await (
    await import('./org-login-save.js')
  ).saveLogin(
    name,
    { ...values, 'set-default': setDefault, force: values.force || !values.alias },
    login,
    wait,
    io,
    report,
  );
}
