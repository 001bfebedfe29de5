// "Create key and certificate": an RSA key (Node crypto), a self-signed certificate (node-forge), the
// key as PKCS#8 PEM (optionally passphrase-encrypted) and, on request, a PKCS#12 keystore: what
// `openssl req -newkey rsa:2048 -nodes -keyout key.pem -x509 -days 365 -out certificate.pem` makes.
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import forge from './forge.js';
import { AppError } from '../../shared/errors.js';
import type { CertificateSummary } from '../../shared/keys.js';
import { parseCertificate, summariseCertificate } from './certificate.js';
import { pkcs12Of, privateKeyPem as encryptedKeyPem, selfSignedPem, subjectAttributes } from './certificate-forge.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface CreateCertificateInput {
  commonName: string;
  organization?: string | undefined;
  days: number;
  bits: 2048 | 3072 | 4096;
  /** Encrypt the private key file with this passphrase (PKCS#8, AES-256). */
  passphrase?: string | undefined;
  /** Also write a PKCS#12 keystore protected by this password. */
  pkcs12Password?: string | undefined;
  /** The keystore alias (friendlyName); Salesforce lower-cases aliases, so we do too. */
  alias?: string | undefined;
}

export interface CreatedCertificate {
  privateKeyPem: string;
  certificatePem: string;
  pkcs12?: Buffer;
  alias: string;
  certificate: CertificateSummary;
}

export function fileBaseName(commonName: string): string {
  return (
    commonName
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'jwt-connect'
  );
}

export async function createCertificate(
  input: CreateCertificateInput,
  now: Date = new Date(),
): Promise<CreatedCertificate> {
  const commonName = input.commonName.trim();
  if (!commonName)
    throw new AppError(
      'BAD_INPUT',
      'The certificate needs a Common Name (CN).',
      'Use something that names the integration, e.g. jwt-connect-uat.',
      { field: 'commonName' },
    );
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > 3650) {
    throw new AppError(
      'BAD_INPUT',
      'Validity must be between 1 and 3650 days.',
      'Salesforce accepts certificates valid for up to about 10 years; one or two years is usual.',
      { field: 'days' },
    );
  }
  if (![2048, 3072, 4096].includes(input.bits))
    throw new AppError('BAD_INPUT', 'The key size must be 2048, 3072 or 4096 bits.', undefined, { field: 'bits' });
  if (input.pkcs12Password !== undefined && input.pkcs12Password.length < 6) {
    throw new AppError(
      'BAD_INPUT',
      'The keystore password must be at least 6 characters (keytool refuses shorter ones).',
      undefined,
      { field: 'pkcs12Password' },
    );
  }

  const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: input.bits, publicExponent: 0x10001 });
  const plainPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const forgeKey = forge.pki.privateKeyFromPem(plainPem) as forge.pki.rsa.PrivateKey;
  const certificatePem = selfSignedPem(forgeKey, subjectAttributes(commonName, input.organization), input.days, now);
  // Encrypted with forge, a path that does not depend on which ciphers the running Node's TLS library has.
  const privateKeyPem = input.passphrase ? encryptedKeyPem(forgeKey, input.passphrase) : plainPem;
  const alias = (input.alias?.trim() || fileBaseName(commonName)).toLowerCase();
  const pkcs12 =
    input.pkcs12Password !== undefined ? pkcs12Of(forgeKey, certificatePem, input.pkcs12Password, alias) : undefined;
  return {
    privateKeyPem,
    certificatePem,
    ...(pkcs12 && { pkcs12 }),
    alias,
    certificate: summariseCertificate(parseCertificate(certificatePem), now),
  };
}
