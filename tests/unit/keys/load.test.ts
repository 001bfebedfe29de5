import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { inspectKeyFile, loadSigningKey, type KeySource } from '../../../electron/keys/load.js';
import { decryptWithForge, derToPem } from '../../../electron/keys/private-key-file.js';
import { fixture } from '../../support/helpers.js';

const appCert = new X509Certificate(fixture('app.crt'));

async function codeOf(source: KeySource): Promise<string> {
  try {
    await loadSigningKey(source);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.message.length).toBeGreaterThan(10);
    expect(e.hint, `hint for ${e.code}`).toBeTruthy();
    expect(e.message).not.toMatch(/error:[0-9A-F]{8}|at .*\(.*:\d+:\d+\)/); // no raw OpenSSL or stack
    return e.code;
  }
  return 'OK';
}

describe('reading the app key from every format', () => {
  const cases: [string, Omit<KeySource, 'bytes'>][] = [
    ['app-pkcs8.pem', {}],
    ['app-pkcs1.pem', {}],
    ['app-pkcs8.der', {}],
    ['app-pkcs1.der', {}],
    ['app-bom-crlf.pem', {}],
    ['app-combined.pem', {}],
    ['app-pkcs8-encrypted.pem', { passphrase: 'passphrase' }],
    ['app-pkcs8-encrypted-3des.pem', { passphrase: 'passphrase' }],
    ['app-legacy-encrypted.pem', { passphrase: 'passphrase' }],
    ['app-pkcs8-encrypted.der', { passphrase: 'passphrase' }],
    ['single.jks', { storePassword: 'storepass' }],
    ['attributes.jks', { storePassword: 'storepass' }],
    ['multi.jks', { storePassword: 'storepass', alias: 'APP', keyPassword: 'keypass' }],
    ['app.jceks', { storePassword: 'storepass' }],
    ['keytool-default.jks', { storePassword: 'storepass' }],
    ['openssl-default.p12', { storePassword: 'storepass' }],
    ['openssl-legacy.p12', { storePassword: 'storepass' }],
    ['openssl-no-friendlyname.pfx', { storePassword: 'storepass' }],
    ['openssl-unicode-password.p12', { storePassword: 'pässwörd€' }],
  ];
  it.each(cases)('%s yields the key that matches app.crt', async (name, options) => {
    const loaded = await loadSigningKey({ bytes: fixture(name), ...options });
    expect(loaded.key.asymmetricKeyType).toBe('rsa');
    expect(appCert.checkPrivateKey(loaded.key)).toBe(true);
  });

  it("sniffs content, not the extension: keytool's default .jks is PKCS#12", async () => {
    expect((await loadSigningKey({ bytes: fixture('keytool-default.jks'), storePassword: 'storepass' })).format).toBe(
      'pkcs12',
    );
    expect((await loadSigningKey({ bytes: fixture('single.jks'), storePassword: 'storepass' })).format).toBe('jks');
  });

  it('reports the certificate of a keystore entry with the same fingerprint openssl made', async () => {
    for (const [name, alias] of [
      ['single.jks', 'myapp'],
      ['openssl-default.p12', 'My App'],
      ['app.jceks', 'myapp'],
    ] as const) {
      const loaded = await loadSigningKey({ bytes: fixture(name), storePassword: 'storepass' });
      expect(loaded.alias).toBe(alias);
      expect(loaded.certificate?.sha256Fingerprint).toBe(appCert.fingerprint256);
      expect(loaded.certificate?.subject).toContain('CN=app.jwt-connect.test');
      expect(loaded.certificate?.daysLeft).toBeGreaterThan(3000);
    }
  });

  it('names a PKCS#12 entry without friendlyName so it can still be chosen', async () => {
    const info = inspectKeyFile({ bytes: fixture('openssl-no-friendlyname.pfx'), storePassword: 'storepass' });
    expect(info.entries).toEqual([expect.objectContaining({ alias: '1', kind: 'privateKey' })]);
  });
});

describe("the pure fallback for encrypted keys (Electron's BoringSSL lacks some of OpenSSL's ciphers)", () => {
  it.each(['app-legacy-encrypted.pem', 'app-pkcs8-encrypted-3des.pem', 'app-pkcs8-encrypted.pem'])(
    'opens %s with node-forge alone',
    async (name) => {
      const key = decryptWithForge(fixture(name).toString('utf8'), 'passphrase');
      expect(key && appCert.checkPrivateKey(key)).toBe(true);
      expect(decryptWithForge(fixture(name).toString('utf8'), 'wrong')).toBeNull();
    },
  );

  it('opens an encrypted DER key the same way', async () => {
    const key = decryptWithForge(derToPem(fixture('app-pkcs8-encrypted.der'), 'ENCRYPTED PRIVATE KEY'), 'passphrase');
    expect(key && appCert.checkPrivateKey(key)).toBe(true);
  });
});

