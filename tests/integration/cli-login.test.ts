import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, FIXTURES, USERNAME, startEmulator } from '../support/helpers.js';

const run = promisify(execFile);
let emulator: SalesforceEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.tokenRequests.length = 0;
});

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env,
    platform: { fetch: globalThis.fetch },
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const key = (name: string) => join(FIXTURES, name);
const login = () => ['--my-domain', emulator.url, '--consumer-key', CONSUMER_KEY, '--username', USERNAME];

describe('jwt-connect authorise', () => {
  it('prints the token and where it came from as JSON', async () => {
    const { code, stdout } = await cli(['authorise', ...login(), '--private-key', key('app-pkcs8.pem'), '--json']);
    expect(code).toBe(0);
    const data = JSON.parse(stdout);
    expect(data).toMatchObject({
      instanceUrl: emulator.url,
      audience: emulator.url,
      tokenUrl: `${emulator.url}/services/oauth2/token`,
    });
    expect(data.accessToken).toMatch(/^00D/);
    expect(data.id).toContain('/id/00D');
  });

  it('reads a keystore with its alias and separate key password', async () => {
    const { code, stdout } = await cli([
      'authorise',
      ...login(),
      '--keystore',
      key('multi.jks'),
      '--keystore-password',
      'storepass',
      '--certificate-name',
      'App',
      '--key-password',
      'keypass',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Authorised in \d+ ms/);
    expect(stdout).toMatch(/Access token: 00D/);
  });

  it('takes passwords from the environment so they stay out of process lists', async () => {
    const env = {
      JWT_CONNECT_KEYSTORE_PASSWORD: 'storepass',
      JWT_CONNECT_KEY_PASSWORD: 'keypass',
      JWT_CONNECT_PASSPHRASE: 'passphrase',
    };
    expect((await cli(['authorise', ...login(), '--keystore', key('multi.jks'), '--key-alias', 'app'], env)).code).toBe(
      0,
    );
    expect((await cli(['authorise', ...login(), '--private-key', key('app-pkcs8-encrypted.pem')], env)).code).toBe(0);
  });

  it('lists the key aliases when the alias is missing, exit 2', async () => {
    const { code, stdout } = await cli([
      'authorise',
      ...login(),
      '--keystore',
      key('multi.jks'),
      '--keystore-password',
      'storepass',
      '--json',
    ]);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error).toMatchObject({
      code: 'ALIAS_REQUIRED',
      message: expect.stringContaining('"integration_user", "second", "app"'),
    });
    expect(emulator.tokenRequests).toHaveLength(0);
  });

  it('exits 4 with the reason and the fix on stderr when Salesforce refuses', async () => {
    const { code, stdout, stderr } = await cli([
      'authorise',
      '--my-domain',
      emulator.url,
      '--consumer-key',
      CONSUMER_KEY,
      '--username',
      'unapproved@jwt-connect.test',
      '--private-key',
      key('app-pkcs8.pem'),
    ]);
    expect(code).toBe(4);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^error: Salesforce refused the login: invalid_grant: user hasn't approved this consumer\.\nhint: .*pre-authorized/,
    );
  });

  it('exits 3 on network failure', async () => {
    const gone = await startEmulator();
    await gone.stop();
    const { code, stdout } = await cli([
      'authorise',
      '--my-domain',
      gone.url,
      '--consumer-key',
      CONSUMER_KEY,
      '--username',
      USERNAME,
      '--private-key',
      key('app-pkcs8.pem'),
      '--json',
    ]);
    expect(code).toBe(3);
    expect(JSON.parse(stdout).error.code).toBe('NETWORK_REFUSED');
  });

  it('exits 2 on usage errors with a pointer to --help', async () => {
    for (const args of [
      ['frobnicate'],
      ['authorise', '--private-key', key('app-pkcs8.pem')],
      ['authorise', ...login()],
      ['authorise', ...login(), '--private-key', key('missing.pem')],
      ['authorise', '--bogus'],
    ]) {
      const { code, stderr } = await cli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/^error: .+\nhint: /);
    }
  });
});

describe('jwt-connect test', () => {
  it('prints identity, organization, limits and step times, and no token', async () => {
    const { code, stdout } = await cli([
      'test',
      ...login(),
      '--keystore',
      key('openssl-default.p12'),
      '--keystore-password',
      'storepass',
      '--json',
    ]);
    expect(code).toBe(0);
    const data = JSON.parse(stdout);
    expect(data.identity).toMatchObject({ username: USERNAME, displayName: 'Integration User' });
    expect(data.organization).toMatchObject({
      name: 'Emulated Org',
      type: 'Developer Edition',
      isSandbox: false,
      instanceName: 'EMU1',
    });
    expect(data.limits.dailyApiRequests.max).toBe(15000);
    expect(data.steps.map((s: { name: string }) => s.name)).toEqual([
      'authorise',
      'identity',
      'organization',
      'limits',
    ]);
    expect(stdout).not.toMatch(/00D5g000000EMUL8!/); // the token itself
  });
});

describe('jwt-connect inspect', () => {
  it('shows format, entries and certificate details', async () => {
    const { code, stdout } = await cli([
      'inspect',
      '--keystore',
      key('keytool-default.jks'),
      '--keystore-password',
      'storepass',
      '--json',
    ]);
    expect(code).toBe(0);
    const data = JSON.parse(stdout);
    expect(data.format).toBe('pkcs12');
    expect(data.entries[0]).toMatchObject({
      alias: 'myapp',
      kind: 'privateKey',
      certificate: { subject: expect.stringContaining('CN=app.jwt-connect.test') },
    });
  });

  it('says in words why an EC key cannot be used', async () => {
    const { code, stderr } = await cli(['inspect', '--private-key', key('ec.pem')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/EC \(elliptic curve\) key.*only accepts RSA/);
  });
});

describe('the built command', () => {
  it('runs from dist/cli.js with exit codes intact', async () => {
    const bin = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
    expect(existsSync(bin), 'run npm run build first').toBe(true);
    const { stdout } = await run(process.execPath, [
      bin,
      'authorise',
      ...login(),
      '--private-key',
      key('app-bom-crlf.pem'),
      '--json',
    ]);
    expect(JSON.parse(stdout).accessToken).toMatch(/^00D/);
    const failed = await run(process.execPath, [bin, 'inspect', '--private-key', key('truncated.pem')]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringMatching(/truncated/) });
  });
});
