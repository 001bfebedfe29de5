// renew-certificate and rotate-key: the same service calls as the window's Renew certificate… and
// Rotate key…, with the files written where the user says (never through a link, never over a file
// without --force). rotate-key also writes the External Client App setup files for the new certificate.
import { join, resolve } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { escapeField } from '../../shared/safe-text.js';
import type { CertificateChange } from '../../shared/api.js';
import type { ConnectionView } from '../../shared/connection.js';
import { print, usageError, type CliIo } from './output.js';
import { writeFileSafely } from './safe-write.js';
import { findConnection, openSource, type Source } from './source.js';

type SourceFlags = Parameters<typeof openSource>[0];
interface Common {
  json?: boolean | undefined;
  force?: boolean | undefined;
}
export type RenewValues = SourceFlags &
  Common & {
    days?: number | string | undefined;
    out?: string | undefined;
    'keystore-out'?: string | undefined;
    csr?: boolean | undefined;
  };
export type RotateValues = SourceFlags &
  Common & {
    bits?: number | string | undefined;
    days?: number | string | undefined;
    'out-dir'?: string | undefined;
    finish?: boolean | undefined;
    'app-name'?: string | undefined;
  };

function whole(value: number | string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw usageError(`${flag} must be a whole number from ${min} to ${max}, not "${value}".`);
  return n;
}

function oneName(positionals: string[], command: string): string {
  if (positionals.length !== 1)
    throw usageError(
      `${command} takes one connection NAME, got ${positionals.length}.`,
      `Run jwt-connect ${command} --help.`,
    );
  return positionals[0] as string;
}

/** The saved connection to change, in a data folder this process may write (an export file is read-only here). */
async function changing(
  values: SourceFlags,
  io: CliIo,
  name: string,
  command: string,
): Promise<{ source: Source; c: ConnectionView }> {
  const source = await openSource(values, io, true);
  try {
    if (source.kind === 'from') {
      throw usageError(
        `${command} saves the new certificate with the connection, which an export file (--from) cannot keep.`,
        'Import the file first (jwt-connect import FILE), or run it in the folder the window uses.',
      );
    }
    const c = findConnection(source, name);
    const problem = source.secretsProblem(c);
    if (problem) throw problem;
    return { source, c };
  } catch (error) {
    source.close();
    throw error;
  }
}

function writeChange(
  change: CertificateChange,
  paths: { certificate: string; keystore?: string | undefined },
  force: boolean,
): string[] {
  const written: string[] = [];
  for (const f of change.files) {
    const path = f.kind === 'certificate' ? paths.certificate : f.kind === 'pkcs12' ? paths.keystore : undefined;
    if (!path) continue;
    // The certificate is public; a keystore holds the key: owner-only.
    writeFileSafely(
      path,
      Buffer.from(f.base64, 'base64'),
      f.kind === 'certificate' ? 0o644 : 0o600,
      force,
      'choose another path or add --force',
    );
    written.push(path);
  }
  return written;
}

const summaryOf = (change: CertificateChange) => ({
  subject: change.certificate.subject,
  serialNumber: change.certificate.serialNumber,
  sha256Fingerprint: change.certificate.sha256Fingerprint,
  validTo: change.certificate.validTo,
  daysLeft: change.certificate.daysLeft,
});

export async function renewCertificateCommand(values: RenewValues, positionals: string[], io: CliIo): Promise<void> {
  const name = oneName(positionals, 'renew-certificate');
  const days = whole(values.days, '--days', 1, 3650);
  const { source, c } = await changing(values, io, name, 'renew-certificate');
  const service = source.services.service;
  try {
    if (values.csr) {
      const request = await service.certificateRequest({ id: c.id });
      const path = resolve(values.out ?? request.fileName);
      writeFileSafely(path, request.pem, 0o644, values.force === true, 'choose another --out or add --force');
      print(
        io,
        values.json,
        `Wrote a certificate signing request for the key of "${escapeField(c.name)}" to ${path}. Send it to the certificate authority; pick the certificate it returns in the window (with the same key).`,
        { connection: c.name, csr: path },
      );
      return;
    }
    const change = await service.renewCertificate({ id: c.id, ...(days !== undefined && { days }) });
    const certificate = resolve(
      values.out ?? change.files.find((f) => f.kind === 'certificate')?.fileName ?? 'certificate.crt',
    );
    const keystore = values['keystore-out'] ? resolve(values['keystore-out']) : undefined;
    const written = writeChange(change, { certificate, keystore }, values.force === true);
    print(
      io,
      values.json,
      [
        `Renewed the certificate of "${escapeField(c.name)}": ${change.certificate.subject}, valid until ${change.certificate.validTo.slice(0, 10)} (${change.certificate.daysLeft} days).`,
        `Wrote ${written.join(' and ')}.`,
        change.notice,
      ].join('\n'),
      { connection: c.name, certificate: summaryOf(change), files: written, notice: change.notice },
    );
  } finally {
    source.close();
  }
}

