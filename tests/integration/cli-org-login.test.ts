// `sf org login jwt` with `sf` replaced by `jwt-connect`: sf's flags and short forms against the
// emulator, --json in sf's shape without the token, and --alias saving the login as a connection
// (key in the vault, no key file in the folder), --force, --set-default, the folder's lock.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, FIXTURES, USERNAME, startEmulator } from '../support/helpers.js';
import { cli, tempDir } from '../support/cli-helpers.js';

const PASSWORD = 'terminal vault password';
let emulator: SalesforceEmulator;
let scratch: ReturnType<typeof tempDir>;
beforeAll(async () => {
  emulator = await startEmulator();
  scratch = tempDir('jwt-org-login-');
});
afterAll(async () => {
  await emulator.stop();
  scratch.remove();
});
beforeEach(() => {
  emulator.tokenRequests.length = 0;
});

/** A key file the user owns, outside the data folder (it is deleted after saving in one test). */
function keyFile(name = 'app-pkcs8.pem'): string {
  const path = join(scratch.dir, `${Math.random().toString(36).slice(2)}-server.key`);
  copyFileSync(join(FIXTURES, name), path);
  return path;
}
let folders = 0;
const freshFolder = () => join(scratch.dir, `data-${++folders}`, 'jwt-connect'); // its parent exists, it does not
const sfForm = (key: string) => [
  'org',
  'login',
  'jwt',
  '-i',
  CONSUMER_KEY,
  '-f',
  key,
  '-o',
  USERNAME,
  '-r',
  emulator.url,
];
const vaultEnv = { JWT_CONNECT_SECRETS_PASSWORD: PASSWORD };

