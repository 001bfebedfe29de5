// Shared by the CLI tests: run main() in-process, and data folders of saved connections made
// through the same service the window uses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliIo } from '../../electron/cli.js';
import { openNodeServices } from '../../electron/connections/open-node.js';
import type { SecretCipher } from '../../electron/connections/vault.js';
import type { ConnectionDraft } from '../../shared/connection.js';
import { CONSUMER_KEY, USERNAME, fixture } from './helpers.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  opened: string[];
}

export async function cli(args: string[], options: Partial<CliIo> = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const opened: string[] = [];
  const code = await main(args, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
    platform: { fetch: globalThis.fetch },
    openUrl: async (url) => {
      opened.push(url);
    },
    ...options,
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), opened };
}

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Stands in for Electron's safeStorage: what the desktop app seals with its OS keychain. */
export const keychainCipher: SecretCipher = {
  backend: 'electron-safeStorage:gnome-libsecret',
  encrypt: (plain) => Buffer.from(plain, 'utf8').toString('base64'),
  decrypt: (sealed) => Buffer.from(sealed, 'base64').toString('utf8'),
};

const pem = () => ({ fileName: 'app-pkcs8.pem', base64: fixture('app-pkcs8.pem').toString('base64') });

/** Connections as a person would save them in the window, all pointing at the emulator. */
export function drafts(emulatorUrl: string): ConnectionDraft[] {
  const login = {
    consumerKey: CONSUMER_KEY,
    username: USERNAME,
    environment: 'mydomain' as const,
    myDomainUrl: emulatorUrl,
  };
  return [
    { name: 'UAT', description: 'user acceptance', encryption: 'privateKey', ...login, keyFile: pem() },
    {
      name: 'Prod JKS',
      encryption: 'jks',
      ...login,
      certificateName: 'app',
      secrets: { keyStorePassword: 'storepass', keyPassword: 'keypass' },
      keyFile: { fileName: 'multi.jks', base64: fixture('multi.jks').toString('base64') },
    },
    { name: 'Unapproved', encryption: 'privateKey', ...login, username: 'unapproved@jwt-connect.test', keyFile: pem() },
  ];
}

function closeServices(services: ReturnType<typeof openNodeServices>): void {
  // The data folder's lock, where openNodeServices takes one.
  (services as { close?: () => void }).close?.();
}

/** A data folder with the given connections (dev vault), plus any sealed by the "desktop keychain". */
export async function makeDataDir(
  dir: string,
  connections: ConnectionDraft[],
  keychainSealed: ConnectionDraft[] = [],
): Promise<void> {
  if (keychainSealed.length) {
    const desktop = openNodeServices({
      dataDir: dir,
      platform: { fetch: globalThis.fetch },
      chooseCipher: () => ({ cipher: keychainCipher, persistent: true }),
    });
    for (const d of keychainSealed) await desktop.service.createConnection(d);
    closeServices(desktop);
  }
  const services = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
  for (const d of connections) await services.service.createConnection(d);
  closeServices(services);
}
