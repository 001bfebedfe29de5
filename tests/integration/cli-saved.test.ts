// The CLI over saved connections: a data folder and an export file as sources, the
// dev vault, a connection sealed by the desktop's keychain, test --all, token, open, export/import.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionService } from '../../electron/connections/service.js';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { desktopDataDir } from '../../electron/connections/data-folder.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, FIXTURES, startEmulator } from '../support/helpers.js';
import { cli, drafts, makeDataDir, tempDir } from '../support/cli-helpers.js';

let emulator: SalesforceEmulator;
let data: ReturnType<typeof tempDir>;
const PASSPHRASE = 'correct horse battery';

beforeAll(async () => {
  emulator = await startEmulator();
  data = tempDir('jwt-cli-saved-');
  const [uat, jks, unapproved] = drafts(emulator.url);
  await makeDataDir(data.dir, [uat!, jks!, unapproved!], [{ ...uat!, name: 'Desktop Only' }]);
});
afterAll(async () => {
  await emulator.stop();
  data.remove();
});
beforeEach(() => {
  emulator.tokenRequests.length = 0;
});

const at = () => ['--data-dir', data.dir];
const savedNamed = (name: string) => {
  const services = openNodeServices({ dataDir: data.dir, platform: { fetch: globalThis.fetch } });
  const found = services.service.listConnections({}).find((c) => c.name === name);
  (services as { close?: () => void }).close?.();
  return found;
};

