// Hostile and damaged key files: every work factor a file carries is capped before the work starts,
// PEM parsing is linear, and every failure is a typed error with a hint and no raw file bytes.
import { createHash, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { certificateOf, inspectKeyFile, loadSigningKey, type KeySource } from '../../../electron/keys/load.js';
import { LIMITS } from '../../../electron/keys/limits.js';
import { asAppError } from '../../../electron/keys/typed-errors.js';
import { editPemDer, rewriteIntegers } from '../../support/keys-craft.js';
import { fixture } from '../../support/helpers.js';

const appCert = new X509Certificate(fixture('app.crt'));

/** The typed error a load gives, with how long it took. */
async function failure(source: KeySource): Promise<{ error: AppError; ms: number }> {
  const started = performance.now();
  try {
    await loadSigningKey(source);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.hint, `hint for ${e.code}`).toBeTruthy();
    expect(e.message).not.toMatch(/[\p{Cc}\uFFFD]/u);
    return { error: e, ms: performance.now() - started };
  }
  throw new Error('expected the load to fail');
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** A JKS body with its SHA-1 integrity digest recomputed, as keytool would write it. */
function withJksDigest(body: Buffer, password = 'storepass'): Buffer {
  const pw = Buffer.from(password, 'utf16le').swap16();
  return Buffer.concat([body, createHash('sha1').update(pw).update('Mighty Aphrodite', 'utf8').update(body).digest()]);
}

describe('work factors are capped before the work starts', () => {
  it('refuses a PKCS#12 whose MAC asks for 3,000,000 iterations, naming the count and the cap', async () => {
    const pfx = rewriteIntegers(fixture('openssl-default.p12'), (v, path) =>
      path.length === 2 && path[0] === 2 && v === 2048n ? 3_000_000n : undefined,
    );
    const { error, ms } = await failure({ bytes: pfx, storePassword: 'storepass' });
    expect(error.code).toBe('KEY_FILE_TOO_COSTLY');
    expect(error.message).toContain('3,000,000');
    expect(error.message).toContain(LIMITS.maxPkcs12Iterations.toLocaleString('en-US'));
    expect(error.hint).toMatch(/keytool -importkeystore|openssl pkcs12 -export/);
    expect(ms).toBeLessThan(500);
  });

  it('refuses a PKCS#12 whose shrouded key asks for 50,000,000 PBKDF2 iterations', async () => {
    // path[0] === 2 is MacData: leave the MAC's own count alone so the PBKDF2 cap is what answers.
    const pfx = rewriteIntegers(fixture('openssl-default.p12'), (v, path) =>
      path[0] !== 2 && v === 2048n ? 50_000_000n : undefined,
    );
    const { error, ms } = await failure({ bytes: pfx, storePassword: 'storepass' });
    expect(error.code).toBe('KEY_FILE_TOO_COSTLY');
    expect(error.message).toMatch(/50,000,000 .*1,000,000/);
    expect(ms).toBeLessThan(500);
  });

  it('refuses an encrypted PKCS#8 key asking for 5,000,000 PBKDF2 iterations (Node would run them natively, blocking)', async () => {
    const pem = editPemDer(fixture('app-pkcs8-encrypted.pem').toString('utf8'), (der) =>
      rewriteIntegers(der, (v) => (v === 2048n ? 5_000_000n : undefined)),
    );
    const { error, ms } = await failure({ bytes: Buffer.from(pem), passphrase: 'passphrase' });
    expect(error.code).toBe('KEY_FILE_TOO_COSTLY');
    expect(error.message).toContain('5,000,000 PBKDF2 iterations');
    expect(ms).toBeLessThan(300);
  });

  it("refuses scrypt parameters past the work cap (N·r·p), reading openssl's own scrypt keys", async () => {
    expect(
      appCert.checkPrivateKey(
        (await loadSigningKey({ bytes: fixture('app-pkcs8-encrypted-scrypt.pem'), passphrase: 'passphrase' })).key,
      ),
    ).toBe(true);
    // N=16384, r=8, p=1 → N=16384, r=1, p=1024: 16 MB of memory at most, but 128× the default's work.
    const pem = editPemDer(fixture('app-pkcs8-encrypted-scrypt.pem').toString('utf8'), (der) =>
      rewriteIntegers(der, (v, path) =>
        path.at(-1) === 2 && v === 8n ? 1n : path.at(-1) === 3 && v === 1n ? 1024n : undefined,
      ),
    );
    const { error, ms } = await failure({ bytes: Buffer.from(pem), passphrase: 'passphrase' });
    expect(error.code).toBe('KEY_FILE_TOO_COSTLY');
    expect(error.message).toMatch(/16,777,216 units of scrypt work .*1,048,576/);
    expect(ms).toBeLessThan(300);
  });

  it('refuses a JCEKS key protected with 2,000,000 iterations (keytool writes 200,000)', async () => {
    const jceks = Buffer.from(fixture('app.jceks'));
    const at = jceks.indexOf(Buffer.from([0x02, 0x03, 0x03, 0x0d, 0x40])); // INTEGER 200,000
    expect(at).toBeGreaterThan(0);
    jceks.set([0x1e, 0x84, 0x80], at + 2); // INTEGER 2,000,000, same length
    const { error, ms } = await failure({
      bytes: withJksDigest(jceks.subarray(0, jceks.length - 20)),
      storePassword: 'storepass',
    });
    expect(error.code).toBe('KEY_FILE_TOO_COSTLY');
    expect(error.message).toMatch(/2,000,000 JCEKS .*1,000,000/);
    expect(ms).toBeLessThan(300);
  });

  it('still reads a key at exactly the PBKDF2 cap (1,000,000 iterations)', async () => {
    const loaded = await loadSigningKey({ bytes: fixture('app-pkcs8-encrypted-1m.pem'), passphrase: 'passphrase' });
    expect(appCert.checkPrivateKey(loaded.key)).toBe(true);
  });

  it('refuses files past the size caps before parsing them', async () => {
    const pem = Buffer.concat([fixture('app-pkcs8.pem'), Buffer.alloc(LIMITS.maxKeyFileBytes, '\n')]);
    const big = await failure({ bytes: pem });
    expect(big.error.code).toBe('KEY_FILE_TOO_LARGE');
    expect(big.error.message).toMatch(/key file is 1,026 KB; .* up to 1,024 KB/);
    const store = Buffer.concat([fixture('single.jks'), Buffer.alloc(LIMITS.maxKeystoreBytes)]);
    expect((await failure({ bytes: store, storePassword: 'storepass' })).error.code).toBe('KEY_FILE_TOO_LARGE');
  });

  it('refuses an RSA key above 16,384 bits before signing with it (signing cost grows with the cube of the size)', async () => {
    // PKCS#1 RSAPrivateKey with a 20,000-bit modulus; the other numbers are small (parsing does not check them).
    const int = (hex: string) => {
      const body = Buffer.from(hex, 'hex');
      return Buffer.concat([Buffer.from([0x02]), derLength(body.length), body]);
    };
    const modulus = `00c${'5'.repeat(4999)}`; // 20,000 bits
    const body = Buffer.concat([int('00'), int(modulus), int('010001'), ...Array.from({ length: 6 }, () => int('03'))]);
    const der = Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END RSA PRIVATE KEY-----\n`;
    const { error, ms } = await failure({ bytes: Buffer.from(pem) });
    expect(error.code).toBe('UNSUPPORTED_KEY_TYPE');
    expect(error.message).toMatch(/20,000 bits; .* up to 16,384 bits/);
    expect(ms).toBeLessThan(300);
  });

  it('refuses a JKS that claims 4 billion entries, by its count', async () => {
    const jks = Buffer.from(fixture('single.jks'));
    jks.writeUInt32BE(0xffffffff, 8);
    const { error } = await failure({ bytes: jks, storePassword: 'storepass' });
    expect(error.code).toBe('KEY_FILE_TOO_COSTLY');
    expect(error.message).toContain('4,294,967,295 entries');
  });
});

describe('PEM parsing is linear', () => {
  it('answers a 1 MB file of repeated BEGIN lines quickly, with a typed error', async () => {
    const line = '-----BEGIN PRIVATE KEY-----\n';
    const bytes = Buffer.from(line.repeat(Math.floor((1024 * 1024 - 100) / line.length)));
    const { error, ms } = await failure({ bytes });
    expect(error.code).toBe('KEY_FILE_TOO_COSTLY');
    expect(error.message).toContain('PEM blocks');
    expect(ms).toBeLessThan(1000);
  });

  it('answers a BEGIN with a megabyte of body and no END as truncated', async () => {
    const bytes = Buffer.from(`-----BEGIN PRIVATE KEY-----\n${'QUFB\n'.repeat(200_000)}`);
    const { error, ms } = await failure({ bytes });
    expect(error.code).toBe('KEY_FILE_CORRUPT');
    expect(ms).toBeLessThan(1000);
  });
});

describe('damaged files get typed errors with hints, never raw bytes', () => {
  it('reports a certificate whose dates cannot be read as damaged, not "Invalid time value"', () => {
    const pem = editPemDer(fixture('app-combined.pem').toString('utf8'), (der) => {
      const at = der.indexOf(Buffer.from([0x17, 0x0d])); // the certificate's notBefore UTCTime
      if (at < 0 || der.length > 1000) return der; // only the certificate block
      const copy = Buffer.from(der);
      copy.write('13', at + 4, 'latin1'); // month 13
      return copy;
    });
    const source = { bytes: Buffer.from(pem) };
    expect(() => inspectKeyFile(source)).toThrow(
      expect.objectContaining({
        code: 'KEY_FILE_CORRUPT',
        message: expect.stringContaining('validity start date'),
        hint: expect.any(String),
      }),
    );
  });

  it('names a PKCS#12 entry whose friendlyName is not a string', () => {
    // friendlyName "ЀЀ" is the bytes 04 00 04 00; tagged SEQUENCE instead of BMPString they decode as
    // two empty OCTET STRINGs, which node-forge hands back as an array.
    const key = forge.pki.privateKeyFromPem(fixture('app-pkcs8.pem').toString('utf8'));
    const cert = forge.pki.certificateFromPem(fixture('app.crt').toString('utf8'));
    const asn = forge.pkcs12.toPkcs12Asn1(key, [cert], 'storepass', {
      friendlyName: 'ЀЀ',
      useMac: false,
      algorithm: '3des',
    });
    const der = Buffer.from(forge.asn1.toDer(asn).getBytes(), 'binary');
    const bmp = Buffer.from([0x1e, 0x04, 0x04, 0x00, 0x04, 0x00]);
    for (let at = der.indexOf(bmp); at >= 0; at = der.indexOf(bmp, at + 1)) der[at] = 0x30;
    const info = inspectKeyFile({ bytes: der, storePassword: 'storepass' });
    expect(info.entries).toEqual([expect.objectContaining({ alias: '1', kind: 'privateKey', keyType: 'rsa' })]);
  });

  it('does not echo a garbled certificate type from a JKS, and gives a hint', async () => {
    const jks = Buffer.from(fixture('single.jks'));
    const at = jks.indexOf('X.509');
    jks.set([0x58, 0x00, 0xff, 0x1b, 0x39], at);
    const { error } = await failure({ bytes: jks, storePassword: 'storepass' });
    expect(error.code).toBe('UNSUPPORTED_KEYSTORE');
    expect(error.hint).toContain('keytool -importkeystore');
  });

  it('shows a JKS alias with control characters tamed', () => {
    const jks = Buffer.from(fixture('single.jks'));
    jks[20] = 0x07; // "myapp" → "my\apx"
    expect(inspectKeyFile({ bytes: jks }).entries[0]?.alias).toBe('my?pp');
  });

  it('reports a JKS key whose protection is not an EncryptedPrivateKeyInfo as damaged, not a TypeError', async () => {
    const cert = appCert.raw;
    const u32 = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(n);
      return b;
    };
    const utf = (s: string) => Buffer.concat([Buffer.from([0, s.length]), Buffer.from(s)]);
    const protectedKey = Buffer.from([0x30, 0x03, 0x04, 0x01, 0x00]); // SEQUENCE { OCTET STRING }: no algorithm
    const body = Buffer.concat([
      u32(0xfeedfeed),
      u32(2),
      u32(1),
      u32(1),
      utf('broken'),
      Buffer.alloc(8),
      u32(protectedKey.length),
      protectedKey,
      u32(1),
      utf('X.509'),
      u32(cert.length),
      cert,
    ]);
    const { error } = await failure({ bytes: withJksDigest(body), storePassword: 'storepass' });
    expect(error.code).toBe('KEY_FILE_CORRUPT');
  });

  it('maps raw OpenSSL errors and library TypeErrors to typed errors with hints', () => {
    const ossl = Object.assign(new Error('error:1E08010C:DECODER routines::unsupported'), {
      code: 'ERR_OSSL_UNSUPPORTED',
    });
    expect(asAppError(ossl)).toMatchObject({ code: 'KEY_FILE_CORRUPT', hint: expect.stringContaining('openssl') });
    expect(asAppError(ossl).message).not.toContain('1E08010C');
    expect(asAppError(new TypeError("Cannot read properties of undefined (reading 'value')"))).toMatchObject({
      code: 'KEY_FILE_CORRUPT',
    });
  });
});

describe('wrong password or damaged file; empty passwords', () => {
  it('says "wrong, or the file is damaged" when a JKS digest fails with the right password', async () => {
    const jks = Buffer.from(fixture('single.jks'));
    jks[25] = (jks[25] as number) ^ 0x01; // the entry's creation date
    const { error } = await failure({ bytes: jks, storePassword: 'storepass' });
    expect(error.code).toBe('WRONG_PASSWORD');
    expect(error.message).toMatch(/wrong, or the file is damaged/);
  });

  it('says the same when a PKCS#12 MAC fails', async () => {
    const p12 = Buffer.from(fixture('openssl-default.p12'));
    p12[p12.length - 15] = (p12[p12.length - 15] as number) ^ 0x01; // the last byte of the MAC value
    const { error } = await failure({ bytes: p12, storePassword: 'storepass' });
    expect(error.code).toBe('WRONG_PASSWORD');
    expect(error.message).toMatch(/wrong, or the file is damaged/);
  });

  it('opens an OpenSSL PKCS#12 exported with an empty password, without one', async () => {
    const bytes = fixture('openssl-empty-password.p12');
    expect(appCert.checkPrivateKey((await loadSigningKey({ bytes })).key)).toBe(true);
    const info = inspectKeyFile({ bytes });
    expect(info).toMatchObject({
      locked: false,
      entries: [expect.objectContaining({ alias: 'My App', keyType: 'rsa' })],
    });
    expect(certificateOf({ bytes }).fingerprint256).toBe(appCert.fingerprint256);
    // A file with a real password still asks for it.
    expect(inspectKeyFile({ bytes: fixture('openssl-default.p12') }).locked).toBe(true);
  });
});

describe('the key type of keystore entries is known at inspect time', () => {
  it.each([
    ['ec.jks', 'eckey'],
    ['ec.p12', 'ec'],
  ])('%s: an EC key is flagged as a problem before Authorise', (name, alias) => {
    const info = inspectKeyFile({ bytes: fixture(name), storePassword: 'storepass' });
    const entry = info.entries.find((e) => e.alias === alias);
    expect(entry).toMatchObject({
      kind: 'privateKey',
      keyType: 'ec',
      problem: expect.stringMatching(/EC \(elliptic curve\).*only accepts RSA/),
    });
    expect(info.warnings.join(' ')).toContain(`${alias}: This is an EC`);
  });

  it('an RSA entry has keyType rsa and no problem; a JKS key is typed from its certificate without its key password', () => {
    const info = inspectKeyFile({ bytes: fixture('multi.jks'), storePassword: 'storepass' });
    const app = info.entries.find((e) => e.alias === 'app');
    expect(app).toMatchObject({ keyType: 'rsa' });
    expect(app?.problem).toBeUndefined();
    expect(info.entries.find((e) => e.alias === 'salesforce-ca')?.keyType).toBeUndefined();
  });
});
