// The connection service: every operation the UI and the API contract offer on saved connections.
// Plain Node: the platform (fetch, vault cipher, clock) is passed in.
import { randomUUID } from 'node:crypto';
import { AppError, toErrorInfo } from '../../shared/errors.js';
import {
  ConnectionDraft, ENCRYPTION_LABELS, ListQuery, LoginDraft, SECRET_NAMES,
  type ConnectionFields, type ConnectionSecrets, type ConnectionView, type EncryptionOption, type ImportSummary,
  type KeyFileRecord, type PickedKeyFile, type ResultRecord, type SecretFlags, type VaultStatus,
} from '../../shared/connection.js';
import type { AuthoriseResult, TestConnectionResult } from '../../shared/salesforce.js';
import type { ApiService, CreatedFiles } from '../../shared/api.js';
import { EXPIRY_WARNING_DAYS, type CertificateSummary, type KeyFileInfo } from '../../shared/keys.js';
import { summariseCertificate } from '../keys/certificate.js';
import { createCertificate, fileBaseName, type CreateCertificateInput } from '../keys/create-certificate.js';
import { certificateOf, inspectKeyFile, loadSigningKey, type KeySource } from '../keys/load.js';
import { authorise, timeoutMs, type Platform } from '../salesforce/authorise.js';
import { testConnection } from '../salesforce/test-connection.js';
import { decryptSecrets, encryptSecrets, EXPORT_FORMAT, EXPORT_VERSION, parseExportFile, type ExportDocument } from './export-file.js';
import type { ConnectionRepository, StoredConnection } from './repository.js';
import type { SecretFiles } from './secret-files.js';
import type { Vault } from './vault.js';

export interface ConnectionServiceDeps {
  repository: ConnectionRepository;
  vault: Vault;
  secretFiles: SecretFiles;
  platform: Platform;
  newId?: () => string;
}

export interface InspectInput {
  /** A newly picked file; without it, the key file saved with connection `id` is inspected. */
  keyFile?: PickedKeyFile | undefined;
  storePassword?: string | undefined;
  passphrase?: string | undefined;
  /** Editing a saved connection: use its saved password when none was typed. */
  id?: string | undefined;
}

export interface RunInput {
  /** A saved connection; alone, its results and token are stored on it. */
  id?: string | undefined;
  /** The form as it is now (unsaved); secrets it lacks come from the saved connection `id`. */
  draft?: LoginDraft | undefined;
}

const KEY_FORMATS_FOR: Record<EncryptionOption, ReadonlySet<string>> = {
  jks: new Set(['jks', 'jceks', 'pkcs12']),
  privateKey: new Set(['pem', 'der']),
};
const OPTION_SECRETS: Record<EncryptionOption, (keyof ConnectionSecrets)[]> = {
  jks: ['keyStorePassword', 'keyPassword'],
  privateKey: ['passphrase'],
};
/** Fields whose change makes a stored token belong to other settings. */
const LOGIN_FIELDS = ['consumerKey', 'username', 'environment', 'myDomainUrl', 'audience', 'encryption', 'certificateName'] as const;

const DAY_MS = 86_400_000;

/** What a run needs: the login fields and the secrets, from the form, the saved connection or both. */
interface LoginTarget {
  fields: Pick<ConnectionFields, (typeof LOGIN_FIELDS)[number] | 'timeoutSeconds'>;
  secrets: ConnectionSecrets;
}

export class ConnectionService implements ApiService {
  private readonly repository: ConnectionRepository;
  private readonly vault: Vault;
  private readonly secretFiles: SecretFiles;
  private readonly platform: Platform;
  private readonly newId: () => string;
  /** Secrets kept for this session only when the vault cannot persist them. */
  private readonly sessionSecrets = new Map<string, ConnectionSecrets>();

  constructor(deps: ConnectionServiceDeps) {
    this.repository = deps.repository;
    this.vault = deps.vault;
    this.secretFiles = deps.secretFiles;
    this.platform = deps.platform;
    this.newId = deps.newId ?? randomUUID;
    this.vault.setAllowWeak(this.repository.allowWeakVault);
    // Only a store that loaded cleanly knows every secrets file in use; a moved-aside one may point at others.
    if (!this.repository.problem) {
      this.secretFiles.sweep(new Set(this.repository.all().flatMap((c) => (c.secretsRef ? [c.secretsRef] : []))));
    }
  }

