// Secrets are encrypted together per connection by a cipher the platform provides, and the backend
// that encrypted each blob is recorded beside it. Without a trustworthy cipher, secrets live for
// this session only (unless the user opts in to the weak one).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { readRegularFile } from './store-file.js';
import { ConnectionSecrets, type VaultStatus } from '../../shared/connection.js';

export interface SecretCipher {
  /** Recorded beside each blob, e.g. "electron-safeStorage:gnome-libsecret" or "dev-aes-256-gcm". */
  readonly backend: string;
  /** `aad`: the connection id. Ciphers that authenticate associated data bind the blob to it. */
  encrypt(plain: string, aad: string): string;
  decrypt(sealed: string, aad: string): string;
}

export interface SealedSecrets {
  backend: string;
  data: string;
}

/**
 * AES-256-GCM with a key kept in its own file, outside the connections file. For tests and the
 * browser dev mode only: anyone who can read both files can read the secrets.
 */
export function devAesGcmCipher(key: Buffer): SecretCipher {
  if (key.length !== 32) throw new Error('The dev vault key must be 32 bytes.');
  return {
    backend: 'dev-aes-256-gcm',
    encrypt(plain, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
    },
    decrypt(sealed, aad) {
      const bytes = Buffer.from(sealed, 'base64');
      if (bytes.length < 28) throw new Error('sealed data too short');
      // authTagLength pins the tag to 16 bytes: a shortened tag is refused, not checked on fewer bits.
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12), { authTagLength: 16 });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(bytes.subarray(12, 28));
      try {
        return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      } catch (error) {
        // Files sealed before ids were bound (store version 1) carry no associated data; the
        // Vault accepts their text only when it names no connection (see Vault.open).
        const legacy = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12), { authTagLength: 16 });
        legacy.setAuthTag(bytes.subarray(12, 28));
        try {
          return Buffer.concat([legacy.update(bytes.subarray(28)), legacy.final()]).toString('utf8');
        } catch {
          throw error;
        }
      }
    },
  };
}

/** The dev vault's key file: made once with mode 0600; an existing one with looser modes is tightened. */
export function loadOrCreateDevKey(path: string): Buffer {
  if (existsSync(path)) {
    try {
      if (statSync(path).mode & 0o077) chmodSync(path, 0o600);
    } catch {
      /* read-only folder or another owner: reading still works */
    }
    return devKeyFrom(readRegularFile(path, 4096));
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Two processes may start on a fresh folder at once: each writes a whole key to its own temp file
  // and links it into place; link fails for the later one, which then reads the winner's key.
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    chmodSync(temp, 0o600);
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  return devKeyFrom(readRegularFile(path, 4096));
}

function devKeyFrom(text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) {
    throw new AppError(
      'VAULT_UNAVAILABLE',
      'The development vault key (dev-vault.key) is damaged.',
      'Put back the dev-vault.key that belongs to this data folder; without it the secrets saved here cannot be opened.',
    );
  }
  return key;
}

/** The part of Electron's safeStorage we use; passed in so this file stays plain Node. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  getSelectedStorageBackend?: () => string;
}

export interface CipherChoice {
  cipher: SecretCipher | null;
  /** True when the cipher may be used to write secrets to disk. */
  persistent: boolean;
  warning?: string;
  weakChoice?: 'offered' | 'chosen';
  /**
   * No cipher until the user sets a secrets password, and secrets are then refused rather than kept
   * for the session: see PASSWORD_FIRST.
   */
  passwordFirst?: boolean;
}

/**
 * The browser mode in the desktop app's folder (npm start without Electron). The app seals with the
 * OS keychain, which a browser page cannot reach, and a packaged app ignores a development key file;
 * so the one vault every entry point can open later (the app, the browser mode, the terminal) is the
 * secrets password. Until one is set, saving a password or key is refused with words that say so,
 * and nothing is sealed with anything else.
 */
export const PASSWORD_FIRST: CipherChoice = { cipher: null, persistent: false, passwordFirst: true };

/** The development vault's key file, beside the data it seals. */
export const devKeyPath = (dataDir: string) => join(dataDir, 'dev-vault.key');

