// A vault from the terminal: secrets-password set | change | status on any data folder (a fresh one
// included), import into a folder without a vault with and without the secrets password, and the
// desktop keychain named only where it really sealed the secrets.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, FIXTURES, USERNAME, startEmulator } from '../support/helpers.js';
import { cli, drafts, makeDataDir, tempDir } from '../support/cli-helpers.js';

const PASSWORD = 'a long terminal password';
const NEW_PASSWORD = 'another long password';
const PASSPHRASE = 'export passphrase';
let emulator: SalesforceEmulator;
let scratch: ReturnType<typeof tempDir>;
let exported: string;
beforeAll(async () => {
  emulator = await startEmulator();
  scratch = tempDir('jwt-cli-vault-');
  // A team's export with secrets, made from a folder with saved connections.
  const team = join(scratch.dir, 'team');
  await makeDataDir(team, drafts(emulator.url).slice(0, 1));
  exported = join(scratch.dir, 'team.json');
  const made = await cli(['export', exported, '--with-secrets', '--data-dir', team], {
    env: { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE },
  });
  expect(made.code, made.stderr).toBe(0);
});
afterAll(async () => {
  await emulator.stop();
  scratch.remove();
});
beforeEach(() => {
  emulator.tokenRequests.length = 0;
});

let folders = 0;
const fresh = () => join(scratch.dir, `fresh-${++folders}`, 'data');
const status = async (dir: string) => {
  const { code, stdout, stderr } = await cli(['secrets-password', 'status', '--data-dir', dir, '--json']);
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as {
    secretsPassword: boolean;
    backend: string;
    sealed: { connections: number; secrets: number; byBackend: Record<string, number> };
  };
};

