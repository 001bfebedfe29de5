// jwt-connect secrets-password set | change | status: the window's "Protect with a secrets password"
// for a terminal, on any data folder (a fresh one included). The re-sealing is the service's own
// (electron/connections/secrets-password.ts); this module only asks for the passwords and reports.
import { existsSync, statSync } from 'node:fs';
import { unusableFolderError } from '../connections/store-file.js';
import { AppError } from '../../shared/errors.js';
import { ENV } from '../../shared/env-vars.js';
import { inThreadKeyLoader } from '../connections/key-loader.js';
import { openNodeServices } from '../connections/open-node.js';
import { PASSWORD_BACKEND, passwordVaultState } from '../connections/password-cipher.js';
import { devKeyPath, isKeychainBackend } from '../connections/vault.js';
import { print, type CliIo } from './output.js';
import { devKeyChoice, sealedBackend } from './folder-vault.js';
import { dataDirOf } from './source.js';
import { storeProblemError } from './store-report.js';
import { keychainBackendIn, keychainError } from './vault-setup.js';

type Values = { 'data-dir'?: string | undefined; json?: boolean | undefined };

/** What each vault backend is, in words. */
function backendLabel(backend: string): string {
  if (backend === PASSWORD_BACKEND) return 'the secrets password';
  if (backend.startsWith('dev-')) return 'the development key file (dev-vault.key)';
  if (isKeychainBackend(backend)) return `the desktop app's OS keychain (${backend})`;
  return backend;
}

/** A password from the environment, else asked twice on a terminal; else a refusal naming the variable. */
async function newPassword(io: CliIo, variable: string, dataDir: string): Promise<string> {
  const fromEnv = io.env[variable];
  if (fromEnv) return fromEnv;
  if (!io.promptSecret) {
    throw new AppError(
      'BAD_INPUT',
      `No new secrets password was given for ${dataDir}.`,
      `Set $${variable} (in a pipeline: from its secret store), or run on a terminal to be asked.`,
      { field: 'password' },
    );
  }
  const first = await io.promptSecret(`New secrets password for ${dataDir}: `);
  // Refused at once: asking to confirm an empty entry would only waste the user's second typing.
  if (!first)
    throw new AppError(
      'BAD_INPUT',
      'An empty secrets password was given. Nothing was changed.',
      'Run the command again and type a password.',
      {
        field: 'password',
      },
    );
  if ((await io.promptSecret('Again, to confirm: ')) !== first)
    throw new AppError('BAD_INPUT', 'The two passwords differ. Nothing was changed.', 'Run the command again.', {
      field: 'password',
    });
  return first;
}

/** The folder opened to write, its lock taken (refused while the window holds it). */
function openToWrite(dataDir: string, io: CliIo) {
  const platform = devKeyChoice(dataDir);
  const services = openNodeServices({
    dataDir,
    platform: io.platform,
    chooseCipher: () => platform,
    secretsPassword: true,
    entryPoint: 'CLI',
    keys: inThreadKeyLoader,
  });
  const problem = services.repository.problem;
  if (problem) {
    services.close();
    throw storeProblemError(problem, dataDir);
  }
  return services;
}

/** How many connections have sealed secrets, and how many secrets, by the backend that sealed them. */
function sealedCounts(dataDir: string, services: ReturnType<typeof openNodeServices>) {
  const byBackend: Record<string, number> = {};
  let connections = 0;
  let secrets = 0;
  for (const c of services.repository.all()) {
    if (!c.secretsRef) continue;
    const backend = sealedBackend(dataDir, services, c.id) ?? 'unreadable';
    byBackend[backend] = (byBackend[backend] ?? 0) + 1;
    connections += 1;
    secrets += c.secretsSaved?.length ?? 0;
  }
  return { connections, secrets, byBackend };
}

