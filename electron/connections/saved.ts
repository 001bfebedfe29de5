// Saved connections: list, read, create, edit, duplicate, delete, and the key file they import.
import { AppError } from '../../shared/errors.js';
import { parseInput } from '../../shared/field-rules.js';
import {
  ConnectionDraft,
  ENCRYPTION_LABELS,
  type ConnectionSecrets,
  type ConnectionView,
  type EncryptionOption,
  type KeyFileRecord,
  type PickedKeyFile,
  type VaultStatus,
} from '../../shared/connection.js';
import type { CreatedFiles } from '../../shared/api.js';
import { DEFAULT_SETUP_TRACK } from '../../shared/salesforce-setup.js';
import type { CertificateSummary, KeyFileInfo } from '../../shared/keys.js';
import { summariseCertificate } from '../keys/certificate.js';
import {
  createCertificate as makeCertificate,
  fileBaseName,
  type CreateCertificateInput,
} from '../keys/create-certificate.js';
import type { InspectInput, ServiceContext } from './context.js';
import { LOGIN_FIELDS, loginFingerprint } from './proven.js';
import type { StoredConnection } from './repository.js';

const KEY_FORMATS_FOR: Record<EncryptionOption, ReadonlySet<string>> = {
  jks: new Set(['jks', 'jceks', 'pkcs12']),
  privateKey: new Set(['pem', 'der']),
};
export const OPTION_SECRETS: Record<EncryptionOption, (keyof ConnectionSecrets)[]> = {
  jks: ['keyStorePassword', 'keyPassword'],
  privateKey: ['passphrase'],
};
/** Fields whose change points the connection at another org (or user) than the one remembered. */
const ORG_FIELDS = ['username', 'environment', 'myDomainUrl', 'audience'] as const;
/** Fields whose change makes a stored token belong to other settings. */
export { LOGIN_FIELDS };

/** The stored access token, for the reveal / copy buttons. */
export function revealToken(
  ctx: ServiceContext,
  id: string,
): { accessToken: string; issuedAt: string; instanceUrl: string; id: string } {
  const token = ctx.secretsOf(ctx.stored(id)).accessToken;
  if (!token) throw new AppError('NOT_FOUND', 'This connection has no access token yet.', 'Press Authorise first.');
  // The instance and identity URLs come along for the form's "Copy as…" (environment variables, curl); neither is secret.
  return { accessToken: token.token, issuedAt: token.issuedAt, instanceUrl: token.instanceUrl, id: token.id };
}

export function inspectKeyFile(ctx: ServiceContext, input: InspectInput): Promise<KeyFileInfo> {
  return ctx.keys.inspectKeyFile(ctx.keySourceFor(input), ctx.now());
}

/** The certificate of a picked or saved key file, to upload to the Connected App. */
export async function exportCertificate(
  ctx: ServiceContext,
  input: InspectInput & { alias?: string | undefined },
): Promise<{ fileName: string; pem: string; certificate: CertificateSummary }> {
  const cert = await ctx.keys.certificateOf(ctx.keySourceFor(input));
  const summary = summariseCertificate(cert, ctx.now());
  const cn = /CN=([^,]+)/.exec(summary.subject)?.[1] ?? 'certificate';
  return { fileName: `${fileBaseName(cn)}.crt`, pem: cert.toString(), certificate: summary };
}

/** New key and certificate files for the user to keep; nothing is stored until the connection is saved. */
export async function createCertificate(ctx: ServiceContext, input: CreateCertificateInput): Promise<CreatedFiles> {
  const created = await makeCertificate(input, ctx.now());
  const base = fileBaseName(input.commonName);
  const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
  return {
    files: [
      { kind: 'privateKey', fileName: `${base}.key`, base64: b64(created.privateKeyPem) },
      { kind: 'certificate', fileName: `${base}.crt`, base64: b64(created.certificatePem) },
      ...(created.pkcs12
        ? [{ kind: 'pkcs12' as const, fileName: `${base}.p12`, base64: created.pkcs12.toString('base64') }]
        : []),
    ],
    alias: created.alias,
    certificate: created.certificate,
  };
}

export async function createConnection(ctx: ServiceContext, draftInput: ConnectionDraft): Promise<ConnectionView> {
  const draft = parseInput(ConnectionDraft, draftInput);
  ctx.assertNameFree(draft.name);
  // The key file is read (in a worker) before anything else, so the rest runs without a pause.
  const picked = draft.keyFile && (await inspectPicked(ctx, draft.keyFile, applySecretInput({}, draft.secrets)));
  ctx.assertNameFree(draft.name);
  const now = ctx.now().toISOString();
  const { secrets: _secrets, keyFile: _keyFile, ...fields } = draft;
  const secrets = applySecretInput({}, draft.secrets);
  // A connection made now is set up the way Salesforce allows today unless the caller says otherwise.
  const record: StoredConnection = {
    ...fields,
    setupTrack: fields.setupTrack ?? DEFAULT_SETUP_TRACK,
    id: ctx.newId(),
    createdAt: now,
    updatedAt: now,
  };
  if (draft.keyFile && picked) importKeyFile(ctx, record, secrets, draft.keyFile, picked);
  keepProven(ctx, record, secrets);
  ctx.save([[record, secrets]]);
  return ctx.view(ctx.stored(record.id));
}

