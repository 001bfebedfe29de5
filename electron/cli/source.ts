// Where saved connections come from: a data folder (--data-dir, $JWT_CONNECT_DATA_DIR, else the
// desktop app's own folder) or an export file (--from), opened through the same service the window
// uses. An export file is read into a private temporary folder; the user's data folder is never
// written for --from.
import { quoted } from '../../shared/safe-text.js';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ENV } from '../../shared/env-vars.js';
import { AppError } from '../../shared/errors.js';
import type { ConnectionView, ImportSummary } from '../../shared/connection.js';
import { desktopDataDir } from '../connections/data-folder.js';
import { inThreadKeyLoader } from '../connections/key-loader.js';
import { DATA_DIR_ENV, openNodeServices, storePath } from '../connections/open-node.js';
import { damageNotePath } from '../connections/repository.js';
import { devAesGcmCipher } from '../connections/vault.js';
import { nearest } from './command-words.js';
import type { SourceValues } from './flags.js';
import { usageError, type CliIo } from './output.js';
import { readCapped, type CappedRead } from './read-capped.js';
import { storeProblemError } from './store-report.js';
import { privateTempFolder } from './temp-folder.js';
import { dataDirCipher, problemFor, sealedBackend } from './folder-vault.js';

const MAX_EXPORT_FILE_BYTES = 50_000_000;

export interface Source {
  kind: 'data-dir' | 'from';
  /** The folder the service reads (for --from, a private temporary one). */
  dataDir: string;
  /** What to call it in messages. */
  label: string;
  services: ReturnType<typeof openNodeServices>;
  /** Why this connection's secrets cannot be opened here, if they cannot (`keyGiven`: the run brings its own key). */
  secretsProblem(c: ConnectionView, keyGiven?: boolean): AppError | undefined;
  close(): void;
}

// Key files are read in this thread: no window waits on the CLI, and a worker would cost more to
// start than the key takes to read (the caps on a file's work factors apply either way).

/** Lets go of the data folder's lock, where openNodeServices took one. */
function releaseLock(services: Source['services']): void {
  (services as { close?: () => void }).close?.();
}

/** The export passphrase: the environment, else a prompt on a terminal. */
export async function exportPassphrase(io: CliIo, why: string): Promise<string | undefined> {
  const fromEnv = io.env[ENV.exportPassphrase.name];
  if (fromEnv) return fromEnv;
  return io.promptSecret ? io.promptSecret(`Passphrase ${why}: `) : undefined;
}

/** An export file named on the command line: its size decided before it is read (see read-capped.ts). */
export function readExportFile(path: string): string {
  let read: CappedRead;
  try {
    read = readCapped(path, MAX_EXPORT_FILE_BYTES);
  } catch {
    throw new AppError('BAD_INPUT', `The export file ${path} does not exist or cannot be read.`, 'Check the path.');
  }
  if ('tooLarge' in read) {
    throw new AppError(
      'EXPORT_FILE_INVALID',
      `${path} is larger than any jwt-connect export${read.size === undefined ? '' : ` (${Math.round(read.size / 1e6)} MB)`}.`,
      'Check the path.',
    );
  }
  return read.bytes.toString('utf8');
}

/** What a source file must be: --require-signed (or its variable), --allow-unsigned. */
export interface TrustFlags {
  'require-signed'?: boolean | undefined;
  'allow-unsigned'?: boolean | undefined;
}

