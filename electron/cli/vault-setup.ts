// A data folder opened by a terminal command that saves secrets into it (org login jwt --alias, import,
// secrets-password): its vault opened (the secrets password, or the development key file), or, in a
// folder that has none, one set up with the secrets password the user gives, as the window's "Protect
// with a secrets password" does, through the same service. The OS keychain the desktop app may use is
// out of a terminal's reach: a folder whose secrets it sealed is named as such, and only then.
import { AppError } from '../../shared/errors.js';
import { ENV } from '../../shared/env-vars.js';
import type { ConnectionView } from '../../shared/connection.js';
import { quoted } from '../../shared/safe-text.js';
import { inThreadKeyLoader } from '../connections/key-loader.js';
import { openNodeServices } from '../connections/open-node.js';
import {
  checkPassword,
  PASSWORD_BACKEND,
  passwordVaultState,
  removePasswordFile,
} from '../connections/password-cipher.js';
import type { CliIo } from './output.js';
import { askSecretsPassword, devKeyChoice, problemFor, sealedBackend } from './folder-vault.js';
import { dataDirOf, type Source } from './source.js';
import { storeProblemError } from './store-report.js';
import { isKeychainBackend } from '../connections/vault.js';

/** What the folder's vault is: a secrets password, the development key file, or none a terminal can use. */
export type VaultKind = 'secrets-password' | 'dev-key' | 'none';

export interface SavingFolder {
  source: Source;
  /** The vault as the folder had it when opened. */
  vault: VaultKind;
  /**
   * In a folder that had no vault: sets one up with the secrets password given, and says so on
   * stderr. Call it once what is to be saved is known to be worth saving (after the login).
   */
  ensureVault(): Promise<void>;
  /** A vault set up by this run that still seals nothing is taken back (the run failed before saving). */
  undoVault(): void;
}

/** The desktop keychain's backend, if it sealed the secrets of any connection here. */
export function keychainBackendIn(
  dataDir: string,
  services: Source['services'],
): { backend: string; name: string } | undefined {
  for (const c of services.repository.all()) {
    const backend = sealedBackend(dataDir, services, c.id);
    if (backend && isKeychainBackend(backend)) return { backend, name: c.name };
  }
  return undefined;
}

/** The folder's secrets are the desktop keychain's: a terminal can neither open them nor re-seal them. */
export function keychainError(dataDir: string, found: { backend: string; name: string }): AppError {
  return new AppError(
    'VAULT_UNAVAILABLE',
    `The saved secrets in ${dataDir} (of ${quoted(found.name)}, among others) are sealed by the desktop app's OS keychain (${found.backend}), which only the jwt-connect window can open.`,
    `In the window, protect them with a secrets password (it re-seals them), then give it here in $${ENV.secretsPassword.name}. Or use --data-dir to work in another folder.`,
  );
}

/**
 * Opens the data folder to save secrets into (creating it, mode 0700, when missing). Refused before
 * anything is written when another process holds the folder, when its secrets password is not given,
 * or when it has no vault and no secrets password was given to set one up. `what`: what is to be kept
 * ("the key of \"uat\""), for the refusal.
 */
export async function openToSave(
  values: { 'data-dir'?: string | undefined },
  io: CliIo,
  what: string,
): Promise<SavingFolder> {
  const dataDir = dataDirOf(values, io);
  const platform = devKeyChoice(dataDir);
  // Taking the lock creates the folder (0700) and refuses, with who holds it, when the window has it.
  const services = openNodeServices({
    dataDir,
    platform: io.platform,
    chooseCipher: () => platform,
    secretsPassword: true,
    entryPoint: 'CLI',
    keys: inThreadKeyLoader,
  });
  try {
    const problem = services.repository.problem;
    if (problem) throw storeProblemError(problem, dataDir);
    let vault: VaultKind = 'none';
    let pending: string | undefined;
    if (passwordVaultState(dataDir) === 'present') {
      vault = 'secrets-password';
      await services.service.unlockSecrets({ password: await askSecretsPassword(dataDir, io) });
    } else if (platform.persistent) {
      vault = 'dev-key';
    } else {
      const keychain = keychainBackendIn(dataDir, services);
      if (keychain) throw keychainError(dataDir, keychain);
      pending = io.env[ENV.secretsPassword.name];
      if (!pending) {
        throw new AppError(
          'VAULT_UNAVAILABLE',
          `${dataDir} has no vault yet to keep ${what} in.`,
          `Set $${ENV.secretsPassword.name} to a secrets password to protect it with (jwt-connect never stores it; give it again to use the secrets), or run jwt-connect secrets-password set${values['data-dir'] ? ` --data-dir ${dataDir}` : ''} first.`,
        );
      }
      checkPassword(pending, 8); // refused now, not after the login
    }
    let created = false;
    const ours = () =>
      passwordVaultState(dataDir) === 'present' ? PASSWORD_BACKEND : (platform.cipher?.backend ?? 'none');
    const source: Source = {
      kind: 'data-dir',
      label: dataDir,
      dataDir,
      services,
      close: () => services.close(),
      secretsProblem: (c: ConnectionView) => problemFor(sealedBackend(dataDir, services, c.id), ours(), c),
    };
    return {
      source,
      vault,
      async ensureVault() {
        if (pending === undefined || created) return;
        await services.service.setSecretsPassword({ password: pending });
        created = true;
        io.stderr(
          `Set up a vault in ${dataDir}: saved secrets are sealed with the secrets password from $${ENV.secretsPassword.name}. jwt-connect does not store it: give it again (or type it in the window) to use them.`,
        );
      },
      undoVault() {
        if (created && !services.repository.all().some((c) => c.secretsRef)) removePasswordFile(dataDir);
      },
    };
  } catch (error) {
    services.close();
    throw error;
  }
}
