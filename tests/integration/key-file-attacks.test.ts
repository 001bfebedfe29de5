// Attacks on the key loader and its API inputs, and keys Authorise would refuse: real keys in unusual shapes,
// and inputs a page or a user could send. Each case was reproduced against main before its fix.
import {
  createCipheriv,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  scryptSync,
  X509Certificate,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { dispatch } from '../../electron/api.js';
import { openNodeServices } from '../../electron/connections/open-node.js';
import type { ConnectionService } from '../../electron/connections/service.js';
import { inspectKeyFile, loadSigningKey } from '../../electron/keys/load.js';
import { KeyWorkerClient } from '../../electron/keys/key-worker-client.js';
import { startWebBridge, type WebBridge } from '../../electron/web-bridge-server.js';
import { fixture } from '../support/helpers.js';

const appCert = new X509Certificate(fixture('app.crt'));
const attackFixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'keys-attack', name));

// DER, just enough to write an encrypted PKCS#8 with chosen scrypt parameters (openssl refuses to write N·r past 16 MiB).
const len = (n: number) => {
  if (n < 128) return Buffer.from([n]);
  const b: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) b.unshift(x & 255);
  return Buffer.from([0x80 | b.length, ...b]);
};
const tlv = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag]), len(body.length), body]);
const seq = (...kids: Buffer[]) => tlv(0x30, Buffer.concat(kids));
const int = (v: number) => {
  let h = v.toString(16);
  if (h.length % 2) h = `0${h}`;
  let b = Buffer.from(h, 'hex');
  if ((b[0] as number) & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
};
const oid = (hex: string) => tlv(0x06, Buffer.from(hex, 'hex'));
const PBES2 = '2a864886f70d01050d';
const SCRYPT = '2b06010401da47040b';
const AES_256_CBC = '60864801650304012a';

/** An encrypted PKCS#8 PEM of the fixture app key, scrypt-protected with exactly N, r, p. */
function scryptKey(passphrase: string, N: number, r: number, p: number, writtenN = N): Buffer {
  const der = createPrivateKey(fixture('app-pkcs8.pem')).export({ format: 'der', type: 'pkcs8' });
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = scryptSync(Buffer.from(passphrase, 'utf8'), salt, 32, { N, r, p, maxmem: 256 * 1024 * 1024 });
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const data = Buffer.concat([cipher.update(der), cipher.final()]);
  const kdf = seq(oid(SCRYPT), seq(tlv(0x04, salt), int(writtenN), int(r), int(p)));
  const info = seq(seq(oid(PBES2), seq(kdf, seq(oid(AES_256_CBC), tlv(0x04, iv)))), tlv(0x04, data));
  return Buffer.from(
    `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${info.toString('base64').replace(/.{64}/g, '$&\n').trimEnd()}\n-----END ENCRYPTED PRIVATE KEY-----\n`,
  );
}

async function failure(run: () => unknown): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a failure');
}

describe('scrypt keys', () => {
  it("opens openssl's default scrypt cost (N=2^14, r=8, p=1) and a high-p one", async () => {
    for (const [N, r, p] of [
      [16384, 8, 1],
      [16384, 1, 16],
    ] as const) {
      const loaded = await loadSigningKey({ bytes: scryptKey('pässwörd', N, r, p), passphrase: 'pässwörd' });
      expect(appCert.checkPrivateKey(loaded.key)).toBe(true);
    }
  });

  it("refuses N=2^15, r=8 (past OpenSSL's own 32 MiB) as too costly, not as a wrong passphrase", async () => {
    const error = await failure(() => inspectKeyFile({ bytes: scryptKey('pw', 32768, 8, 1), passphrase: 'pw' }));
    expect(error.code).toBe('KEY_FILE_TOO_COSTLY');
    expect(error.hint).toBeTruthy();
  });

  it('calls invalid scrypt parameters damage, not a wrong passphrase', async () => {
    for (const writtenN of [16385, 1]) {
      // not a power of two; below 2
      const error = await failure(() =>
        inspectKeyFile({ bytes: scryptKey('pw', 16384, 8, 1, writtenN), passphrase: 'pw' }),
      );
      expect(error.code).toBe('KEY_FILE_CORRUPT');
    }
    const r1 = await failure(() => inspectKeyFile({ bytes: scryptKey('pw', 16384, 1, 1, 65536), passphrase: 'pw' })); // N < 2^(16·r) broken
    expect(r1.code).toBe('KEY_FILE_CORRUPT');
  });
});

