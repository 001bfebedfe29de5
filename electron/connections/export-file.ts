// The export file. Version 2: with a passphrase, the passphrase authenticates the whole document
// (HMAC-SHA256 over a canonical serialisation of everything but the MAC), and encrypts the secrets
// (AES-256-GCM, 16-byte tags). One PBKDF2-SHA256 key is split by HKDF into separate subkeys for the
// MAC, the encryption and a passphrase check (which tells "wrong passphrase" from "edited file").
// PBKDF2 rather than scrypt: Electron's BoringSSL build of Node may lack scrypt. Without a passphrase
// a file holds no secrets and is not authenticated, and importing it says so. Version-1 files (only
// the secrets block protected) still import, with a warning that their details are unauthenticated.
import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import type { ConnectionSecrets } from '../../shared/connection.js';
import { ENV } from '../../shared/env-vars.js';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  MIN_EXPORT_PASSPHRASE,
  SecretsById,
  CHUNK,
  nextTurn,
  checkConnections,
  readExportJson,
  parseHeader,
  type EncryptedSecretsV1,
  type ExportDocument,
} from './export-file-format.js';
import { deriveKey, macOf, subkeys } from './export-file-mac.js';

const PBKDF2_ITERATIONS = 600_000;

export function assertPassphrase(passphrase: string | undefined): asserts passphrase is string {
  if (!passphrase || passphrase.length < MIN_EXPORT_PASSPHRASE) {
    throw new AppError(
      'BAD_INPUT',
      `The export passphrase must be at least ${MIN_EXPORT_PASSPHRASE} characters.`,
      'Choose a longer passphrase; whoever imports the file will need it.',
      { field: 'passphrase' },
    );
  }
}

/** Builds a version-2 document; with a passphrase it is signed, and `secrets` (if any) encrypted. */
export async function buildExport(
  base: { exportedAt: string; connections: unknown[] },
  secrets: Record<string, ConnectionSecrets> | undefined,
  passphrase: string | undefined,
): Promise<Record<string, unknown>> {
  const doc: Record<string, unknown> = { format: EXPORT_FORMAT, version: EXPORT_VERSION, ...base };
  if (passphrase === undefined) {
    if (secrets) assertPassphrase(passphrase);
    return doc;
  }
  assertPassphrase(passphrase);
  const salt = randomBytes(16);
  const keys = await subkeys(passphrase, salt, PBKDF2_ITERATIONS);
  if (secrets) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keys.enc, iv, { authTagLength: 16 });
    const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
    doc.secrets = {
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }
  doc.auth = {
    kdf: 'pbkdf2-sha256',
    iterations: PBKDF2_ITERATIONS,
    salt: salt.toString('base64'),
    check: keys.check.toString('base64'),
  };
  (doc.auth as Record<string, unknown>).mac = (await macOf(doc, keys.mac)).toString('base64');
  return doc;
}

export interface OpenedExport {
  doc: ExportDocument;
  secrets: Record<string, ConnectionSecrets>;
  warnings: string[];
}

const wrongPassphrase = (withSecrets = true) =>
  new AppError(
    'EXPORT_PASSPHRASE_WRONG',
    withSecrets
      ? 'The passphrase does not open the secrets in this export file.'
      : 'The passphrase does not match the one this export file was signed with.',
    'Enter the passphrase chosen when the file was exported.',
    { field: 'passphrase' },
  );
const tampered = () =>
  new AppError(
    'EXPORT_TAMPERED',
    'This export file was changed after it was exported, so it was refused.',
    "Someone or something edited it (a connection's URL, username or key may have been redirected). Ask for a fresh export and import that one.",
  );

/**
 * Parses, checks and (with the passphrase) authenticates and decrypts an export. `skipSecrets`
 * imports definitions only: a signed file still needs its passphrase to prove its details.
 */