describe('jwt-connect secrets-password', () => {
  it('status on a folder that does not exist: nothing set, no vault, nothing sealed, exit 0, and the folder left missing', async () => {
    const dir = fresh();
    const { code, stdout } = await cli(['secrets-password', 'status', '--data-dir', dir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Secrets password: not set/);
    expect(stdout).toMatch(/Vault:\s+none yet/);
    expect(stdout).toMatch(/Sealed secrets:\s+0 secrets of 0 connections/);
    expect(existsSync(dir)).toBe(false);
  });

  it('set on a fresh folder creates it (mode 700) with a vault; then import and org login seal under it; change re-seals', async () => {
    const dir = fresh();
    const set = await cli(['secrets-password', 'set', '--data-dir', dir], {
      env: { JWT_CONNECT_SECRETS_PASSWORD: PASSWORD },
    });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain(`Set a secrets password for ${dir}`);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(await status(dir)).toMatchObject({
      secretsPassword: true,
      backend: 'secrets-password:v1',
      sealed: { connections: 0 },
    });

    const again = await cli(['secrets-password', 'set', '--data-dir', dir], {
      env: { JWT_CONNECT_SECRETS_PASSWORD: PASSWORD },
    });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already set');
    expect(again.stderr).toContain('secrets-password change');

    const imported = await cli(['import', exported, '--data-dir', dir], {
      env: { JWT_CONNECT_SECRETS_PASSWORD: PASSWORD, JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE },
    });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).not.toContain('Set up a vault'); // it had one
    expect(await status(dir)).toMatchObject({ sealed: { connections: 1, byBackend: { 'secrets-password:v1': 1 } } });

    // change: the current password from one variable, the new one from the other.
    const wrong = await cli(['secrets-password', 'change', '--data-dir', dir], {
      env: { JWT_CONNECT_SECRETS_PASSWORD: 'not the password', JWT_CONNECT_NEW_SECRETS_PASSWORD: NEW_PASSWORD },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('not the current secrets password');
    const changed = await cli(['secrets-password', 'change', '--data-dir', dir], {
      env: { JWT_CONNECT_SECRETS_PASSWORD: PASSWORD, JWT_CONNECT_NEW_SECRETS_PASSWORD: NEW_PASSWORD },
    });
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toContain('sealed again with the new one');
    const old = await cli(['token', 'UAT', '--data-dir', dir], { env: { JWT_CONNECT_SECRETS_PASSWORD: PASSWORD } });
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('not the secrets password');
    const token = await cli(['token', 'UAT', '--data-dir', dir], {
      env: { JWT_CONNECT_SECRETS_PASSWORD: NEW_PASSWORD },
    });
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toMatch(/^00D/);
  });

  it('asks twice without echo on a terminal, and refuses two different answers with nothing written', async () => {
    const dir = fresh();
    const answers = ['typed password one', 'typed password two'];
    const asked: string[] = [];
    const differ = await cli(['secrets-password', 'set', '--data-dir', dir], {
      promptSecret: async (q) => {
        asked.push(q);
        return answers[asked.length - 1] as string;
      },
    });
    expect(differ.code).toBe(2);
    expect(differ.stderr).toContain('The two passwords differ');
    expect(asked).toEqual([`New secrets password for ${dir}: `, 'Again, to confirm: ']);
    expect(existsSync(join(dir, 'secrets-password.json'))).toBe(false);
    const same = await cli(['secrets-password', 'set', '--data-dir', dir], { promptSecret: async () => PASSWORD });
    expect(same.code, same.stderr).toBe(0);
    // Without a terminal or the variable: says what to set.
    const piped = await cli(['secrets-password', 'set', '--data-dir', fresh()]);
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain('JWT_CONNECT_SECRETS_PASSWORD');
  });

  it('set on a folder of the development vault moves its secrets under the password', async () => {
    const dir = fresh();
    await makeDataDir(dir, drafts(emulator.url).slice(0, 1));
    expect(await status(dir)).toMatchObject({
      secretsPassword: false,
      backend: 'dev-aes-256-gcm',
      sealed: { connections: 1, byBackend: { 'dev-aes-256-gcm': 1 } },
    });
    expect(
      (await cli(['secrets-password', 'set', '--data-dir', dir], { env: { JWT_CONNECT_SECRETS_PASSWORD: PASSWORD } }))
        .code,
    ).toBe(0);
    expect(await status(dir)).toMatchObject({
      secretsPassword: true,
      sealed: { connections: 1, byBackend: { 'secrets-password:v1': 1 } },
    });
    rmSync(join(dir, 'dev-vault.key'));
    const token = await cli(['token', 'UAT', '--data-dir', dir], { env: { JWT_CONNECT_SECRETS_PASSWORD: PASSWORD } });
    expect(token.code, token.stderr).toBe(0);
  });
});

describe('one writer per folder', () => {
  it('set and change are refused while another process (the window) holds the folder; status still reads it', async () => {
    const dir = fresh();
    await makeDataDir(dir, drafts(emulator.url).slice(0, 1));
    const window = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'store-lock-child.ts'), dir, 'window', '0'],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        window.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) resolve();
        });
        window.once('exit', () => reject(new Error('the stand-in window exited')));
      });
      const env = { JWT_CONNECT_SECRETS_PASSWORD: PASSWORD, JWT_CONNECT_NEW_SECRETS_PASSWORD: NEW_PASSWORD };
      for (const sub of ['set', 'change']) {
        const { code, stderr } = await cli(['secrets-password', sub, '--data-dir', dir], { env });
        expect(code, sub).toBe(2);
        expect(stderr).toMatch(/jwt-connect \(test window, pid \d+.*\) is using this data folder/);
      }
      expect(existsSync(join(dir, 'secrets-password.json'))).toBe(false);
      expect(await status(dir)).toMatchObject({ secretsPassword: false, sealed: { connections: 1 } });
    } finally {
      window.stdin.end();
      await new Promise((resolve) => window.once('exit', resolve));
    }
  });
});

