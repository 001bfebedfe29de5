// The vault: each connection's secrets are bound to its id (a secrets file swapped between
// connections does not open, a shortened GCM tag is refused, files sealed before the binding still
// open), and the choice of Electron safeStorage backend says when secrets can only be kept for the session.
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  devAesGcmCipher,
  safeStorageChoice,
  Vault,
  type SafeStorageLike,
} from '../../../electron/connections/vault.js';

const key = randomBytes(32);
const vault = () => new Vault(() => ({ cipher: devAesGcmCipher(key), persistent: true }));

describe('the vault binds secrets to their connection', () => {
  it('opens what it sealed for the same id', () => {
    const v = vault();
    expect(v.open(v.seal({ keyStorePassword: 'storepass' }, 'a'), 'a', 'accept')).toEqual({
      keyStorePassword: 'storepass',
    });
  });

  it('refuses a secrets blob sealed for another connection', () => {
    const v = vault();
    const sealed = v.seal({ keyStorePassword: 'storepass' }, 'a');
    expect(() => v.open(sealed, 'b', 'accept')).toThrow(expect.objectContaining({ code: 'VAULT_UNAVAILABLE' }));
  });

  it('refuses a shortened (4-byte) authentication tag', () => {
    const v = vault();
    const sealed = v.seal({ keyStorePassword: 'storepass' }, 'a');
    const bytes = Buffer.from(sealed.data, 'base64');
    // iv (12) + the first 4 bytes of the tag, then the ciphertext: a forger's shortcut.
    const short = Buffer.concat([bytes.subarray(0, 16), bytes.subarray(28)]).toString('base64');
    expect(() => v.open({ ...sealed, data: short }, 'a', 'accept')).toThrow(
      expect.objectContaining({ code: 'VAULT_UNAVAILABLE' }),
    );
  });

  it('still opens a file sealed before ids were bound (no associated data, bare secrets)', () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify({ passphrase: 'old' }), 'utf8'), cipher.final()]);
    const legacy = {
      backend: 'dev-aes-256-gcm',
      data: Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64'),
    };
    expect(vault().open(legacy, 'any', 'accept')).toEqual({ passphrase: 'old' });
  });

  it('refuses an unbound file once the store has been migrated (version 2)', () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify({ passphrase: 'swapped in' }), 'utf8'), cipher.final()]);
    const legacy = {
      backend: 'dev-aes-256-gcm',
      data: Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64'),
    };
    const v = vault();
    expect(() => v.open(legacy, 'any', 'refuse')).toThrow(expect.objectContaining({ code: 'VAULT_UNAVAILABLE' }));
  });
});

describe('safeStorage choice', () => {
  const fake = (available: boolean, backend: string): SafeStorageLike => ({
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(`enc:${s}`),
    decryptString: (b) => b.toString().slice(4),
    getSelectedStorageBackend: () => backend,
  });
  it('persists with a real keyring and records the backend', () => {
    const choice = safeStorageChoice(fake(true, 'gnome_libsecret'), 'linux', false);
    expect(choice).toMatchObject({ persistent: true });
    expect(choice.cipher?.backend).toBe('electron-safeStorage:gnome_libsecret');
  });
  it('keeps secrets for the session on Linux basic_text unless the user opts in', () => {
    expect(safeStorageChoice(fake(true, 'basic_text'), 'linux', false)).toMatchObject({
      persistent: false,
      warning: expect.stringContaining('session only'),
    });
    expect(safeStorageChoice(fake(true, 'basic_text'), 'linux', true)).toMatchObject({
      persistent: true,
      warning: expect.stringContaining('basic_text'),
    });
  });
  it('says so when no encryption is available at all', () => {
    expect(safeStorageChoice(fake(false, ''), 'linux', true)).toMatchObject({
      cipher: null,
      persistent: false,
      warning: expect.stringContaining('No OS keyring'),
    });
  });
});