describe('JKS aliases and passwords', () => {
  const multi = fixture('multi.jks');

  it('lists aliases, kinds and certificates without a password, unverified', async () => {
    const info = inspectKeyFile({ bytes: multi });
    expect(info.verified).toBe(false);
    expect(info.entries.map((e) => [e.alias, e.kind])).toEqual([
      ['integration_user', 'privateKey'],
      ['second', 'privateKey'],
      ['salesforce-ca', 'trustedCertificate'],
      ['app', 'privateKey'],
    ]);
  });

  it('verifies the store with its password and warns about a certificate that expires within 30 days', async () => {
    const info = inspectKeyFile({ bytes: multi, storePassword: 'storepass' });
    expect(info.verified).toBe(true);
    const soon = info.entries.find((e) => e.alias === 'integration_user')?.certificate;
    expect(soon && soon.daysLeft).toBeLessThan(30);
    expect(info.warnings.join(' ')).toMatch(/integration_user: The certificate (expires in \d+ day|expired)/);
  });

  it('matches the alias case-insensitively and uses the store password as key password by default', async () => {
    expect((await loadSigningKey({ bytes: multi, storePassword: 'storepass', alias: 'Second' })).alias).toBe('second');
  });

  it('detects a wrong store password by the integrity digest', async () => {
    expect(await codeOf({ bytes: multi, storePassword: 'wrong', alias: 'second' })).toBe('WRONG_PASSWORD');
    expect(await codeOf({ bytes: fixture('openssl-default.p12'), storePassword: 'wrong' })).toBe('WRONG_PASSWORD');
    expect(await codeOf({ bytes: fixture('app.jceks'), storePassword: 'wrong' })).toBe('WRONG_PASSWORD');
  });

  it('requires a store password to use a JKS key', async () => {
    expect(await codeOf({ bytes: fixture('single.jks') })).toBe('PASSWORD_REQUIRED');
  });

  it('asks for the key password only when the key has its own, and rejects a wrong one', async () => {
    expect(await codeOf({ bytes: multi, storePassword: 'storepass', alias: 'app' })).toBe('KEY_PASSWORD_REQUIRED');
    expect(await codeOf({ bytes: multi, storePassword: 'storepass', alias: 'app', keyPassword: 'nope' })).toBe(
      'WRONG_KEY_PASSWORD',
    );
  });

  it('lists the key aliases when the alias is wrong or missing', async () => {
    try {
      await loadSigningKey({ bytes: multi, storePassword: 'storepass', alias: 'prod-cert' });
      expect.unreachable();
    } catch (error) {
      const e = error as AppError;
      expect(e.code).toBe('ALIAS_NOT_FOUND');
      expect(e.message).toContain('"integration_user", "second", "app"');
      expect(e.details?.aliases).toEqual(['integration_user', 'second', 'app']);
    }
    expect(await codeOf({ bytes: multi, storePassword: 'storepass' })).toBe('ALIAS_REQUIRED');
  });

  it('reads a JCEKS store up to its first secret key, and says how to convert it when the alias lies beyond', async () => {
    const readable = inspectKeyFile({ bytes: fixture('secret-key.jceks'), storePassword: 'storepass' });
    expect(readable.entries.map((e) => [e.alias, e.kind])).toEqual([
      ['myapp', 'privateKey'],
      ['aes-secret', 'secretKey'],
    ]);
    expect(
      appCert.checkPrivateKey(
        (await loadSigningKey({ bytes: fixture('secret-key.jceks'), storePassword: 'storepass' })).key,
      ),
    ).toBe(true);
    expect(await codeOf({ bytes: fixture('secret-key.jceks'), storePassword: 'storepass', alias: 'aes-secret' })).toBe(
      'ALIAS_NOT_A_KEY',
    );
    await expect(
      loadSigningKey({ bytes: fixture('secret-first.jceks'), storePassword: 'storepass', alias: 'app' }),
    ).rejects.toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED_KEYSTORE',
        hint: expect.stringContaining('keytool -importkeystore'),
      }),
    );
    expect(await codeOf({ bytes: fixture('secret-first.jceks'), storePassword: 'storepass' })).toBe(
      'UNSUPPORTED_KEYSTORE',
    );
  });

  it("keeps the event loop turning while JCEKS derives its key (the app's main process stays responsive)", async () => {
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
    }, 10);
    const started = performance.now();
    await loadSigningKey({ bytes: fixture('app.jceks'), storePassword: 'storepass' });
    clearInterval(timer);
    const elapsed = performance.now() - started;
    // a blocked loop would let the timer fire at most once; a free one fires about every 10 ms
    expect(ticks).toBeGreaterThan(Math.min(5, elapsed / 40));
  });

  it('says when an alias is a trusted certificate, not a key', async () => {
    expect(await codeOf({ bytes: multi, storePassword: 'storepass', alias: 'salesforce-ca' })).toBe('ALIAS_NOT_A_KEY');
    expect(await codeOf({ bytes: fixture('certs-only.jks'), storePassword: 'storepass' })).toBe('NO_PRIVATE_KEY');
  });
});

