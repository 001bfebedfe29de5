// The secrets password, the third vault backend: AES-256-GCM under a key derived from a password
// the user chooses and we never store (PBKDF2-SHA256 on libuv's thread pool: Electron's BoringSSL
// may lack scrypt). Beside the data sits secrets-password.json: the KDF's parameters, a random salt,
// and a verifier (an HMAC of a constant under an HKDF subkey) that tells a wrong password from a
// right one without decrypting anything. The file is hostile input: its size, types, salt length and
// iteration count are checked before any work is done.
//
// While a password change is in flight the file also holds the keys it replaces, wrapped under the
// new key, so every secrets file opens with the new password whatever the metadata points at; each
// sealed blob names the key that sealed it (8-byte key id). See secrets-password.ts for the order.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  pbkdf2,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { writeFileAtomic } from './store-file.js';
import type { SecretCipher } from './vault.js';

export const PASSWORD_FILE = 'secrets-password.json';
export const PASSWORD_BACKEND = 'secrets-password:v1';
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about 170 ms here. */
export const DEFAULT_ITERATIONS = 600_000;
/** Bounds on what the file may ask for: below, a weakened file; above, a window that hangs on unlock. */
export const MIN_ITERATIONS = 600_000;
export const MAX_ITERATIONS = 5_000_000;
const MAX_FILE_BYTES = 16 * 1024;
const MAX_PREVIOUS_KEYS = 8;
export const MAX_PASSWORD_CHARS = 1000;
const VERIFY_CONSTANT = 'jwt-connect secrets password verifier v1';

const b64 = (min: number, max: number) =>
  z
    .string()
    .max(4 * Math.ceil(max / 3))
    .regex(/^[A-Za-z0-9+/]*={0,2}$/)
    .transform((s) => Buffer.from(s, 'base64'))
    .refine((b) => b.length >= min && b.length <= max, `must be ${min === max ? min : `${min}–${max}`} bytes`);

const PasswordFile = z
  .object({
    version: z.literal(1),
    kdf: z.literal('pbkdf2-sha256'),
    iterations: z.number().int().min(MIN_ITERATIONS).max(MAX_ITERATIONS),
    salt: b64(16, 64),
    verifier: b64(32, 32),
    /** Keys a change in flight replaces, wrapped under this file's key (see the header). */
    previousKeys: z
      .array(z.object({ keyId: b64(8, 8), wrapped: b64(60, 60) }))
      .max(MAX_PREVIOUS_KEYS)
      .optional(),
    /** Written before a set or change commits, dropped after: on unlock, finish moving secrets under this key. */
    pending: z.literal(true).optional(),
  })
  .strict();

export interface PasswordCipher extends SecretCipher {
  /** True when `sealed` was sealed by this password's own key (not by a key a change replaces). */
  sealedByCurrentKey(sealed: string): boolean;
  /** A set or change of the password was under way when this file was written (see secrets-password.ts). */
  readonly pending: boolean;
  /** The password file for this key once every secret is under it: no replaced keys, not pending. */
  settledFileText(): string;
  /** This password's key first, then the keys it still opens. Internal to this module and secrets-password.ts. */
  readonly keys: readonly Buffer[];
}

export function passwordFilePath(dataDir: string): string {
  return join(dataDir, PASSWORD_FILE);
}

export function passwordVaultState(dataDir: string): 'none' | 'present' {
  return existsSync(passwordFilePath(dataDir)) ? 'present' : 'none';
}

