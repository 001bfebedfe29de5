// One door to key material: inspect a picked file (for the form and `inspect`) or load the signing key.
import type { KeyObject, X509Certificate } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import { EXPIRY_WARNING_DAYS, KEY_FORMAT_LABELS, type KeyFormat } from '../../shared/key-constants.js';
import type { CertificateSummary, KeyEntry, KeyFileInfo } from '../../shared/keys.js';
import { assertCertificateMatchesKey, summariseCertificate } from './certificate.js';
import { withWorkBudget } from './limits.js';
import { assertKeyIntact, assertRsaKey, keyProblem, keyTypeOf } from './rsa.js';
import { sniffKeyFormat } from './sniff.js';
import { typedAsync, typedSync } from './typed-errors.js';
import { openKeyFile, type OpenEntry, type OpenFile } from './open-key-file.js';

export interface KeySource {
  bytes: Buffer;
  /** JKS / JCEKS / PKCS#12 store password. */
  storePassword?: string | undefined;
  alias?: string | undefined;
  /** JKS / JCEKS key password, when it differs from the store password. */
  keyPassword?: string | undefined;
  /** Passphrase of an encrypted PEM / DER private key. */
  passphrase?: string | undefined;
}

export interface SigningKey {
  key: KeyObject;
  format: KeyFormat;
  alias?: string;
  certificate?: CertificateSummary;
  warnings: string[];
}

function certificateWarnings(summary: CertificateSummary): string[] {
  if (summary.daysLeft < 0) {
    // A risk to check, not a prediction: Salesforce has been seen to accept expired certificates at JWT login.
    return [
      `The certificate expired on ${summary.validTo.slice(0, 10)}. Salesforce has been seen to keep accepting expired certificates at JWT login, but a future release or the org's policy may not: renew it (Renew certificate… keeps the same key, so nothing has to change in Salesforce).`,
    ];
  }
  if (summary.daysLeft < EXPIRY_WARNING_DAYS) {
    return [
      `The certificate expires in ${summary.daysLeft} day${summary.daysLeft === 1 ? '' : 's'} (${summary.validTo.slice(0, 10)}).`,
    ];
  }
  return [];
}

/**
 * The type of a private key entry: from the key where the file gave it, else from its certificate
 * (a JKS key stays locked until used, but its certificate carries the same public key).
 */
function entryKeyFacts(entry: OpenEntry): Pick<KeyEntry, 'keyType' | 'problem'> {
  if (entry.kind !== 'privateKey') return {};
  let key: KeyObject | undefined = entry.key;
  if (!key) {
    try {
      key = entry.certificates[0]?.publicKey;
    } catch {
      key = undefined;
    } // unreadable key algorithm
  }
  if (!key) return {};
  const keyType = keyTypeOf(key);
  const problem = keyProblem(keyType, key.asymmetricKeyDetails?.modulusLength ?? 0);
  return { keyType, ...(problem && { problem }) };
}

/** Summary of a picked file: format, entries, certificates. Asks for nothing it does not need. */
export function inspectKeyFile(source: KeySource, now: Date = new Date()): KeyFileInfo {
  return typedSync(() => withWorkBudget(() => inspect(source, now)));
}

function inspect(source: KeySource, now: Date): KeyFileInfo {
  const format = sniffKeyFormat(source.bytes);
  let file: OpenFile;
  try {
    file = openKeyFile(source, format);
  } catch (error) {
    // A locked file is a state of the form, not a failure: report that a password is needed.
    if (error instanceof AppError && (error.code === 'PASSWORD_REQUIRED' || error.code === 'PASSPHRASE_REQUIRED')) {
      return {
        format,
        formatLabel: KEY_FORMAT_LABELS[format],
        entries: [],
        verified: false,
        encrypted: true,
        locked: true,
        warnings: [],
      };
    }
    throw error;
  }
  const warnings = [...file.warnings];
  const entries = file.entries.map((entry) => {
    const leaf = entry.certificates[0];
    const certificate = leaf ? summariseCertificate(leaf, now) : undefined;
    const facts = entryKeyFacts(entry);
    const named = (w: string) => (entry.alias ? `${entry.alias}: ${w}` : w);
    if (certificate && entry.kind === 'privateKey') warnings.push(...certificateWarnings(certificate).map(named));
    // Keystores: an EC key is found now, not at Authorise (plain key files throw below instead).
    if (facts.problem && format !== 'pem' && format !== 'der') warnings.push(named(facts.problem));
    return { alias: entry.alias, kind: entry.kind, ...(certificate && { certificate }), ...facts };
  });
  // Plain key files are opened in full here, so type and certificate problems show at pick time.
  if (format === 'pem' || format === 'der') {
    const key = assertRsaKey(file.entries[0]?.key as KeyObject);
    const leaf = file.entries[0]?.certificates[0];
    if (leaf) assertCertificateMatchesKey(leaf, key);
    else assertKeyIntact(key);
  }
  return {
    format,
    formatLabel: KEY_FORMAT_LABELS[format],
    entries,
    verified: file.verified,
    encrypted: file.encrypted,
    locked: false,
    warnings,
  };
}

