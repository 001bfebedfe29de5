// Java keystores, JKS and JCEKS, read in plain code (SHA-1 from node:crypto, 3DES from node-forge) so
// the same path works under Electron's BoringSSL. Not jks-js: it fails on PKCS#8 keys carrying an
// attributes field (as in real Salesforce exports) and decrypts every entry with one password.
import { createHash, timingSafeEqual, type X509Certificate } from 'node:crypto';
import forge from './forge.js';
import { AppError } from '../../shared/errors.js';
import { parseCertificate } from './certificate.js';
import { children, integerValue, oidText, readTlv } from './der.js';
import { admitWork, assertCount, LIMITS } from './limits.js';
import { iteratedMd5 } from './md5-rounds.js';
import { displayName } from './safe-text.js';

export type JavaKeyStoreType = 'jks' | 'jceks';

export interface JavaKeyStoreEntry {
  alias: string;
  kind: 'privateKey' | 'trustedCertificate' | 'secretKey';
  /** EncryptedPrivateKeyInfo DER (private keys only). */
  protectedKey?: Buffer;
  certificates: X509Certificate[];
}

export interface JavaKeyStore {
  type: JavaKeyStoreType;
  entries: JavaKeyStoreEntry[];
  /** Entries after a JCEKS secret key cannot be located (its format has no length prefix). */
  complete: boolean;
  verified: boolean;
}

const JKS_KEY_PROTECTOR = '1.3.6.1.4.1.42.2.17.1.1';
const JCEKS_KEY_PROTECTOR = '1.3.6.1.4.1.42.2.19.1'; // PBEWithMD5AndTripleDES (Sun)

const truncated = () =>
  new AppError(
    'KEY_FILE_CORRUPT',
    'The keystore is damaged or cut off before its end.',
    'Copy or export the keystore again; check the whole file arrived.',
  );