/** Every file under a folder, with its bytes. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return { path, bytes: readFileSync(path) };
    });
}

describe('jwt-connect org login jwt, as sf takes it', () => {
  it("logs in with sf's short forms -i -f -o -r, saves nothing without -a, and never prints the token", async () => {
    const data = freshFolder();
    const { code, stdout, stderr } = await cli(sfForm(keyFile()), { defaultDataDir: data });
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Successfully authorized ${USERNAME} with org ID 00D\\w+`));
    expect(stdout + stderr).not.toMatch(/00D\w*![\w.]+/); // the emulator's tokens are 00D…!…
    expect(stdout + stderr).not.toMatch(/sav(e|ing)/i);
    expect(existsSync(data)).toBe(false);
    expect(emulator.tokenRequests).toHaveLength(1);
  });

  it("takes the long forms and sf's older spellings", async () => {
    const key = keyFile();
    for (const args of [
      ['--client-id', CONSUMER_KEY, '--jwt-key-file', key, '--username', USERNAME, '--instance-url', emulator.url],
      ['--clientid', CONSUMER_KEY, '--jwtkeyfile', key, '--username', USERNAME, '--instanceurl', emulator.url],
      ['--client-id', CONSUMER_KEY, '--keyfile', key, '-o', USERNAME, `--instance-url=${emulator.url}`],
    ]) {
      const { code, stderr } = await cli(['org', 'login', 'jwt', ...args]);
      expect(code, `${args.join(' ')}: ${stderr}`).toBe(0);
    }
    expect(emulator.tokenRequests).toHaveLength(3);
  });

  it("prints sf's JSON shape, {status, result, warnings}, without the access token", async () => {
    const key = keyFile();
    const { code, stdout } = await cli([...sfForm(key), '--json']);
    expect(code).toBe(0);
    const data = JSON.parse(stdout);
    expect(data).toMatchObject({
      status: 0,
      result: {
        username: USERNAME,
        orgId: expect.stringMatching(/^00D/),
        instanceUrl: emulator.url,
        loginUrl: emulator.url,
        clientId: CONSUMER_KEY,
        privateKey: key,
      },
      warnings: [],
    });
    expect(stdout).not.toMatch(/accessToken|access_token/);
    expect(stdout).not.toMatch(/00D\w*!/);
  });

  it('uses a Java keystore, which sf cannot', async () => {
    const { code, stderr } = await cli(
      [
        'org',
        'login',
        'jwt',
        '-i',
        CONSUMER_KEY,
        '--keystore',
        join(FIXTURES, 'multi.jks'),
        '--certificate-name',
        'app',
        '-o',
        USERNAME,
        '-r',
        emulator.url,
      ],
      { env: { JWT_CONNECT_KEYSTORE_PASSWORD: 'storepass', JWT_CONNECT_KEY_PASSWORD: 'keypass' } },
    );
    expect(code, stderr).toBe(0);
  });

  it("names sf's missing flags, sending nothing", async () => {
    const missing = await cli(['org', 'login', 'jwt', '-o', USERNAME]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('-i/--client-id and -f/--jwt-key-file (or --keystore) are required');
    expect(emulator.tokenRequests).toHaveLength(0);
  });

  it("takes sf's -d (the default Dev Hub, which jwt-connect does not keep) as -s, and says so", async () => {
    const data = freshFolder();
    const env = { env: vaultEnv, defaultDataDir: data };
    const dev = await cli([...sfForm(keyFile()), '-d', '-a', 'hub'], env);
    expect(dev.code, dev.stderr).toBe(0);
    expect(dev.stderr).toContain('jwt-connect keeps no Dev Hub, so the login becomes the default connection');
    const token = await cli(['token'], env);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stderr).toContain('Using the default connection "hub"');
  });

  it('-s without -a saves the login under its username, as sf names a default org, and makes it the default', async () => {
    const data = freshFolder();
    const env = { env: vaultEnv, defaultDataDir: data };
    const lonely = await cli([...sfForm(keyFile()), '-s'], env);
    expect(lonely.code, lonely.stderr).toBe(0);
    expect(lonely.stderr).toContain(`saved under its username, "${USERNAME}"`);
    const list = await cli(['list'], env);
    expect(list.stdout).toContain(`${USERNAME} (default)`);
    const token = await cli(['token'], env);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toMatch(/^00D\w*!/);
    // The same sf line run again (a runner that keeps its folder) logs the same user in again and updates it.
    const again = await cli([...sfForm(keyFile()), '-s'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`Replaced the connection "${USERNAME}"`);
    expect(JSON.parse((await cli(['list', '--json'], env)).stdout)).toHaveLength(1);
  });

  it('refuses an empty -a (an unset shell variable) before anything is sent, rather than saving nothing', async () => {
    const before = emulator.tokenRequests.length;
    for (const args of [['-a', ''], ['--alias='], ['-a', ' ', '-s']]) {
      const run = await cli([...sfForm(keyFile()), ...args], { env: vaultEnv, defaultDataDir: freshFolder() });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('-a/--alias is empty');
    }
    expect(emulator.tokenRequests).toHaveLength(before);
  });

  it('lists what exists under "org" and "org login"', async () => {
    for (const words of [['org'], ['org', '--help'], ['org', 'login', '--help'], ['help', 'org', 'login']]) {
      const { code, stdout } = await cli(words);
      expect(code, words.join(' ')).toBe(0);
      expect(stdout).toContain('jwt-connect org login jwt -i KEY -f server.key -o USER');
    }
  });
});

describe('authorise and test with nothing named and nothing saved', () => {
  it('say what a login needs, as before there were default connections', async () => {
    for (const command of ['authorise', 'test']) {
      const { code, stderr } = await cli([command], { defaultDataDir: freshFolder() });
      expect(code).toBe(2);
      expect(stderr).toContain('Give the login as flags (--consumer-key KEY --username USER');
    }
  });
});

describe('org login jwt --alias NAME: the login saved as a connection', () => {
  it('saves into a fresh folder with a vault set up from JWT_CONNECT_SECRETS_PASSWORD; token NAME then works with the key file gone', async () => {
    const data = freshFolder();
    const key = keyFile();
    const saved = await cli([...sfForm(key), '-a', 'uat'], { env: vaultEnv, defaultDataDir: data });
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toContain(`Saved the connection "uat" in ${data}.`);
    expect(saved.stderr).toContain(`Set up a vault in ${data}`);
    expect(saved.stderr).toContain('JWT_CONNECT_SECRETS_PASSWORD');
    // Exactly one request: the save reused the proven login.
    expect(emulator.tokenRequests).toHaveLength(1);
    // The key lives in the vault, sealed: no file in the folder holds the key in the clear.
    const pem = readFileSync(key, 'utf8');
    const body = pem
      .split('\n')
      .filter((l) => l && !l.startsWith('-----'))
      .join('');
    for (const file of filesUnder(data)) {
      const text = file.bytes.toString('utf8');
      expect(
        text.includes(body.slice(0, 64)) || text.includes(Buffer.from(pem).toString('base64').slice(0, 64)),
        file.path,
      ).toBe(false);
    }
    rmSync(key);
    // The stored token is reused (no request); the saved key signs a new login when asked.
    const token = await cli(['token', 'uat'], { env: vaultEnv, defaultDataDir: data });
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toMatch(/^00D\w*!/);
    const test = await cli(['test', '--connection', 'UAT', '--json'], { env: vaultEnv, defaultDataDir: data });
    expect(test.code, test.stderr).toBe(0);
    expect(JSON.parse(test.stdout).identity.username).toBe(USERNAME);
    const listed = JSON.parse((await cli(['list', '--json'], { defaultDataDir: data })).stdout) as {
      name: string;
      secrets: string;
      lastAuthorise?: { ok: boolean };
    }[];
    expect(listed).toEqual([
      expect.objectContaining({ name: 'uat', secrets: 'ok', lastAuthorise: expect.objectContaining({ ok: true }) }),
    ]);
  });

  it('into a folder protected by a secrets password, a wrong one is refused before logging in', async () => {
    const data = freshFolder();
    expect((await cli(['secrets-password', 'set', '--data-dir', data], { env: vaultEnv })).code).toBe(0);
    const { code, stderr } = await cli([...sfForm(keyFile()), '-a', 'uat'], {
      env: { JWT_CONNECT_SECRETS_PASSWORD: 'not the password' },
      defaultDataDir: data,
    });
    expect(code).toBe(2);
    expect(stderr).toContain('not the secrets password');
    expect(emulator.tokenRequests).toHaveLength(0);
    expect(existsSync(join(data, 'connections.json'))).toBe(false);
  });

  it('without a vault or the secrets password, refuses before logging in, naming the variable and secrets-password set', async () => {
    const data = freshFolder();
    const { code, stderr } = await cli([...sfForm(keyFile()), '-a', 'uat'], { defaultDataDir: data });
    expect(code).toBe(2);
    expect(stderr).toContain(`${data} has no vault yet to keep the key of "uat" in.`);
    expect(stderr).toContain('JWT_CONNECT_SECRETS_PASSWORD');
    expect(stderr).toContain('jwt-connect secrets-password set');
    expect(stderr).not.toMatch(/keychain/i);
    expect(emulator.tokenRequests).toHaveLength(0);
    expect(existsSync(join(data, 'connections.json'))).toBe(false);
  });

  it('refuses a name already saved unless --force, which replaces it keeping its id and description', async () => {
    const data = freshFolder();
    const env = { env: vaultEnv, defaultDataDir: data };
    expect((await cli([...sfForm(keyFile()), '-a', 'UAT'], env)).code).toBe(0);
    const before = JSON.parse((await cli(['list', '--json'], env)).stdout) as { name: string }[];
    // A description given in the window since.
    const { openNodeServices } = await import('../../electron/connections/open-node.js');
    const window = openNodeServices({
      dataDir: data,
      platform: { fetch: globalThis.fetch },
      secretsPassword: true,
      chooseCipher: () => ({ cipher: null, persistent: false }),
    });
    await window.service.unlockSecrets({ password: PASSWORD });
    const c = window.service.listConnections({})[0]!;
    await window.service.updateConnection({
      id: c.id,
      draft: {
        name: c.name,
        description: 'team UAT',
        encryption: c.encryption,
        consumerKey: c.consumerKey,
        username: c.username,
        environment: c.environment,
        ...(c.myDomainUrl && { myDomainUrl: c.myDomainUrl }),
      },
    });
    window.close();
    const again = await cli([...sfForm(keyFile()), '-a', 'uat'], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('A connection named "UAT" is already saved');
    expect(again.stderr).toContain('--force');
    expect(emulator.tokenRequests).toHaveLength(1); // refused before the login
    // --force: another key (a DER file) and another consumer key spelling; the id stays.
    const forced = await cli(
      [
        'org',
        'login',
        'jwt',
        '-i',
        CONSUMER_KEY,
        '-f',
        keyFile('app-pkcs8.der'),
        '-o',
        USERNAME,
        '-r',
        emulator.url,
        '-a',
        'uat',
        '--force',
        '--json',
      ],
      env,
    );
    expect(forced.code, forced.stderr).toBe(0);
    const result = JSON.parse(forced.stdout).result;
    expect(result).toMatchObject({ alias: 'UAT', replaced: true });
    const opened = openNodeServices({ dataDir: data, platform: { fetch: globalThis.fetch }, readOnly: true });
    const all = opened.service.listConnections({});
    opened.close();
    expect(all).toHaveLength(1);
    expect(all[0]?.id).toBe(result.connectionId);
    expect(all[0]?.keyFile?.format).toBe('der');
    expect(all[0]?.description).toBe('team UAT');
    expect(all[0]?.lastAuthorise?.ok).toBe(true);
    expect(before).toHaveLength(1);
  });

  it('--set-default makes it the connection token uses when none is named, and says which on stderr', async () => {
    const data = freshFolder();
    const env = { env: vaultEnv, defaultDataDir: data };
    expect((await cli([...sfForm(keyFile()), '-a', 'first'], env)).code).toBe(0);
    const noDefault = await cli(['token'], env);
    expect(noDefault.code).toBe(2);
    expect(noDefault.stderr).toContain(
      'Name the saved connection: jwt-connect token NAME. No default connection is set',
    );
    expect(noDefault.stderr).toContain('--set-default');
    const bareTest = await cli(['test'], env);
    expect(bareTest.stderr).toContain('or give the login as flags');
    const second = await cli([...sfForm(keyFile()), '-a', 'second', '-s', '--json'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).result).toMatchObject({ alias: 'second', isDefault: true });
    const token = await cli(['token'], env);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toMatch(/^00D\w*!/);
    expect(token.stderr).toContain('Using the default connection "second"');
    const list = await cli(['list'], env);
    expect(list.stdout).toMatch(/^second \(default\)\s/m);
    expect(list.stdout).not.toMatch(/^first \(default\)/m);
    expect(JSON.parse((await cli(['list', '--json'], env)).stdout)).toEqual([
      expect.not.objectContaining({ default: true }),
      expect.objectContaining({ name: 'second', default: true }),
    ]);
    // Every command whose only input is a saved connection takes the default when none is named.
    const exec = ['exec', '--', process.execPath, '-e', 'process.exit(process.env.SF_ACCESS_TOKEN ? 0 : 9)'];
    for (const args of [['test', '--json'], ['authorise', '--json'], ['open', '--url-only'], exec]) {
      const run = await cli(args, env);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      expect(run.stderr).toContain('Using the default connection "second"');
    }
    // A name given wins over the default, and nothing is said about the default then.
    const named = await cli(['token', 'first'], env);
    expect(named.code).toBe(0);
    expect(named.stderr).toBe('');
  });

  it('refuses while another process holds the folder (the window), with nothing written and nothing sent', async () => {
    const data = freshFolder();
    const env = { env: vaultEnv, defaultDataDir: data };
    expect((await cli([...sfForm(keyFile()), '-a', 'one'], env)).code).toBe(0);
    emulator.tokenRequests.length = 0;
    const before = filesUnder(data);
    const window = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'store-lock-child.ts'), data, 'window', '0'],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        window.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) resolve();
        });
        window.once('exit', () => reject(new Error('the stand-in window exited')));
      });
      const { code, stderr } = await cli([...sfForm(keyFile()), '-a', 'two'], env);
      expect(code).toBe(2);
      expect(stderr).toMatch(/jwt-connect \(test window, pid \d+.*\) is using this data folder/);
      expect(emulator.tokenRequests).toHaveLength(0);
      // Ours only: the stand-in window writes its own lock and development key.
      const ours = (files: { path: string; bytes: Buffer }[]) =>
        files
          .filter((f) => !/(\.log|jwt-connect\.lock|dev-vault\.key)$/.test(f.path))
          .map((f) => [f.path, f.bytes.toString('base64')]);
      expect(ours(filesUnder(data))).toEqual(ours(before));
    } finally {
      window.stdin.end();
      await new Promise((resolve) => window.once('exit', resolve));
    }
  });
});

describe('the built command (dist/cli.js), in its own processes', () => {
  it("sf's line with sf replaced saves the login; later processes use it by name and as the default", async () => {
    const bin = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
    expect(existsSync(bin), 'run npm run build first').toBe(true);
    const data = freshFolder();
    const env = {
      PATH: process.env.PATH,
      HOME: scratch.dir,
      JWT_CONNECT_DATA_DIR: data,
      JWT_CONNECT_SECRETS_PASSWORD: PASSWORD,
    };
    const node = (args: string[]) => promisify(execFile)(process.execPath, [bin, ...args], { env });
    const key = keyFile();
    const saved = await node([
      'org',
      'login',
      'jwt',
      '-i',
      CONSUMER_KEY,
      '-f',
      key,
      '-o',
      USERNAME,
      '-r',
      emulator.url,
      '-a',
      'uat',
      '-s',
    ]);
    expect(saved.stdout).toContain('Successfully authorized');
    expect(saved.stdout).not.toMatch(/00D\w*!/);
    rmSync(key);
    expect((await node(['token', 'uat'])).stdout).toMatch(/^00D\w*!/);
    const byDefault = await node(['test']);
    expect(byDefault.stdout).toMatch(/^Connection OK/);
    expect(byDefault.stderr).toContain('Using the default connection "uat"');
  });
});