  private now(): Date {
    return this.platform.now?.() ?? new Date();
  }

  // ---- reading -------------------------------------------------------------------------------

  vaultStatus(): VaultStatus & { storeProblem?: { code: string; message: string; hint: string } } {
    const problem = this.repository.problem;
    return { ...this.vault.status(), ...(problem && { storeProblem: { code: problem.code, message: problem.message, hint: problem.hint } }) };
  }

  listConnections(query: ListQuery = {}): ConnectionView[] {
    const q = ListQuery.parse(query);
    const needle = q.search?.trim().toLowerCase();
    let rows = this.repository.all();
    if (needle) {
      rows = rows.filter((c) => c.name.toLowerCase().includes(needle) || c.description.toLowerCase().includes(needle) || c.username.toLowerCase().includes(needle));
    }
    if (q.certificate !== 'all') {
      rows = rows.filter((c) => {
        const days = this.certificateDaysLeft(c);
        if (days === undefined) return false;
        if (q.certificate === 'expired') return days < 0;
        if (q.certificate === 'expiring') return days >= 0 && days < EXPIRY_WARNING_DAYS;
        return days < EXPIRY_WARNING_DAYS;
      });
    }
    const key = (c: StoredConnection): string => {
      switch (q.sort) {
        case 'updated': return c.updatedAt;
        case 'environment': return `${c.environment} ${c.name.toLowerCase()}`;
        case 'lastUsed': return [c.lastAuthorise?.at, c.lastTest?.at].filter(Boolean).sort().at(-1) ?? '';
        default: return c.name.toLowerCase();
      }
    };
    const sorted = rows.map((c) => [key(c), c] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (q.direction === 'desc') sorted.reverse();
    return sorted.map(([, c]) => this.view(c));
  }

  getConnection({ id }: { id: string }): ConnectionView {
    return this.view(this.stored(id));
  }

  /** The stored access token, for the reveal / copy buttons. */
  revealToken({ id }: { id: string }): { accessToken: string; issuedAt: string } {
    const token = this.secretsOf(this.stored(id)).accessToken;
    if (!token) throw new AppError('NOT_FOUND', 'This connection has no access token yet.', 'Press Authorise first.');
    return { accessToken: token.token, issuedAt: token.issuedAt };
  }

  inspectKeyFile(input: InspectInput): KeyFileInfo {
    return inspectKeyFile(this.keySourceFor(input), this.now());
  }

  /** The certificate of a picked or saved key file, to upload to the Connected App. */
  exportCertificate(input: InspectInput & { alias?: string | undefined }): { fileName: string; pem: string; certificate: CertificateSummary } {
    const cert = certificateOf(this.keySourceFor(input));
    const summary = summariseCertificate(cert, this.now());
    const cn = /CN=([^,]+)/.exec(summary.subject)?.[1] ?? 'certificate';
    return { fileName: `${fileBaseName(cn)}.crt`, pem: cert.toString(), certificate: summary };
  }

  /** New key and certificate files for the user to keep; nothing is stored until the connection is saved. */
  async createCertificate(input: CreateCertificateInput): Promise<CreatedFiles> {
    const created = await createCertificate(input, this.now());
    const base = fileBaseName(input.commonName);
    const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
    return {
      files: [
        { kind: 'privateKey', fileName: `${base}.key`, base64: b64(created.privateKeyPem) },
        { kind: 'certificate', fileName: `${base}.crt`, base64: b64(created.certificatePem) },
        ...(created.pkcs12 ? [{ kind: 'pkcs12' as const, fileName: `${base}.p12`, base64: created.pkcs12.toString('base64') }] : []),
      ],
      alias: created.alias,
      certificate: created.certificate,
    };
  }

  // ---- writing -------------------------------------------------------------------------------

  createConnection(draftInput: ConnectionDraft): ConnectionView {
    const draft = ConnectionDraft.parse(draftInput);
    this.assertNameFree(draft.name);
    const now = this.now().toISOString();
    const { secrets: _secrets, keyFile: _keyFile, ...fields } = draft;
    const secrets = applySecretInput({}, draft.secrets);
    const record: StoredConnection = { ...fields, id: this.newId(), createdAt: now, updatedAt: now };
    if (draft.keyFile) this.importKeyFile(record, secrets, draft.keyFile);
    this.save([[record, secrets]]);
    return this.view(this.stored(record.id));
  }

  updateConnection({ id, draft: draftInput }: { id: string; draft: ConnectionDraft }): ConnectionView {
    const old = this.stored(id);
    const draft = ConnectionDraft.parse(draftInput);
    if (draft.name.toLowerCase() !== old.name.toLowerCase()) this.assertNameFree(draft.name);
    let secrets: ConnectionSecrets = { ...this.secretsOf(old) };
    const { secrets: _secrets, keyFile: _keyFile, ...fields } = draft;
    // The form's fields replace the saved ones whole (an optional field left empty is cleared).
    const record: StoredConnection = {
      ...fields, id, createdAt: old.createdAt, updatedAt: this.now().toISOString(),
      ...(old.keyFile && { keyFile: old.keyFile }),
      ...(old.lastAuthorise && { lastAuthorise: old.lastAuthorise }),
      ...(old.lastTest && { lastTest: old.lastTest }),
      ...(old.secretsRef && { secretsRef: old.secretsRef }),
    };
    if (draft.encryption !== old.encryption) {
      // The other option's key and passwords mean nothing now: drop them.
      for (const name of OPTION_SECRETS[old.encryption]) delete secrets[name];
      delete secrets.keyMaterial;
      delete record.keyFile;
    }
    secrets = applySecretInput(secrets, draft.secrets);
    if (draft.keyFile) this.importKeyFile(record, secrets, draft.keyFile);
    const loginChanged = LOGIN_FIELDS.some((f) => (record[f] ?? '') !== (old[f] ?? '')) || draft.keyFile !== undefined;
    if (loginChanged) {
      delete secrets.accessToken;
      delete record.lastAuthorise;
      delete record.lastTest;
    }
    this.save([[record, secrets]]);
    return this.view(this.stored(id));
  }

  deleteConnection({ id }: { id: string }): { deleted: true } {
    const { secretsRef } = this.stored(id);
    this.repository.remove(id);
    if (secretsRef) this.secretFiles.remove(secretsRef);
    this.sessionSecrets.delete(id);
    return { deleted: true };
  }

  duplicateConnection({ id }: { id: string }): ConnectionView {
    const source = this.stored(id);
    const secrets = { ...this.secretsOf(source) };
    delete secrets.accessToken; // a token belongs to the session that made it
    const now = this.now().toISOString();
    const { secretsRef: _ref, secretsSaved: _saved, lastAuthorise: _a, lastTest: _t, ...rest } = source;
    const copy: StoredConnection = { ...rest, id: this.newId(), name: this.freeName(`Copy of ${source.name}`), createdAt: now, updatedAt: now };
    this.save([[copy, secrets]]);
    return this.view(this.stored(copy.id));
  }

  /**
   * The user's choice to save secrets with a weak OS backend (Linux basic_text), or to stop: every
   * connection's secrets move to where the vault now says they belong (disk or this session).
   */
  setAllowWeakVault({ allow }: { allow: boolean }): VaultStatus {
    this.repository.setAllowWeakVault(allow);
    this.vault.setAllowWeak(allow);
    const moving = this.repository.all().filter((c) => (this.vault.persistent ? this.sessionSecrets.has(c.id) : c.secretsRef !== undefined));
    if (moving.length) this.save(moving.map((c) => [c, this.secretsOf(c)] as const));
    return this.vault.status();
  }

  // ---- Salesforce ----------------------------------------------------------------------------

  async authorise(input: RunInput): Promise<AuthoriseResult> {
    const target = this.resolve(input);
    const storeOn = input.id && !input.draft ? input.id : undefined;
    const started = this.now();
    try {
      const result = await this.login(target);
      if (storeOn) {
        this.record(storeOn, 'lastAuthorise', { at: started.toISOString(), ok: true, elapsedMs: result.elapsedMs }, result);
      }
      return result;
    } catch (error) {
      if (storeOn) this.record(storeOn, 'lastAuthorise', failureRecord(started, error));
      throw error;
    }
  }

  async testConnection(input: RunInput): Promise<TestConnectionResult> {
    const target = this.resolve(input);
    const storeOn = input.id && !input.draft ? input.id : undefined;
    const started = this.now();
    const saved = storeOn ? this.secretsOf(this.stored(storeOn)).accessToken : undefined;
    try {
      const { result, newToken } = await testConnection({
        token: saved && { accessToken: saved.token, instanceUrl: saved.instanceUrl, id: saved.id },
        authorise: () => this.login(target),
        timeoutMs: timeoutMs(target.fields),
      }, this.platform);
      if (storeOn) this.record(storeOn, 'lastTest', { at: started.toISOString(), ok: true, elapsedMs: result.totalMs }, newToken);
      return result;
    } catch (error) {
      if (storeOn) this.record(storeOn, 'lastTest', failureRecord(started, error));
      throw error;
    }
  }

  // ---- export / import -------------------------------------------------------------------------

  async exportConnections(input: { ids?: string[] | undefined; includeSecrets: boolean; passphrase?: string | undefined }): Promise<{ fileName: string; text: string; count: number }> {
    const chosen = input.ids ? input.ids.map((id) => this.stored(id)) : this.repository.all();
    const doc: ExportDocument = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: this.now().toISOString(),
      connections: chosen.map(({ secretsRef: _r, secretsSaved: _s, ...c }) => c),
    };
    if (input.includeSecrets) {
      const secrets: Record<string, ConnectionSecrets> = {};
      for (const c of chosen) {
        const { accessToken: _token, ...rest } = this.secretsOf(c); // tokens are short-lived: never exported
        secrets[c.id] = rest;
      }
      doc.secrets = await encryptSecrets(secrets, input.passphrase ?? '');
    }
    const stamp = this.now().toISOString().slice(0, 10);
    return { fileName: `jwt-connect-${stamp}${input.includeSecrets ? '-with-secrets' : ''}.json`, text: JSON.stringify(doc, null, 2), count: chosen.length };
  }

