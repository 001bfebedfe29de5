// A key file opened, whatever its format (PEM, DER, JKS, JCEKS, PKCS#12): its entries with their
// certificates, each key either at hand or unlocked on demand with its own password (Java keystores).
// Nothing here signs or judges; load.ts chooses the entry and checks it.
import type { KeyObject, X509Certificate } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import type { KeyFormat } from '../../shared/key-constants.js';
import type { KeyEntryKind } from '../../shared/keys.js';
import { readJavaKeyStore, unprotectKey, type JavaKeyStoreEntry } from './java-keystore.js';
import { readPkcs12 } from './pkcs12.js';
import { readPrivateKeyFile } from './private-key-file.js';
import { keyFromPkcs8Der } from './rsa.js';
import { sniffKeyFormat } from './sniff.js';
import type { KeySource } from './load.js';

export interface OpenEntry {
  alias: string;
  kind: KeyEntryKind;
  certificates: X509Certificate[];
  /** The key, where opening the file already gave it (PEM, DER, PKCS#12). */
  key?: KeyObject;
  /** Java keystores: each key has its own protection, opened on demand. */
  unlock?: (keyPassword: string | undefined) => Promise<KeyObject>;
}

export interface OpenFile {
  format: KeyFormat;
  entries: OpenEntry[];
  verified: boolean;
  encrypted: boolean;
  complete: boolean;
  warnings: string[];
}

function javaEntryUnlock(entry: JavaKeyStoreEntry, storePassword: string | undefined, format: KeyFormat) {
  return async (keyPassword: string | undefined): Promise<KeyObject> => {
    if (!storePassword) {
      throw new AppError(
        'PASSWORD_REQUIRED',
        'Enter the key store password to use a key from this keystore.',
        'The Key Store Password checks that the file is intact and usually opens the key too.',
      );
    }
    const plain = await unprotectKey(entry.protectedKey as Buffer, keyPassword || storePassword);
    // JCEKS padding can pass by chance with a wrong password; the PKCS#8 then fails to parse.
    let key: KeyObject | null = null;
    if (plain) {
      try {
        key = keyFromPkcs8Der(plain);
      } catch (error) {
        if (format === 'jks') throw error;
      }
    }
    if (key) return key;
    if (!keyPassword) {
      throw new AppError(
        'KEY_PASSWORD_REQUIRED',
        `The key "${entry.alias}" has its own password, different from the key store password.`,
        'Enter the Key Password for this alias.',
        { alias: entry.alias },
      );
    }
    throw new AppError(
      'WRONG_KEY_PASSWORD',
      `The key password does not open the key "${entry.alias}".`,
      'Check the Key Password for this alias (it is case-sensitive). Leave it empty if it is the same as the key store password.',
      { alias: entry.alias },
    );
  };
}

export function openKeyFile(given: KeySource, format: KeyFormat = sniffKeyFormat(given.bytes)): OpenFile {
  // The content decides the format, not the field the password was typed in: a .p12 given with
  // `--private-key F --passphrase P` (or an encrypted PEM with --keystore-password) opens with it.
  const keystore = format === 'jks' || format === 'jceks' || format === 'pkcs12';
  const source: KeySource = keystore
    ? { ...given, storePassword: given.storePassword || given.passphrase || undefined }
    : { ...given, passphrase: given.passphrase || undefined };
  if (format === 'jks' || format === 'jceks') {
    const store = readJavaKeyStore(source.bytes, format, source.storePassword);
    return {
      format,
      verified: store.verified,
      encrypted: true,
      complete: store.complete,
      warnings: store.complete
        ? []
        : ['This JCEKS store holds secret keys; entries after the first secret key cannot be read.'],
      entries: store.entries.map((e) => ({
        alias: e.alias,
        kind: e.kind,
        certificates: e.certificates,
        ...(e.kind === 'privateKey' && { unlock: javaEntryUnlock(e, source.storePassword, format) }),
      })),
    };
  }
  if (format === 'pkcs12') {
    const entries = readPkcs12(source.bytes, source.storePassword);
    return {
      format,
      verified: true,
      encrypted: true,
      complete: true,
      warnings: [],
      entries: entries.map((e) => ({
        alias: e.alias,
        kind: e.kind,
        certificates: e.certificates,
        ...(e.key && { key: e.key }),
      })),
    };
  }
  const file = readPrivateKeyFile(source.bytes, format, source.passphrase, given.storePassword || undefined);
  return {
    format,
    verified: false,
    encrypted: file.encrypted,
    complete: true,
    warnings: file.warnings,
    entries: [{ alias: '', kind: 'privateKey', certificates: file.certificates, key: file.key }],
  };
}
