// The CLI for people who know sf (its flag names work as they are) and hints that name flags, not fields of the window.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { editDistance, nearest } from '../../electron/cli/command-words.js';
import { fieldFlag, forTerminal } from '../../electron/cli/flag-hints.js';
import { AppError, type ErrorCode } from '../../shared/errors.js';
import type { FieldName } from '../../shared/fields.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, FIXTURES, USERNAME, startEmulator } from '../support/helpers.js';
import { cli } from '../support/cli-helpers.js';

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
const key = (name: string) => join(FIXTURES, name);
const version = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;

describe('sf org login jwt flags', () => {
  it('accepts --client-id, --jwt-key-file, --username and --instance-url (a My Domain)', async () => {
    const { code, stdout } = await cli([
      'authorise',
      '--client-id',
      CONSUMER_KEY,
      '--jwt-key-file',
      key('app-pkcs8.pem'),
      '--username',
      USERNAME,
      '--instance-url',
      emulator.url,
      '--json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      tokenUrl: `${emulator.url}/services/oauth2/token`,
      audience: emulator.url,
    });
  });

  it("accepts sf's short flags -i -f -r", async () => {
    const { code } = await cli([
      'authorise',
      '-i',
      CONSUMER_KEY,
      '-f',
      key('app-pkcs8.pem'),
      '--username',
      USERNAME,
      '-r',
      emulator.url,
    ]);
    expect(code).toBe(0);
  });

  it('reads --instance-url of login / test.salesforce.com as Production / Sandbox', async () => {
    // Inspect the plan without a network: an unreachable port answers before any DNS lookup of the real hosts.
    const refused = async (url: string) =>
      JSON.parse(
        (
          await cli(
            [
              'authorise',
              '--client-id',
              CONSUMER_KEY,
              '--jwt-key-file',
              key('app-pkcs8.pem'),
              '--username',
              USERNAME,
              '--instance-url',
              url,
              '--timeout',
              '1',
              '--json',
            ],
            {
              platform: {
                fetch: async (u: string) => {
                  throw Object.assign(new Error(`refused ${u}`), { code: 'ECONNREFUSED' });
                },
              },
            },
          )
        ).stdout,
      ).error.message as string;
    expect(await refused('https://login.salesforce.com')).toContain('login.salesforce.com');
    expect(await refused('https://test.salesforce.com/')).toContain('test.salesforce.com');
  });

  it('refuses --instance-url together with --environment', async () => {
    const { code, stderr } = await cli([
      'authorise',
      '--instance-url',
      'https://login.salesforce.com',
      '--environment',
      'sandbox',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--instance-url or --environment/);
  });
});

describe('mistyped flags and commands', () => {
  it('suggests the nearest flag', async () => {
    for (const [typed, meant] of [
      ['--usrname', '--username'],
      ['--consumer-kye', '--consumer-key'],
      ['--keystore-pasword', '--keystore-password'],
      ['--jwt-keyfile', '--jwt-key-file'],
      ['--mydomain', '--my-domain'],
    ]) {
      const { code, stderr } = await cli(['authorise', typed as string, 'x']);
      expect(code, typed).toBe(2);
      expect(stderr).toContain(`error: Unknown option "${typed}".`);
      expect(stderr).toContain(`hint: Did you mean ${meant}?`);
    }
  });

  it('says when a flag belongs to another command', async () => {
    const { code, stderr } = await cli(['inspect', '--with-secrets']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--with-secrets is not an option of "inspect"/);
  });

  it('suggests the nearest command, keeping --json errors in the documented shape', async () => {
    const { code, stdout } = await cli(['autorise', '--json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      error: {
        code: 'BAD_INPUT',
        message: 'Unknown command "autorise".',
        hint: expect.stringContaining('Did you mean "authorise"?'),
      },
    });
  });

  it('measures distance the way typos happen (a swapped pair is one edit)', () => {
    expect(editDistance('usernmae', 'username')).toBe(1);
    expect(nearest('zzzzzz', ['username'])).toBeUndefined();
  });
});