  async importConnections(input: { text: string; passphrase?: string | undefined; skipSecrets?: boolean | undefined }): Promise<ImportSummary> {
    const doc = parseExportFile(input.text);
    let secrets: Record<string, ConnectionSecrets> = {};
    if (doc.secrets && !input.skipSecrets) {
      if (!input.passphrase) {
        throw new AppError('BAD_INPUT', 'This export file holds encrypted secrets and needs its passphrase.',
          'Enter the passphrase chosen at export, or import the definitions without secrets.', { field: 'passphrase' });
      }
      secrets = await decryptSecrets(doc.secrets, input.passphrase);
    }
    const now = this.now().toISOString();
    const taken = new Set(this.repository.all().map((c) => c.name.toLowerCase()));
    const imported: ImportSummary['imported'] = [];
    const records: [StoredConnection, ConnectionSecrets][] = [];
    for (const c of doc.connections) {
      let name = c.name;
      if (taken.has(name.toLowerCase())) name = freeName(`${c.name} (imported)`, taken);
      taken.add(name.toLowerCase());
      const id = this.newId();
      records.push([{ ...c, id, name, updatedAt: now }, secrets[c.id] ?? {}]);
      imported.push({ id, name, ...(name !== c.name && { renamedFrom: c.name }) });
    }
    this.save(records);
    return { imported, withSecrets: Object.keys(secrets).length > 0 };
  }