describe('bad key files get a typed error with a hint', () => {
  it.each([
    ['empty.key', {}, 'KEY_FILE_EMPTY'],
    ['not-a-key.txt', {}, 'KEY_FILE_UNRECOGNISED'],
    ['proxy-page.html', {}, 'KEY_FILE_UNRECOGNISED'],
    ['truncated.pem', {}, 'KEY_FILE_CORRUPT'],
    ['truncated.der', {}, 'KEY_FILE_CORRUPT'],
    ['truncated.jks', { storePassword: 'storepass' }, 'KEY_FILE_CORRUPT'],
    ['corrupt-base64.pem', {}, 'KEY_FILE_CORRUPT'],
    ['tampered.pem', {}, 'KEY_FILE_CORRUPT'],
    ['tampered-combined.pem', {}, 'KEY_CERT_MISMATCH'],
    ['mismatch-combined.pem', {}, 'KEY_CERT_MISMATCH'],
    ['app.crt', {}, 'NO_PRIVATE_KEY'],
    ['ec.pem', {}, 'UNSUPPORTED_KEY_TYPE'],
    ['ed25519.pem', {}, 'UNSUPPORTED_KEY_TYPE'],
    ['ec.p12', { storePassword: 'storepass' }, 'UNSUPPORTED_KEY_TYPE'],
    ['ec.jks', { storePassword: 'storepass' }, 'UNSUPPORTED_KEY_TYPE'],
    ['app-pkcs8-encrypted.pem', {}, 'PASSPHRASE_REQUIRED'],
    ['app-legacy-encrypted.pem', {}, 'PASSPHRASE_REQUIRED'],
    ['app-pkcs8-encrypted.pem', { passphrase: 'wrong' }, 'WRONG_PASSPHRASE'],
    ['app-legacy-encrypted.pem', { passphrase: 'wrong' }, 'WRONG_PASSPHRASE'],
    ['app-pkcs8-encrypted.der', {}, 'PASSPHRASE_REQUIRED'],
    ['app-pkcs8-encrypted.der', { passphrase: 'wrong' }, 'WRONG_PASSPHRASE'],
    ['openssl-default.p12', {}, 'PASSWORD_REQUIRED'],
  ] as const)('%s %j → %s', async (name, options, code) => {
    expect(await codeOf({ bytes: fixture(name), ...options })).toBe(code);
  });

  it('says an EC key is refused because Salesforce takes RSA only', async () => {
    await expect(loadSigningKey({ bytes: fixture('ec.pem') })).rejects.toThrow(/EC \(elliptic curve\).*RSA/);
  });

  it('reports a locked file as locked when inspected without its password, not as an error', async () => {
    const info = inspectKeyFile({ bytes: fixture('app-pkcs8-encrypted.pem') });
    expect(info).toMatchObject({ format: 'pem', locked: true, encrypted: true, entries: [] });
  });

  it('warns about an expired certificate and still loads the key', async () => {
    const loaded = await loadSigningKey({ bytes: fixture('expired-combined.pem') });
    expect(loaded.certificate?.daysLeft).toBeLessThan(0);
    expect(loaded.warnings.join(' ')).toMatch(/expired on 2021-01-01/);
    // Said as a risk to check: Salesforce has been seen to accept expired certificates.
    expect(loaded.warnings.join(' ')).toMatch(/may not: renew it/);
    expect(loaded.warnings.join(' ')).not.toMatch(/will fail/);
  });
});
