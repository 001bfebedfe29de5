// create-certificate: a new RSA key and self-signed certificate as files, for the Connected App.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createCertificate, fileBaseName } from '../keys/create-certificate.js';
import type { CreateCertificateValues } from './commands/create-certificate.js';
import { print, usageError, type CliIo } from './output.js';
import { existingKind, refuseLink, writeFileSafely } from './safe-write.js';
import { ENV } from '../../shared/env-vars.js';

const PRIVATE = 0o600;
const PUBLIC = 0o644;

export async function createCertificateCommand(values: CreateCertificateValues, io: CliIo): Promise<void> {
  if (!values['common-name']) throw usageError("--common-name is required (the certificate's CN).");
  const passphrase = values.passphrase;
  const pkcs12Password = values.pkcs12 ? values['keystore-password'] : undefined;
  if (values.pkcs12 && !pkcs12Password)
    throw usageError(`--pkcs12 needs --keystore-password (or ${ENV.keystorePassword.name}).`);
  const bits = values.bits ?? 2048;
  const outDir = resolve(values['out-dir'] ?? '.');
  const base = values.name ?? fileBaseName(values['common-name']);
  const paths = {
    privateKey: join(outDir, `${base}.key`),
    certificate: join(outDir, `${base}.crt`),
    ...(values.pkcs12 && { pkcs12: join(outDir, `${base}.p12`) }),
  };
  // Checked before the (slow) key generation, and again by each write.
  const flagHint = 'choose another --name or --out-dir';
  const kinds = Object.values(paths).map((p) => [p, existingKind(p)] as const);
  const link = kinds.find(([, k]) => k === 'symlink');
  if (link) throw refuseLink(link[0], flagHint);
  const existing = kinds.filter(([, k]) => k !== 'none').map(([p]) => p);
  if (existing.length && !values.force)
    throw usageError(
      `Not overwriting ${existing.join(', ')}.`,
      `Choose another --name or --out-dir, or add --force to replace them.`,
    );
  const created = await createCertificate({
    commonName: values['common-name'],
    organization: values.organization,
    days: values.days ?? 365,
    bits: bits as 2048 | 3072 | 4096,
    passphrase,
    pkcs12Password,
    alias: values['certificate-name'],
  });
  mkdirSync(outDir, { recursive: true });
  const force = values.force === true;
  writeFileSafely(paths.privateKey, created.privateKeyPem, PRIVATE, force, flagHint);
  writeFileSafely(paths.certificate, created.certificatePem, PUBLIC, force, flagHint);
  if (paths.pkcs12 && created.pkcs12) writeFileSafely(paths.pkcs12, created.pkcs12, PRIVATE, force, flagHint);
  const c = created.certificate;
  print(
    io,
    values.json,
    [
      `Created a ${bits}-bit RSA key and a self-signed certificate.`,
      `Private key:  ${paths.privateKey}${passphrase ? ' (encrypted)' : ''}`,
      `Certificate:  ${paths.certificate}   <- upload this to the Connected App ("Use digital signatures")`,
      ...(paths.pkcs12 ? [`Keystore:     ${paths.pkcs12} (alias "${created.alias}")`] : []),
      `Subject:      ${c.subject}`,
      `Valid until:  ${c.validTo.slice(0, 10)} (${c.daysLeft} days)`,
      `SHA-256:      ${c.sha256Fingerprint}`,
    ].join('\n'),
    { files: paths, alias: created.alias, keyEncrypted: Boolean(passphrase), certificate: c },
  );
}
