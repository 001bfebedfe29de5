import { createPrivateKey, type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import { KEY_TYPES, type KeyType } from '../../shared/key-constants.js';
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

/**
 * Signing cost grows with the cube of the modulus: a 65,536-bit key would take seconds per signature.
 * OpenSSL itself verifies up to 16,384 bits; Salesforce certificates use 2048–4096.
 */
export const MAX_RSA_BITS = 16_384;
export const MIN_RSA_BITS = 2048;

const NEW_KEY_HINT =
  'Create an RSA key of 2048 bits or more, e.g. openssl req -newkey rsa:2048 -nodes -keyout key.pem -x509 -days 365 -out certificate.pem, ' +
  'and upload the new certificate to the Connected App.';

export function keyTypeOf(key: KeyObject | undefined): KeyType {
  const found = key?.asymmetricKeyType;
  return (KEY_TYPES as readonly string[]).includes(found ?? '') ? (found as KeyType) : 'unknown';
}

/** Why a key of this type and size cannot sign a Salesforce JWT, or undefined when it can. */
export function keyProblem(type: KeyType, bits = 0): string | undefined {
  if (type !== 'rsa') {
    const name = KEY_TYPE_NAMES[type] ?? (type === 'unknown' ? 'a key of an unknown type' : `a ${type} key`);
    return `This is ${name}. Salesforce's JWT login only accepts RSA keys (RS256).`;
  }
  // jose (the signer) refuses RS256 with a modulus under 2048 bits, and Salesforce asks for 2048 or more:
  // say so at pick time, not as an "unexpected problem" at Authorise.
  if (bits > 0 && bits < MIN_RSA_BITS) {
    return `This RSA key has only ${bits.toLocaleString('en-US')} bits; a Salesforce JWT (RS256) needs an RSA key of ${MIN_RSA_BITS.toLocaleString('en-US')} bits or more.`;
  }
  if (bits > MAX_RSA_BITS) {
    return `This RSA key has ${bits.toLocaleString('en-US')} bits; jwt-connect reads RSA keys up to ${MAX_RSA_BITS.toLocaleString('en-US')} bits (Salesforce uses 2048–4096).`;
  }
  return undefined;
}

/** Salesforce's JWT flow verifies RS256 only, so anything but a plain RSA key is refused up front. */
export function assertRsaKey(key: KeyObject): KeyObject {
  const problem = keyProblem(keyTypeOf(key), key.asymmetricKeyDetails?.modulusLength ?? 0);
  if (problem) throw new AppError('UNSUPPORTED_KEY_TYPE', problem, NEW_KEY_HINT);
  return key;
}

/** A key that parses but cannot produce a signature its own public key verifies is damaged. */
export function assertKeyIntact(key: KeyObject): KeyObject {
  if (!keySignsCorrectly(key)) {
    throw new AppError(
      'KEY_FILE_CORRUPT',
      'The private key is damaged: it parses, but its signatures do not verify.',
      'The file was probably edited or corrupted in transit. Copy or export the key again.',
    );
  }
  return key;
}

/** An unencrypted PKCS#8 DER blob (from a keystore) as a Node key. */
export function keyFromPkcs8Der(der: Buffer): KeyObject {
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    throw new AppError(
      'KEY_FILE_CORRUPT',
      'The private key inside the keystore could not be read.',
      'The keystore may be damaged. Export it again.',
    );
  }
}