export async function openExport(
  text: string,
  passphrase: string | undefined,
  skipSecrets: boolean,
  unchecked = false,
  requireSigned = false,
): Promise<OpenedExport> {
  const raw = readExportJson(text);
  const header = parseHeader(raw);
  const doc: ExportDocument = { ...header, connections: [] };
  // A pipeline that asked for signed files takes nothing else, whatever else would be accepted.
  if (requireSigned) {
    if (doc.version === 1) throw notSigned('it is a version-1 export, whose details no signature covers');
    if (!doc.auth) throw notSigned('it was exported without a passphrase, so nothing signs its details');
    unchecked = false; // a signed file is then opened only with its passphrase (asked for below)
  }
  const warnings: string[] = [];
  let secrets: Record<string, ConnectionSecrets> = {};
  // A signature cannot be taken off a file, nor a signed file passed off as version 1, unnoticed by
  // someone who holds its passphrase: version 1 had no signature, and a passphrase was given for one.
  if (doc.version === 1 && raw.auth !== undefined) throw tampered();
  if (passphrase && !doc.auth && !(doc.version === 1 && doc.secrets)) throw unsigned();
  if (doc.version === 1) {
    warnings.push(
      'This is a version-1 export: its connection details (URLs, usernames, consumer keys) are not authenticated. Import it only if it came straight from someone you trust, and check the My Domain URL and Audience before pressing Authorise.',
    );
    if (doc.secrets && !skipSecrets) {
      const s = doc.secrets as z.infer<typeof EncryptedSecretsV1>;
      if (!('kdf' in s))
        throw new AppError(
          'EXPORT_FILE_INVALID',
          'The export file is damaged or incomplete.',
          'Export the connections again.',
        );
      if (!passphrase) throw needPassphrase();
      const key = await deriveKey(passphrase, Buffer.from(s.salt, 'base64'), s.iterations);
      secrets = await decrypt(key, s, () => wrongPassphrase());
    }
    doc.connections = await checkConnections(header.connections);
    return { doc, secrets, warnings };
  }
  if (!doc.auth) {
    if (doc.secrets)
      throw new AppError(
        'EXPORT_FILE_INVALID',
        'The export file is damaged or incomplete (encrypted secrets without their signature).',
        'Export the connections again.',
      );
    warnings.push(
      'This export was made without a passphrase, so its connection details (URLs, usernames, consumer keys) are not authenticated. Check the My Domain URL and Audience before pressing Authorise.',
    );
    doc.connections = await checkConnections(header.connections);
    return { doc, secrets, warnings };
  }
  if (!passphrase && skipSecrets && unchecked) {
    // The user chose to go on without the passphrase: the definitions come in, said to be unchecked.
    warnings.push(
      'This export is signed, but no passphrase was given, so its connection details (URLs, usernames, consumer keys) were not checked. Check the My Domain URL and Audience before pressing Authorise, or import again with the passphrase.',
    );
    doc.connections = await checkConnections(header.connections);
    return { doc, secrets, warnings };
  }
  if (!passphrase) {
    throw new AppError(
      'BAD_INPUT',
      doc.secrets
        ? 'This export file holds encrypted secrets and needs its passphrase.'
        : 'This export file is signed: enter its passphrase to check it has not been changed.',
      doc.secrets
        ? 'Enter the passphrase chosen at export, or import the definitions without secrets.'
        : 'Enter the passphrase chosen at export, or import without checking.',
      { field: 'passphrase', holdsSecrets: Boolean(doc.secrets) },
    );
  }
  const keys = await subkeys(passphrase, Buffer.from(doc.auth.salt, 'base64'), doc.auth.iterations);
  if (!timingSafeEqual(keys.check, Buffer.from(doc.auth.check, 'base64')))
    throw wrongPassphrase(doc.secrets !== undefined);
  let mac: Buffer;
  try {
    mac = await macOf(raw, keys.mac);
  } catch {
    throw tampered(); // nested deeper than any export we write (the call stack ran out): not ours as written
  }
  if (!timingSafeEqual(mac, Buffer.from(doc.auth.mac, 'base64'))) throw tampered();
  if (doc.secrets && !skipSecrets) {
    if ('kdf' in doc.secrets) throw tampered();
    secrets = await decrypt(keys.enc, doc.secrets, tampered);
  }
  doc.connections = await checkConnections(header.connections);
  return { doc, secrets, warnings };
}

function notSigned(why: string): AppError {
  return new AppError(
    'EXPORT_NOT_SIGNED',
    `Only a signed export is accepted here, and this file is not one: ${why}.`,
    `Export the connections again with a passphrase (signed, version 2) and give that passphrase ($${ENV.exportPassphrase.name} in a pipeline).`,
  );
}

const unsigned = () =>
  new AppError(
    'EXPORT_TAMPERED',
    'A passphrase was given, but this export file is not signed with one, so it was refused: its signature may have been removed.',
    'Ask for a fresh export made with a passphrase. If you trust where this file came from, import it without a passphrase (its details are then not checked).',
  );

function needPassphrase(): AppError {
  return new AppError(
    'BAD_INPUT',
    'This export file holds encrypted secrets and needs its passphrase.',
    'Enter the passphrase chosen at export, or import the definitions without secrets.',
    { field: 'passphrase' },
  );
}

async function decrypt(
  key: Buffer,
  s: { iv: string; tag: string; data: string },
  onFail: () => AppError,
): Promise<Record<string, ConnectionSecrets>> {
  let plain: string;
  try {
    const tag = Buffer.from(s.tag, 'base64');
    if (tag.length !== 16) throw new Error('tag');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'base64'), { authTagLength: 16 });
    decipher.setAuthTag(tag);
    // In 1 MB slices, yielding between them: tens of MB of secrets do not hold the loop in one go.
    const parts: Buffer[] = [];
    const SLICE = 1_398_100; // a multiple of 4 base64 characters (≈ 1 MB)
    for (let at = 0; at < s.data.length; at += SLICE) {
      parts.push(decipher.update(Buffer.from(s.data.slice(at, at + SLICE), 'base64')));
      await nextTurn();
    }
    parts.push(decipher.final());
    plain = Buffer.concat(parts).toString('utf8');
  } catch {
    throw onFail();
  }
  const damaged = () =>
    new AppError(
      'EXPORT_FILE_INVALID',
      'The secrets in this export file are damaged.',
      'Export the connections again.',
    );
  let all: unknown;
  try {
    all = JSON.parse(plain);
  } catch {
    throw damaged();
  }
  if (!all || typeof all !== 'object' || Array.isArray(all)) throw damaged();
  const entries = Object.entries(all);
  const out: Record<string, ConnectionSecrets> = {};
  for (let start = 0; start < entries.length; start += CHUNK) {
    const parsed = SecretsById.safeParse(Object.fromEntries(entries.slice(start, start + CHUNK)));
    if (!parsed.success) throw damaged();
    Object.assign(out, parsed.data);
    await nextTurn();
  }
  return out;
}
