// Certificates made with node-forge for a key we hold: a self-signed certificate (new or re-issued
// for the same key), a certificate signing request, and the key file that carries key and certificate
// together. Pure JavaScript, so it behaves the same under Electron's BoringSSL as under OpenSSL.
import { randomBytes, type KeyObject, type X509Certificate } from 'node:crypto';
import forge from './forge.js';
import { AppError } from '../../shared/errors.js';

type ForgeKey = forge.pki.rsa.PrivateKey;
type Attributes = forge.pki.CertificateField[];

export function forgeKeyOf(key: KeyObject): ForgeKey {
  return forge.pki.privateKeyFromPem(key.export({ type: 'pkcs8', format: 'pem' }) as string) as ForgeKey;
}

export function subjectAttributes(commonName: string, organization?: string): Attributes {
  return [
    { name: 'commonName', value: commonName },
    ...(organization?.trim() ? [{ name: 'organizationName', value: organization.trim() }] : []),
  ];
}

/** The subject of a certificate as forge attributes (types and string kinds as they were), for one that keeps it. */
export function subjectOf(cert: X509Certificate): Attributes {
  try {
    return forge.pki.certificateFromPem(cert.toString()).subject.attributes as Attributes;
  } catch {
    // forge reads RSA certificates only; the key is RSA, so this is a damaged one: keep its CN at least.
    const cn = /CN=([^\n,]+)/.exec(cert.subject)?.[1]?.trim();
    if (!cn)
      throw new AppError(
        'KEY_FILE_CORRUPT',
        "The current certificate's subject cannot be read.",
        'Create a new key and certificate instead.',
      );
    return subjectAttributes(cn);
  }
}

/** A self-signed certificate for the key: a random positive serial, valid from a minute ago for `days`. */
export function selfSignedPem(key: ForgeKey, subject: Attributes, days: number, now: Date): string {
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new AppError(
      'BAD_INPUT',
      'Validity must be between 1 and 3650 days.',
      'Salesforce accepts certificates valid for up to about 10 years; one or two years is usual.',
      { field: 'days' },
    );
  }
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  const serial = randomBytes(16);
  serial[0] = (serial[0] as number) & 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + days * 86_400_000 + 60_000);
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** A PKCS#10 request for the key, with the subject the CA signed before: a CA-signed certificate is renewed by its CA. */
export function certificateRequestPem(key: KeyObject, subject: Attributes): string {
  const forgeKey = forgeKeyOf(key);
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  csr.setSubject(subject);
  csr.sign(forgeKey, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}

/** The key as PKCS#8 PEM, encrypted (PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC) when a passphrase is given. */
export function privateKeyPem(key: ForgeKey, passphrase?: string): string {
  if (!passphrase) return forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key)));
  return forge.pki.encryptedPrivateKeyToPem(
    forge.pki.encryptPrivateKeyInfo(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key)), passphrase, {
      algorithm: 'aes256',
      prfAlgorithm: 'sha256',
      count: 100_000,
    }),
  );
}

/** A PKCS#12 keystore holding the key and its certificate under `alias`, protected by `password`. */
export function pkcs12Of(key: ForgeKey, certificatePem: string, password: string, alias: string): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [forge.pki.certificateFromPem(certificatePem)], password, {
    algorithm: 'aes256',
    friendlyName: alias,
    generateLocalKeyId: true,
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}