describe('import into a folder with no vault', () => {
  it('sets one up with JWT_CONNECT_SECRETS_PASSWORD and says so; the imported connection then logs in', async () => {
    const dir = fresh();
    const { code, stdout, stderr } = await cli(['import', exported, '--data-dir', dir], {
      env: { JWT_CONNECT_SECRETS_PASSWORD: PASSWORD, JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE },
    });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Imported 1 connection with secrets');
    expect(stderr).toContain(
      `Set up a vault in ${dir}: saved secrets are sealed with the secrets password from $JWT_CONNECT_SECRETS_PASSWORD`,
    );
    expect(stderr).not.toMatch(/keychain/i);
    expect(await status(dir)).toMatchObject({
      secretsPassword: true,
      sealed: { connections: 1, byBackend: { 'secrets-password:v1': 1 } },
    });
    const tested = await cli(['test', '--connection', 'UAT', '--data-dir', dir], {
      env: { JWT_CONNECT_SECRETS_PASSWORD: PASSWORD },
    });
    expect(tested.code, tested.stderr).toBe(0);
  });

  it('without the password refuses, naming the variable and secrets-password set, never the desktop keychain; nothing imported', async () => {
    const dir = fresh();
    const { code, stderr } = await cli(['import', exported, '--data-dir', dir], {
      env: { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE },
    });
    expect(code).toBe(2);
    expect(stderr).toContain('has no vault yet to keep the secrets of');
    expect(stderr).toContain('$JWT_CONNECT_SECRETS_PASSWORD');
    expect(stderr).toContain('jwt-connect secrets-password set');
    expect(stderr).not.toMatch(/keychain/i);
    expect(existsSync(join(dir, 'connections.json'))).toBe(false);
    expect(existsSync(join(dir, 'secrets-password.json'))).toBe(false);
  });

  it('a wrong export passphrase leaves no vault behind', async () => {
    const dir = fresh();
    const { code } = await cli(['import', exported, '--data-dir', dir], {
      env: { JWT_CONNECT_SECRETS_PASSWORD: PASSWORD, JWT_CONNECT_EXPORT_PASSPHRASE: 'wrong passphrase' },
    });
    expect(code).toBe(2);
    expect(existsSync(join(dir, 'secrets-password.json'))).toBe(false);
    expect(existsSync(join(dir, 'secrets')) ? readdirSync(join(dir, 'secrets')) : []).toEqual([]);
  });
});

describe('the desktop keychain, named where it really sealed the secrets', () => {
  it('a folder of the desktop app: status names its keychain; set, import and org login --alias are refused naming it', async () => {
    const dir = fresh();
    await makeDataDir(dir, [], drafts(emulator.url).slice(0, 1));
    rmSync(join(dir, 'dev-vault.key')); // the desktop app has none: its secrets are the keychain's alone
    const s = await status(dir);
    expect(s.backend).toMatch(/^electron-safeStorage/);
    const human = await cli(['secrets-password', 'status', '--data-dir', dir]);
    expect(human.stdout).toContain("the desktop app's OS keychain (electron-safeStorage:gnome-libsecret)");
    const env = { JWT_CONNECT_SECRETS_PASSWORD: PASSWORD, JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE };
    const orgLogin = [
      'org',
      'login',
      'jwt',
      '-i',
      CONSUMER_KEY,
      '-f',
      join(FIXTURES, 'app-pkcs8.pem'),
      '-o',
      USERNAME,
      '-r',
      emulator.url,
      '-a',
      'new',
    ];
    for (const args of [['secrets-password', 'set'], ['import', exported], orgLogin]) {
      const { code, stderr } = await cli([...args, '--data-dir', dir], { env });
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toContain(
        "are sealed by the desktop app's OS keychain (electron-safeStorage:gnome-libsecret), which only the jwt-connect window can open",
      );
    }
    expect(existsSync(join(dir, 'secrets-password.json'))).toBe(false);
    expect(emulator.tokenRequests).toHaveLength(0);
    const list = await cli(['list', '--data-dir', dir]);
    expect(list.stdout).toMatch(/UAT.*keychain: window only/);
  });

  it('secrets some other vault sealed (a development key since removed) are "unavailable" in list, never the keychain\'s', async () => {
    const dir = fresh();
    await makeDataDir(dir, drafts(emulator.url).slice(0, 1));
    rmSync(join(dir, 'dev-vault.key'));
    const list = await cli(['list', '--data-dir', dir]);
    expect(list.stdout).toMatch(/UAT.*\sunavailable$/m);
    expect(list.stdout).not.toMatch(/keychain/i);
  });
});
