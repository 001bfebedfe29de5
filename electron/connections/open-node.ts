// The connection service for plain Node entry points (tests, browser dev mode, demo): conf for the
// metadata file and the dev AES-256-GCM vault. The Electron app wires electron-store and safeStorage instead.
import { join } from 'node:path';
import type { Platform } from '../salesforce/authorise.js';
import { ConnectionRepository } from './repository.js';
import { SecretFiles } from './secret-files.js';
import { SecretsPassword, type SecretsPasswordOptions } from './secrets-password.js';
import { ConnectionService } from './service.js';
import { openConfStoreFile, STORE_NAME } from './store-file.js';
import { devAesGcmCipher, loadOrCreateDevKey, Vault, type CipherChoice } from './vault.js';

export const DATA_DIR_ENV = 'JWT_CONNECT_DATA_DIR';

export function resolveDataDir(env: NodeJS.ProcessEnv, fallback: string): string {
  return env[DATA_DIR_ENV]?.trim() || fallback;
}

export function storePath(dataDir: string): string {
  return join(dataDir, `${STORE_NAME}.json`);
}

export interface NodeServicesOptions {
  dataDir: string;
  platform: Platform;
  /** Override the vault (tests of the session-only and weak cases). */
  chooseCipher?: (allowWeak: boolean) => CipherChoice;
  /** Offer a secrets password over that vault, as the app does (locked while secrets-password.json exists). */
  secretsPassword?: boolean | Pick<SecretsPasswordOptions, 'onStep'>;
}

export function openNodeServices(options: NodeServicesOptions) {
  const repository = ConnectionRepository.open(() => openConfStoreFile(options.dataDir), storePath(options.dataDir));
  const choose = options.chooseCipher ?? (() => {
    const cipher = devAesGcmCipher(loadOrCreateDevKey(join(options.dataDir, 'dev-vault.key')));
    return { cipher, persistent: true, warning: 'Development vault: secrets are encrypted with a key file next to the data (dev-vault.key). Do not use real production secrets here.' } satisfies CipherChoice;
  });
  const secretsPassword = options.secretsPassword
    ? new SecretsPassword({ dataDir: options.dataDir, platformChoice: choose, ...(typeof options.secretsPassword === 'object' && options.secretsPassword) })
    : undefined;
  const vault = new Vault(secretsPassword?.choose ?? choose);
  const service = new ConnectionService({ repository, vault, secretFiles: new SecretFiles(options.dataDir), platform: options.platform, ...(secretsPassword && { secretsPassword }) });
  return { repository, vault, service };
}
