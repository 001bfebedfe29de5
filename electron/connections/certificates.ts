// A connection's certificate over time: renew it for the same key (logins go on whatever Salesforce
// holds), ask its CA for a new one (a CSR), or rotate to a new key with the current one kept as the
// fallback until Salesforce has the new certificate (login-lifecycle.ts does the fallback).
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { AppError } from '../../shared/errors.js';
import type { ConnectionSecrets, ConnectionView, KeyFileRecord } from '../../shared/connection.js';
import type { CertificateSummary } from '../../shared/keys.js';
import { DEFAULT_CERTIFICATE_DAYS, RENEWED_NOTICE, type PreviousKey } from '../../shared/lifecycle.js';
import type { CertificateChange, CreatedFiles } from '../../shared/api.js';
import { parseCertificate, summariseCertificate } from '../keys/certificate.js';
import {
  certificateRequestPem,
  forgeKeyOf,
  pkcs12Of,
  privateKeyPem,
  selfSignedPem,
  subjectAttributes,
  subjectOf,
} from '../keys/certificate-forge.js';
import { fileBaseName } from '../keys/create-certificate.js';
import type { KeySource } from '../keys/load.js';
import type { ServiceContext } from './context.js';
import type { StoredConnection } from './repository.js';
import { signingSource } from './runs.js';

const generateKeyPairAsync = promisify(generateKeyPair);

/** The connection, its readable secrets and its key source; refused when there is no key to work with. */
function withKey(
  ctx: ServiceContext,
  id: string,
): { c: StoredConnection; secrets: ConnectionSecrets; source: KeySource } {
  ctx.repository.assertWritable();
  const c = ctx.stored(id);
  const secrets = { ...ctx.secretsOf(c) };
  if (!secrets.keyMaterial) {
    throw new AppError(
      'BAD_INPUT',
      `"${c.name}" has no key saved.`,
      'Pick its key file in the connection first (or create a key and certificate).',
      { field: 'keyFile' },
    );
  }
  if (c.encryption === 'jks' && !secrets.keyStorePassword) {
    throw new AppError(
      'PASSWORD_REQUIRED',
      `"${c.name}" has no Key Store Password saved.`,
      'Enter the Key Store Password in the connection and save it first.',
      { field: 'keyStorePassword' },
    );
  }
  return { c, secrets, source: signingSource(c, secrets) };
}

/**
 * The key file that carries `key` with `certificatePem`, protected as the connection's current one
 * was: a PEM (key, encrypted with the saved passphrase if there is one, then the certificate), or for
 * a keystore connection a PKCS#12 under the same alias and store password (the key password, if the
 * keystore had its own, is now the store password: a PKCS#12 has one).
 */
function keyFileWith(
  c: StoredConnection,
  secrets: ConnectionSecrets,
  key: ReturnType<typeof forgeKeyOf>,
  certificatePem: string,
  alias: string,
): { material: Buffer; format: KeyFileRecord['format']; fileName: string } {
  const base = fileBaseName(c.keyFile?.fileName.replace(/\.[a-z0-9]+$/i, '') || c.name);
  if (c.encryption === 'jks') {
    return {
      material: pkcs12Of(key, certificatePem, secrets.keyStorePassword as string, alias),
      format: 'pkcs12',
      fileName: `${base}.p12`,
    };
  }
  return {
    material: Buffer.from(`${privateKeyPem(key, secrets.passphrase)}${certificatePem}`),
    format: 'pem',
    fileName: `${base}.pem`,
  };
}

function certificateRecord(summary: CertificateSummary): NonNullable<KeyFileRecord['certificate']> {
  return { subject: summary.subject, sha256Fingerprint: summary.sha256Fingerprint, validTo: summary.validTo };
}