/** Opens the password vault of `dataDir`; a wrong password is refused and nothing is written. */
export async function unlockPasswordCipher(dataDir: string, password: string): Promise<PasswordCipher> {
  checkPassword(password, 1);
  const file = readPasswordFile(dataDir);
  const master = await deriveMaster(password, file.salt, file.iterations);
  const verifier = hmac(subkey(master, 'verify'), VERIFY_CONSTANT);
  if (!timingSafeEqual(verifier, file.verifier)) {
    throw new AppError(
      'SECRETS_PASSWORD_WRONG',
      'That is not the secrets password.',
      'Type the password chosen for saved secrets (it is case-sensitive). Nothing was changed.',
      { field: 'password' },
    );
  }
  const key = subkey(master, 'encrypt');
  const wrapKey = subkey(master, 'wrap');
  const previous = (file.previousKeys ?? []).map(({ keyId, wrapped }) => {
    try {
      return unwrap(wrapKey, wrapped, keyId);
    } catch {
      throw damaged(dataDir, 'a replaced key does not open');
    }
  });
  return makeCipher(
    { iterations: file.iterations, salt: file.salt, verifier: file.verifier },
    key,
    previous,
    wrapKey,
    file.pending === true,
  );
}

/** A new password vault for `dataDir` (refused when one exists: change it through the service). */
export async function createPasswordCipher(dataDir: string, password: string): Promise<PasswordCipher> {
  if (passwordVaultState(dataDir) === 'present') {
    throw new AppError(
      'BAD_INPUT',
      'A secrets password is already set for this data folder.',
      'Change it instead, giving the current password.',
    );
  }
  const prepared = await preparePasswordFile(password);
  writePasswordFile(dataDir, prepared.cipher.settledFileText());
  return prepared.cipher;
}

/**
 * A password file (not yet written) and its cipher, for `password`. `carry`'s keys are wrapped
 * into it so that secrets sealed under them still open while they are being re-sealed.
 */
export async function preparePasswordFile(
  password: string,
  carry?: PasswordCipher,
): Promise<{ cipher: PasswordCipher; text: string }> {
  checkPassword(password, 8);
  const salt = randomBytes(32);
  const master = await deriveMaster(password, salt, DEFAULT_ITERATIONS);
  const key = subkey(master, 'encrypt');
  const previous = (carry?.keys ?? []).filter((k) => !k.equals(key)).slice(0, MAX_PREVIOUS_KEYS);
  const cipher = makeCipher(
    { iterations: DEFAULT_ITERATIONS, salt, verifier: hmac(subkey(master, 'verify'), VERIFY_CONSTANT) },
    key,
    previous,
    subkey(master, 'wrap'),
    true,
  );
  return { cipher, text: cipher.fileText };
}

/** Atomic (temp file, fsync, rename, directory fsync), mode 0600: a crash leaves the old file or the new one. */
export function writePasswordFile(dataDir: string, text: string): void {
  writeFileAtomic(passwordFilePath(dataDir), text);
}

export function removePasswordFile(dataDir: string): void {
  rmSync(passwordFilePath(dataDir), { force: true });
}

/** The file's bytes as they are (to put back if a change fails before it commits), or null. */
export function readPasswordFileText(dataDir: string): string | null {
  return passwordVaultState(dataDir) === 'present' ? readBounded(dataDir) : null;
}

export function checkPassword(password: string, minChars: number): void {
  if (typeof password !== 'string' || password.length < minChars || password.length > MAX_PASSWORD_CHARS) {
    throw new AppError(
      'BAD_INPUT',
      minChars > 1
        ? `The secrets password must be ${minChars} to ${MAX_PASSWORD_CHARS} characters long.`
        : 'Type the secrets password.',
      minChars > 1 ? 'A few unrelated words make a long password that is easy to remember.' : undefined,
      { field: 'password' },
    );
  }
}

function readBounded(dataDir: string): string {
  const path = passwordFilePath(dataDir);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)); // a FIFO in its place must not block
  } catch {
    throw damaged(dataDir, 'it cannot be read');
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw damaged(dataDir, 'it is not a file');
    if (stat.size > MAX_FILE_BYTES) throw damaged(dataDir, `it is ${stat.size} bytes long`);
    // Read at most the cap even if the file grows meanwhile.
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let read = 0;
    for (let n = -1; n !== 0 && read <= MAX_FILE_BYTES;) {
      n = readSync(fd, buffer, read, buffer.length - read, read);
      read += n;
    }
    if (read > MAX_FILE_BYTES) throw damaged(dataDir, 'it is too long');
    return buffer.subarray(0, read).toString('utf8');
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw damaged(dataDir, 'it cannot be read');
  } finally {
    closeSync(fd);
  }
}

