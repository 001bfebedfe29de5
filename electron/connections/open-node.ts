// The connection service for plain Node entry points (tests, browser dev mode, demo, CLI): our own
// atomic JSON file for the metadata and the dev AES-256-GCM vault. The Electron app wires
// safeStorage instead, and takes the same data-directory lock (openDataDir).
import { join } from 'node:path';
import { useLogFolder } from '../diagnostics/unexpected.js';
import type { Platform } from '../salesforce/authorise.js';
import { acquireDataDirLock, isLockRefusal, lockedError, type DataDirLock } from './lock.js';
import { ConnectionRepository, type ReadOnlyReason } from './repository.js';
import type { KeyLoader } from './key-loader.js';
import { SecretFiles } from './secret-files.js';
import { SecretsPassword, type SecretsPasswordOptions } from './secrets-password.js';
import { ConnectionService } from './service.js';
import { guardWrite, openJsonStoreFile, STORE_NAME, unwritableError, type StoreFile } from './store-file.js';
import {
  devAesGcmCipher,
  devKeyPath,
  loadOrCreateDevKey,
  passwordFirstChoice,
  Vault,
  type CipherChoice,
} from './vault.js';
import { ENV } from '../../shared/env-vars.js';

export const DATA_DIR_ENV = ENV.dataDir.name;

export function resolveDataDir(env: NodeJS.ProcessEnv, fallback: string): string {
  return env[DATA_DIR_ENV]?.trim() || fallback;
}

export function storePath(dataDir: string): string {
  return join(dataDir, `${STORE_NAME}.json`);
}

export interface OpenDataDirOptions {
  dataDir: string;
  /** Shown to a second process: "jwt-connect (browser mode, pid 1234, since 10:02) is using this data folder". */
  entryPoint?: string;
  /** When another process holds the folder: open read-only (and say so) instead of failing with STORE_LOCKED. */
  readOnlyOk?: boolean;
  /**
   * Only read (the CLI's list, export, a token still valid): no lock taken, nothing moved, tightened,
   * swept or migrated; a damaged store is reported where it lies. Byte for byte, the folder is left as found.
   */
  readOnly?: boolean;
}

export interface OpenedDataDir {
  repository: ConnectionRepository;
  secretFiles: SecretFiles;
  /** Undefined when opened read-only. */
  lock: DataDirLock | undefined;
  close(): void;
}

/** Takes the data directory's lock and reads the store: what every entry point does first. */
export function openDataDir(options: OpenDataDirOptions): OpenedDataDir {
  const { dataDir } = options;
  // An unexpected error from here on is logged in this folder (jwt-connect.log).
  useLogFolder(dataDir);
  let lock: DataDirLock | undefined;
  let readOnly: ReadOnlyReason | undefined;
  let taken: ReturnType<typeof acquireDataDirLock> | undefined;
  if (options.readOnly) {
    readOnly = {
      message: 'Opened only to read: nothing is saved.',
      hint: 'Run a command that saves (import, authorise, test) to change the saved connections.',
    };
  }
  try {
    if (!options.readOnly) taken = acquireDataDirLock(dataDir, options.entryPoint ?? 'jwt-connect');
  } catch (error) {
    // A folder we cannot write to (read-only disk, another owner) can still be read.
    const code = (error as NodeJS.ErrnoException).code;
    if (!code || !['EACCES', 'EPERM', 'EROFS'].includes(code)) throw error;
    if (!options.readOnlyOk) throw unwritableError(dataDir, code);
    const why = unwritableError(dataDir, code);
    readOnly = {
      code: 'STORE_UNWRITABLE',
      message: `${why.message} Opened read-only: nothing can be saved.`,
      hint: why.hint ?? '',
    };
  }
  if (!taken) {
    // a folder that cannot be written: no lock is needed to read it (readOnly says why)
  } else if (isLockRefusal(taken)) {
    if (!options.readOnlyOk) throw lockedError(taken);
    readOnly = {
      code: 'STORE_LOCKED',
      message: `${taken.message} Opened read-only: nothing can be saved here until it closes.`,
      hint: taken.hint,
    };
  } else {
    lock = taken;
  }
  try {
    // Every metadata write first checks the lock is still ours (see DataDirLock.verify).
    const guarded = (): StoreFile => {
      const file = openJsonStoreFile(dataDir);
      return {
        path: file.path,
        write: (data) => {
          lock?.verify();
          file.write(data);
        },
      };
    };
    const repository = ConnectionRepository.open(guarded, storePath(dataDir), undefined, { readOnly });
    return { repository, secretFiles: new SecretFiles(dataDir), lock, close: () => lock?.release() };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

export interface NodeServicesOptions {
  dataDir: string;
  platform: Platform;
  /** Override the vault (tests of the session-only and weak cases). */
  chooseCipher?: (allowWeak: boolean) => CipherChoice;
  entryPoint?: string;
  readOnlyOk?: boolean;
  /** Only read: see OpenDataDirOptions.readOnly. */
  readOnly?: boolean;
  /**
   * Seal only with the secrets password (the browser mode in the desktop app's folder): see
   * PASSWORD_FIRST. Implies `secretsPassword`; an earlier development key there is read, never written.
   */
  passwordFirst?: boolean;
  /** Offer a secrets password over that vault, as the app does (locked while secrets-password.json exists). */
  secretsPassword?: boolean | Pick<SecretsPasswordOptions, 'onStep'>;
  /** Where key files are parsed (default: a worker thread); the CLI reads in-thread. */
  keys?: KeyLoader;
}

export function openNodeServices(options: NodeServicesOptions) {
  const opened = openDataDir({
    dataDir: options.dataDir,
    entryPoint: options.entryPoint ?? 'browser mode',
    readOnlyOk: options.readOnlyOk,
    readOnly: options.readOnly,
  });
  try {
    const { repository, secretFiles } = opened;
    const choose =
      options.chooseCipher ??
      (options.passwordFirst
        ? () => passwordFirstChoice(options.dataDir)
        : () => {
            const keyPath = devKeyPath(options.dataDir);
            const cipher = devAesGcmCipher(guardWrite(keyPath, () => loadOrCreateDevKey(keyPath)));
            return {
              cipher,
              persistent: true,
              warning:
                'Development vault: secrets are encrypted with a key file next to the data (dev-vault.key). Do not use real production secrets here.',
            } satisfies CipherChoice;
          });
    const secretsPassword =
      options.secretsPassword || options.passwordFirst
        ? new SecretsPassword({
            dataDir: options.dataDir,
            platformChoice: choose,
            ...(typeof options.secretsPassword === 'object' && options.secretsPassword),
          })
        : undefined;
    // Plain Node: the desktop app's OS keychain is out of reach here.
    const vault = new Vault(secretsPassword?.choose ?? choose, true);
    const service = new ConnectionService({
      repository,
      vault,
      secretFiles,
      platform: options.platform,
      ...(secretsPassword && { secretsPassword }),
      ...(options.keys && { keys: options.keys }),
    });
    return { repository, vault, service, close: opened.close };
  } catch (error) {
    opened.close();
    throw error;
  }
}