/** The token and results of a run on exactly these login fields and key, if one happened this session: Save keeps them. */
function keepProven(ctx: ServiceContext, record: StoredConnection, secrets: ConnectionSecrets): boolean {
  const proven = ctx.proven.get(loginFingerprint(record, secrets));
  if (!proven) return false;
  if (proven.lastAuthorise) record.lastAuthorise = proven.lastAuthorise;
  if (proven.lastTest) record.lastTest = proven.lastTest;
  if (proven.token) {
    const t = proven.token;
    secrets.accessToken = { token: t.accessToken, instanceUrl: t.instanceUrl, id: t.id, issuedAt: t.issuedAt };
  }
  return true;
}

export async function updateConnection(
  ctx: ServiceContext,
  id: string,
  draftInput: ConnectionDraft,
): Promise<ConnectionView> {
  const draft = parseInput(ConnectionDraft, draftInput);
  // The key file is read (in a worker) first, with the typed passwords over the saved ones; the
  // connection itself is read after, so an edit made meanwhile is not overwritten with stale data.
  const picked =
    draft.keyFile &&
    (await inspectPicked(
      ctx,
      draft.keyFile,
      applySecretInput(ctx.readableSecretsOf(ctx.stored(id)).secrets ?? {}, draft.secrets),
    ));
  const old = ctx.stored(id);
  if (draft.name.toLowerCase() !== old.name.toLowerCase()) ctx.assertNameFree(draft.name);
  ctx.repository.assertWritable();
  // Secrets that cannot be read (missing file, damaged, other keyring) are not needed to repair them.
  const readable = ctx.readableSecretsOf(old);
  let secrets: ConnectionSecrets = { ...readable.secrets };
  const { secrets: _secrets, keyFile: _keyFile, ...fields } = draft;
  // The form's fields replace the saved ones whole (an optional field left empty is cleared).
  const record: StoredConnection = {
    ...fields,
    id,
    createdAt: old.createdAt,
    updatedAt: ctx.now().toISOString(),
    // The track is never cleared by a draft that does not name one (a caller that knows no tracks).
    ...(!fields.setupTrack && old.setupTrack && { setupTrack: old.setupTrack }),
    ...(old.keyFile && { keyFile: old.keyFile }),
    ...(old.lastAuthorise && { lastAuthorise: old.lastAuthorise }),
    ...(old.lastTest && { lastTest: old.lastTest }),
    ...(old.secretsRef && { secretsRef: old.secretsRef }),
    ...(old.orgId && { orgId: old.orgId }),
    ...(old.orgChange && { orgChange: old.orgChange }),
    ...(old.isSandbox !== undefined && { isSandbox: old.isSandbox }),
    ...(old.rotation && { rotation: old.rotation }),
  };
  if (draft.encryption !== old.encryption) {
    // The other option's key and passwords mean nothing now: drop them.
    for (const name of OPTION_SECRETS[old.encryption]) delete secrets[name];
    delete secrets.keyMaterial;
    delete record.keyFile;
  }
  secrets = applySecretInput(secrets, draft.secrets);
  if (readable.problem) {
    const typed = Object.values(draft.secrets ?? {}).some((v) => typeof v === 'string' && v !== '');
    if (!draft.keyFile && !typed) {
      // Only the details changed: keep the unreadable file as it is (a restored keyring may open it again).
      ctx.repository.put([{ ...record, ...(old.secretsSaved && { secretsSaved: old.secretsSaved }) }]);
      return ctx.view(ctx.stored(id));
    }
    if (!draft.keyFile && old.secretsSaved?.includes('keyMaterial')) {
      throw new AppError(
        'BAD_INPUT',
        `${readable.problem.message} Its key file must be picked again too.`,
        'Pick the key file again (Browse), enter its passwords, then save: that replaces the unreadable secrets.',
        { field: 'keyFile' },
      );
    }
  }
  if (draft.keyFile && picked) importKeyFile(ctx, record, secrets, draft.keyFile, picked);
  if (draft.keyFile || draft.encryption !== old.encryption) {
    // Another key: a rotation under way (and its previous key) means nothing for it.
    delete record.rotation;
    delete secrets.previousKey;
  }
  if (ORG_FIELDS.some((f) => (record[f] ?? '') !== (old[f] ?? ''))) {
    // Another user, app or org: the remembered org id is not this login's.
    delete record.orgId;
    delete record.orgChange;
    delete record.isSandbox;
  }
  const loginChanged = LOGIN_FIELDS.some((f) => (record[f] ?? '') !== (old[f] ?? '')) || draft.keyFile !== undefined;
  if (loginChanged || readable.problem) {
    delete secrets.accessToken;
    delete record.lastAuthorise;
    delete record.lastTest;
  }
  // A run on the form with exactly these settings, even after an edit: what was proven is kept.
  keepProven(ctx, record, secrets);
  ctx.save([[record, secrets]]);
  return ctx.view(ctx.stored(id));
}

