// Commands over saved connections: list, authorise / test --connection, open (token: session.ts). Runs go through
// the connection service, which records each result on the connection as the window does.
import { quoted } from '../../shared/safe-text.js';
import { AppError } from '../../shared/errors.js';
import type { ConnectionView, LoginDraft } from '../../shared/connection.js';
import { loginTargetFlags, type SavedLoginValues, type SourceValues, type WaitValues } from './flags.js';
import { authorisedText, forTerminalResult, readKeyFile, testedText } from './login-flags.js';
import { print, textTable, usageError, type CliIo } from './output.js';
import { namedOrDefault } from './default-connection.js';
import { sealedBackend } from './folder-vault.js';
import { dataDirOf, hasSavedStore, noteIfNotRecorded, openSource, type Source } from './source.js';
import { parseWait, waitHooks } from './wait.js';
import { isKeychainBackend } from '../connections/vault.js';

/** Flags that change the login for one run (never saved); their environment variables count as given. */
const OVERRIDES = [
  'consumer-key',
  'username',
  'private-key',
  'passphrase',
  'keystore',
  'keystore-password',
  'certificate-name',
  'key-password',
  'environment',
  'my-domain',
  'instance-url',
  'audience',
  'timeout',
] as const;

export function environmentLabel(c: Pick<ConnectionView, 'environment' | 'myDomainUrl'>): string {
  if (c.environment !== 'mydomain') return c.environment;
  try {
    return new URL(c.myDomainUrl ?? '').host || 'mydomain';
  } catch {
    return 'mydomain';
  }
}

/**
 * The saved fields with this run's flags over them (flag > environment variable > saved), as a form
 * draft for the service; undefined when nothing overrides, so the run is recorded on the connection.
 */
export function overrideDraft(view: ConnectionView, values: SavedLoginValues): LoginDraft | undefined {
  if (!OVERRIDES.some((o) => values[o] !== undefined)) return undefined;
  const keyPath = values['private-key'] ?? values.keystore;
  const encryption = values['private-key'] ? 'privateKey' : values.keystore ? 'jks' : view.encryption;
  const target = loginTargetFlags(values);
  const environment = target.environment ?? view.environment;
  const timeoutSeconds = values.timeout ?? view.timeoutSeconds;
  const myDomainUrl = target.myDomainUrl ?? view.myDomainUrl;
  const certificateName = values['certificate-name'] ?? view.certificateName;
  const audience = values.audience ?? view.audience;
  return {
    name: view.name,
    encryption,
    consumerKey: values['consumer-key'] ?? view.consumerKey,
    username: values.username ?? view.username,
    environment,
    ...(myDomainUrl && { myDomainUrl }),
    ...(audience && { audience }),
    ...(timeoutSeconds && { timeoutSeconds }),
    ...(certificateName && { certificateName }),
    secrets: {
      keyStorePassword: values['keystore-password'],
      keyPassword: values['key-password'],
      passphrase: values.passphrase,
    },
    ...(keyPath && {
      keyFile: { fileName: keyPath.split(/[\\/]/).at(-1) ?? 'key', base64: readKeyFile(keyPath).toString('base64') },
    }),
  };
}

/** The connection a command names (or the default one), checked: its secrets open here, or the run brings a key. */
export function runnable(
  source: Source,
  values: SavedLoginValues,
  positionals: string[],
  command: string,
  io: CliIo,
): ConnectionView {
  return checkRunnable(source, namedOrDefault(source, values, positionals, command, io), values);
}

export function checkRunnable(source: Source, view: ConnectionView, values: SavedLoginValues): ConnectionView {
  const keyGiven = Boolean(values['private-key'] || values.keystore);
  const problem = source.secretsProblem(view, keyGiven) ?? (keyGiven ? undefined : noKeyProblem(view));
  if (problem) throw problem;
  return view;
}

/** A saved connection without its key (imported without secrets, or never picked) says so, by name. */
export function noKeyProblem(view: ConnectionView): AppError | undefined {
  if (view.secrets.keyMaterial === 'saved' || view.secretsProblem) return undefined;
  return new AppError(
    'BAD_INPUT',
    `${quoted(view.name)} has no key saved here: it was imported without secrets, or its key was never picked.`,
    'Pick the key in the jwt-connect window and save, import an export made with its secrets, or give --private-key FILE / --keystore FILE for this run.',
  );
}

/** What `list` says when nothing is saved yet: where it looked, and how a connection gets there. */
function noneSavedText(where: string): string {
  return [
    `No saved connections in ${where} yet. Add one:`,
    '  in the jwt-connect window (npm start),',
    '  from a login here: jwt-connect org login jwt -i KEY -f server.key -o USER -r URL --alias NAME,',
    '  or from an export file: jwt-connect import FILE.',
  ].join('\n');
}

