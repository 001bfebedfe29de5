// "Create key and certificate": an RSA key (Node crypto), a self-signed certificate (node-forge), the
// key as PKCS#8 PEM (optionally passphrase-encrypted) and, on request, a PKCS#12 keystore: what
// `openssl req -newkey rsa:2048 -nodes -keyout key.pem -x509 -days 365 -out certificate.pem` makes.
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from './forge.js';
import { AppError } from '../../shared/errors.js';
import type { CertificateSummary } from '../../shared/keys.js';
import { parseCertificate, summariseCertificate } from './certificate.js';

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
  return commonName.trim().toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'jwt-connect';
}

export async function createCertificate(input: CreateCertificateInput, now: Date = new Date()): Promise<CreatedCertificate> {
  const commonName = input.commonName.trim();
  if (!commonName) throw new AppError('BAD_INPUT', 'The certificate needs a Common Name (CN).', 'Use something that names the integration, e.g. jwt-connect-uat.', { field: 'commonName' });
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > 3650) {
    throw new AppError('BAD_INPUT', 'Validity must be between 1 and 3650 days.', 'Salesforce accepts certificates valid for up to about 10 years; one or two years is usual.', { field: 'days' });
  }
  if (![2048, 3072, 4096].includes(input.bits)) throw new AppError('BAD_INPUT', 'The key size must be 2048, 3072 or 4096 bits.', undefined, { field: 'bits' });
  if (input.pkcs12Password !== undefined && input.pkcs12Password.length < 6) {
    throw new AppError('BAD_INPUT', 'The keystore password must be at least 6 characters (keytool refuses shorter ones).', undefined, { field: 'pkcs12Password' });
  }

  const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: input.bits, publicExponent: 0x10001 });
  const plainPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const forgeKey = forge.pki.privateKeyFromPem(plainPem);

  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  // A positive serial: 16 random bytes with the top bit cleared.
  const serial = randomBytes(16);
  serial[0] = (serial[0] as number) & 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + input.days * 86_400_000 + 60_000);
  const subject = [{ name: 'commonName', value: commonName }, ...(input.organization?.trim() ? [{ name: 'organizationName', value: input.organization.trim() }] : [])];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true, keyEncipherment: true }, { name: 'subjectKeyIdentifier' }]);
  cert.sign(forgeKey, forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);

  // Encrypted with forge (PKCS#8, PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC), a path that does not
  // depend on which ciphers the running Node's TLS library has.
  const privateKeyPem = input.passphrase
    ? forge.pki.encryptedPrivateKeyToPem(forge.pki.encryptPrivateKeyInfo(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(forgeKey)),
      input.passphrase, { algorithm: 'aes256', prfAlgorithm: 'sha256', count: 100_000 }))
    : plainPem;
  const alias = (input.alias?.trim() || fileBaseName(commonName)).toLowerCase();
  let pkcs12: Buffer | undefined;
  if (input.pkcs12Password !== undefined) {
    const asn1 = forge.pkcs12.toPkcs12Asn1(forgeKey, [cert], input.pkcs12Password, { algorithm: 'aes256', friendlyName: alias, generateLocalKeyId: true });
    pkcs12 = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
  }
  return {
    privateKeyPem,
    certificatePem,
    ...(pkcs12 && { pkcs12 }),
    alias,
    certificate: summariseCertificate(parseCertificate(certificatePem), now),
  };
}