  // ---- internals -------------------------------------------------------------------------------

  /** The key file to read: the one just picked, else the one saved with `id`; typed passwords over saved ones. */
  private keySourceFor(input: InspectInput & { alias?: string | undefined }): KeySource {
    const saved = input.id ? this.stored(input.id) : undefined;
    const secrets = saved ? this.secretsOf(saved) : {};
    const base64 = input.keyFile?.base64 ?? secrets.keyMaterial;
    if (!base64) throw new AppError('BAD_INPUT', 'There is no key file yet.', 'Browse for the key file, or create a key and certificate.', { field: 'keyFile' });
    return {
      bytes: Buffer.from(base64, 'base64'),
      storePassword: input.storePassword || secrets.keyStorePassword,
      passphrase: input.passphrase || secrets.passphrase,
      alias: input.alias ?? saved?.certificateName,
    };
  }

  private stored(id: string): StoredConnection {
    const found = this.repository.get(id);
    if (!found) throw new AppError('NOT_FOUND', 'That connection no longer exists.', 'It may have been deleted; refresh the list.');
    return found;
  }

  private secretsOf(c: StoredConnection): ConnectionSecrets {
    const session = this.sessionSecrets.get(c.id);
    if (session) return session;
    return c.secretsRef ? this.vault.open(this.secretFiles.read(c.secretsRef)) : {};
  }

