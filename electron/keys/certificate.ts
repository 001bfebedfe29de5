import { createPublicKey, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import type { CertificateSummary } from '../../shared/keys.js';
import { displayName } from './safe-text.js';

const DAY_MS = 86_400_000;

/** Node prints distinguished names one attribute per line; show them the usual way, tamed. */
function oneLine(dn: string): string {
  const line = dn.split('\n').filter(Boolean).join(', ');
  return line.length > 300 ? `${displayName(line.slice(0, 300))}…` : line.replace(/[\p{Cc}\p{Cf}\uFFFD]/gu, '?');
}

/**
 * A certificate date as a Date. Node gives OpenSSL's text ("Jan  1 00:00:00 2031 GMT"); a damaged or
 * odd certificate can carry a date that text cannot express (a year past 9999, a 61st second), which
 * `new Date` turns into an Invalid Date and toISOString() into a RangeError: say so instead.
 */
function certificateDate(text: string, which: 'start' | 'end'): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    throw new AppError(
      'KEY_FILE_CORRUPT',
      `The certificate's validity ${which} date cannot be read.`,
      'The certificate is damaged or malformed. Export the certificate (or the keystore) again from where it was made.',
    );
  }
  return date;
}

export function parseCertificate(der: Buffer | string): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch {
    throw new AppError(
      'KEY_FILE_CORRUPT',
      'A certificate in this file could not be read.',
      'The file may be damaged. Export the certificate again from where it was made.',
    );
  }
}

export function summariseCertificate(cert: X509Certificate, now: Date = new Date()): CertificateSummary {
  const validFrom = certificateDate(cert.validFrom, 'start');
  const validTo = certificateDate(cert.validTo, 'end');
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    serialNumber: cert.serialNumber.toUpperCase(),
    sha256Fingerprint: cert.fingerprint256,
    validFrom: validFrom.toISOString(),
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
export function keySignsCorrectly(key: KeyObject, publicKey?: KeyObject): boolean {
  try {
    return verify('sha256', PROBE, publicKey ?? createPublicKey(key), sign('sha256', PROBE, key));
  } catch {
    return false;
  }
}

/**
 * A changed base64 character inside a PEM key can still parse into a different key, so wherever a
 * certificate is at hand we check that it belongs to the key before anything is signed.
 */
export function assertCertificateMatchesKey(cert: X509Certificate, key: KeyObject): void {
  let matches: boolean;
  try {
    matches = cert.checkPrivateKey(key) && keySignsCorrectly(key, cert.publicKey);
  } catch {
    matches = false;
  }
  if (!matches) {
    throw new AppError(
      'KEY_CERT_MISMATCH',
      `The private key does not belong to the certificate "${oneLine(cert.subject)}".`,
      'Use the key that was generated with this certificate. If the key file was edited or damaged, export it again. ' +
        'Salesforce would reject logins signed with this key.',
    );
  }
}
