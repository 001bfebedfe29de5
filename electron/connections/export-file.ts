// The export file: connection definitions, and optionally their secrets encrypted with a passphrase
// (PBKDF2-SHA256 + AES-256-GCM; PBKDF2 rather than scrypt because Electron's BoringSSL build of
// Node may lack scrypt). Versioned so later formats can still read this one.
import { createCipheriv, createDecipheriv, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { ConnectionSecrets, SavedConnection } from '../../shared/connection.js';

export const EXPORT_FORMAT = 'jwt-connect-connections';
export const EXPORT_VERSION = 1;
const PBKDF2_ITERATIONS = 600_000;
export const MIN_EXPORT_PASSPHRASE = 8;

const EncryptedSecrets = z.object({
  kdf: z.literal('pbkdf2-sha256'),
  iterations: z.number().int().min(100_000).max(10_000_000),
  salt: z.string(),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});

export const ExportDocument = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.number().int(),
  exportedAt: z.string(),
  connections: z.array(SavedConnection),
  secrets: EncryptedSecrets.optional(),
});
export type ExportDocument = z.infer<typeof ExportDocument>;

const SecretsById = z.record(z.string(), ConnectionSecrets);

const pbkdf2Async = promisify(pbkdf2);

/** On libuv's thread pool: 600,000 rounds would otherwise hold the main process (and the window) for ~0.1 s. */
function deriveKey(passphrase: string, salt: Buffer, iterations: number): Promise<Buffer> {
  return pbkdf2Async(Buffer.from(passphrase.normalize('NFC'), 'utf8'), salt, iterations, 32, 'sha256');
}

export async function encryptSecrets(secrets: Record<string, ConnectionSecrets>, passphrase: string): Promise<z.infer<typeof EncryptedSecrets>> {
  if (passphrase.length < MIN_EXPORT_PASSPHRASE) {
    throw new AppError('BAD_INPUT', `The export passphrase must be at least ${MIN_EXPORT_PASSPHRASE} characters.`,
      'Choose a longer passphrase; whoever imports the file will need it.', { field: 'passphrase' });
  }
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, salt, PBKDF2_ITERATIONS), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return {
    kdf: 'pbkdf2-sha256', iterations: PBKDF2_ITERATIONS,
    salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64'),
  };
}

export async function decryptSecrets(encrypted: z.infer<typeof EncryptedSecrets>, passphrase: string): Promise<Record<string, ConnectionSecrets>> {
  let plain: string;
  try {
    const key = await deriveKey(passphrase, Buffer.from(encrypted.salt, 'base64'), encrypted.iterations);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(encrypted.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(encrypted.tag, 'base64'));
    plain = Buffer.concat([decipher.update(Buffer.from(encrypted.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError('EXPORT_PASSPHRASE_WRONG', 'The passphrase does not open the secrets in this export file.',
      'Enter the passphrase chosen when the file was exported, or import without secrets.', { field: 'passphrase' });
  }
  return SecretsById.parse(JSON.parse(plain));
}

export function parseExportFile(text: string): ExportDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('EXPORT_FILE_INVALID', 'This is not a jwt-connect export file (it is not JSON).', 'Pick a file made with Export in jwt-connect.');
  }
  const format = (raw as { format?: unknown; version?: unknown } | null);
  if (format?.format !== EXPORT_FORMAT) {
    throw new AppError('EXPORT_FILE_INVALID', 'This is not a jwt-connect export file.', 'Pick a file made with Export in jwt-connect.');
  }
  if (typeof format.version === 'number' && format.version > EXPORT_VERSION) {
    throw new AppError('EXPORT_FILE_INVALID', `This export was made by a newer jwt-connect (format version ${format.version}).`, 'Update jwt-connect, then import again.');
  }
  const parsed = ExportDocument.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('EXPORT_FILE_INVALID', 'The export file is damaged or incomplete.', 'Export the connections again.',
      { issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) });
  }
  return parsed.data;
}
