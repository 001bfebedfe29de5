// Plain values about key files, without zod: the key loaders import these, and loading zod for
// them would cost every CLI run ~20 ms (keys.ts re-exports them beside its schemas).
export const KEY_FORMATS = ['jks', 'jceks', 'pkcs12', 'pem', 'der'] as const;
export type KeyFormat = (typeof KEY_FORMATS)[number];

export const KEY_FORMAT_LABELS: Record<KeyFormat, string> = {
  jks: 'Java KeyStore (JKS)',
  jceks: 'Java KeyStore (JCEKS)',
  pkcs12: 'PKCS#12 keystore',
  pem: 'PEM private key',
  der: 'DER private key',
};

export const KEY_TYPES = [
  'rsa',
  'rsa-pss',
  'ec',
  'ed25519',
  'ed448',
  'dsa',
  'x25519',
  'x448',
  'dh',
  'unknown',
] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** Days under which a certificate counts as expiring soon. */
export const EXPIRY_WARNING_DAYS = 30;