/** No one to ask and no one reading the warnings as they scroll by: stdin is not a terminal, or CI is set. */
export function nonInteractive(io: CliIo): boolean {
  const ci = io.env.CI?.trim().toLowerCase();
  return !io.promptSecret || (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0');
}

/**
 * Whether an export file must be signed and checked with its passphrase: always with --require-signed
 * or $JWT_CONNECT_REQUIRE_SIGNED=1 (a pipeline sets it once for every step); with --from (`from`) in a
 * run nobody watches, unless --allow-unsigned, since a warning on stderr is no protection there.
 * `why` tells the refusal which rule refused the file.
 */
export function signaturePolicy(trust: TrustFlags, io: CliIo, from = false): { require: boolean; why?: 'unattended' } {
  if (trust['require-signed'] === true || /^(1|true|yes)$/i.test(io.env[ENV.requireSigned.name]?.trim() ?? ''))
    return { require: true };
  if (from && nonInteractive(io) && trust['allow-unsigned'] !== true) return { require: true, why: 'unattended' };
  return { require: false };
}

async function openExport(path: string, io: CliIo, needSecrets: boolean, trust: TrustFlags = {}): Promise<Source> {
  const text = readExportFile(path);
  const temp = privateTempFolder('jwt-connect-from-');
  const dir = temp.dir;
  let services: Source['services'] | undefined;
  const close = () => {
    if (services) releaseLock(services);
    temp.remove();
  };
  try {
    // Sealed with a key that lives only in this process: the temporary folder is useless once it ends.
    const cipher = devAesGcmCipher(randomBytes(32));
    services = openNodeServices({
      dataDir: dir,
      platform: io.platform,
      chooseCipher: () => ({ cipher, persistent: true }),
      entryPoint: 'CLI --from',
      keys: inThreadKeyLoader,
    });
    const opened = services;
    const policy = signaturePolicy(trust, io, true);
    let summary: ImportSummary;
    try {
      summary = await importWithPassphrase(
        opened.service,
        { text, skipSecrets: !needSecrets, requireSigned: policy.require },
        path,
        io,
      );
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'EXPORT_NOT_SIGNED' && policy.why === 'unattended'))
        throw error;
      throw new AppError(
        'EXPORT_NOT_SIGNED',
        `${path}: its details (URLs, usernames, consumer keys) are not authenticated: ${error.message.replace(/^.*this file is not one: /, '')} In a run without a terminal (or with CI set) jwt-connect does not use such a file.`,
        `Export it again with a passphrase and set $${ENV.exportPassphrase.name}; or, if you trust where this file came from, add --allow-unsigned.`,
      );
    }
    // As the window does: a file whose details are not authenticated (version 1, no passphrase) says so.
    for (const warning of summary.warnings ?? []) io.stderr(`warning: ${warning}`);
    const withSecrets = summary.withSecrets;
    return {
      kind: 'from',
      label: path,
      dataDir: dir,
      services: opened,
      close,
      // A key given for the run (--private-key / --keystore) is what a file without secrets needs.
      secretsProblem: (c, keyGiven) =>
        withSecrets || !needSecrets || keyGiven
          ? undefined
          : new AppError(
              'BAD_INPUT',
              `${path} was exported without secrets, so ${quoted(c.name)} has no key here.`,
              'Export it again from the window with "Include secrets", or give the key with --private-key / --keystore.',
            ),
    };
  } catch (error) {
    close();
    throw error;
  }
}

/**
 * Imports an export file through the service, which decides whether it needs its passphrase
 * (encrypted secrets, or a signed file whose details must be proven). The passphrase comes from
 * $JWT_CONNECT_EXPORT_PASSPHRASE whenever that is set, else from a prompt, asked only when needed.
 */
export async function importWithPassphrase(
  service: Source['services']['service'],
  input: { text: string; skipSecrets?: boolean; requireSigned?: boolean },
  path: string,
  io: CliIo,
): Promise<ImportSummary> {
  const load = (passphrase: string | undefined) =>
    service.importConnections({ ...input, ...(passphrase && { passphrase }) });
  try {
    return await load(io.env[ENV.exportPassphrase.name]);
  } catch (error) {
    if (
      !(error instanceof AppError && error.code === 'BAD_INPUT' && error.details?.field === 'passphrase') ||
      io.env[ENV.exportPassphrase.name]
    )
      throw error;
    const passphrase = io.promptSecret ? await io.promptSecret(`Passphrase for ${path}: `) : undefined;
    if (!passphrase) {
      throw new AppError(
        'BAD_INPUT',
        `${error.message.replace(/^This export file/, path)}`,
        `Set $${ENV.exportPassphrase.name} (in a pipeline: from its secret store), or run on a terminal to be asked.`,
        { field: 'passphrase' },
      );
    }
    return load(passphrase);
  }
}

/** The data folder a command names: --data-dir, else $JWT_CONNECT_DATA_DIR, else the desktop app's. */
export function dataDirOf(values: { 'data-dir'?: string | undefined }, io: CliIo): string {
  const given = values['data-dir'];
  // An empty value is most often an unset shell variable (--data-dir "$DIR"): using the default then would
  // write to a folder nobody named.
  if (given !== undefined && given.trim() === '') {
    throw usageError(
      '--data-dir is empty.',
      'Give the data folder (--data-dir DIR), or leave the flag out for the default.',
    );
  }
  const named = given || io.env[DATA_DIR_ENV]?.trim();
  return resolve(named ? withHome(named, io.env) : io.defaultDataDir || desktopDataDir(io.env));
}