describe('ASN.1 the parser would expand', () => {
  it('counts the elements inside a BIT STRING (node-forge decodes them) before node-forge runs', async () => {
    // A PFX whose BIT STRING holds one SEQUENCE of 1.9 million NULLs: 3.8 MB, under the keystore cap;
    // node-forge built ~400 MB of objects from it before any check ran.
    const nulls = Buffer.alloc(1_900_000 * 2);
    for (let i = 0; i < nulls.length; i += 2) nulls[i] = 0x05;
    const pfx = seq(int(3), seq(tlv(0x03, Buffer.concat([Buffer.from([0]), tlv(0x30, nulls)]))));
    const error = await failure(() => inspectKeyFile({ bytes: pfx, storePassword: 'pw' }));
    expect(error.code).toBe('KEY_FILE_TOO_COSTLY');
    // The count's own message: refused by the element count, before node-forge ever ran.
    expect(error.message).toMatch(/ASN\.1 elements/);
  });
});

describe('key files through the API', () => {
  let dir: string;
  let service: ConnectionService;
  let bridge: WebBridge;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-connect-akeys-'));
    service = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } }).service;
    bridge = await startWebBridge({ service, staticDir: dir, token: 'akeys-token' });
  });
  afterAll(async () => {
    await bridge.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers a picked file past the contract's cap as KEY_FILE_TOO_LARGE with a hint, not zod's words", async () => {
    for (const method of ['inspectKeyFile', 'createConnection', 'authorise'] as const) {
      const keyFile = { fileName: 'huge.p12', base64: 'A'.repeat(8 * 1024 * 1024) };
      const input =
        method === 'inspectKeyFile'
          ? { keyFile }
          : method === 'createConnection'
            ? { name: 'x', encryption: 'jks', consumerKey: 'k', username: 'u', environment: 'production', keyFile }
            : { draft: { encryption: 'jks', consumerKey: 'k', username: 'u', environment: 'production', keyFile } };
      const result = await dispatch(service, method, input);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error).toMatchObject({
        code: 'KEY_FILE_TOO_LARGE',
        hint: expect.any(String),
        details: { field: 'keyFile' },
      });
      expect(result.error.message).not.toMatch(/Too big|characters/);
    }
  });

  it('takes a keystore between 1 and 4 MiB through the API (the loader decides; real 1,000-entry stores are ~2 MB)', async () => {
    // 2 MiB of a JKS header and padding: past the old 1 MB contract cap, within the loader's 4 MiB.
    const bytes = Buffer.concat([
      Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0, 0, 0, 0]),
      Buffer.alloc(2 * 1024 * 1024),
    ]);
    const result = await dispatch(service, 'inspectKeyFile', {
      keyFile: { fileName: 'big.jks', base64: bytes.toString('base64') },
    });
    // Read by the loader (an empty JKS with junk after it: damaged), not refused for its size.
    expect(result).toMatchObject({ ok: false, error: { code: 'KEY_FILE_CORRUPT' } });
  });

  it('says a key file that is not base64 did not arrive intact, on the key file field', async () => {
    const result = await dispatch(service, 'inspectKeyFile', { keyFile: { fileName: 'k.pem', base64: 'not base64!' } });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', hint: expect.any(String), details: { field: 'keyFile' } },
    });
  });

  it("answers a body past the browser bridge's limit with the envelope, after reading it, so the page can show it", async () => {
    const origin = new URL(bridge.url).origin;
    const body = JSON.stringify({ keyFile: { fileName: 'x.p12', base64: 'A'.repeat(61 * 1024 * 1024) } });
    const response = await fetch(`${origin}/api/inspectKeyFile`, {
      method: 'POST',
      headers: { 'x-jwt-connect-token': 'akeys-token' },
      body,
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { ok: boolean; error?: { code: string; hint?: string } };
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', hint: expect.stringContaining('right file') },
    });
  });
});