  /**
   * Writes connections with their secrets: new secrets files first, then the metadata that points
   * at them, then the files they replace. Without a persistent vault, secrets stay in memory.
   */
  private save(entries: readonly (readonly [StoredConnection, ConnectionSecrets])[]): void {
    const written: string[] = [];
    const replaced: string[] = [];
    try {
      const records = entries.map(([record, secrets]) => {
        const clean = stripUndefined(secrets);
        const { secretsRef, secretsSaved: _flags, ...next } = record;
        if (secretsRef) replaced.push(secretsRef);
        const saved = SECRET_NAMES.filter((n) => clean[n] !== undefined);
        if (saved.length === 0 || !this.vault.persistent) {
          if (saved.length) this.sessionSecrets.set(record.id, clean);
          else this.sessionSecrets.delete(record.id);
          return next;
        }
        const ref = this.secretFiles.write(this.vault.seal(clean));
        written.push(ref);
        this.sessionSecrets.delete(record.id);
        return { ...next, secretsRef: ref, secretsSaved: saved };
      });
      this.repository.put(records);
    } catch (error) {
      for (const ref of written) this.secretFiles.remove(ref);
      throw error;
    }
    for (const ref of replaced) this.secretFiles.remove(ref);
  }

  private record(id: string, which: 'lastAuthorise' | 'lastTest', result: ResultRecord, token?: AuthoriseResult): void {
    const current = this.repository.get(id);
    if (!current) return; // deleted while the request ran
    const next = { ...current, [which]: result };
    // Without a new token the secrets are unchanged: write the metadata only, not a new secrets file.
    if (!token) return this.repository.put([next]);
    const secrets = { ...this.secretsOf(current) };
    secrets.accessToken = { token: token.accessToken, instanceUrl: token.instanceUrl, id: token.id, issuedAt: token.issuedAt };
    this.save([[next, secrets]]);
  }

  private view(c: StoredConnection): ConnectionView {
    const session = this.sessionSecrets.get(c.id);
    const saved = new Set<string>(session ? Object.keys(session) : c.secretsSaved ?? []);
    const flags = Object.fromEntries(SECRET_NAMES.map((n) => [n, saved.has(n) ? 'saved' : 'missing'])) as SecretFlags;
    const { secretsRef: _ref, secretsSaved: _saved, ...meta } = c;
    const days = this.certificateDaysLeft(c);
    return { ...meta, secrets: flags, secretsPersisted: !session, ...(days !== undefined && { certificateDaysLeft: days }) };
  }

  private certificateDaysLeft(c: StoredConnection): number | undefined {
    const validTo = c.keyFile?.certificate?.validTo;
    return validTo ? Math.floor((Date.parse(validTo) - this.now().getTime()) / DAY_MS) : undefined;
  }

  private assertNameFree(name: string): void {
    if (this.repository.all().some((c) => c.name.toLowerCase() === name.trim().toLowerCase())) {
      throw new AppError('NAME_TAKEN', `A connection named "${name.trim()}" already exists.`, 'Choose another Connection Name.', { field: 'name' });
    }
  }

  private freeName(wanted: string): string {
    return freeName(wanted, new Set(this.repository.all().map((c) => c.name.toLowerCase())));
  }

  private importKeyFile(record: StoredConnection, secrets: ConnectionSecrets, file: PickedKeyFile): void {
    const bytes = Buffer.from(file.base64, 'base64');
    const info = inspectKeyFile({ bytes, storePassword: secrets.keyStorePassword, passphrase: secrets.passphrase }, this.now());
    if (!KEY_FORMATS_FOR[record.encryption].has(info.format)) {
      const other: EncryptionOption = record.encryption === 'jks' ? 'privateKey' : 'jks';
      throw new AppError('BAD_INPUT', `${file.fileName} is a ${info.formatLabel}, which does not fit the Encryption Option "${ENCRYPTION_LABELS[record.encryption]}".`,
        `Switch Encryption Option to "${ENCRYPTION_LABELS[other]}", or pick another file.`, { field: 'keyFile' });
    }
    const wanted = record.certificateName?.toLowerCase();
    const entry = info.entries.find((e) => e.kind === 'privateKey' && (!wanted || e.alias.toLowerCase() === wanted))
      ?? info.entries.find((e) => e.kind === 'privateKey');
    const keyFile: KeyFileRecord = {
      fileName: file.fileName,
      format: info.format,
      importedAt: this.now().toISOString(),
      ...(entry?.certificate && { certificate: { subject: entry.certificate.subject, sha256Fingerprint: entry.certificate.sha256Fingerprint, validTo: entry.certificate.validTo } }),
    };
    record.keyFile = keyFile;
    secrets.keyMaterial = file.base64;
  }