/** "~/x" as a shell would read it: quoted in a CI file or given as --data-dir=~/x, no shell expands it. */
function withHome(path: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || env.USERPROFILE;
  if (!home || !(path === '~' || path.startsWith('~/') || path.startsWith('~\\'))) return path;
  return home + path.slice(1);
}

/**
 * Opens the connections a command works on. `needSecrets`: the command logs in. `access`: 'read' for
 * commands that change nothing (list, export, a token still valid): no lock, nothing moved, swept or
 * tightened, the folder left byte for byte as found.
 */
export async function openSource(
  values: SourceValues & TrustFlags,
  io: CliIo,
  needSecrets: boolean,
  create = false,
  access: 'read' | 'write' = 'write',
): Promise<Source> {
  if (values.from) return openExport(resolve(values.from), io, needSecrets, values);
  const dataDir = dataDirOf(values, io);
  if (!create && !hasSavedStore(dataDir)) {
    throw new AppError(
      'NOT_FOUND',
      `No saved connections in ${dataDir}.`,
      `Save a connection in the jwt-connect window first, or point at a data folder with --data-dir / $${ENV.dataDir.name}, or at an export file with --from.`,
    );
  }
  const { choice, backend: ours } = await dataDirCipher(dataDir, io, needSecrets);
  // Beside the open window (which holds the folder's lock) the CLI still lists and runs, read-only:
  // results are then not recorded, and it says so. Import must write, so it waits for the lock.
  const services = openNodeServices({
    dataDir,
    platform: io.platform,
    chooseCipher: () => choice,
    entryPoint: 'CLI',
    readOnlyOk: !create,
    keys: inThreadKeyLoader,
    readOnly: access === 'read',
  });
  // Damaged, unreadable, too new: said as the window says it (what, where the bytes are, how back), exit 2.
  const problem = services.repository.problem;
  if (problem) {
    releaseLock(services);
    throw storeProblemError(problem, dataDir);
  }
  return {
    kind: 'data-dir',
    label: dataDir,
    dataDir,
    services,
    close: () => releaseLock(services),
    secretsProblem: (c) => problemFor(sealedBackend(dataDir, services, c.id), ours, c),
  };
}

/**
 * Whether the folder has a store to open. A store moved aside earlier leaves a note until the user
 * chooses: that is damage to report, not "no connections".
 */
export function hasSavedStore(dataDir: string): boolean {
  return existsSync(storePath(dataDir)) || existsSync(damageNotePath(storePath(dataDir)));
}

/**
 * Said once, before a run that would record its result on the connection (authorise or test of a
 * saved connection without overrides, a new token, test --all), when another process holds the
 * folder: the run still answers, but the result stays unrecorded. Read-only commands record nothing
 * and say nothing.
 */
export function noteIfNotRecorded(source: Source, io: CliIo): void {
  const readOnly = source.services.repository.readOnly;
  if (source.kind === 'data-dir' && readOnly)
    io.stderr(`note: results are not recorded on the connections: ${readOnly.message}`);
}

/** A saved connection by name, ignoring case; an unknown or ambiguous name lists the candidates. */
export function findConnection(source: Source, name: string): ConnectionView {
  const all = source.services.service.listConnections({});
  const wanted = name.trim().toLowerCase();
  const exact = all.filter((c) => c.name.toLowerCase() === wanted);
  if (exact.length === 1) return exact[0] as ConnectionView;
  const typo = nearest(
    wanted,
    all.map((c) => c.name.toLowerCase()),
  );
  const near =
    exact.length > 1
      ? exact
      : all.filter((c) => c.name.toLowerCase().includes(wanted) || c.name.toLowerCase() === typo);
  const listed = (near.length ? near : all)
    .slice(0, 20)
    .map((c) => quoted(c.name))
    .join(', ');
  if (exact.length > 1)
    throw new AppError(
      'BAD_INPUT',
      `${quoted(name)} names ${exact.length} connections: ${listed}.`,
      'Rename one of them in the window.',
    );
  throw new AppError(
    'NOT_FOUND',
    `No saved connection is named ${quoted(name)} in ${source.label}.`,
    all.length
      ? `${near.length ? 'Did you mean' : 'Saved connections are'}: ${listed}${all.length > 20 && !near.length ? ', …' : ''}. Run jwt-connect list.`
      : 'There are no saved connections here.',
  );
}
