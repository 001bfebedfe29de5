// jwt-connect setup-files: the External Client App for a saved connection's certificate (or a
// certificate file) as a source-format project in a folder, ready for sf project deploy start.
import { X509Certificate } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { shellQuote } from '../../shared/shell-quote.js';
import type { SetupConnectionFacts } from '../salesforce/eca-setup/options.js';
import { filesFor, resolveSetupOptions, writeSetupFolder } from '../salesforce/eca-setup/index.js';
import { print, usageError, type CliIo } from './output.js';
import { ENV } from '../../shared/env-vars.js';

export interface SetupFilesValues {
  connection?: string[] | undefined;
  certificate?: string | undefined;
  'app-name'?: string | undefined;
  'api-name'?: string | undefined;
  'permission-set'?: string | undefined;
  'contact-email'?: string | undefined;
  'api-version'?: string | undefined;
  'admin-org'?: string | undefined;
  out?: string | undefined;
  force?: boolean | undefined;
  json?: boolean | undefined;
  // a certificate file that is a keystore
  'keystore-password'?: string | undefined;
  'certificate-name'?: string | undefined;
  // where saved connections come from
  'data-dir'?: string | undefined;
  from?: string | undefined;
}

/** A keystore is at most 4 MiB (the key loader's cap); a certificate far less. */
const MAX_CERTIFICATE_FILE_BYTES = 4 * 1024 * 1024;

function readBounded(path: string): Buffer {
  let fd: number;
  try {
    // Non-blocking, so a FIFO in place of the file cannot hang the command.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    throw new AppError('BAD_INPUT', `${path} does not exist or cannot be read.`, 'Check the path.', {
      field: 'certificate',
    });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      throw new AppError('BAD_INPUT', `${path} is not a regular file.`, 'Give the certificate file.', {
        field: 'certificate',
      });
    if (stat.size > MAX_CERTIFICATE_FILE_BYTES)
      throw new AppError(
        'BAD_INPUT',
        `${path} is larger than any certificate or keystore (${Math.round(stat.size / 1e6)} MB).`,
        'Give the certificate file.',
        { field: 'certificate' },
      );
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * The certificate in a file: a PEM certificate (alone, in a chain, or beside a private key, which
 * is not opened), a DER certificate, or a keystore's entry (with --keystore-password).
 */
async function certificateFromFile(path: string, values: SetupFilesValues, io: CliIo): Promise<X509Certificate> {
  const bytes = readBounded(path);
  const text = bytes.toString('latin1');
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(text);
  if (pem) {
    try {
      return new X509Certificate(pem[0]);
    } catch {
      throw new AppError(
        'KEY_FILE_CORRUPT',
        `The certificate in ${path} could not be read.`,
        'The file may be damaged. Export the certificate again.',
        { field: 'certificate' },
      );
    }
  }
  try {
    return new X509Certificate(bytes);
  } catch {
    /* not a DER certificate: perhaps a keystore */
  }
  const { certificateOf } = await import('../keys/load.js');
  return certificateOf({
    bytes,
    storePassword: values['keystore-password'] ?? io.env[ENV.keystorePassword.name],
    alias: values['certificate-name'],
  });
}

interface FromConnection {
  certificatePem: string;
  connection: SetupConnectionFacts;
}

async function fromSavedConnection(name: string, values: SetupFilesValues, io: CliIo): Promise<FromConnection> {
  const { openSource, findConnection } = await import('./source.js');
  const source = await openSource(values as Parameters<typeof openSource>[0], io, true);
  try {
    const view = findConnection(source, name);
    const problem = source.secretsProblem(view);
    if (problem) throw problem;
    if (view.secrets.keyMaterial !== 'saved') {
      throw new AppError(
        'BAD_INPUT',
        `"${view.name}" has no key file saved, so its certificate is not known here.`,
        'Pick the key in the jwt-connect window and save, or give --certificate FILE.',
        { field: 'certificate' },
      );
    }
    const exported = await source.services.service.exportCertificate({ id: view.id });
    return {
      certificatePem: exported.pem,
      connection: {
        name: view.name,
        username: view.username,
        environment: view.environment,
        myDomainUrl: view.myDomainUrl,
      },
    };
  } finally {
    source.close();
  }
}

export async function setupFilesCommand(values: SetupFilesValues, io: CliIo): Promise<void> {
  const names = values.connection ?? [];
  if (names.length > 1) throw usageError('setup-files makes the files for one connection: give --connection once.');
  if (names.length && values.certificate) throw usageError('Give --connection NAME or --certificate FILE, not both.');
  if (!names.length && !values.certificate)
    throw usageError('Give --connection NAME (a saved connection) or --certificate FILE (the certificate to upload).');
  if (!values.out) throw usageError('Give --out DIR: the folder to write the project to.');

  const from: FromConnection =
    names[0] !== undefined
      ? await fromSavedConnection(names[0], values, io)
      : {
          certificatePem: (await certificateFromFile(resolve(values.certificate as string), values, io)).toString(),
          connection: {},
        };

  const resolved = resolveSetupOptions({
    certificatePem: from.certificatePem,
    appName: values['app-name'],
    apiName: values['api-name'],
    permissionSet: values['permission-set'],
    contactEmail: values['contact-email'],
    apiVersion: values['api-version'],
    adminOrg: values['admin-org'],
    connection: from.connection,
  });
  const files = filesFor(resolved);
  const dir = resolve(values.out);
  writeSetupFolder(dir, files, { force: values.force === true });
  print(
    io,
    values.json,
    [
      `Wrote the External Client App "${resolved.appName}" (${resolved.apiName}) to ${dir}:`,
      ...files.map((f) => `  ${f.path}`),
      `Certificate: ${resolved.certificateSubject}, valid until ${resolved.certificateValidTo}`,
      '',
      `Next: the commands in ${resolve(dir, 'README.md')}, starting with`,
      `  cd ${shellQuote(dir)} && sf project deploy start --manifest manifest/package.xml --target-org ${shellQuote(resolved.adminOrg)}`,
    ].join('\n'),
    {
      dir,
      files: files.map((f) => f.path),
      appName: resolved.appName,
      apiName: resolved.apiName,
      permissionSet: resolved.permissionSet,
      apiVersion: resolved.apiVersion,
      contactEmail: resolved.contactEmail ?? null,
      certificate: {
        subject: resolved.certificateSubject,
        sha256Fingerprint: resolved.certificateFingerprint,
        validTo: resolved.certificateValidTo,
      },
    },
  );
}
