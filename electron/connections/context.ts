// What every part of the connection service shares: the repository, the vault, the secrets files,
// the platform, and the few rules about reading and writing a connection with its secrets.
import { randomUUID } from 'node:crypto';
import { AppError, toErrorInfo, type ErrorInfo } from '../../shared/errors.js';
import { storedFieldProblems } from '../../shared/field-rules.js';
import {
  SECRET_NAMES,
  type ConnectionSecrets,
  type ConnectionView,
  type ResultRecord,
  type SecretFlags,
} from '../../shared/connection.js';
import type { AuthoriseResult } from '../../shared/salesforce.js';
import type { KeySource } from '../keys/load.js';
import type { Platform } from '../salesforce/authorise.js';
import type { KeepTryingRun } from '../salesforce/keep-trying.js';
import { legacyBlobsFor, type ConnectionRepository, type StoredConnection } from './repository.js';
import { missingError, type SecretFiles } from './secret-files.js';
import { ProvenRuns } from './proven.js';
import { passwordFirstError, type LegacyBlobs, type Vault } from './vault.js';
import { workerKeyLoader, type KeyLoader } from './key-loader.js';

export interface ConnectionServiceDeps {
  repository: ConnectionRepository;
  vault: Vault;
  secretFiles: SecretFiles;
  platform: Platform;
  newId?: () => string;
  /** Where key files are parsed: a worker thread unless told otherwise (the CLI reads in-thread). */
  keys?: KeyLoader;
}

export interface InspectInput {
  /** A newly picked file; without it, the key file saved with connection `id` is inspected. */
  keyFile?: { fileName: string; base64: string } | undefined;
  storePassword?: string | undefined;
  passphrase?: string | undefined;
  /** Editing a saved connection: use its saved password when none was typed. */
  id?: string | undefined;
}

const DAY_MS = 86_400_000;

export class ServiceContext {
  readonly repository: ConnectionRepository;
  readonly vault: Vault;
  readonly secretFiles: SecretFiles;
  readonly platform: Platform;
  readonly newId: () => string;
  readonly keys: KeyLoader;
  /** Secrets kept for this session only when the vault cannot persist them. */
  readonly sessionSecrets = new Map<string, ConnectionSecrets>();
  /** Secrets files found unreadable (damaged, other keyring), by connection id: remembered, so the list needs no decryption. */
  readonly unreadable = new Map<string, { ref: string; problem: ErrorInfo }>();
  /** Authorise / Test results of unsaved forms this session, by fingerprint, so that Save keeps what was just proven. */
  readonly proven = new ProvenRuns();
  /** The import under way, for importProgress. */
  importState: { done: number; total: number } | null = null;
  /** The Keep trying under way or last ended, for keepTryingProgress / stopKeepTrying. */
  keepTrying: KeepTryingRun | null = null;

  constructor(deps: ConnectionServiceDeps) {
    this.repository = deps.repository;
    this.vault = deps.vault;
    this.secretFiles = deps.secretFiles;
    this.platform = deps.platform;
    this.newId = deps.newId ?? randomUUID;
    this.keys = deps.keys ?? workerKeyLoader;
  }

  now(): Date {
    return this.platform.now?.() ?? new Date();
  }

  stored(id: string): StoredConnection {
    const found = this.repository.get(id);
    if (!found)
      throw new AppError(
        'NOT_FOUND',
        'That connection no longer exists.',
        'It may have been deleted; refresh the list.',
      );
    return found;
  }

  get legacyBlobs(): LegacyBlobs {
    return legacyBlobsFor(this.repository.version);
  }

  secretsOf(c: StoredConnection): ConnectionSecrets {
    const session = this.sessionSecrets.get(c.id);
    if (session) return session;
    if (!c.secretsRef) return {};
    try {
      const secrets = this.vault.open(this.secretFiles.read(c.secretsRef), c.id, this.legacyBlobs);
      this.unreadable.delete(c.id);
      return secrets;
    } catch (error) {
      if (error instanceof AppError && error.code === 'VAULT_UNAVAILABLE')
        this.unreadable.set(c.id, { ref: c.secretsRef, problem: error.toInfo() });
      throw error;
    }
  }

  /** The secrets, or undefined with the reason when they cannot be read (other errors still throw). */
  readableSecretsOf(
    c: StoredConnection,
  ): { secrets: ConnectionSecrets; problem?: undefined } | { secrets?: undefined; problem: AppError } {
    try {
      return { secrets: this.secretsOf(c) };
    } catch (error) {
      if (error instanceof AppError && error.code === 'VAULT_UNAVAILABLE') return { problem: error };
      throw error;
    }
  }

  /** Why this connection's saved secrets cannot be read, if known without decrypting. */
  secretsProblem(c: StoredConnection): ErrorInfo | undefined {
    if (!c.secretsRef || this.sessionSecrets.has(c.id)) return undefined;
    if (!this.secretFiles.exists(c.secretsRef)) return missingError().toInfo();
    const known = this.unreadable.get(c.id);
    return known?.ref === c.secretsRef ? known.problem : undefined;
  }

  /** The key file to read: the one just picked, else the one saved with `id`; typed passwords over saved ones. */
  keySourceFor(input: InspectInput & { alias?: string | undefined }): KeySource {
    const saved = input.id ? this.stored(input.id) : undefined;
    const secrets = saved ? this.secretsOf(saved) : {};
    const base64 = input.keyFile?.base64 ?? secrets.keyMaterial;
    if (!base64)
      throw new AppError(
        'BAD_INPUT',
        'There is no key file yet.',
        'Browse for the key file, or create a key and certificate.',
        { field: 'keyFile' },
      );
    return {
      bytes: Buffer.from(base64, 'base64'),
      storePassword: input.storePassword || secrets.keyStorePassword,
      passphrase: input.passphrase || secrets.passphrase,
      alias: input.alias ?? saved?.certificateName,
    };
  }