export async function setCommand(values: Values, io: CliIo): Promise<void> {
  const dataDir = dataDirOf(values, io);
  const services = openToWrite(dataDir, io);
  try {
    if (passwordVaultState(dataDir) === 'present') {
      throw new AppError(
        'BAD_INPUT',
        `A secrets password is already set for ${dataDir}.`,
        'Change it with jwt-connect secrets-password change.',
      );
    }
    // Secrets the desktop keychain sealed cannot be opened here, so they could not be moved under the password.
    const keychain = keychainBackendIn(dataDir, services);
    if (keychain) throw keychainError(dataDir, keychain);
    const password = await newPassword(io, ENV.secretsPassword.name, dataDir);
    await services.service.setSecretsPassword({ password });
    const { connections } = sealedCounts(dataDir, services);
    print(
      io,
      values.json,
      `Set a secrets password for ${dataDir}${connections ? `: the secrets of ${connections} connection${connections === 1 ? '' : 's'} are now sealed with it` : ''}. jwt-connect does not store it: give it in $${ENV.secretsPassword.name} (or type it when asked) to use the saved secrets.`,
      { dataDir, secretsPassword: 'set', connections },
    );
  } finally {
    services.close();
  }
}

export async function changeCommand(values: Values, io: CliIo): Promise<void> {
  const dataDir = dataDirOf(values, io);
  const services = openToWrite(dataDir, io);
  try {
    if (passwordVaultState(dataDir) !== 'present') {
      throw new AppError(
        'BAD_INPUT',
        `No secrets password is set for ${dataDir}.`,
        'Set one with jwt-connect secrets-password set.',
      );
    }
    const current =
      io.env[ENV.secretsPassword.name] ||
      (io.promptSecret ? await io.promptSecret(`Current secrets password for ${dataDir}: `) : undefined);
    if (!current) {
      throw new AppError(
        'BAD_INPUT',
        `The current secrets password of ${dataDir} is needed to change it.`,
        `Set $${ENV.secretsPassword.name} to it and $${ENV.newSecretsPassword.name} to the new one, or run on a terminal to be asked.`,
        { field: 'currentPassword' },
      );
    }
    const password = await newPassword(io, ENV.newSecretsPassword.name, dataDir);
    await services.service.setSecretsPassword({ password, currentPassword: current });
    const { connections } = sealedCounts(dataDir, services);
    print(
      io,
      values.json,
      `Changed the secrets password for ${dataDir}${connections ? `: the secrets of ${connections} connection${connections === 1 ? '' : 's'} were sealed again with the new one` : ''}.`,
      { dataDir, secretsPassword: 'changed', connections },
    );
  } finally {
    services.close();
  }
}

/** Read only: no lock, nothing written, a missing folder left missing. */
export async function statusCommand(values: Values, io: CliIo): Promise<void> {
  const dataDir = dataDirOf(values, io);
  if (existsSync(dataDir) && !statSync(dataDir).isDirectory()) throw unusableFolderError(dataDir, 'ENOTDIR');
  const state = existsSync(dataDir) ? passwordVaultState(dataDir) : 'absent';
  let counts = { connections: 0, secrets: 0, byBackend: {} as Record<string, number> };
  if (existsSync(dataDir)) {
    const services = openNodeServices({
      dataDir,
      platform: io.platform,
      chooseCipher: () => ({ cipher: null, persistent: false }),
      entryPoint: 'CLI',
      readOnly: true,
      keys: inThreadKeyLoader,
    });
    try {
      if (services.repository.problem) throw storeProblemError(services.repository.problem, dataDir);
      counts = sealedCounts(dataDir, services);
    } finally {
      services.close();
    }
  }
  const backend =
    state === 'present'
      ? PASSWORD_BACKEND
      : existsSync(devKeyPath(dataDir))
        ? 'dev-aes-256-gcm'
        : (Object.keys(counts.byBackend).find(isKeychainBackend) ?? 'none');
  const human = [
    `Data folder:      ${dataDir}${existsSync(dataDir) ? '' : ' (does not exist yet)'}`,
    `Secrets password: ${state === 'present' ? 'set' : 'not set'}`,
    `Vault:            ${backend === 'none' ? 'none yet (jwt-connect secrets-password set makes one)' : backendLabel(backend)}`,
    `Sealed secrets:   ${counts.secrets} secret${counts.secrets === 1 ? '' : 's'} of ${counts.connections} connection${counts.connections === 1 ? '' : 's'}`,
    ...Object.entries(counts.byBackend).map(
      ([b, n]) => `                  ${n} connection${n === 1 ? '' : 's'} sealed by ${backendLabel(b)}`,
    ),
  ].join('\n');
  print(io, values.json, human, {
    dataDir,
    exists: existsSync(dataDir),
    secretsPassword: state === 'present',
    backend,
    sealed: counts,
  });
}
