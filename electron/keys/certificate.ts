import { createPublicKey, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import type { CertificateSummary } from '../../shared/keys.js';

const DAY_MS = 86_400_000;

/** Node prints distinguished names one attribute per line; show them the usual way. */
function oneLine(dn: string): string {
  return dn.split('\n').filter(Boolean).join(', ');
}

export function parseCertificate(der: Buffer | string): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch {
    throw new AppError('KEY_FILE_CORRUPT', 'A certificate in this file could not be read.',
      'The file may be damaged. Export the certificate again from where it was made.');
  }
}

export function summariseCertificate(cert: X509Certificate, now: Date = new Date()): CertificateSummary {
  const validTo = new Date(cert.validTo);
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    serialNumber: cert.serialNumber.toUpperCase(),
    sha256Fingerprint: cert.fingerprint256,
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - now.getTime()) / DAY_MS),
    selfSigned: cert.subject === cert.issuer,
  };
}

const PROBE = Buffer.from('jwt-connect key check');

/**
 * True when the key signs what its public half verifies. A damaged private exponent or prime can
 * still parse and still carry the right modulus, so comparing public keys alone is not enough.
 */
export function keySignsCorrectly(key: KeyObject, publicKey: KeyObject = createPublicKey(key)): boolean {
  try {
    return verify('sha256', PROBE, publicKey, sign('sha256', PROBE, key));
  } catch {
    return false;
  }
}

/**
 * A changed base64 character inside a PEM key can still parse into a different key, so wherever a
 * certificate is at hand we check that it belongs to the key before anything is signed.
 */
export function assertCertificateMatchesKey(cert: X509Certificate, key: KeyObject): void {
  let matches = false;
  try {
    matches = cert.checkPrivateKey(key) && keySignsCorrectly(key, cert.publicKey);
  } catch {
    matches = false;
  }
  if (!matches) {
    throw new AppError('KEY_CERT_MISMATCH',
      `The private key does not belong to the certificate "${oneLine(cert.subject)}".`,
      'Use the key that was generated with this certificate. If the key file was edited or damaged, export it again. ' +
        'Salesforce would reject logins signed with this key.');
  }
}