async function replaceKeyFile(
  ctx: ServiceContext,
  c: StoredConnection,
  secrets: ConnectionSecrets,
  made: ReturnType<typeof keyFileWith>,
  alias: string,
  certificatePem: string,
  extra: Partial<StoredConnection>,
): Promise<{ connection: ConnectionView; certificate: CertificateSummary; files: CreatedFiles['files'] }> {
  const next: ConnectionSecrets = { ...secrets, keyMaterial: made.material.toString('base64') };
  if (c.encryption === 'jks') delete next.keyPassword;
  // What was made must load as the connection will load it, before it replaces anything.
  const loaded = await ctx.keys.loadSigningKey(
    signingSource({ ...c, certificateName: c.encryption === 'jks' ? alias : c.certificateName }, next),
    ctx.now(),
  );
  const certificate = loaded.certificate ?? summariseCertificate(parseCertificate(certificatePem), ctx.now());
  const now = ctx.now().toISOString();
  const current = ctx.stored(c.id); // re-read: a run may have recorded a result meanwhile
  const record: StoredConnection = {
    ...current,
    ...extra,
    updatedAt: now,
    ...(c.encryption === 'jks' && { certificateName: alias }),
    keyFile: {
      fileName: made.fileName,
      format: made.format,
      importedAt: now,
      certificate: certificateRecord(certificate),
    },
  };
  ctx.save([[record, next]]);
  const crtName = `${fileBaseName(/CN=([^,]+)/.exec(certificate.subject)?.[1] ?? c.name)}.crt`;
  return {
    connection: ctx.view(ctx.stored(c.id)),
    certificate,
    files: [
      { kind: 'certificate', fileName: crtName, base64: Buffer.from(certificatePem).toString('base64') },
      ...(made.format === 'pkcs12'
        ? [{ kind: 'pkcs12' as const, fileName: made.fileName, base64: made.material.toString('base64') }]
        : []),
    ],
  };
}

/** A new self-signed certificate for the connection's own key: same subject, new serial and validity. */
export async function renewCertificate(
  ctx: ServiceContext,
  input: { id: string; days?: number | undefined },
): Promise<CertificateChange> {
  const { c, secrets, source } = withKey(ctx, input.id);
  const signing = await ctx.keys.loadSigningKey(source, ctx.now());
  if (signing.certificate && !signing.certificate.selfSigned) {
    throw new AppError(
      'CERTIFICATE_CA_SIGNED',
      `The certificate of "${c.name}" was signed by a certificate authority (${signing.certificate.issuer}); jwt-connect does not re-issue it.`,
      'Send a certificate signing request (CSR) for the same key to that CA (Renew certificate… offers it; CLI: renew-certificate NAME --csr), then pick the keystore or key file with the certificate it returns.',
      { issuer: signing.certificate.issuer },
    );
  }
  const subject = signing.certificate
    ? subjectOf(await ctx.keys.certificateOf(source))
    : subjectAttributes(fileBaseName(c.name));
  const key = forgeKeyOf(signing.key);
  const certificatePem = selfSignedPem(key, subject, input.days ?? DEFAULT_CERTIFICATE_DAYS, ctx.now());
  const alias = signing.alias || c.certificateName || fileBaseName(c.name);
  const made = keyFileWith(c, secrets, key, certificatePem, alias);
  const done = await replaceKeyFile(ctx, c, secrets, made, alias, certificatePem, {});
  return { ...done, notice: RENEWED_NOTICE };
}

/** A certificate signing request for the connection's key, with its certificate's subject: for a CA to sign. */
export async function certificateRequest(
  ctx: ServiceContext,
  input: { id: string },
): Promise<{ fileName: string; pem: string }> {
  const { c, source } = withKey(ctx, input.id);
  const signing = await ctx.keys.loadSigningKey(source, ctx.now());
  const subject = signing.certificate
    ? subjectOf(await ctx.keys.certificateOf(source))
    : subjectAttributes(fileBaseName(c.name));
  return { fileName: `${fileBaseName(c.name)}.csr`, pem: certificateRequestPem(signing.key, subject) };
}