function readPasswordFile(dataDir: string): z.infer<typeof PasswordFile> {
  const text = readBounded(dataDir);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw damaged(dataDir, 'it is not JSON');
  }
  const parsed = PasswordFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw damaged(dataDir, `${issue?.path.join('.') || 'the document'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function damaged(dataDir: string, why: string): AppError {
  return new AppError(
    'VAULT_UNAVAILABLE',
    `The secrets password file is damaged (${why}), so saved secrets cannot be unlocked.`,
    `Put back ${passwordFilePath(dataDir)} from a backup. Without it the saved passwords and keys are lost: delete the file, then enter them again for each connection.`,
  );
}

/** NFC first: the same password typed on macOS (often NFD) and elsewhere must give the same key. */
function deriveMaster(password: string, salt: Buffer, iterations: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2(Buffer.from(password.normalize('NFC'), 'utf8'), salt, iterations, 32, 'sha256', (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function subkey(master: Buffer, purpose: 'encrypt' | 'verify' | 'wrap'): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `jwt-connect secrets-password v1 ${purpose}`, 32));
}

function hmac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}

const keyIdOf = (key: Buffer): Buffer => hmac(key, 'jwt-connect key id').subarray(0, 8);

function seal(key: Buffer, plain: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]);
}

function unseal(key: Buffer, bytes: Buffer, aad: Buffer): Buffer {
  if (bytes.length < 28) throw new Error('sealed data too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12), { authTagLength: 16 });
  decipher.setAAD(aad);
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
}

const unwrap = (wrapKey: Buffer, wrapped: Buffer, keyId: Buffer): Buffer => {
  const key = unseal(wrapKey, wrapped, keyId);
  if (key.length !== 32 || !keyIdOf(key).equals(keyId)) throw new Error('wrapped key does not match its id');
  return key;
};

function makeCipher(
  params: { iterations: number; salt: Buffer; verifier: Buffer },
  key: Buffer,
  previous: readonly Buffer[],
  wrapKey: Buffer,
  pending: boolean,
): PasswordCipher & { fileText: string } {
  const byId = new Map<string, Buffer>([
    [keyIdOf(key).toString('hex'), key],
    ...previous.map((k) => [keyIdOf(k).toString('hex'), k] as const),
  ]);
  const file = (inFlight: boolean) =>
    `${JSON.stringify(
      {
        version: 1,
        kdf: 'pbkdf2-sha256',
        iterations: params.iterations,
        salt: params.salt.toString('base64'),
        verifier: params.verifier.toString('base64'),
        ...(inFlight &&
          previous.length > 0 && {
            previousKeys: previous.map((k) => ({
              keyId: keyIdOf(k).toString('base64'),
              wrapped: seal(wrapKey, k, keyIdOf(k)).toString('base64'),
            })),
          }),
        ...(inFlight && { pending: true }),
      },
      null,
      2,
    )}\n`;
  const currentId = keyIdOf(key);
  return {
    backend: PASSWORD_BACKEND,
    keys: [key, ...previous],
    pending,
    fileText: file(true),
    settledFileText: () => file(false),
    encrypt(plain, aad) {
      return Buffer.concat([currentId, seal(key, Buffer.from(plain, 'utf8'), Buffer.from(aad, 'utf8'))]).toString(
        'base64',
      );
    },
    decrypt(sealed, aad) {
      const bytes = Buffer.from(sealed, 'base64');
      const sealer = byId.get(bytes.subarray(0, 8).toString('hex'));
      if (!sealer) throw new Error('sealed under a key this password does not hold');
      return unseal(sealer, bytes.subarray(8), Buffer.from(aad, 'utf8')).toString('utf8');
    },
    sealedByCurrentKey: (sealed) => Buffer.from(sealed, 'base64').subarray(0, 8).equals(currentId),
  };
}