/**
 * The development key's cipher if `dataDir` already has a key file, else null. Never creates one: a
 * key file appearing beside the desktop app's data would quietly weaken its secrets.
 */
export function existingDevKeyCipher(dataDir: string): SecretCipher | null {
  const path = devKeyPath(dataDir);
  return existsSync(path) ? devAesGcmCipher(loadOrCreateDevKey(path)) : null;
}

/**
 * PASSWORD_FIRST for `dataDir`. A folder an earlier browser mode sealed with a development key (one
 * named by JWT_CONNECT_DATA_DIR) keeps its secrets readable with that key, never written with it;
 * setting the secrets password seals them again under it. No key file is ever created here.
 */
export function passwordFirstChoice(dataDir: string): CipherChoice {
  const cipher = existingDevKeyCipher(dataDir);
  return cipher ? { ...PASSWORD_FIRST, cipher } : PASSWORD_FIRST;
}

/** What saving secrets in a PASSWORD_FIRST folder says, before a secrets password is set. */
export function passwordFirstError(action: 'save' | 'import' = 'save'): AppError {
  return new AppError(
    'SECRETS_LOCKED',
    "Set a secrets password first: in the browser mode, passwords and keys saved in the desktop app's folder are sealed only with your secrets password, so that the app and the jwt-connect command line can open them later.",
    `Use "Set a secrets password…" at the top of the page, then ${action} again. Nothing was ${action === 'save' ? 'saved' : 'imported'}.`,
  );
}

/** The recorded backend of secrets sealed by Electron's safeStorage (the OS keychain), before ":<keyring>". */
const KEYCHAIN_BACKEND = 'electron-safeStorage';

/** Sealed by the desktop app's OS keychain, which only the app can open (not a terminal, not a browser page). */
export const isKeychainBackend = (backend: string | undefined): boolean =>
  backend?.startsWith(KEYCHAIN_BACKEND) === true;

