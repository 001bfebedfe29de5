// Private key files: PKCS#1 / PKCS#8 PEM, encrypted PKCS#8, legacy "Proc-Type: 4,ENCRYPTED" PEM, DER;
// with a BOM, CRLF, blank lines, "Bag Attributes" preambles, or a certificate in the same file.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import { pemText } from './sniff.js';
import { parseCertificate } from './certificate.js';
import forge from './forge.js';
import { admitVisibleWorkFactors } from './der.js';
import { scanPem, type PemBlock } from './pem.js';
import { decryptPbes1, isPbes1 } from './pbes1.js';

export interface PrivateKeyFile {
  key: KeyObject;
  certificates: X509Certificate[];
  encrypted: boolean;
  warnings: string[];
}

const corrupt = (what: string) =>
  new AppError(
    'KEY_FILE_CORRUPT',
    `The key file is damaged: ${what}.`,
    'Copy or export the key file again; check that nothing was cut off or edited.',
  );

const needPassphrase = () =>
  new AppError(
    'PASSPHRASE_REQUIRED',
    'This private key is encrypted and needs its passphrase.',
    'Enter the passphrase that was set when the key was created.',
  );

const wrongPassphrase = () =>
  new AppError(
    'WRONG_PASSPHRASE',
    'The passphrase does not open this private key.',
    'Check the passphrase (it is case-sensitive). If it was lost, create a new key and certificate.',
  );

function readPem(bytes: Buffer, given: string | undefined, fallback: string | undefined): PrivateKeyFile {
  const { blocks, unterminated } = scanPem(pemText(bytes));
  if (unterminated > 0) throw corrupt('a PEM block starts but never ends (the file looks truncated)');

  const certificates = blocks
    .filter((b) => b.label === 'CERTIFICATE' || b.label === 'TRUSTED CERTIFICATE')
    .map((b) => parseCertificate(b.text));
  const keys = blocks.filter((b) => b.label.endsWith('PRIVATE KEY'));
  const warnings: string[] = [];

  if (keys.length === 0) {
    if (blocks.some((b) => b.label === 'PUBLIC KEY' || b.label === 'RSA PUBLIC KEY')) {
      throw new AppError(
        'NO_PRIVATE_KEY',
        'This file holds a public key, not the private key.',
        'jwt-connect signs with the private key (often key.pem or server.key). The public half goes into the certificate you upload to Salesforce.',
      );
    }
    if (certificates.length > 0) {
      throw new AppError(
        'NO_PRIVATE_KEY',
        'This file holds only a certificate, not the private key.',
        'The certificate is what you upload to the Connected App. Pick the private key file that was created with it.',
      );
    }
    throw new AppError(
      'KEY_FILE_UNRECOGNISED',
      `This PEM file holds no private key (found: ${blocks.map((b) => b.label).join(', ') || 'nothing readable'}).`,
      'Pick the private key file (it starts with -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----).',
    );
  }
  const block = keys[0] as PemBlock;
  if (keys.length > 1) warnings.push(`The file holds ${keys.length} private keys; the first one is used.`);
  if (block.label === 'OPENSSH PRIVATE KEY') {
    throw new AppError(
      'UNSUPPORTED_KEY_TYPE',
      'This is an OpenSSH key file, which Salesforce certificates are not made from.',
      'Convert it with: ssh-keygen -p -m PKCS8 -f <file>, or create a key with openssl.',
    );
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(block.body)) throw corrupt('the key contains characters that are not base64');

  // Whatever the label says, look at the key's own derivation parameters before OpenSSL runs them.
  admitVisibleWorkFactors(Buffer.from(block.body, 'base64'));
  const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block.headers);
  const passphrase = given ?? (encrypted ? fallback : undefined);
  // Node's own error for a missing passphrase reads "interrupted or cancelled": decide before asking it.
  if (encrypted && !passphrase) throw needPassphrase();
  let key: KeyObject;
  try {
    key = createPrivateKey(
      encrypted
        ? { key: block.text, format: 'pem', passphrase: passphrase as string }
        : { key: block.text, format: 'pem' },
    );
  } catch {
    if (!encrypted) throw corrupt('the private key could not be decoded');
    key =
      decryptWithForge(block.text, passphrase as string) ??
      pbes1Key(Buffer.from(block.body, 'base64'), passphrase as string) ??
      (() => {
        throw wrongPassphrase();
      })();
  }
  if (!encrypted && passphrase) warnings.push('The key is not encrypted; the passphrase was not needed.');
  // A bundle may list the CA before the key's own certificate (cat ca.crt app.crt app.key): the one that
  // goes with the key leads, so it is the one checked and shown. None fitting stays a mismatch.
  const own = certificates.findIndex((cert) => {
    try {
      return cert.checkPrivateKey(key);
    } catch {
      return false;
    }
  });
  if (own > 0) certificates.unshift(...certificates.splice(own, 1));
  return { key, certificates, encrypted, warnings };
}