function chooseEntry(file: OpenFile, alias: string | undefined): OpenEntry {
  if (file.format === 'pem' || file.format === 'der') return file.entries[0] as OpenEntry;
  const keys = file.entries.filter((e) => e.kind === 'privateKey');
  const keyAliases = keys.map((e) => e.alias);
  const listed = keyAliases.map((a) => `"${a}"`).join(', ');
  const beyondReach = (what: string) =>
    new AppError(
      'UNSUPPORTED_KEYSTORE',
      `${what} in the part of this JCEKS store that can be read (it holds secret keys, which hide the entries after them).`,
      'Convert the store to PKCS#12 with keytool: keytool -importkeystore -srckeystore <file.jceks> -srcstoretype JCEKS -destkeystore <file.p12> -deststoretype PKCS12',
    );
  if (!alias) {
    if (keys.length === 1) return keys[0] as OpenEntry;
    if (keys.length === 0 && !file.complete) throw beyondReach('No private key was found');
    if (keys.length === 0) {
      throw new AppError(
        'NO_PRIVATE_KEY',
        'This keystore holds no private key, only trusted certificates.',
        "Pick the keystore that holds the Connected App's private key (Salesforce: Certificate and Key Management → Export to Keystore).",
      );
    }
    throw new AppError(
      'ALIAS_REQUIRED',
      `This keystore holds ${keys.length} keys: ${listed}. Say which one to use.`,
      'Enter the Certificate Name (alias) of the certificate uploaded to the Connected App.',
      { aliases: keyAliases },
    );
  }
  const wanted = alias.trim().toLowerCase();
  const found = file.entries.find((e) => e.alias.toLowerCase() === wanted);
  if (!found) {
    if (!file.complete) throw beyondReach(`The alias "${alias}" was not found`);
    throw new AppError(
      'ALIAS_NOT_FOUND',
      `There is no key "${alias}" in this keystore. ${keys.length ? `Keys there are: ${listed}.` : 'It holds no private key.'}`,
      'Enter one of the listed aliases as the Certificate Name. Salesforce stores aliases in lower case.',
      { aliases: keyAliases },
    );
  }
  if (found.kind === 'trustedCertificate') {
    throw new AppError(
      'ALIAS_NOT_A_KEY',
      `"${found.alias}" is a trusted certificate, not a private key. ${keys.length ? `Keys there are: ${listed}.` : ''}`.trim(),
      'A JWT is signed with a private key: pick the alias of a key entry.',
      { aliases: keyAliases },
    );
  }
  if (found.kind === 'secretKey') {
    throw new AppError(
      'ALIAS_NOT_A_KEY',
      `"${found.alias}" is a secret (symmetric) key, which cannot sign a JWT.`,
      'Pick the alias of a private key entry.',
      { aliases: keyAliases },
    );
  }
  return found;
}

/** The RSA key to sign with, checked against its certificate where one is at hand. */
export async function loadSigningKey(source: KeySource, now: Date = new Date()): Promise<SigningKey> {
  return typedAsync(() => withWorkBudget(() => load(source, now)));
}

async function load(source: KeySource, now: Date): Promise<SigningKey> {
  const file = openKeyFile(source);
  if ((file.format === 'jks' || file.format === 'jceks') && !file.verified) {
    throw new AppError(
      'PASSWORD_REQUIRED',
      'Enter the key store password to use a key from this keystore.',
      'The Key Store Password checks that the file is intact and usually opens the key too.',
    );
  }
  const entry = chooseEntry(file, source.alias);
  const key = assertRsaKey(entry.key ?? (await (entry.unlock as NonNullable<OpenEntry['unlock']>)(source.keyPassword)));
  const leaf = entry.certificates[0];
  const warnings = [...file.warnings];
  let certificate: CertificateSummary | undefined;
  if (leaf) {
    assertCertificateMatchesKey(leaf, key);
    certificate = summariseCertificate(leaf, now);
    warnings.push(...certificateWarnings(certificate));
  } else {
    assertKeyIntact(key);
  }
  return {
    key,
    format: file.format,
    ...(entry.alias && { alias: entry.alias }),
    ...(certificate && { certificate }),
    warnings,
  };
}

/** The certificate that goes with the key (for "upload this certificate"); public, so no key password is needed. */
export function certificateOf(source: KeySource): X509Certificate {
  return typedSync(() => withWorkBudget(() => leafCertificate(source)));
}

function leafCertificate(source: KeySource): X509Certificate {
  const file = openKeyFile({ ...source, keyPassword: undefined });
  const entry = chooseEntry(file, source.alias);
  const leaf = entry.certificates[0];
  if (!leaf) {
    throw new AppError(
      'NO_PRIVATE_KEY',
      'This key file holds no certificate.',
      'The certificate made with this key is usually a separate .crt or .pem file. Or create a new key and certificate and upload that one.',
    );
  }
  return leaf;
}
