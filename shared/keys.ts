import { z } from 'zod';
import { KEY_FORMATS, KEY_TYPES } from './key-constants.js';

export { EXPIRY_WARNING_DAYS } from './key-constants.js';

/** What a key file turned out to be, by its content (never its extension). */
export const KeyFormat = z.enum(KEY_FORMATS);
export type KeyFormat = z.infer<typeof KeyFormat>;

export const CertificateSummary = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  sha256Fingerprint: z.string(),
  validFrom: z.string(), // ISO 8601
  validTo: z.string(), // ISO 8601
  daysLeft: z.number().int(), // negative once expired
  selfSigned: z.boolean(),
});
export type CertificateSummary = z.infer<typeof CertificateSummary>;

export const KeyEntryKind = z.enum(['privateKey', 'trustedCertificate', 'secretKey']);
export type KeyEntryKind = z.infer<typeof KeyEntryKind>;

/** The algorithm of a private key entry (from the key, or from its certificate when the key is still locked). */
export const KeyType = z.enum(KEY_TYPES);
export type KeyType = z.infer<typeof KeyType>;

export const KeyEntry = z.object({
  alias: z.string(),
  kind: KeyEntryKind,
  certificate: CertificateSummary.optional(),
  /** Private key entries: the key's algorithm. Salesforce's JWT flow takes 'rsa' only. */
  keyType: KeyType.optional(),
  /** Why this entry cannot sign a Salesforce JWT (e.g. an EC key), known at inspect time; absent when it can. */
  problem: z.string().optional(),
});
export type KeyEntry = z.infer<typeof KeyEntry>;

/** The result of inspecting a key file: enough to fill the form, nothing secret. */
export const KeyFileInfo = z.object({
  format: KeyFormat,
  formatLabel: z.string(),
  entries: z.array(KeyEntry),
  /** Store integrity was checked with the given password (JKS/JCEKS/PKCS#12). */
  verified: z.boolean(),
  encrypted: z.boolean(),
  /** A password or passphrase is needed before the keys can be listed. */
  locked: z.boolean(),
  warnings: z.array(z.string()),
});
export type KeyFileInfo = z.infer<typeof KeyFileInfo>;
