// node-forge, as every module here uses it: its pure-JavaScript keystore code reads the same under
// Electron's BoringSSL as under OpenSSL. Two changes, both at forge's key-derivation entry points:
//  1. Caps. Every derivation forge runs (PBKDF2, the PKCS#12 KDF for MACs and PKCS#12 PBE) is checked
//     against limits.ts before it runs. The pre-check in der.ts sees the parameters that lie in the
//     clear; these hooks also see those inside encrypted PKCS#12 contents, which only appear once
//     decrypted. A file past a cap gets KEY_FILE_TOO_COSTLY, not minutes of CPU.
//  2. Speed. forge runs PBKDF2 in JavaScript whenever the PRF is not SHA-1 (keytool's PBES2 uses
//     HMAC-SHA256, 10,000 rounds: ~100 ms a keystore). Node's pbkdf2Sync derives the same bytes
//     natively, and BoringSSL has it too. Passwords arrive as forge's binary strings and are hashed
//     exactly as forge's own code would hash them.
import { pbkdf2Sync } from 'node:crypto';
import forge from 'node-forge';
import { admitWork } from './limits.js';

const NATIVE_PRF: Record<string, string> = { sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };
const forgePbkdf2 = forge.pkcs5.pbkdf2;
type Pbkdf2Args = Parameters<typeof forgePbkdf2>;

(forge.pkcs5 as { pbkdf2: unknown }).pbkdf2 = (...args: Pbkdf2Args) => {
  const [password, salt, iterations, keyLength, md, callback] = args as unknown as [
    string,
    string,
    number,
    number,
    unknown,
    unknown,
  ];
  admitWork('pbkdf2', iterations);
  const name = typeof md === 'string' ? md : ((md as { algorithm?: string } | null | undefined)?.algorithm ?? 'sha1');
  const prf = NATIVE_PRF[name];
  if (callback !== undefined || !prf) return (forgePbkdf2 as (...a: Pbkdf2Args) => unknown)(...args);
  return pbkdf2Sync(Buffer.from(password, 'binary'), Buffer.from(salt, 'binary'), iterations, keyLength, prf).toString(
    'binary',
  );
};

// The PKCS#12 KDF (RFC 7292 B.2), used for the MAC (forge.pkcs12.generateKey) and for PKCS#12 PBE
// ciphers (forge.pki.pbe.generatePkcs12Key); forge binds the two names separately, so wrap both.
type Pkcs12Kdf = (password: unknown, salt: unknown, id: number, iterations: number, n: number, md?: unknown) => unknown;
const pbe = (forge.pki as unknown as { pbe: { generatePkcs12Key: Pkcs12Kdf } }).pbe;
const forgePkcs12Kdf = pbe.generatePkcs12Key;
const cappedPkcs12Kdf: Pkcs12Kdf = (password, salt, id, iterations, n, md) => {
  admitWork('pkcs12', iterations);
  return forgePkcs12Kdf(password, salt, id, iterations, n, md);
};
pbe.generatePkcs12Key = cappedPkcs12Kdf;
(forge.pkcs12 as { generateKey: unknown }).generateKey = cappedPkcs12Kdf;

// 3. Key types. forge's privateKeyFromAsn1 reads any PrivateKeyInfo whose inner key looks like an
//    RSAPrivateKey, whatever its algorithm says: an RSA-PSS key (keytool -keyalg RSASSA-PSS) came out as
//    a plain RSA key, and then "did not match" its own certificate. Only rsaEncryption is read as RSA;
//    forge keeps other keys as raw ASN.1 (pkcs12.ts hands them to Node, which names their type).
const { asn1: forgeAsn1, pki: forgePki } = forge;
const forgePrivateKeyFromAsn1 = forgePki.privateKeyFromAsn1;
forgePki.privateKeyFromAsn1 = (obj: forge.asn1.Asn1) => {
  const algorithm = Array.isArray(obj.value) ? obj.value[1] : undefined;
  const oid =
    algorithm &&
    typeof algorithm !== 'string' &&
    algorithm.type === forgeAsn1.Type.SEQUENCE &&
    Array.isArray(algorithm.value)
      ? algorithm.value[0]
      : undefined;
  if (
    oid &&
    typeof oid !== 'string' &&
    oid.type === forgeAsn1.Type.OID &&
    typeof oid.value === 'string' &&
    forgeAsn1.derToOid(oid.value) !== forgePki.oids.rsaEncryption
  ) {
    throw new Error('not an rsaEncryption private key');
  }
  return forgePrivateKeyFromAsn1(obj);
};

export default forge;