export async function rotateKeyCommand(values: RotateValues, positionals: string[], io: CliIo): Promise<void> {
  const name = oneName(positionals, 'rotate-key');
  const { source, c } = await changing(values, io, name, 'rotate-key');
  const service = source.services.service;
  try {
    if (values.finish) {
      const done = service.finishRotation({ id: c.id, force: values.force === true });
      print(io, values.json, `The rotation of "${escapeField(c.name)}" is finished: its previous key was removed.`, {
        connection: done.name,
        finished: true,
      });
      return;
    }
    const bits = whole(values.bits, '--bits', 2048, 4096);
    if (bits !== undefined && ![2048, 3072, 4096].includes(bits))
      throw usageError(`--bits must be 2048, 3072 or 4096, not ${bits}.`);
    const days = whole(values.days, '--days', 1, 3650);
    const dir = resolve(values['out-dir'] ?? '.');
    const change = await service.rotateKey({
      id: c.id,
      ...(bits !== undefined && { bits: bits as 2048 | 3072 | 4096 }),
      ...(days !== undefined && { days }),
    });
    const file = (kind: string) => change.files.find((f) => f.kind === kind)?.fileName;
    const written = writeChange(
      change,
      {
        certificate: join(dir, file('certificate') ?? 'certificate.crt'),
        keystore: file('pkcs12') && join(dir, file('pkcs12') as string),
      },
      values.force === true,
    );
    const setup = await writeSetupFiles(change, c, dir, values);
    print(
      io,
      values.json,
      [
        `Rotated the key of "${escapeField(c.name)}": a new key and certificate (${change.certificate.subject}, valid until ${change.certificate.validTo.slice(0, 10)}); the previous key is kept as a fallback.`,
        `Wrote ${written.join(' and ')}${setup ? `, and the setup files for the new certificate in ${setup}` : ''}.`,
        change.notice,
        `Once a login with the new key has worked (jwt-connect test --connection "${escapeField(c.name)}"), remove the previous key: jwt-connect rotate-key "${escapeField(c.name)}" --finish`,
      ].join('\n'),
      {
        connection: c.name,
        certificate: summaryOf(change),
        files: written,
        ...(setup && { setupFiles: setup }),
        notice: change.notice,
      },
    );
  } finally {
    source.close();
  }
}

/** The External Client App project with the new certificate, beside it: deploy it to move the app to the new key. */
async function writeSetupFiles(
  change: CertificateChange,
  c: ConnectionView,
  dir: string,
  values: RotateValues,
): Promise<string | undefined> {
  const { generateSetupFiles, writeSetupFolder } = await import('../salesforce/eca-setup/index.js');
  const certificatePem = Buffer.from(
    change.files.find((f) => f.kind === 'certificate')?.base64 ?? '',
    'base64',
  ).toString('utf8');
  if (!certificatePem) return undefined;
  const files = generateSetupFiles({
    certificatePem,
    ...(values['app-name'] && { appName: values['app-name'] }),
    connection: { name: c.name, username: c.username, environment: c.environment, myDomainUrl: c.myDomainUrl },
  });
  const folder = join(dir, 'salesforce-setup');
  try {
    writeSetupFolder(folder, files, { force: values.force === true });
  } catch (error) {
    // The rotation is saved; only the convenience files failed: say so rather than fail the command.
    if (error instanceof AppError)
      throw new AppError(
        error.code,
        `The key was rotated and the certificate written, but the setup files were not: ${error.message}`,
        error.hint,
      );
    throw error;
  }
  return folder;
}