export async function listCommand(values: SourceValues & { filter?: string }, io: CliIo): Promise<void> {
  // A folder nothing was ever saved in is not an error: there are none yet (and it is left uncreated).
  if (!values.from) {
    const dataDir = dataDirOf(values, io);
    if (!hasSavedStore(dataDir)) return print(io, values.json, noneSavedText(dataDir), []);
  }
  const source = await openSource(values, io, false, false, 'read');
  try {
    const rows = source.services.service.listConnections(values.filter ? { search: values.filter } : {});
    const defaultId = source.services.service.defaultConnection()?.id;
    const data = rows.map((c) => {
      const problem = source.secretsProblem(c);
      return {
        name: c.name,
        ...(c.id === defaultId && { default: true }),
        environment: c.environment,
        ...(c.myDomainUrl && { myDomainUrl: c.myDomainUrl }),
        username: c.username,
        ...(c.lastAuthorise && { lastAuthorise: c.lastAuthorise }),
        ...(c.lastTest && { lastTest: c.lastTest }),
        ...(c.certificateDaysLeft !== undefined && { certificateDaysLeft: c.certificateDaysLeft }),
        secrets: problem ? 'unavailable' : c.secrets.keyMaterial === 'saved' ? 'ok' : 'none',
        ...(problem && { secretsProblem: problem.message }),
      };
    });
    const result = (r?: { ok: boolean; at: string; code?: string }) =>
      r ? `${r.ok ? 'ok' : (r.code ?? 'failed')} ${r.at.slice(0, 10)}` : '-';
    const none = values.filter
      ? `No saved connections match "${values.filter}" in ${source.label}.`
      : noneSavedText(source.label);
    const human =
      rows.length === 0
        ? none
        : textTable(
            ['NAME', 'ENVIRONMENT', 'USERNAME', 'AUTHORISE', 'TEST', 'CERT DAYS', 'SECRETS'],
            rows.map((c, i) => [
              c.id === defaultId ? `${c.name} (default)` : c.name,
              environmentLabel(c),
              c.username,
              result(c.lastAuthorise),
              result(c.lastTest),
              c.certificateDaysLeft === undefined ? '-' : String(c.certificateDaysLeft),
              data[i]?.secrets !== 'unavailable'
                ? (data[i]?.secrets as string)
                : // The desktop keychain is named only where it really sealed the secrets.
                  isKeychainBackend(sealedBackend(source.dataDir, source.services, c.id))
                  ? 'keychain: window only'
                  : 'unavailable',
            ]),
          );
    print(io, values.json, human, data);
  } finally {
    source.close();
  }
}

export async function runCommand(
  command: 'authorise' | 'test',
  values: SavedLoginValues & WaitValues,
  positionals: string[],
  io: CliIo,
): Promise<void> {
  const wait = parseWait(values.wait);
  // Nothing named and nothing saved (a first run, bare): what a login needs, not "no saved connections".
  if (
    !values.connection?.length &&
    !positionals.length &&
    !values.from &&
    !values['data-dir'] &&
    !hasSavedStore(dataDirOf(values, io))
  ) {
    throw usageError(
      `Give the login as flags (--consumer-key KEY --username USER and --private-key FILE or --keystore FILE), or name a saved connection with --connection NAME.`,
      `Run jwt-connect ${command} --help.`,
    );
  }
  const source = await openSource(values, io, true);
  try {
    const view = runnable(source, values, positionals, command, io);
    const draft = overrideDraft(view, values);
    if (!draft) noteIfNotRecorded(source, io); // a run with overrides is never recorded anyway
    const input = { id: view.id, ...(draft && { draft }), ...(wait && { keepTrying: { seconds: wait } }) };
    if (command === 'authorise') {
      const result = await source.services.service.authorise(input, waitHooks(io));
      print(io, values.json, authorisedText(result), forTerminalResult(result));
    } else {
      // The token a test logged in with is for the window; a terminal (or its log) never gets it.
      const { newToken: _token, ...result } = await source.services.service.testConnection(input, waitHooks(io));
      print(io, values.json, testedText(result), result);
    }
  } finally {
    source.close();
  }
}

type OpenAnswer = { opened: true; host: string } | { url: string };
type OpenInSalesforce = (input: { id?: string; draft?: LoginDraft; path?: string }) => Promise<OpenAnswer>;

export async function openCommand(
  values: SavedLoginValues & { path?: string; 'url-only'?: boolean },
  positionals: string[],
  io: CliIo,
): Promise<void> {
  if (values.path !== undefined && !/^\/[^/\\]/.test(values.path))
    throw usageError(
      '--path must be a path inside the org, starting with one "/", e.g. /lightning/setup/SetupOneHome/home.',
    );
  const source = await openSource(values, io, true);
  try {
    const view = runnable(source, values, positionals, 'open', io);
    const open = (source.services.service as unknown as { openInSalesforce?: OpenInSalesforce }).openInSalesforce;
    if (!open)
      throw new AppError(
        'INTERNAL',
        'This build of jwt-connect cannot open Salesforce in a browser yet.',
        'Update jwt-connect.',
      );
    const draft = overrideDraft(view, values);
    if (!draft) noteIfNotRecorded(source, io); // a new login on the way is recorded as an Authorise
    const answer = await open.call(source.services.service, {
      id: view.id,
      ...(draft && { draft }),
      ...(values.path && { path: values.path }),
    });
    if ('opened' in answer) return print(io, values.json, `Opened ${answer.host} in the browser.`, answer);
    const url = new URL(answer.url);
    if (values['url-only']) return print(io, values.json, answer.url, { url: answer.url });
    if (!io.openUrl)
      throw new AppError(
        'BAD_INPUT',
        'No browser can be opened from here.',
        'Add --url-only to print the single-use URL instead.',
      );
    await io.openUrl(url.href);
    print(io, values.json, `Opened ${url.host} in the browser (a single-use sign-in link).`, {
      opened: true,
      host: url.host,
    });
  } finally {
    source.close();
  }
}
