// PKCS#5 v1.5 (PBES1) encrypted private keys: pbeWithMD5AndDES-CBC is what `openssl pkcs8 -topk8`
// wrote by default before OpenSSL 1.1, and Java's PBEWithMD5AndDES the same. OpenSSL 3 (Node) needs its
// legacy provider for DES and RC2, and node-forge does not know these algorithms, so a right passphrase
// was reported as wrong. Decrypted here in plain code (MD5/SHA-1 from node:crypto, DES and RC2 from
// node-forge), which works under Electron's BoringSSL too.
import { createHash } from 'node:crypto';
import forge from './forge.js';
import { children, integerValue, oidText, readTlv } from './der.js';
import { admitWork } from './limits.js';

const SCHEMES: Record<string, { hash: 'md5' | 'sha1'; cipher: 'des' | 'rc2' }> = {
  '1.2.840.113549.1.5.3': { hash: 'md5', cipher: 'des' }, // pbeWithMD5AndDES-CBC
  '1.2.840.113549.1.5.6': { hash: 'md5', cipher: 'rc2' }, // pbeWithMD5AndRC2-CBC
  '1.2.840.113549.1.5.10': { hash: 'sha1', cipher: 'des' }, // pbeWithSHA1AndDES-CBC
  '1.2.840.113549.1.5.11': { hash: 'sha1', cipher: 'rc2' }, // pbeWithSHA1AndRC2-CBC
};

/** True when `der` is an EncryptedPrivateKeyInfo protected with a PBES1 scheme read here. */
export function isPbes1(der: Buffer): boolean {
  return parse(der) !== null;
}

function parse(der: Buffer) {
  const top = readTlv(der, 0);
  const [algorithm, data] = top && top.tag === 0x30 && top.end === der.length ? children(der, top) : [];
  const [oidTlv, params] = algorithm && algorithm.tag === 0x30 ? children(der, algorithm) : [];
  const scheme = SCHEMES[oidText(der, oidTlv) ?? ''];
  const [saltTlv, countTlv] = params && params.tag === 0x30 ? children(der, params) : [];
  const iterations = integerValue(der, countTlv);
  if (
    !scheme ||
    !data ||
    data.tag !== 0x04 ||
    !saltTlv ||
    saltTlv.tag !== 0x04 ||
    iterations === null ||
    iterations < 1
  )
    return null;
  return {
    ...scheme,
    salt: der.subarray(saltTlv.contentStart, saltTlv.contentEnd),
    iterations,
    encrypted: der.subarray(data.contentStart, data.contentEnd),
  };
}

/** The PKCS#8 DER inside, or null when the passphrase does not open it (padding fails). */
export function decryptPbes1(der: Buffer, passphrase: string): Buffer | null {
  const p = parse(der);
  if (!p || p.encrypted.length === 0 || p.encrypted.length % 8 !== 0) return null;
  admitWork('pbkdf2', p.iterations); // counted as the pre-check counted it (der.ts)
  // PBKDF1: T1 = H(P || S), Ti = H(Ti-1); key = DK[0..8], IV = DK[8..16].
  let digest = createHash(p.hash).update(Buffer.from(passphrase, 'utf8')).update(p.salt).digest();
  for (let i = 1; i < p.iterations; i++) digest = createHash(p.hash).update(digest).digest();
  const key = forge.util.createBuffer(digest.subarray(0, 8).toString('binary'));
  const iv = forge.util.createBuffer(digest.subarray(8, 16).toString('binary'));
  const input = forge.util.createBuffer(p.encrypted.toString('binary'));
  if (p.cipher === 'des') {
    const decipher = forge.cipher.createDecipher('DES-CBC', key);
    decipher.start({ iv });
    decipher.update(input);
    return decipher.finish() ? Buffer.from(decipher.output.getBytes(), 'binary') : null;
  }
  const decipher = forge.rc2.createDecryptionCipher(key, 64);
  decipher.start(iv, null as unknown as forge.util.ByteBuffer);
  decipher.update(input);
  return decipher.finish() ? Buffer.from(decipher.output.getBytes(), 'binary') : null;
}