export function derToPem(der: Buffer, label: string): string {
  return `-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').trimEnd()}\n-----END ${label}-----\n`;
}

/**
 * The pure path for an encrypted RSA key: Electron's BoringSSL lacks some ciphers OpenSSL has (legacy
 * "Proc-Type" PEM, PBES1 with 3DES), so what Node could not open is tried with node-forge before the
 * passphrase is called wrong. Returns null when forge cannot open it either.
 */
export function decryptWithForge(pem: string, passphrase: string): KeyObject | null {
  try {
    const rsa = forge.pki.decryptRsaPrivateKey(pem, passphrase);
    if (!rsa) return null;
    const der = forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(rsa))).getBytes();
    return createPrivateKey({ key: Buffer.from(der, 'binary'), format: 'der', type: 'pkcs8' });
  } catch {
    return null;
  }
}

/** PBES1 (pbeWithMD5AndDES-CBC and kin): neither OpenSSL 3 without its legacy provider nor node-forge opens it. */
function pbes1Key(der: Buffer, passphrase: string): KeyObject | null {
  if (!isPbes1(der)) return null;
  const plain = decryptPbes1(der, passphrase);
  if (!plain) return null;
  try {
    return createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' });
  } catch {
    return null; // the padding passed by chance with a wrong passphrase
  }
}

function readDer(bytes: Buffer, given: string | undefined, fallback: string | undefined): PrivateKeyFile {
  const passphrase = given ?? fallback; // used only for an encrypted key
  admitVisibleWorkFactors(bytes);
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    try {
      return {
        key: createPrivateKey({ key: bytes, format: 'der', type }),
        certificates: [],
        encrypted: false,
        warnings: [],
      };
    } catch {
      /* try the next encoding */
    }
  }
  let isCertificate = false;
  try {
    new X509Certificate(bytes);
    isCertificate = true;
  } catch {
    /* not a certificate */
  }
  if (isCertificate) {
    throw new AppError(
      'NO_PRIVATE_KEY',
      'This file holds only a certificate, not the private key.',
      'The certificate is what you upload to the Connected App. Pick the private key file that was created with it.',
    );
  }
  // An encrypted PKCS#8 DER: SEQUENCE { SEQUENCE { OID ... }, OCTET STRING } - its first element is a SEQUENCE.
  const headerLength = bytes[1] !== undefined && bytes[1] >= 0x80 ? 2 + (bytes[1] & 0x7f) : 2;
  if (bytes[headerLength] === 0x30) {
    if (!passphrase) throw needPassphrase();
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8', passphrase });
    } catch {
      key =
        decryptWithForge(derToPem(bytes, 'ENCRYPTED PRIVATE KEY'), passphrase) ??
        pbes1Key(bytes, passphrase) ??
        (() => {
          throw wrongPassphrase();
        })();
    }
    return { key, certificates: [], encrypted: true, warnings: [] };
  }
  throw corrupt('it is binary (DER) but not a private key; it may be truncated');
}

/** `fallback`: a password typed in another field (the key store password), tried when the key is encrypted and no passphrase was given. */
export function readPrivateKeyFile(
  bytes: Buffer,
  format: 'pem' | 'der',
  passphrase?: string,
  fallback?: string,
): PrivateKeyFile {
  return format === 'pem'
    ? readPem(bytes, passphrase || undefined, fallback || undefined)
    : readDer(bytes, passphrase || undefined, fallback || undefined);
}