export function deleteConnection(ctx: ServiceContext, id: string): { deleted: true } {
  const { secretsRef } = ctx.stored(id);
  ctx.repository.remove(id);
  if (secretsRef) ctx.removeUnreferenced([secretsRef]);
  ctx.sessionSecrets.delete(id);
  return { deleted: true };
}

export function duplicateConnection(ctx: ServiceContext, id: string): ConnectionView {
  const source = ctx.stored(id);
  const readable = ctx.readableSecretsOf(source);
  const secrets = { ...readable.secrets };
  delete secrets.accessToken; // a token belongs to the session that made it
  const now = ctx.now().toISOString();
  const { secretsRef: _ref, secretsSaved: _saved, lastAuthorise: _a, lastTest: _t, ...rest } = source;
  const copy: StoredConnection = {
    ...rest,
    id: ctx.newId(),
    name: ctx.freeName(`Copy of ${source.name}`),
    createdAt: now,
    updatedAt: now,
  };
  ctx.save([[copy, secrets]]);
  const view = ctx.view(ctx.stored(copy.id));
  // The copy is made without the secrets that cannot be read, and says so.
  return readable.problem
    ? {
        ...view,
        notice: `Copied without passwords or key file: ${readable.problem.message} Pick the key file and enter the passwords in the copy.`,
      }
    : view;
}

/**
 * The user's choice to save secrets with a weak OS backend (Linux basic_text), or to stop: every
 * connection's secrets move to where the vault now says they belong (disk or this session).
 */
export function setAllowWeakVault(ctx: ServiceContext, allow: boolean): VaultStatus {
  ctx.repository.setAllowWeakVault(allow);
  ctx.vault.setAllowWeak(allow);
  const moving = ctx.repository
    .all()
    .filter((c) => (ctx.vault.persistent ? ctx.sessionSecrets.has(c.id) : c.secretsRef !== undefined));
  // Unreadable secrets stay where they are: moving them would mean losing them.
  const readable = moving.flatMap((c) => {
    const r = ctx.readableSecretsOf(c);
    return r.secrets ? [[c, r.secrets] as const] : [];
  });
  if (readable.length) ctx.save(readable);
  return ctx.vault.status();
}

export function applySecretInput(base: ConnectionSecrets, input: ConnectionDraft['secrets']): ConnectionSecrets {
  const next: ConnectionSecrets = { ...base };
  for (const name of ['keyStorePassword', 'keyPassword', 'passphrase'] as const) {
    const value = input?.[name];
    // null clears; an empty field means "not typed again" and keeps what is saved.
    if (value === null) delete next[name];
    else if (typeof value === 'string' && value !== '') next[name] = value;
  }
  return next;
}

function inspectPicked(ctx: ServiceContext, file: PickedKeyFile, secrets: ConnectionSecrets): Promise<KeyFileInfo> {
  const bytes = Buffer.from(file.base64, 'base64');
  return ctx.keys.inspectKeyFile(
    { bytes, storePassword: secrets.keyStorePassword, passphrase: secrets.passphrase },
    ctx.now(),
  );
}

function importKeyFile(
  ctx: ServiceContext,
  record: StoredConnection,
  secrets: ConnectionSecrets,
  file: PickedKeyFile,
  info: KeyFileInfo,
): void {
  if (!KEY_FORMATS_FOR[record.encryption].has(info.format)) {
    const other: EncryptionOption = record.encryption === 'jks' ? 'privateKey' : 'jks';
    throw new AppError(
      'BAD_INPUT',
      `${file.fileName} is a ${info.formatLabel}, which does not fit the Encryption Option "${ENCRYPTION_LABELS[record.encryption]}".`,
      `Switch Encryption Option to "${ENCRYPTION_LABELS[other]}", or pick another file.`,
      { field: 'keyFile' },
    );
  }
  const wanted = record.certificateName?.toLowerCase();
  const entry =
    info.entries.find((e) => e.kind === 'privateKey' && (!wanted || e.alias.toLowerCase() === wanted)) ??
    info.entries.find((e) => e.kind === 'privateKey');
  const keyFile: KeyFileRecord = {
    fileName: file.fileName,
    format: info.format,
    importedAt: ctx.now().toISOString(),
    ...(entry?.certificate && {
      certificate: {
        subject: entry.certificate.subject,
        sha256Fingerprint: entry.certificate.sha256Fingerprint,
        validTo: entry.certificate.validTo,
      },
    }),
  };
  record.keyFile = keyFile;
  secrets.keyMaterial = file.base64;
}