  /** The effective connection for a run: form fields over saved ones, typed secrets over saved ones. */
  private resolve(input: RunInput): LoginTarget {
    if (!input.id && !input.draft) throw new AppError('BAD_INPUT', 'Nothing to authorise: give a saved connection or the form.');
    const saved = input.id ? this.stored(input.id) : undefined;
    const savedSecrets = saved ? { ...this.secretsOf(saved) } : {};
    if (!input.draft) return { fields: saved as StoredConnection, secrets: savedSecrets };
    const draft = LoginDraft.parse(input.draft);
    if (saved && draft.encryption !== saved.encryption) {
      for (const name of OPTION_SECRETS[saved.encryption]) delete savedSecrets[name];
      delete savedSecrets.keyMaterial;
    }
    const secrets = applySecretInput(savedSecrets, draft.secrets);
    if (draft.keyFile) secrets.keyMaterial = draft.keyFile.base64;
    return { fields: draft, secrets };
  }

  private async login(target: LoginTarget): Promise<AuthoriseResult> {
    const { fields, secrets } = target;
    // Every missing detail at once, field by field, before any request is sent.
    const missing: { field: string; message: string }[] = [];
    if (!fields.consumerKey.trim()) missing.push({ field: 'consumerKey', message: 'Consumer Key is required.' });
    if (!fields.username.trim()) missing.push({ field: 'username', message: 'Username is required.' });
    else if (!/^[^@\s]+@[^@\s]+$/.test(fields.username.trim())) missing.push({ field: 'username', message: 'A Salesforce username looks like an email address (name@company.com, or name@company.com.uat in a sandbox).' });
    if (fields.environment === 'mydomain' && !fields.myDomainUrl?.trim()) missing.push({ field: 'myDomainUrl', message: 'My Domain URL is required.' });
    if (!secrets.keyMaterial) missing.push({ field: 'keyFile', message: fields.encryption === 'jks' ? 'Pick the Key Store file.' : 'Pick the Private Key file.' });
    if (fields.encryption === 'jks' && !secrets.keyStorePassword) missing.push({ field: 'keyStorePassword', message: 'Key Store Password is required.' });
    if (missing.length) {
      throw new AppError('BAD_INPUT', missing.map((m) => m.message).join(' '), 'Fill in the highlighted fields.', { fields: missing, field: missing[0]?.field });
    }
    const key = await loadSigningKey(fields.encryption === 'jks'
      ? { bytes: Buffer.from(secrets.keyMaterial as string, 'base64'), storePassword: secrets.keyStorePassword, alias: fields.certificateName, keyPassword: secrets.keyPassword }
      : { bytes: Buffer.from(secrets.keyMaterial as string, 'base64'), passphrase: secrets.passphrase }, this.now());
    return authorise({
      key: key.key,
      consumerKey: fields.consumerKey,
      username: fields.username,
      environment: fields.environment,
      ...(fields.myDomainUrl && { myDomainUrl: fields.myDomainUrl }),
      ...(fields.audience && { audience: fields.audience }),
      ...(fields.timeoutSeconds && { timeoutSeconds: fields.timeoutSeconds }),
    }, this.platform);
  }
}

function applySecretInput(base: ConnectionSecrets, input: ConnectionDraft['secrets']): ConnectionSecrets {
  const next: ConnectionSecrets = { ...base };
  for (const name of ['keyStorePassword', 'keyPassword', 'passphrase'] as const) {
    const value = input?.[name];
    // null clears; an empty field means "not typed again" and keeps what is saved.
    if (value === null) delete next[name];
    else if (typeof value === 'string' && value !== '') next[name] = value;
  }
  return next;
}

function failureRecord(started: Date, error: unknown): ResultRecord {
  const info = toErrorInfo(error);
  return { at: started.toISOString(), ok: false, code: info.code, message: info.message };
}

function freeName(wanted: string, taken: Set<string>): string {
  if (!taken.has(wanted.toLowerCase())) return wanted;
  for (let n = 2; ; n++) {
    const candidate = `${wanted} (${n})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
