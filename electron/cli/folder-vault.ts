// Which vault opens a data folder's secrets from a terminal: the secrets password (the environment,
// else a prompt), else a development key file the folder already has; and, where neither sealed a
// connection's secrets, an error that names what did (the desktop app's OS keychain, say).
import { ENV } from '../../shared/env-vars.js';
import { AppError } from '../../shared/errors.js';
import type { ConnectionView } from '../../shared/connection.js';
import { quoted } from '../../shared/safe-text.js';
import { PASSWORD_BACKEND, passwordVaultState, unlockPasswordCipher } from '../connections/password-cipher.js';
import { SecretFiles } from '../connections/secret-files.js';
import { existingDevKeyCipher, isKeychainBackend, type CipherChoice } from '../connections/vault.js';
import type { CliIo } from './output.js';
import type { Source } from './source.js';

/** The secrets password for a folder protected by one: the environment, else a prompt on a terminal. */
export async function askSecretsPassword(dataDir: string, io: CliIo): Promise<string> {
  const password =
    io.env[ENV.secretsPassword.name] ||
    (io.promptSecret ? await io.promptSecret(`Secrets password for ${dataDir}: `) : undefined);
  if (!password) {
    throw new AppError(
      'SECRETS_LOCKED',
      `The saved secrets in ${dataDir} are protected by a secrets password.`,
      `Set $${ENV.secretsPassword.name} (in a pipeline: from its secret store), or run on a terminal to be asked.`,
    );
  }
  return password;
}

/** While no secrets password is set: the development vault's key file, if the folder has one, else no vault. */
export function devKeyChoice(dataDir: string): CipherChoice {
  const cipher = existingDevKeyCipher(dataDir);
  if (cipher) return { cipher, persistent: true };
  return { cipher: null, persistent: false, warning: 'No vault the terminal can open in this data folder.' };
}

/**
 * The cipher this data folder's secrets were sealed with, if the terminal can have it: the secrets
 * password (from $JWT_CONNECT_SECRETS_PASSWORD or a prompt, asked only when secrets are needed), or
 * the development vault's key file. The desktop's OS keychain is not reachable outside Electron.
 */
export async function dataDirCipher(
  dataDir: string,
  io: CliIo,
  needSecrets: boolean,
): Promise<{ choice: CipherChoice; backend: string }> {
  if (passwordVaultState(dataDir) === 'present') {
    if (!needSecrets) return { choice: { cipher: null, persistent: false }, backend: PASSWORD_BACKEND };
    const password = await askSecretsPassword(dataDir, io);
    return {
      choice: { cipher: await unlockPasswordCipher(dataDir, password), persistent: true },
      backend: PASSWORD_BACKEND,
    };
  }
  const choice = devKeyChoice(dataDir);
  return { choice, backend: choice.cipher?.backend ?? 'none' };
}

export function sealedBackend(dataDir: string, services: Source['services'], id: string): string | undefined {
  const ref = services.repository.get(id)?.secretsRef;
  if (!ref) return undefined;
  try {
    return new SecretFiles(dataDir).read(ref).backend;
  } catch {
    return undefined;
  }
}

export function problemFor(backend: string | undefined, ours: string, c: ConnectionView): AppError | undefined {
  if (backend === undefined || backend === ours) return undefined;
  if (isKeychainBackend(backend)) {
    return new AppError(
      'VAULT_UNAVAILABLE',
      `The secrets of ${quoted(c.name)} are sealed by the desktop app's OS keychain (${backend}), which only the jwt-connect window can open.`,
      `In the window, protect secrets with a secrets password (then give it here in $${ENV.secretsPassword.name}), or export the connection with secrets and run with --from FILE.`,
    );
  }
  return new AppError(
    'VAULT_UNAVAILABLE',
    `The secrets of ${quoted(c.name)} were saved with "${backend}", which the terminal cannot open here.`,
    'Export the connection with secrets from the window and run with --from FILE.',
  );
}