/** Electron safeStorage, judged the way VS Code does: Linux "basic_text" is a hard-coded key. */
export function safeStorageChoice(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
  allowWeak: boolean,
): CipherChoice {
  if (!safeStorage.isEncryptionAvailable()) {
    return {
      cipher: null,
      persistent: false,
      warning:
        'No OS keyring is available, so passwords and keys are kept for this session only and must be entered again after a restart.',
    };
  }
  const selected = platform === 'linux' ? (safeStorage.getSelectedStorageBackend?.() ?? 'unknown') : platform;
  const cipher: SecretCipher = {
    backend: `${KEYCHAIN_BACKEND}:${selected}`,
    // safeStorage takes no associated data: the Vault binds the id inside the sealed text instead.
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
  if (selected === 'basic_text') {
    return allowWeak
      ? {
          cipher,
          persistent: true,
          weakChoice: 'chosen',
          warning:
            "Secrets are saved with Electron's basic_text backend (a fixed key), as you chose. Install and unlock a keyring (GNOME Keyring / KWallet) for real protection.",
        }
      : {
          cipher,
          persistent: false,
          weakChoice: 'offered',
          warning:
            "This Linux session has no unlocked keyring (GNOME Keyring / KWallet), so secrets are kept for this session only. You can opt in to saving them with Electron's weak basic_text encryption.",
        };
  }
  return { cipher, persistent: true };
}

/**
 * Whether a blob sealed before ids were bound (a bare secrets object) opens: only while the store is
 * at version 1 (startup.ts re-seals them all, then the store says version 2 and they are refused),
 * and while a restored version-1 store is re-sealed. The caller knows which, so it says so each time.
 */
export type LegacyBlobs = 'accept' | 'refuse';

export class Vault {
  private choice: CipherChoice;

  /**
   * `choose` decides the cipher; it is asked again when the user opts in or out of a weak backend.
   * `outsideApp`: a plain Node entry point (the browser mode, the CLI), where the desktop app's OS
   * keychain can never be reached, so secrets sealed by it are said to be the app's.
   */
  constructor(
    private readonly choose: (allowWeak: boolean) => CipherChoice,
    private readonly outsideApp = false,
  ) {
    this.choice = choose(false);
  }

  setAllowWeak(allow: boolean): void {
    this.choice = this.choose(allow);
  }

  get persistent(): boolean {
    return this.choice.persistent && this.choice.cipher !== null;
  }

  /** Secrets wait for a secrets password here, instead of living for the session (see PASSWORD_FIRST). */
  get passwordFirst(): boolean {
    return this.choice.passwordFirst === true;
  }

  status(): VaultStatus {
    return {
      backend: this.choice.cipher?.backend ?? 'none',
      persistent: this.persistent,
      ...(this.choice.warning && { warning: this.choice.warning }),
      ...(this.choice.weakChoice && { weakChoice: this.choice.weakChoice }),
      ...(this.choice.passwordFirst && { passwordFirst: true }),
    };
  }

  /**
   * Seals a connection's secrets bound to its id: as associated data where the cipher takes it, and
   * inside the sealed text for every cipher, so a secrets file swapped between connections does not open.
   */
  seal(secrets: ConnectionSecrets, id: string): SealedSecrets {
    const cipher = this.choice.cipher;
    if (!cipher || !this.persistent)
      throw new AppError('VAULT_UNAVAILABLE', 'Secrets cannot be saved to disk on this computer.', this.choice.warning);
    return { backend: cipher.backend, data: cipher.encrypt(JSON.stringify({ for: id, secrets }), id) };
  }

  open(sealed: SealedSecrets, id: string, legacyBlobs: LegacyBlobs): ConnectionSecrets {
    return this.openChecked(sealed, id, legacyBlobs).secrets;
  }

  /** The same, saying whether the blob was sealed before ids were bound (the version-2 migration re-seals those). */
  openChecked(
    sealed: SealedSecrets,
    id: string,
    legacyBlobs: LegacyBlobs,
  ): { secrets: ConnectionSecrets; legacy: boolean } {
    const cipher = this.choice.cipher;
    if (!cipher || cipher.backend !== sealed.backend) {
      if (this.outsideApp && isKeychainBackend(sealed.backend)) {
        throw new AppError(
          'VAULT_UNAVAILABLE',
          `This connection's secrets were sealed by the desktop app's OS keychain (${sealed.backend}), which only the jwt-connect app can open.`,
          'In the app, set a secrets password (it seals every saved secret again with it): they then open here and in the terminal too. Or pick the key file and enter its passwords again here.',
        );
      }
      throw new AppError(
        'VAULT_UNAVAILABLE',
        `This connection's secrets were saved with "${sealed.backend}", which is not available now${cipher ? ` (now: "${cipher.backend}")` : ''}.`,
        'Unlock or restore that keyring, or enter the passwords and pick the key file again.',
      );
    }
    let bound: { for?: unknown; secrets?: unknown };
    try {
      bound = JSON.parse(cipher.decrypt(sealed.data, id)) as typeof bound;
    } catch (error) {
      if (error instanceof AppError) throw error; // the cipher's own answer, e.g. SECRETS_LOCKED
      throw new AppError(
        'VAULT_UNAVAILABLE',
        "This connection's saved secrets could not be decrypted.",
        'The keyring may have been reset. Enter the passwords and pick the key file again.',
      );
    }
    // A legacy blob (sealed before ids were bound) is the bare secrets object, with no "for".
    const legacy = !!bound && typeof bound === 'object' && !('for' in bound) && !('secrets' in bound);
    if (legacyBlobs === 'accept' && legacy) bound = { for: id, secrets: bound };
    if (bound?.for !== id) {
      throw new AppError(
        'VAULT_UNAVAILABLE',
        "This connection's secrets file belongs to another connection.",
        'The secrets files were moved or swapped. Enter the passwords and pick the key file again, then save.',
      );
    }
    try {
      return { secrets: ConnectionSecrets.parse(bound.secrets), legacy };
    } catch {
      throw new AppError(
        'VAULT_UNAVAILABLE',
        "This connection's saved secrets could not be decrypted.",
        'The keyring may have been reset. Enter the passwords and pick the key file again.',
      );
    }
  }
}
