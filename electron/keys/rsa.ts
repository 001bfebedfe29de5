import { createPrivateKey, type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import { keySignsCorrectly } from './certificate.js';

const KEY_TYPE_NAMES: Record<string, string> = {
  ec: 'an EC (elliptic curve) key',
  ed25519: 'an Ed25519 key',
  ed448: 'an Ed448 key',
  dsa: 'a DSA key',
  'rsa-pss': 'an RSA-PSS key',
  x25519: 'an X25519 key',
  x448: 'an X448 key',
};

/** Salesforce's JWT flow verifies RS256 only, so anything but a plain RSA key is refused up front. */
export function assertRsaKey(key: KeyObject): KeyObject {
  const type = key.asymmetricKeyType ?? 'unknown';
  if (type !== 'rsa') {
    const name = KEY_TYPE_NAMES[type] ?? `a ${type} key`;
    throw new AppError('UNSUPPORTED_KEY_TYPE', `This is ${name}. Salesforce's JWT login only accepts RSA keys (RS256).`,
      'Create an RSA key of 2048 bits or more, e.g. openssl req -newkey rsa:2048 -nodes -keyout key.pem -x509 -days 365 -out certificate.pem, ' +
        "and upload the new certificate to the Connected App.");
  }
  return key;
}

/** A key that parses but cannot produce a signature its own public key verifies is damaged. */
export function assertKeyIntact(key: KeyObject): KeyObject {
  if (!keySignsCorrectly(key)) {
    throw new AppError('KEY_FILE_CORRUPT', 'The private key is damaged: it parses, but its signatures do not verify.',
      'The file was probably edited or corrupted in transit. Copy or export the key again.');
  }
  return key;
}

export function rsaWarnings(key: KeyObject): string[] {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  return bits > 0 && bits < 2048 ? [`This RSA key has only ${bits} bits; Salesforce expects 2048 bits or more.`] : [];
}

/** An unencrypted PKCS#8 DER blob (from a keystore) as a Node key. */
export function keyFromPkcs8Der(der: Buffer): KeyObject {
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    throw new AppError('KEY_FILE_CORRUPT', 'The private key inside the keystore could not be read.',
      'The keystore may be damaged. Export it again.');
  }
}