describe('where connections come from', () => {
  it('defaults to the folder Electron gives the desktop app on each OS', () => {
    expect(desktopDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux', '/home/u')).toBe('/x/cfg/jwt-connect');
    expect(desktopDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/jwt-connect');
    expect(desktopDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/jwt-connect');
    expect(desktopDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toContain(
      'jwt-connect',
    );
  });

  it('reads JWT_CONNECT_DATA_DIR, and says where it looked when nothing is saved there', async () => {
    expect((await cli(['list', '--json'], { env: { JWT_CONNECT_DATA_DIR: data.dir } })).code).toBe(0);
    const empty = tempDir('jwt-cli-empty-');
    // list: none yet is an answer (exit 0); a command that needs a connection is refused, saying where it looked.
    const listed = await cli(['list'], { defaultDataDir: empty.dir });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`No saved connections in ${empty.dir} yet.`);
    const { code, stderr } = await cli(['token', 'UAT'], { defaultDataDir: empty.dir });
    empty.remove();
    expect(code).toBe(2);
    expect(stderr).toContain(`No saved connections in ${empty.dir}`);
    expect(stderr).toMatch(/--data-dir|--from/);
  });
});

describe('jwt-connect list', () => {
  it('shows every saved connection, and which ones only the window can open', async () => {
    const { code, stdout } = await cli(['list', ...at()]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NAME\s+ENVIRONMENT\s+USERNAME/);
    for (const name of ['UAT', 'Prod JKS', 'Unapproved', 'Desktop Only']) expect(stdout).toContain(name);
    expect(stdout).toMatch(/Desktop Only.*keychain: window only/);
    const rows = JSON.parse((await cli(['list', ...at(), '--json'])).stdout) as { name: string; secrets: string }[];
    expect(rows.find((r) => r.name === 'UAT')?.secrets).toBe('ok');
    expect(rows.find((r) => r.name === 'Desktop Only')?.secrets).toBe('unavailable');
  });
});

describe('authorise / test --connection NAME', () => {
  it('logs in with the saved fields (name in any case) and records the result on the connection', async () => {
    const { code, stdout } = await cli(['authorise', '--connection', 'uat', ...at(), '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).accessToken).toMatch(/^00D/);
    expect(savedNamed('UAT')?.lastAuthorise).toMatchObject({ ok: true });
    const tested = await cli(['test', '--connection', 'PROD jks', ...at()]);
    expect(tested.code).toBe(0);
    expect(tested.stdout).toMatch(/Connection OK/);
    expect(savedNamed('Prod JKS')?.lastTest).toMatchObject({ ok: true });
  });

  it('lets flags override saved fields for one run, without saving them', async () => {
    const before = savedNamed('Unapproved');
    const { code } = await cli([
      'authorise',
      '--connection',
      'Unapproved',
      '--username',
      'integration@jwt-connect.test',
      ...at(),
    ]);
    expect(code).toBe(0);
    expect(emulator.tokenRequests.at(-1)?.subject).toBe('integration@jwt-connect.test');
    expect(savedNamed('Unapproved')).toMatchObject({
      username: 'unapproved@jwt-connect.test',
      updatedAt: before?.updatedAt,
    });
  });

  it('lists candidates for an unknown name', async () => {
    const { code, stderr } = await cli(['authorise', '--connection', 'prod', ...at()]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/No saved connection is named "prod"/);
    expect(stderr).toMatch(/Did you mean: "Prod JKS"/);
    expect((await cli(['token', 'uta', ...at()])).stderr).toMatch(/Did you mean: "UAT"/);
  });

  it('says exactly why a connection sealed by the desktop keychain cannot run here, and what to do', async () => {
    const { code, stderr } = await cli(['test', '--connection', 'Desktop Only', ...at()]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'error: The secrets of "Desktop Only" are sealed by the desktop app\'s OS keychain (electron-safeStorage:gnome-libsecret), which only the jwt-connect window can open.',
    );
    expect(stderr).toMatch(/hint: .*secrets password.*export the connection with secrets and run with --from FILE/);
    expect(emulator.tokenRequests).toHaveLength(0);
  });
});

describe('jwt-connect token', () => {
  it('prints only the token, reuses it while identity accepts it, and issues a new one when it does not', async () => {
    const first = await cli(['token', 'UAT', ...at()]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^00D[^\s]+$/);
    const again = await cli(['token', 'UAT', ...at()]);
    expect(again.stdout).toBe(first.stdout);
    emulator.revokeAllTokens();
    const fresh = await cli(['token', 'UAT', ...at(), '--json']);
    const data = JSON.parse(fresh.stdout);
    expect(data).toMatchObject({ reused: false, instanceUrl: emulator.url });
    expect(data.accessToken).not.toBe(first.stdout);
    expect(emulator.tokenRequests.length).toBeGreaterThanOrEqual(1);
  });

  it('prints shell-quoted export lines with --env', async () => {
    const { code, stdout } = await cli(['token', 'UAT', '--env', ...at()]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^export SF_ACCESS_TOKEN='00D[^']+'\nexport SF_INSTANCE_URL=http:\/\/127\.0\.0\.1:\d+\nexport SF_ORG_INSTANCE_URL=http:\/\/127\.0\.0\.1:\d+$/,
    );
  });
});

describe('jwt-connect test --all', () => {
  it('tests every connection, prints a table, and exits 4 when Salesforce refused one', async () => {
    const { code, stdout } = await cli(['test', '--all', ...at(), '--concurrency', '2']);
    expect(code).toBe(4);
    expect(stdout).toMatch(/^NAME\s+ENVIRONMENT\s+RESULT\s+TIME\s+CERT DAYS/);
    expect(stdout).toMatch(/UAT\s+127\.0\.0\.1:\d+\s+ok\s+\d+ ms\s+-/); // a bare PEM key: no certificate
    expect(stdout).toMatch(/Prod JKS\s+127\.0\.0\.1:\d+\s+ok\s+\d+ ms\s+\d+/);
    expect(stdout).toMatch(/Unapproved\s+\S+\s+USER_NOT_APPROVED/);
    expect(stdout).toMatch(/Desktop Only\s+\S+\s+VAULT_UNAVAILABLE/);
    expect(stdout).toContain('2 of 4 passed, 2 failed.');
    expect(savedNamed('Unapproved')?.lastTest).toMatchObject({ ok: false, code: 'USER_NOT_APPROVED' });
  });

  it('shows a line per connection as it finishes on a terminal, only the result on a pipe', async () => {
    const tty = await cli(['test', '--all', '--filter', 'u', ...at()], { isTTY: true });
    expect(tty.stdout).toMatch(/^(ok |FAIL) /m);
    const pipe = await cli(['test', '--all', '--filter', 'uat', ...at()]);
    expect(pipe.code).toBe(0);
    expect(pipe.stdout.split('\n')[0]).toMatch(/^NAME/);
    const json = JSON.parse((await cli(['test', '--all', '--filter', 'uat', ...at(), '--json'])).stdout);
    expect(json).toMatchObject({ passed: 1, failed: 0, results: [{ name: 'UAT', ok: true }] });
  });
});

describe('--from an export file', () => {
  let exported: string;
  beforeAll(async () => {
    exported = join(data.dir, '..', `jwt-cli-export-${process.pid}.json`);
    const r = await cli(
      ['export', exported, '--with-secrets', '--connection', 'UAT', '--connection', 'Prod JKS', ...at(), '--force'],
      { env: { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE } },
    );
    expect(r.code, r.stderr).toBe(0);
  });

  it('export writes a 0600 file holding the chosen connections, secrets encrypted', () => {
    const doc = JSON.parse(readFileSync(exported, 'utf8'));
    expect(doc.connections.map((c: { name: string }) => c.name).sort()).toEqual(['Prod JKS', 'UAT']);
    expect(doc.auth.kdf).toBe('pbkdf2-sha256');
    expect(doc.secrets.data).toEqual(expect.any(String));
    expect(readFileSync(exported, 'utf8')).not.toContain('storepass');
    if (process.platform !== 'win32') expect(statSync(exported).mode & 0o777).toBe(0o600);
  });

  it('a pipeline gets a token from the file with the passphrase in the environment, writing nothing to a data folder', async () => {
    const empty = tempDir('jwt-cli-nodata-');
    const { code, stdout } = await cli(['token', '--from', exported, 'uat'], {
      env: { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE },
      defaultDataDir: empty.dir,
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^00D/);
    expect(
      (await cli(['test', '--all', '--from', exported], { env: { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE } })).code,
    ).toBe(0);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(empty.dir)).toEqual([]);
    empty.remove();
  });

  it('asks for the passphrase on a terminal, and says what to set on a pipe', async () => {
    const asked: string[] = [];
    const tty = await cli(['authorise', '--connection', 'UAT', '--from', exported], {
      promptSecret: async (q) => {
        asked.push(q);
        return PASSPHRASE;
      },
    });
    expect(tty.code).toBe(0);
    expect(asked[0]).toMatch(/Passphrase/);
    const pipe = await cli(['authorise', '--connection', 'UAT', '--from', exported]);
    expect(pipe.code).toBe(2);
    expect(pipe.stderr).toMatch(/JWT_CONNECT_EXPORT_PASSPHRASE/);
    const wrong = await cli(['authorise', '--connection', 'UAT', '--from', exported], {
      env: { JWT_CONNECT_EXPORT_PASSPHRASE: 'not the one' },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/passphrase does not open.*\nhint: .*JWT_CONNECT_EXPORT_PASSPHRASE/);
  });

  it('lists the connections of a file once its passphrase proves the file unchanged', async () => {
    const { code, stdout } = await cli(['list', '--from', exported], {
      env: { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE },
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/Prod JKS/);
    const pipe = await cli(['list', '--from', exported]);
    expect(pipe.code).toBe(2);
    expect(pipe.stderr).toMatch(/JWT_CONNECT_EXPORT_PASSPHRASE/);
  });

  it('import adds them to a data folder, renaming a taken name', async () => {
    const target = tempDir('jwt-cli-import-');
    await makeDataDir(target.dir, [drafts(emulator.url)[0]!]);
    const { code, stdout } = await cli(['import', exported, '--data-dir', target.dir], {
      env: { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE },
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/Imported 2 connections with secrets/);
    expect(stdout).toMatch(/UAT \(imported\) \(renamed from "UAT"\)/);
    expect((await cli(['authorise', '--connection', 'uat (imported)', '--data-dir', target.dir])).code).toBe(0);
    target.remove();
  });

  it('export asks for the passphrase twice on a terminal, and refuses two that differ', async () => {
    const out = join(data.dir, '..', `jwt-cli-export-tty-${process.pid}.json`);
    const answers = ['first passphrase', 'second passphrase'];
    const differ = await cli(['export', out, '--with-secrets', '--connection', 'UAT', ...at()], {
      promptSecret: async () => answers.shift() as string,
    });
    expect(differ.code).toBe(2);
    expect(differ.stderr).toMatch(/The two passphrases differ/);
    const same = await cli(['export', out, '--with-secrets', '--connection', 'UAT', ...at()], {
      promptSecret: async () => PASSPHRASE,
    });
    expect(same.code, same.stderr).toBe(0);
    const onPipe = await cli(['export', out, '--with-secrets', '--force', '--connection', 'UAT', ...at()]);
    expect(onPipe.code).toBe(2);
    expect(onPipe.stderr).toMatch(/needs a passphrase\.\nhint: .*JWT_CONNECT_EXPORT_PASSPHRASE/);
  });

  it('export refuses secrets only the desktop keychain can open, naming the connection', async () => {
    const out = join(data.dir, '..', `jwt-cli-export-all-${process.pid}.json`);
    const { code, stderr } = await cli(['export', out, '--with-secrets', ...at()], {
      env: { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE },
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/"Desktop Only" are sealed by the desktop app's OS keychain/);
  });
});

describe('beside the open window (another process holds the data folder)', () => {
  it('still lists and runs, says the result is not recorded, and import waits for the folder', async () => {
    const { spawn } = await import('node:child_process');
    const held = tempDir('jwt-cli-held-');
    await makeDataDir(held.dir, [drafts(emulator.url)[0]!]);
    // store-lock-child.ts opens the folder (taking its lock) and keeps it until its stdin closes.
    const window = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'store-lock-child.ts'), held.dir, 'window', '0'],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) =>
        window.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('ready')) resolve();
        }),
      );
      expect((await cli(['list', '--data-dir', held.dir])).code).toBe(0);
      const run = await cli(['test', '--connection', 'UAT', '--data-dir', held.dir]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/^note: results are not recorded on the connections: .*test window/);
      const file = join(held.dir, 'x.json');
      writeFileSync(file, readFileSync(join(held.dir, '..', `jwt-cli-export-${process.pid}.json`)));
      const locked = await cli(['import', file, '--data-dir', held.dir, '--json'], {
        env: { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE },
      });
      expect(JSON.parse(locked.stdout).error.code).toBe('STORE_LOCKED');
    } finally {
      window.stdin.end();
      await new Promise((resolve) => window.on('exit', resolve));
      held.remove();
    }
  });
});

describe('jwt-connect open', () => {
  const hasOpen = 'openInSalesforce' in ConnectionService.prototype;
  it.skipIf(!hasOpen)(
    'opens the single-use URL in the browser, or prints it with --url-only; never the token',
    async () => {
      const opened = await cli(['open', 'UAT', ...at(), '--path', '/lightning/setup/SetupOneHome/home']);
      expect(opened.code, opened.stderr).toBe(0);
      expect(opened.opened).toHaveLength(1);
      expect(opened.stdout).not.toContain(opened.opened[0]);
      const printed = await cli(['open', 'UAT', ...at(), '--url-only']);
      expect(printed.stdout).toMatch(/^https?:\/\//);
      expect(printed.stdout).not.toMatch(/00D[^\s]*!/);
    },
  );

  it('refuses a --path that is not a path inside the org', async () => {
    const { code, stderr } = await cli(['open', 'UAT', ...at(), '--path', 'https://evil.example']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--path must be a path inside the org/);
  });
});

describe('keys and names the CLI is given', () => {
  it('a saved JKS connection can take its keystore password from the environment for a run', async () => {
    const { code } = await cli(['test', '--connection', 'Prod JKS', ...at()], {
      env: { JWT_CONNECT_KEYSTORE_PASSWORD: 'storepass' },
    });
    expect(code).toBe(0);
  });

  it('a wrong override is reported with the flag to fix', async () => {
    const { code, stderr } = await cli([
      'authorise',
      '--connection',
      'Prod JKS',
      '--keystore-password',
      'nope',
      ...at(),
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/hint: .*--keystore-password/);
    expect(stderr).not.toMatch(/Key Store Password/);
  });

  it('a consumer key given on the command line reaches Salesforce', async () => {
    const { code } = await cli([
      'authorise',
      '--connection',
      'UAT',
      '--client-id',
      CONSUMER_KEY,
      '--jwt-key-file',
      join(FIXTURES, 'app-pkcs1.pem'),
      ...at(),
    ]);
    expect(code).toBe(0);
  });

  it('refuses to write an export over a symbolic link', async () => {
    const { symlinkSync } = await import('node:fs');
    const target = join(data.dir, '..', `jwt-cli-target-${process.pid}.txt`);
    writeFileSync(target, 'keep me');
    const link = join(data.dir, '..', `jwt-cli-link-${process.pid}.json`);
    symlinkSync(target, link);
    const { code, stderr } = await cli(['export', link, '--force', ...at()]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });
});