class Reader {
  offset = 0;
  constructor(
    private readonly bytes: Buffer,
    private readonly end: number,
  ) {}
  private need(n: number): void {
    if (this.offset + n > this.end) throw truncated();
  }
  u16(): number {
    this.need(2);
    const v = this.bytes.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  skip(n: number): void {
    this.need(n);
    this.offset += n;
  }
  take(n: number): Buffer {
    this.need(n);
    const v = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }
  utf(): string {
    return javaUtf(this.take(this.u16()));
  }
}

/**
 * Java's DataOutput.writeUTF text ("modified UTF-8"): NUL as C0 80 and characters past U+FFFF as two
 * 3-byte surrogates (CESU-8), which Buffer's UTF-8 decoder turns into U+FFFD. An alias such as "clé🔑"
 * read as "clé??????" and could not be found by its name. Standard 4-byte UTF-8 is read too.
 */
function javaUtf(bytes: Buffer): string {
  const units: number[] = [];
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const a = bytes[i] as number;
    const b = (bytes[i + 1] ?? 0) & 0x3f;
    const c = (bytes[i + 2] ?? 0) & 0x3f;
    const d = (bytes[i + 3] ?? 0) & 0x3f;
    if (a < 0x80) {
      units.push(a);
      i += 1;
    } else if ((a & 0xe0) === 0xc0 && i + 1 < bytes.length) {
      units.push(((a & 0x1f) << 6) | b);
      i += 2;
    } else if ((a & 0xf0) === 0xe0 && i + 2 < bytes.length) {
      units.push(((a & 0x0f) << 12) | (b << 6) | c);
      i += 3;
    } else if ((a & 0xf8) === 0xf0 && i + 3 < bytes.length) {
      const cp = ((a & 0x07) << 18) | (b << 12) | (c << 6) | d;
      units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      i += 4;
    } else {
      units.push(0xfffd);
      i += 1;
    }
    if (units.length >= 4096) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode(...units);
}

/** Java hashes passwords as UTF-16BE chars. */
function passwordBytes(password: string): Buffer {
  return Buffer.from(password, 'utf16le').swap16();
}

function readCertificate(r: Reader, version: number): X509Certificate {
  if (version === 2) {
    const type = r.utf();
    // The type name comes from the file: not echoed (a damaged file would put its bytes in the message).
    if (type !== 'X.509') {
      throw new AppError(
        'UNSUPPORTED_KEYSTORE',
        'The keystore holds a certificate that is not X.509, or the file is damaged.',
        'Convert the keystore to PKCS#12 with keytool: keytool -importkeystore -srckeystore <file> -destkeystore out.p12 -deststoretype PKCS12',
      );
    }
  }
  return parseCertificate(r.take(r.u32()));
}

export function isStoreIntact(bytes: Buffer, password: string): boolean {
  if (bytes.length < 20) return false;
  const body = bytes.subarray(0, bytes.length - 20);
  const expected = createHash('sha1')
    .update(passwordBytes(password))
    .update('Mighty Aphrodite', 'utf8')
    .update(body)
    .digest();
  return timingSafeEqual(expected, bytes.subarray(bytes.length - 20));
}

/**
 * Parse the structure; verify the integrity digest when a store password is given.
 * A wrong store password is caught here, before any key is touched.
 */
export function readJavaKeyStore(bytes: Buffer, type: JavaKeyStoreType, storePassword?: string): JavaKeyStore {
  const r = new Reader(bytes, bytes.length - 20);
  r.u32(); // magic, checked by the sniffer
  const version = r.u32();
  if (version !== 1 && version !== 2)
    throw new AppError(
      'KEY_FILE_CORRUPT',
      `The keystore has an unknown version (${version}).`,
      'Export the keystore again with keytool.',
    );
  const count = r.u32();
  assertCount('entries', count, LIMITS.maxEntries);
  const entries: JavaKeyStoreEntry[] = [];
  let complete = true;
  for (let i = 0; i < count; i++) {
    const tag = r.u32();
    const alias = displayName(r.utf());
    r.skip(8); // creation date
    if (tag === 1) {
      const protectedKey = r.take(r.u32());
      const chainLength = r.u32();
      assertCount(`certificates in the chain of "${alias}"`, chainLength, LIMITS.maxChainLength);
      const certificates: X509Certificate[] = [];
      for (let c = 0; c < chainLength; c++) certificates.push(readCertificate(r, version));
      entries.push({ alias, kind: 'privateKey', protectedKey, certificates });
    } else if (tag === 2) {
      entries.push({ alias, kind: 'trustedCertificate', certificates: [readCertificate(r, version)] });
    } else if (tag === 3 && type === 'jceks') {
      // A sealed Java object with no length prefix: we cannot step over it.
      entries.push({ alias, kind: 'secretKey', certificates: [] });
      complete = false;
      break;
    } else {
      throw truncated();
    }
  }
  if (complete && r.offset !== bytes.length - 20) throw truncated();
  if (storePassword === undefined || storePassword === '') {
    return { type, entries, complete, verified: false };
  }
  if (!isStoreIntact(bytes, storePassword)) {
    // keytool's words: the digest cannot tell a wrong password from changed bytes.
    throw new AppError(
      'WRONG_PASSWORD',
      'The key store password is wrong, or the file is damaged.',
      'Check the Key Store Password (it is case-sensitive). For a Salesforce "Export to Keystore" file it is the password typed at export. ' +
        'If the password is surely right, copy or export the keystore again.',
    );
  }
  return { type, entries, complete, verified: true };
}

function jksUnprotect(protectedKey: Buffer, password: string): Buffer | null {
  if (protectedKey.length < 40) return null;
  const pw = passwordBytes(password);
  const salt = protectedKey.subarray(0, 20);
  const encrypted = protectedKey.subarray(20, protectedKey.length - 20);
  const check = protectedKey.subarray(protectedKey.length - 20);
  const plain = Buffer.alloc(encrypted.length);
  let digest: Buffer = salt;
  for (let off = 0; off < encrypted.length; off += 20) {
    digest = createHash('sha1').update(pw).update(digest).digest();
    for (let i = 0; i < 20 && off + i < encrypted.length; i++)
      plain[off + i] = (encrypted[off + i] as number) ^ (digest[i] as number);
  }
  const actual = createHash('sha1').update(pw).update(plain).digest();
  return timingSafeEqual(actual, check) ? plain : null;
}

/** Let other work (IPC, the window) run during long key derivations in the main process. */
const breather = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Sun's JCEKS key protection: 200,000 MD5 rounds per half-key with keytool's defaults. */
async function jcePbeUnprotect(
  encrypted: Buffer,
  salt: Buffer,
  iterations: number,
  password: string,
): Promise<Buffer | null> {
  if (salt.length !== 8 || iterations < 1 || encrypted.length === 0 || encrypted.length % 8 !== 0) return null;
  admitWork('jceks', iterations); // before the rounds run, not after
  const s = Buffer.from(salt);
  // Sun's PBEWithMD5AndTripleDES: equal salt halves get the first half reversed (with Java's own quirk).
  if (s.subarray(0, 4).equals(s.subarray(4, 8))) {
    for (let i = 0; i < 2; i++) {
      const t = s[i] as number;
      s[i] = s[3 - i] as number;
      s[2] = t;
    }
  }
  const pw = Buffer.from(password, 'latin1'); // PBEKey takes ASCII chars as bytes
  const derived = Buffer.alloc(32);
  for (let half = 0; half < 2; half++) {
    (await iteratedMd5(s.subarray(half * 4, half * 4 + 4), pw, iterations, 50_000, breather)).copy(derived, half * 16);
  }
  const decipher = forge.cipher.createDecipher(
    '3DES-CBC',
    forge.util.createBuffer(derived.subarray(0, 24).toString('binary')),
  );
  decipher.start({ iv: forge.util.createBuffer(derived.subarray(24, 32).toString('binary')) });
  decipher.update(forge.util.createBuffer(encrypted.toString('binary')));
  if (!decipher.finish()) return null;
  return Buffer.from(decipher.output.getBytes(), 'binary');
}

/** Decrypt one private key entry to PKCS#8 DER, or null when the password does not open it. */
export async function unprotectKey(protectedKey: Buffer, password: string): Promise<Buffer | null> {
  // EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier { OID, params }, OCTET STRING }
  const top = readTlv(protectedKey, 0);
  const [algorithm, data] = top && top.tag === 0x30 ? children(protectedKey, top) : [];
  const [oidTlv, params] = algorithm && algorithm.tag === 0x30 ? children(protectedKey, algorithm) : [];
  const oid = oidText(protectedKey, oidTlv);
  if (!oid || !data || data.tag !== 0x04) throw truncated();
  const encrypted = protectedKey.subarray(data.contentStart, data.contentEnd);
  if (oid === JKS_KEY_PROTECTOR) return jksUnprotect(encrypted, password);
  if (oid === JCEKS_KEY_PROTECTOR) {
    const [saltTlv, countTlv] = params && params.tag === 0x30 ? children(protectedKey, params) : [];
    const iterations = integerValue(protectedKey, countTlv);
    if (!saltTlv || saltTlv.tag !== 0x04 || iterations === null) throw truncated();
    return jcePbeUnprotect(
      encrypted,
      protectedKey.subarray(saltTlv.contentStart, saltTlv.contentEnd),
      iterations,
      password,
    );
  }
  throw new AppError(
    'UNSUPPORTED_KEYSTORE',
    `A key in this keystore is protected with an algorithm jwt-connect does not know (OID ${oid}).`,
    'Convert the keystore to PKCS#12: keytool -importkeystore -srckeystore <file> -destkeystore out.p12 -deststoretype PKCS12',
  );
}
