// What an export file may hold, checked before anything in it is trusted: its size, its shape (zod
// schemas with the work a file may ask of us capped), and each connection against the field rules, a
// chunk at a time so that 10,000 connections do not hold the event loop.
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { isFieldName } from '../../shared/fields.js';
import { ConnectionSecrets, ImportedConnection, type SavedConnection } from '../../shared/connection.js';
import { escapeField } from '../../shared/safe-text.js';
// (SavedConnection is both the schema and its type.)

export const EXPORT_FORMAT = 'jwt-connect-connections';
export const EXPORT_VERSION = 2;
/** Work a file may ask of us: below the floor it is too weak to trust, above the cap it is a freeze. */
export const MIN_KDF_ITERATIONS = 100_000;
export const MAX_KDF_ITERATIONS = 5_000_000;
export const MAX_EXPORT_BYTES = 50_000_000;
export const MAX_EXPORT_CONNECTIONS = 100_000;
export const MIN_EXPORT_PASSPHRASE = 8;

const b64 = (min: number, max: number) =>
  z
    .string()
    .max(Math.ceil(max / 3) * 4 + 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/)
    .refine((s) => {
      const n = Buffer.from(s, 'base64').length;
      return n >= min && n <= max;
    }, `must be ${min}–${max} bytes`);

const Kdf = {
  kdf: z.literal('pbkdf2-sha256'),
  iterations: z.number().int().min(MIN_KDF_ITERATIONS).max(MAX_KDF_ITERATIONS),
  salt: b64(16, 64),
};

/** Version 1: the secrets block carries its own KDF parameters. */
// The ciphertext is not pattern-checked (tens of MB): GCM authenticates every byte of it anyway.
const Ciphertext = z.string().max(MAX_EXPORT_BYTES);
export const EncryptedSecretsV1 = z.object({ ...Kdf, iv: b64(12, 12), tag: b64(16, 16), data: Ciphertext });
/** Version 2: the KDF parameters are in `auth`, shared by the MAC and the encryption. */
const EncryptedSecretsV2 = z.object({ iv: b64(12, 12), tag: b64(16, 16), data: Ciphertext });
const Auth = z.object({ ...Kdf, check: b64(32, 32), mac: b64(32, 32) });

/** The document around the connections; the connections are checked in chunks (checkConnections). */
const ExportHeader = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.number().int().min(1).max(EXPORT_VERSION),
  exportedAt: z.string().max(100),
  connections: z.array(z.unknown()).max(MAX_EXPORT_CONNECTIONS),
  // V1 first: a V2 block has no KDF fields, so it can only match the strict V2 shape.
  secrets: z.union([EncryptedSecretsV1, EncryptedSecretsV2.strict()]).optional(),
  auth: Auth.optional(),
});
export type ExportDocument = Omit<z.infer<typeof ExportHeader>, 'connections'> & { connections: SavedConnection[] };
export const CHUNK = 500;
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export const SecretsById = z.record(z.string(), ConnectionSecrets);

/** Each connection checked against the schema and the field rules, a chunk at a time. */
export async function checkConnections(list: unknown[]): Promise<SavedConnection[]> {
  const out: SavedConnection[] = [];
  for (let start = 0; start < list.length; start += CHUNK) {
    const parsed = z.array(ImportedConnection).safeParse(list.slice(start, start + CHUNK));
    if (!parsed.success) {
      const rule = parsed.error.issues.find((i) => i.code === 'custom');
      if (rule) throw refusedField(list, start + Number(rule.path[0] ?? 0), String(rule.path[1] ?? ''), rule.message);
      throw invalid(
        parsed.error.issues.map((i) => ({
          ...i,
          path: ['connections', start + Number(i.path[0] ?? 0), ...i.path.slice(1)],
        })),
      );
    }
    out.push(...parsed.data);
    await nextTurn();
  }
  return out;
}

/** A field the rules refuse: named with its connection, so the user sees which value and why (nothing is imported). */
function refusedField(list: unknown[], index: number, field: string, why: string): AppError {
  const name = (list[index] as { name?: unknown } | null)?.name;
  const which = typeof name === 'string' ? `"${escapeField(name).slice(0, 80)}"` : `number ${index + 1}`;
  return new AppError(
    'EXPORT_FILE_INVALID',
    `Connection ${which} in this export file was refused: ${why}`,
    'Nothing was imported. Such characters have no place in a connection and can be an attack on whoever pastes or prints it: ask for a clean export, or fix that field in the file.',
    { ...(isFieldName(field) && { field }), index },
  );
}

function invalid(issues: { path: PropertyKey[]; message: string }[]): AppError {
  return new AppError(
    'EXPORT_FILE_INVALID',
    'The export file is damaged or incomplete.',
    'Export the connections again.',
    { issues: issues.slice(0, 5).map((i) => `${i.path.map(String).join('.')}: ${i.message}`) },
  );
}

export function readExportJson(text: string): Record<string, unknown> {
  if (text.length > MAX_EXPORT_BYTES) {
    throw new AppError(
      'EXPORT_FILE_INVALID',
      `This export file is larger than ${MAX_EXPORT_BYTES / 1_000_000} MB, more than any real export.`,
      'Pick a file made with Export in jwt-connect.',
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError(
      'EXPORT_FILE_INVALID',
      'This is not a jwt-connect export file (it is not JSON).',
      'Pick a file made with Export in jwt-connect.',
    );
  }
  const format = raw as { format?: unknown; version?: unknown } | null;
  if (!format || typeof format !== 'object' || Array.isArray(format) || format.format !== EXPORT_FORMAT) {
    throw new AppError(
      'EXPORT_FILE_INVALID',
      'This is not a jwt-connect export file.',
      'Pick a file made with Export in jwt-connect.',
    );
  }
  if (typeof format.version === 'number' && format.version > EXPORT_VERSION) {
    throw new AppError(
      'EXPORT_FILE_INVALID',
      `This export was made by a newer jwt-connect (format version ${format.version}).`,
      'Update jwt-connect, then import again.',
    );
  }
  return raw as Record<string, unknown>;
}

export function parseHeader(raw: Record<string, unknown>): z.infer<typeof ExportHeader> {
  const parsed = ExportHeader.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error.issues);
  return parsed.data;
}