  /**
   * Writes connections with their secrets: new secrets files first, then the metadata that points
   * at them, then the files they replace. Without a persistent vault, secrets stay in memory.
   */
  save(entries: readonly (readonly [StoredConnection, ConnectionSecrets])[]): void {
    this.repository.assertWritable();
    const written: string[] = [];
    const replaced: string[] = [];
    try {
      const records = entries.map(([record, secrets]) => {
        const clean = stripUndefined(secrets);
        const { secretsRef, secretsSaved: _flags, ...next } = record;
        if (secretsRef) replaced.push(secretsRef);
        const saved = SECRET_NAMES.filter((n) => clean[n] !== undefined);
        if (saved.length === 0 || !this.vault.persistent) {
          // A new token alone may live for the session; passwords and keys wait for the secrets password.
          if (this.vault.passwordFirst && saved.some((n) => n !== 'accessToken')) throw passwordFirstError();
          if (saved.length) this.sessionSecrets.set(record.id, clean);
          else this.sessionSecrets.delete(record.id);
          return next;
        }
        const ref = this.secretFiles.write(this.vault.seal(clean, record.id));
        written.push(ref);
        this.sessionSecrets.delete(record.id);
        return { ...next, secretsRef: ref, secretsSaved: saved };
      });
      this.repository.put(records);
    } catch (error) {
      for (const ref of written) this.secretFiles.remove(ref);
      throw error;
    }
    this.removeUnreferenced(replaced);
    for (const [record] of entries) this.unreadable.delete(record.id);
  }

  /** Removes secrets files no saved connection names any more (a hand-edited store may share one between two). */
  removeUnreferenced(refs: readonly string[]): void {
    if (refs.length === 0) return;
    const inUse = new Set(this.repository.all().map((c) => c.secretsRef));
    for (const ref of refs) if (!inUse.has(ref)) this.secretFiles.remove(ref);
  }

  /** Stores a run's result on a saved connection, and its new token if there is one. */
  record(id: string, which: 'lastAuthorise' | 'lastTest', result: ResultRecord, token?: AuthoriseResult): void {
    const current = this.repository.get(id);
    if (!current) return; // deleted while the request ran
    if (!this.repository.writable) return; // read-only (another process holds the folder): the run still answers
    const next = { ...current, [which]: result };
    // Without a new token the secrets are unchanged: write the metadata only, not a new secrets file.
    if (!token) return this.repository.put([next]);
    const readable = this.readableSecretsOf(current);
    // Unreadable secrets are not replaced by a file holding only the token: keep the result alone.
    // Nor are secrets sealed again where only a secrets password may seal (none set yet): the login
    // worked, its result is kept, and the next one logs in anew.
    if (!readable.secrets || (this.vault.passwordFirst && !this.vault.persistent)) return this.repository.put([next]);
    const secrets = { ...readable.secrets };
    secrets.accessToken = {
      token: token.accessToken,
      instanceUrl: token.instanceUrl,
      id: token.id,
      issuedAt: token.issuedAt,
    };
    this.save([[next, secrets]]);
  }

  /** The secrets saved with it, by name, as far as is known without decrypting (none when unreadable). */
  savedSecretNames(c: StoredConnection, problem = this.secretsProblem(c)): ReadonlySet<string> {
    const session = this.sessionSecrets.get(c.id);
    return new Set<string>(problem ? [] : session ? Object.keys(session) : (c.secretsSaved ?? []));
  }

  view(c: StoredConnection): ConnectionView {
    const session = this.sessionSecrets.get(c.id);
    const problem = this.secretsProblem(c);
    const saved = this.savedSecretNames(c, problem);
    const flags = Object.fromEntries(SECRET_NAMES.map((n) => [n, saved.has(n) ? 'saved' : 'missing'])) as SecretFlags;
    const { secretsRef: _ref, secretsSaved: _saved, ...meta } = c;
    const days = this.certificateDaysLeft(c);
    const fieldProblems = storedFieldProblems(c);
    return {
      ...meta,
      secrets: flags,
      secretsPersisted: !session,
      ...(fieldProblems.length && { fieldProblems }),
      ...(days !== undefined && { certificateDaysLeft: days }),
      ...(problem && { secretsProblem: { code: problem.code, message: problem.message, hint: problem.hint ?? '' } }),
    };
  }

  certificateDaysLeft(c: StoredConnection): number | undefined {
    const validTo = c.keyFile?.certificate?.validTo;
    return validTo ? Math.floor((Date.parse(validTo) - this.now().getTime()) / DAY_MS) : undefined;
  }

  assertNameFree(name: string): void {
    if (this.repository.all().some((c) => c.name.toLowerCase() === name.trim().toLowerCase())) {
      throw new AppError(
        'NAME_TAKEN',
        `A connection named "${name.trim()}" already exists.`,
        'Choose another Connection Name.',
        { field: 'name' },
      );
    }
  }

  freeName(wanted: string): string {
    return freeName(wanted, new Set(this.repository.all().map((c) => c.name.toLowerCase())));
  }
}

export function freeName(wanted: string, taken: Set<string>): string {
  if (!taken.has(wanted.toLowerCase())) return wanted;
  for (let n = 2; ; n++) {
    const candidate = `${wanted} (${n})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

export function failureRecord(started: Date, error: unknown): ResultRecord {
  const info = toErrorInfo(error);
  return { at: started.toISOString(), ok: false, code: info.code, message: info.message };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
