// The secrets password's cipher and its file, with real PBKDF2 / AES-GCM and real files; the file
// is treated as hostile input: every damaged shape is a typed error after bounded work.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import {
  createPasswordCipher,
  MAX_ITERATIONS,
  PASSWORD_BACKEND,
  PASSWORD_FILE,
  passwordVaultState,
  preparePasswordFile,
  unlockPasswordCipher,
} from '../../electron/connections/password-cipher.js';

const PASSWORD = 'correct horse battery staple';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-secpw-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function failure(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a failure');
}

describe('the password cipher', () => {
  it('writes salt and verifier (mode 0600), never the password, and opens again with the same password only', async () => {
    expect(passwordVaultState(dir)).toBe('none');
    const created = await createPasswordCipher(dir, PASSWORD);
    expect(passwordVaultState(dir)).toBe('present');
    const path = join(dir, PASSWORD_FILE);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(Buffer.from(text).includes(Buffer.from(PASSWORD))).toBe(false);
    expect(JSON.parse(text)).toEqual({
      version: 1,
      kdf: 'pbkdf2-sha256',
      iterations: 600_000,
      salt: expect.any(String),
      verifier: expect.any(String),
    });
    expect(Buffer.from(JSON.parse(text).salt, 'base64')).toHaveLength(32);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);

    const sealed = created.encrypt('{"keyStorePassword":"storepass"}', 'conn-1');
    expect(created.backend).toBe(PASSWORD_BACKEND);
    expect(sealed).not.toContain('storepass');
    const opened = await unlockPasswordCipher(dir, PASSWORD);
    expect(opened.decrypt(sealed, 'conn-1')).toBe('{"keyStorePassword":"storepass"}');

    const wrong = await failure(() => unlockPasswordCipher(dir, 'correct horse battery stapl'));
    expect(wrong.code).toBe('SECRETS_PASSWORD_WRONG');
    expect(wrong.hint).toMatch(/case-sensitive/);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('binds each blob to its connection id and detects tampering', async () => {
    const cipher = await createPasswordCipher(dir, PASSWORD);
    const sealed = cipher.encrypt('secret', 'conn-1');
    expect(() => cipher.decrypt(sealed, 'conn-2')).toThrow();
    const bytes = Buffer.from(sealed, 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(() => cipher.decrypt(bytes.toString('base64'), 'conn-1')).toThrow();
    // A blob sealed under another password's key is not opened by this one.
    const other = await preparePasswordFile('another password entirely');
    expect(() => cipher.decrypt(other.cipher.encrypt('secret', 'conn-1'), 'conn-1')).toThrow(/does not hold/);
  });

  it('derives the same key from a password typed in NFC or NFD (macOS input)', async () => {
    const nfc = 'mot de passe é'.normalize('NFC');
    const cipher = await createPasswordCipher(dir, nfc);
    const opened = await unlockPasswordCipher(dir, nfc.normalize('NFD'));
    expect(opened.decrypt(cipher.encrypt('x', 'id'), 'id')).toBe('x');
  });

  it('refuses to create over an existing password file, and a too short new password', async () => {
    await createPasswordCipher(dir, PASSWORD);
    expect((await failure(() => createPasswordCipher(dir, PASSWORD))).message).toMatch(/already set/);
    rmSync(join(dir, PASSWORD_FILE));
    const short = await failure(() => createPasswordCipher(dir, 'short'));
    expect(short.code).toBe('BAD_INPUT');
    expect(passwordVaultState(dir)).toBe('none');
  });

  it('a change carries the replaced key wrapped under the new one, so old blobs open with the new password', async () => {
    const old = await createPasswordCipher(dir, PASSWORD);
    const oldBlob = old.encrypt('old secret', 'c');
    const next = await preparePasswordFile('the new password', old);
    writeFileSync(join(dir, PASSWORD_FILE), next.text);
    const opened = await unlockPasswordCipher(dir, 'the new password');
    expect(opened.pending).toBe(true);
    expect(opened.decrypt(oldBlob, 'c')).toBe('old secret');
    expect(opened.sealedByCurrentKey(oldBlob)).toBe(false);
    expect((await failure(() => unlockPasswordCipher(dir, PASSWORD))).code).toBe('SECRETS_PASSWORD_WRONG');
    writeFileSync(join(dir, PASSWORD_FILE), opened.settledFileText());
    const settled = await unlockPasswordCipher(dir, 'the new password');
    expect(settled.pending).toBe(false);
    expect(() => settled.decrypt(oldBlob, 'c')).toThrow();
  });
});

describe('a hostile secrets-password.json', () => {
  async function valid(): Promise<Record<string, unknown>> {
    await createPasswordCipher(dir, PASSWORD);
    return JSON.parse(readFileSync(join(dir, PASSWORD_FILE), 'utf8')) as Record<string, unknown>;
  }

  const cases: [string, (v: Record<string, unknown>) => unknown][] = [
    ['huge iterations', (v) => ({ ...v, iterations: 1e12 })],
    ['just above the cap', (v) => ({ ...v, iterations: MAX_ITERATIONS + 1 })],
    ['too few iterations', (v) => ({ ...v, iterations: 1 })],
    ['fractional iterations', (v) => ({ ...v, iterations: 600_000.5 })],
    ['iterations as text', (v) => ({ ...v, iterations: '600000' })],
    ['empty salt', (v) => ({ ...v, salt: '' })],
    ['short salt', (v) => ({ ...v, salt: Buffer.alloc(8).toString('base64') })],
    ['huge salt', (v) => ({ ...v, salt: Buffer.alloc(1024).toString('base64') })],
    ['salt as a number', (v) => ({ ...v, salt: 5 })],
    ['salt not base64', (v) => ({ ...v, salt: '!!!!not base64!!!!!!!!!!' })],
    ['short verifier', (v) => ({ ...v, verifier: Buffer.alloc(16).toString('base64') })],
    ['unknown kdf', (v) => ({ ...v, kdf: 'md5' })],
    ['newer version', (v) => ({ ...v, version: 2 })],
    ['extra field', (v) => ({ ...v, hint: 'my dog' })],
    [
      'too many replaced keys',
      (v) => ({
        ...v,
        previousKeys: Array.from({ length: 9 }, () => ({
          keyId: Buffer.alloc(8).toString('base64'),
          wrapped: Buffer.alloc(60).toString('base64'),
        })),
      }),
    ],
    [
      'a replaced key of the wrong size',
      (v) => ({
        ...v,
        previousKeys: [{ keyId: Buffer.alloc(8).toString('base64'), wrapped: Buffer.alloc(10).toString('base64') }],
      }),
    ],
    ['an array', () => []],
    ['null', () => null],
  ];

  it.each(cases)('%s: a typed error, quickly', async (_name, mutate) => {
    const value = mutate(await valid());
    writeFileSync(join(dir, PASSWORD_FILE), JSON.stringify(value));
    const started = performance.now();
    const error = await failure(() => unlockPasswordCipher(dir, PASSWORD));
    expect(performance.now() - started).toBeLessThan(1000); // no key derivation was run (5,000,001 rounds alone take ~1.4 s here)
    expect(error.code).toBe('VAULT_UNAVAILABLE');
    expect(error.message).toMatch(/secrets password file is damaged/);
    expect(error.hint).toContain(PASSWORD_FILE);
  });

  it('a truncated file, a huge file, a directory in its place: typed errors', async () => {
    const text = JSON.stringify(await valid());
    writeFileSync(join(dir, PASSWORD_FILE), text.slice(0, text.length / 2));
    expect((await failure(() => unlockPasswordCipher(dir, PASSWORD))).message).toMatch(/not JSON/);
    writeFileSync(join(dir, PASSWORD_FILE), `{"pad":"${'x'.repeat(20_000_000)}"}`);
    const started = performance.now();
    expect((await failure(() => unlockPasswordCipher(dir, PASSWORD))).message).toMatch(/bytes long/);
    expect(performance.now() - started).toBeLessThan(1000);
    rmSync(join(dir, PASSWORD_FILE));
    mkdirSync(join(dir, PASSWORD_FILE));
    expect((await failure(() => unlockPasswordCipher(dir, PASSWORD))).code).toBe('VAULT_UNAVAILABLE');
  });

  it('a replaced key that does not open under this password is reported, not ignored', async () => {
    const v = await valid();
    writeFileSync(
      join(dir, PASSWORD_FILE),
      JSON.stringify({
        ...v,
        previousKeys: [{ keyId: Buffer.alloc(8).toString('base64'), wrapped: Buffer.alloc(60).toString('base64') }],
      }),
    );
    expect((await failure(() => unlockPasswordCipher(dir, PASSWORD))).message).toMatch(/replaced key/);
  });
});