/**
 * A new key and certificate; the current key becomes the fallback (in the vault) until a login with
 * the new key succeeds. Nothing changes for logins until the new certificate is uploaded.
 */
export async function rotateKey(
  ctx: ServiceContext,
  input: { id: string; bits?: 2048 | 3072 | 4096 | undefined; days?: number | undefined },
): Promise<CertificateChange> {
  const { c, secrets, source } = withKey(ctx, input.id);
  if (c.rotation) {
    throw new AppError(
      'BAD_INPUT',
      c.rotation.newKeyProvenAt
        ? `"${c.name}" still keeps the key of its last rotation.`
        : `A key rotation of "${c.name}" is under way: Salesforce does not have its new certificate yet.`,
      c.rotation.newKeyProvenAt
        ? 'Remove the previous key first (Rotate key… → Remove previous key; CLI: rotate-key NAME --finish), then rotate again.'
        : 'Upload the new certificate and log in once (Test Connection), then finish that rotation before starting another.',
    );
  }
  // The current key must work before it becomes the fallback.
  const current = await ctx.keys.loadSigningKey(source, ctx.now());
  const subject = current.certificate
    ? subjectOf(await ctx.keys.certificateOf(source))
    : subjectAttributes(fileBaseName(c.name));
  const bits = input.bits ?? 2048;
  if (![2048, 3072, 4096].includes(bits))
    throw new AppError('BAD_INPUT', 'The key size must be 2048, 3072 or 4096 bits.', undefined, { field: 'bits' });
  const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  const key = forgeKeyOf(privateKey);
  const certificatePem = selfSignedPem(key, subject, input.days ?? DEFAULT_CERTIFICATE_DAYS, ctx.now());
  const alias = current.alias || c.certificateName || fileBaseName(c.name);
  const previousKey: PreviousKey = {
    keyMaterial: secrets.keyMaterial as string,
    encryption: c.encryption,
    ...(secrets.keyStorePassword && { keyStorePassword: secrets.keyStorePassword }),
    ...(secrets.keyPassword && { keyPassword: secrets.keyPassword }),
    ...(secrets.passphrase && { passphrase: secrets.passphrase }),
    ...(c.certificateName && { certificateName: c.certificateName }),
  };
  const made = keyFileWith(c, secrets, key, certificatePem, alias);
  const done = await replaceKeyFile(ctx, c, { ...secrets, previousKey }, made, alias, certificatePem, {
    rotation: {
      startedAt: ctx.now().toISOString(),
      ...(c.keyFile?.certificate && { previousCertificate: c.keyFile.certificate }),
    },
  });
  return {
    ...done,
    notice:
      'Upload the new certificate to the app in Salesforce (and deploy the updated setup files where you use them). Until then logins try the new key first and, when Salesforce refuses it, the previous key once more.',
  };
}

/** Ends a rotation: the previous key leaves the vault. Before the new key has logged in, only when forced. */
export function finishRotation(
  ctx: ServiceContext,
  input: { id: string; force?: boolean | undefined },
): ConnectionView {
  ctx.repository.assertWritable();
  const c = ctx.stored(input.id);
  if (!c.rotation)
    throw new AppError('BAD_INPUT', `"${c.name}" has no key rotation under way.`, 'Rotate key… starts one.');
  if (!c.rotation.newKeyProvenAt && !input.force) {
    throw new AppError(
      'BAD_INPUT',
      `No login with the new key of "${c.name}" has succeeded yet: without the previous key, logins stop until Salesforce has the new certificate.`,
      'Upload the new certificate, run Test Connection once, then remove the previous key. To remove it anyway: rotate-key NAME --finish --force.',
    );
  }
  const secrets = { ...ctx.secretsOf(c) };
  delete secrets.previousKey;
  const { rotation: _rotation, ...rest } = c;
  ctx.save([[{ ...rest, updatedAt: ctx.now().toISOString() }, secrets]]);
  return ctx.view(ctx.stored(c.id));
}