describe('keys Authorise would refuse, found at pick time', () => {
  it('names an RSA-PSS key in a PKCS#12 (keytool -keyalg RSASSA-PSS), instead of calling it a mismatch at Authorise', async () => {
    const source = { bytes: attackFixture('rsa-pss.p12'), storePassword: 'storepass' };
    const info = inspectKeyFile(source);
    expect(info.entries[0]).toMatchObject({
      alias: 'pss',
      keyType: 'rsa-pss',
      problem: expect.stringContaining('RSA-PSS'),
    });
    expect(info.warnings.join(' ')).toMatch(/RSA-PSS/);
    const error = await failure(() => loadSigningKey(source));
    expect(error).toMatchObject({
      code: 'UNSUPPORTED_KEY_TYPE',
      message: expect.stringContaining('RSA-PSS'),
      hint: expect.any(String),
    });
  });

  it('refuses an RSA key under 2048 bits at inspect and load (the signer would fail with "This is a bug")', async () => {
    const jks = { bytes: attackFixture('rsa1024.jks'), storePassword: 'storepass' };
    expect(inspectKeyFile(jks).entries[0]).toMatchObject({
      keyType: 'rsa',
      problem: expect.stringContaining('1,024 bits'),
    });
    expect(await failure(() => loadSigningKey(jks))).toMatchObject({
      code: 'UNSUPPORTED_KEY_TYPE',
      hint: expect.any(String),
    });
    const pem = Buffer.from(
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    );
    expect(await failure(() => inspectKeyFile({ bytes: pem }))).toMatchObject({
      code: 'UNSUPPORTED_KEY_TYPE',
      message: expect.stringContaining('2,048'),
    });
  });
});

describe('text encodings of PEM files', () => {
  it("reads a PEM saved as UTF-16 with a BOM (Windows PowerShell 5's > and Out-File)", async () => {
    const text = fixture('app-combined.pem').toString('utf8').replace(/\n/g, '\r\n');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    for (const bytes of [le, be]) {
      expect(inspectKeyFile({ bytes })).toMatchObject({
        format: 'pem',
        entries: [{ keyType: 'rsa', certificate: { sha256Fingerprint: appCert.fingerprint256 } }],
      });
      expect(appCert.checkPrivateKey((await loadSigningKey({ bytes })).key)).toBe(true);
    }
    const encrypted = fixture('app-pkcs8-encrypted.pem').toString('utf8');
    const loaded = await loadSigningKey({
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(encrypted, 'utf16le')]),
      passphrase: 'passphrase',
    });
    expect(appCert.checkPrivateKey(loaded.key)).toBe(true);
  });
});