describe('--version, --help, no arguments', () => {
  it('prints the package version', async () => {
    const { code, stdout } = await cli(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^jwt-connect/${version.replace(/\./g, '\\.')} \\S+ node-v\\d+`));
    expect(JSON.parse((await cli(['--version', '--json'])).stdout).version).toBe(version);
  });

  it('gives each command its own help', async () => {
    for (const command of [
      'authorise',
      'test',
      'inspect',
      'create-certificate',
      'list',
      'token',
      'open',
      'export',
      'import',
    ]) {
      const { code, stdout } = await cli([command, '--help']);
      expect(code, command).toBe(0);
      expect(stdout.split('\n')[1], command).toContain(`jwt-connect ${command}`);
    }
    expect((await cli(['token', '--help'])).stdout).toMatch(/--env/);
    expect((await cli(['help', 'open'])).stdout).toMatch(/--url-only/);
  });

  it('prints the usage and exits 0 when run with no arguments', async () => {
    const { code, stdout, stderr } = await cli([]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^jwt-connect: /);
    expect(stdout).toMatch(/jwt-connect token\s+NAME/);
  });
});

describe("hints name flags, not the window's fields", () => {
  const WINDOW_WORDS =
    /Certificate Name|Audience \(Advanced\)|Key Store Password|Key Password|highlighted fields|Browse for|Press Authorise/;

  it('a keystore with several keys asks for --certificate-name and lists its keys', async () => {
    const { code, stderr } = await cli([
      'authorise',
      '--consumer-key',
      CONSUMER_KEY,
      '--username',
      USERNAME,
      '--my-domain',
      emulator.url,
      '--keystore',
      key('multi.jks'),
      '--keystore-password',
      'storepass',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/hint: .*--certificate-name/);
    expect(stderr).toMatch(/"integration_user", "second", "app"/);
    expect(stderr).not.toMatch(WINDOW_WORDS);
  });

  it('a keystore without its password asks for --keystore-password', async () => {
    const { stderr } = await cli([
      'authorise',
      '--consumer-key',
      CONSUMER_KEY,
      '--username',
      USERNAME,
      '--my-domain',
      emulator.url,
      '--keystore',
      key('openssl-default.p12'),
    ]);
    expect(stderr).toMatch(/hint: .*--keystore-password/);
    expect(stderr).not.toMatch(WINDOW_WORDS);
  });

  it('an encrypted key without its passphrase asks for --passphrase', async () => {
    const { stderr } = await cli([
      'authorise',
      '--consumer-key',
      CONSUMER_KEY,
      '--username',
      USERNAME,
      '--my-domain',
      emulator.url,
      '--private-key',
      key('app-pkcs8-encrypted.pem'),
    ]);
    expect(stderr).toMatch(/hint: .*--passphrase/);
  });

  it('a refused consumer key points at --consumer-key', async () => {
    const { code, stderr } = await cli([
      'authorise',
      '--consumer-key',
      'nope',
      '--username',
      USERNAME,
      '--my-domain',
      emulator.url,
      '--private-key',
      key('app-pkcs8.pem'),
    ]);
    expect(code).toBe(4);
    expect(stderr).toMatch(/hint: .*--consumer-key/);
  });

  it('a bad My Domain URL points at --my-domain', async () => {
    const { stderr } = await cli([
      'authorise',
      '--consumer-key',
      CONSUMER_KEY,
      '--username',
      USERNAME,
      '--my-domain',
      'ftp://x',
      '--private-key',
      key('app-pkcs8.pem'),
    ]);
    expect(stderr).toMatch(/--my-domain/);
    expect(stderr).not.toMatch(/My Domain URL/);
  });

  // Every code an engine error may carry with a field, and the key-file codes that imply one.
  const cases: [ErrorCode, FieldName | undefined, string, string][] = [
    ['BAD_INPUT', 'consumerKey', 'Consumer Key is required.', '--consumer-key'],
    ['BAD_INPUT', 'username', 'Username is required.', '--username'],
    ['BAD_INPUT', 'myDomainUrl', 'My Domain URL is required.', '--my-domain'],
    ['BAD_INPUT', 'keyFile', 'There is no key file yet.', '--private-key'],
    ['BAD_INPUT', 'keyStorePassword', 'Key Store Password is required.', '--keystore-password'],
    ['BAD_INPUT', 'commonName', 'The certificate needs a Common Name (CN).', '--common-name'],
    ['BAD_INPUT', 'days', 'Validity must be between 1 and 3650 days.', '--days'],
    ['BAD_INPUT', 'bits', 'The key size must be 2048, 3072 or 4096 bits.', '--bits'],
    ['BAD_INPUT', 'pkcs12Password', 'The keystore password must be at least 6 characters.', '--keystore-password'],
    ['USER_NOT_APPROVED', 'username', 'Salesforce refused the login.', '--username'],
    ['INACTIVE_USER', 'username', 'Salesforce refused the login.', '--username'],
    ['APP_ACCESS_DENIED', 'username', 'Salesforce refused the login.', '--username'],
    ['INVALID_CLIENT_ID', 'consumerKey', 'Salesforce refused the login.', '--consumer-key'],
    ['AUDIENCE_INVALID', 'environment', 'Salesforce refused the login.', '--environment'],
    ['APP_NOT_INSTALLED', 'environment', 'Salesforce refused the login.', '--environment'],
    ['INVALID_ASSERTION', 'keyFile', 'Salesforce refused the login.', '--private-key'],
    ['INVALID_CLIENT_CREDENTIALS', 'keyFile', 'Salesforce refused the login.', '--private-key'],
    ['PASSWORD_REQUIRED', undefined, 'This PKCS#12 keystore needs its password to be read.', '--keystore-password'],
    ['WRONG_PASSWORD', undefined, 'The key store password is wrong.', '--keystore-password'],
    ['KEY_PASSWORD_REQUIRED', undefined, 'The key "app" has its own password.', '--key-password'],
    ['WRONG_KEY_PASSWORD', undefined, 'The key password does not open the key "app".', '--key-password'],
    ['PASSPHRASE_REQUIRED', undefined, 'This private key is encrypted and needs its passphrase.', '--passphrase'],
    ['WRONG_PASSPHRASE', undefined, 'The passphrase does not open this private key.', '--passphrase'],
    ['ALIAS_REQUIRED', undefined, 'This keystore holds 3 keys.', '--certificate-name'],
    ['ALIAS_NOT_FOUND', undefined, 'There is no key "x" in this keystore.', '--certificate-name'],
    ['ALIAS_NOT_A_KEY', undefined, '"x" is a trusted certificate, not a private key.', '--certificate-name'],
  ];
  it.each(cases)('%s (%s) names %s', (code, field, message, flag) => {
    const windowHint =
      'Enter the Certificate Name (alias), the Key Store Password, or set it as the Audience (Advanced). Fill in the highlighted fields.';
    const out = forTerminal(new AppError(code, message, windowHint, field ? { field } : undefined).toInfo());
    expect(out.hint).toContain(flag);
    expect(out.hint).not.toMatch(WINDOW_WORDS);
  });

  it('the export passphrase points at its environment variable, not --passphrase', () => {
    const out = forTerminal(
      new AppError(
        'EXPORT_PASSPHRASE_WRONG',
        'The passphrase does not open the secrets in this export file.',
        'Enter the passphrase chosen when the file was exported, or import without secrets.',
        { field: 'passphrase' },
      ).toInfo(),
    );
    expect(out.hint).toContain('JWT_CONNECT_EXPORT_PASSPHRASE');
    expect(out.hint).not.toContain('--passphrase');
  });

  it('the note after an audience retry names --audience', async () => {
    let calls = 0;
    const answer = (status: number, body: unknown) => ({
      status,
      headers: { get: () => 'application/json' },
      text: async () => JSON.stringify(body),
    });
    const fetch = async () =>
      ++calls === 1
        ? answer(400, { error: 'invalid_grant', error_description: 'audience is invalid' })
        : answer(200, {
            access_token: '00Dx!token',
            instance_url: 'https://acme.my.salesforce.com',
            id: 'https://acme.my.salesforce.com/id/00D5g000000EMUL8/005000000000001',
            token_type: 'Bearer',
          });
    // The retry is only ever made from one of Salesforce's own hosts.
    const args = [
      'authorise',
      '--consumer-key',
      CONSUMER_KEY,
      '--username',
      USERNAME,
      '--my-domain',
      'https://acme.my.salesforce.com',
      '--private-key',
      key('app-pkcs8.pem'),
    ];
    const human = await cli(args, { platform: { fetch } });
    expect(human.stdout).toMatch(/Note: .*Give it with --audience/);
    calls = 0;
    const json = JSON.parse((await cli([...args, '--json'], { platform: { fetch } })).stdout);
    expect(json.audienceNote).toMatch(/--audience/);
    expect(json.audienceNote).not.toMatch(/Audience \(Advanced\)/);
  });

  it("puts each field the window's words name as its flag, from the field table", () => {
    const fromField = forTerminal(
      new AppError(
        'ALIAS_REQUIRED',
        'x',
        'Enter the Certificate Name (alias) of the certificate uploaded to the Connected App.',
        { aliases: ['app', 'second'] },
      ).toInfo(),
    ).hint;
    expect(fromField).toBe(
      'Give --certificate-name of the certificate uploaded to the Connected App. The keystore\'s keys: "app", "second".',
    );
    // A hint in words a terminal user knows too is kept, the flag added.
    const kept = forTerminal(
      new AppError('INVALID_CLIENT_ID', 'x', 'A new app can take up to 10 minutes to become usable.', {
        field: 'consumerKey',
      }).toInfo(),
    ).hint;
    expect(kept).toBe('A new app can take up to 10 minutes to become usable. Flag: --consumer-key.');
    expect(fieldFlag('keyStorePassword')).toBe('--keystore-password (or $JWT_CONNECT_KEYSTORE_PASSWORD)');
    expect(fieldFlag('password')).toBe('$JWT_CONNECT_SECRETS_PASSWORD');
  });

  it("refuses --alias where it is not a connection's name, saying what the keystore entry is called", async () => {
    const { code, stderr } = await cli(['authorise', '--keystore', key('multi.jks'), '--alias', 'app']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--alias is not an option of "authorise"/);
    expect(stderr).toMatch(/hint: .*--certificate-name/);
  });
});