describe('the key worker when a job goes wrong', () => {
  // A stand-in worker speaking the real protocol: 1 byte → the thread exits, 2 bytes → its heap balloons.
  const STAND_IN = `const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ ready: true });
parentPort.on('message', (m) => {
  if (m.source.bytes.length === 1) process.exit(3);
  if (m.source.bytes.length === 2) { const a = []; for (;;) a.push(new Array(1e5).fill(Math.random())); }
  parentPort.postMessage({ id: m.id, ok: true, data: { format: 'pem', formatLabel: 'PEM private key', entries: [], verified: false, encrypted: false, locked: false, warnings: [] } });
});`;
  let dir: string;
  let client: KeyWorkerClient;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-connect-akeys-worker-'));
    writeFileSync(join(dir, 'stand-in.cjs'), STAND_IN);
    client = new KeyWorkerClient({ workerPath: join(dir, 'stand-in.cjs'), memoryLimitMb: 64 });
  });
  afterAll(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops a worker whose memory balloons with a typed KEY_FILE_TOO_COSTLY, and serves the calls queued behind it', async () => {
    const started = performance.now();
    const [before, ballooned, exited, after] = await Promise.allSettled([
      client.inspectKeyFile({ bytes: Buffer.alloc(10) }),
      client.inspectKeyFile({ bytes: Buffer.alloc(2) }),
      client.inspectKeyFile({ bytes: Buffer.alloc(1) }),
      client.inspectKeyFile({ bytes: Buffer.alloc(10) }),
    ]);
    expect(before.status).toBe('fulfilled');
    expect(ballooned).toMatchObject({
      status: 'rejected',
      reason: { code: 'KEY_FILE_TOO_COSTLY', hint: expect.any(String) },
    });
    expect(exited).toMatchObject({ status: 'rejected', reason: { code: 'INTERNAL', hint: expect.any(String) } });
    expect(after.status).toBe('fulfilled');
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

describe('legacy encrypted PKCS#8 (PBES1)', () => {
  it('opens pbeWithMD5AndDES-CBC (openssl pkcs8 -topk8 before 1.1) and pbeWithSHA1AndRC2-CBC with the right passphrase', async () => {
    for (const name of ['pbes1-md5-des.pem', 'pbes1-sha1-rc2.der']) {
      const loaded = await loadSigningKey({ bytes: attackFixture(name), passphrase: 'passphrase' });
      expect(appCert.checkPrivateKey(loaded.key)).toBe(true);
      expect(await failure(() => loadSigningKey({ bytes: attackFixture(name), passphrase: 'not it' }))).toMatchObject({
        code: 'WRONG_PASSPHRASE',
      });
      expect(inspectKeyFile({ bytes: attackFixture(name) })).toMatchObject({ locked: true });
    }
  });
});

describe("JKS aliases in Java's modified UTF-8", () => {
  it('reads an alias with a character past U+FFFF (keytool -alias "clé🔑") and finds the key by it', async () => {
    const source = { bytes: attackFixture('emoji-alias.jks'), storePassword: 'storepass' };
    expect(inspectKeyFile(source).entries.map((e) => e.alias)).toEqual(['clé🔑']);
    expect((await loadSigningKey({ ...source, alias: 'Clé🔑' })).alias).toBe('clé🔑');
  });
});

describe('PEM bundles', () => {
  it('calls a bundle of 150 CA certificates (the system ca-certificates.crt, a common wrong pick) a file with no private key', async () => {
    const bundle = Buffer.from(fixture('app.crt').toString('utf8').repeat(150));
    expect(await failure(() => inspectKeyFile({ bytes: bundle }))).toMatchObject({
      code: 'NO_PRIVATE_KEY',
      hint: expect.stringContaining('private key file'),
    });
    const withKey = Buffer.concat([bundle, fixture('app-pkcs8.pem')]);
    expect(await failure(() => inspectKeyFile({ bytes: withKey }))).toMatchObject({
      code: 'KEY_FILE_TOO_COSTLY',
      hint: expect.stringContaining('openssl pkey'),
    });
  });

  it("checks and shows the key's own certificate when a CA certificate comes first (cat ca.crt app.crt app.key)", async () => {
    const bytes = Buffer.concat([fixture('other.crt'), fixture('app.crt'), fixture('app-pkcs8.pem')]);
    expect(inspectKeyFile({ bytes }).entries[0]?.certificate?.sha256Fingerprint).toBe(appCert.fingerprint256);
    const loaded = await loadSigningKey({ bytes });
    expect(loaded.certificate?.sha256Fingerprint).toBe(appCert.fingerprint256);
    // Still a mismatch when no certificate in the file goes with the key.
    const none = Buffer.concat([fixture('other.crt'), fixture('app-pkcs8.pem')]);
    expect(await failure(() => loadSigningKey({ bytes: none }))).toMatchObject({ code: 'KEY_CERT_MISMATCH' });
  });
});

describe('a password typed in the other field', () => {
  it('opens a keystore given with a passphrase, and an encrypted key given with a store password (the content decides)', async () => {
    const p12 = await loadSigningKey({ bytes: fixture('openssl-default.p12'), passphrase: 'storepass' });
    expect(appCert.checkPrivateKey(p12.key)).toBe(true);
    const jks = await loadSigningKey({ bytes: fixture('single.jks'), passphrase: 'storepass' });
    expect(appCert.checkPrivateKey(jks.key)).toBe(true);
    const pem = await loadSigningKey({ bytes: fixture('app-pkcs8-encrypted.pem'), storePassword: 'passphrase' });
    expect(appCert.checkPrivateKey(pem.key)).toBe(true);
    // An unencrypted key given a store password opens without a "passphrase not needed" warning.
    expect((await loadSigningKey({ bytes: fixture('app-pkcs8.pem'), storePassword: 'x' })).warnings).toEqual([]);
  });
});
