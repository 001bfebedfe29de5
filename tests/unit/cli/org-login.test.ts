// sf org login jwt's command line read into jwt-connect's login: flag names, short forms, sf's older
// spellings, the instance URL's meaning, and the flags refused rather than misread.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../electron/cli/args.js';
import { COMMANDS } from '../../../electron/cli/commands/index.js';
import { forTerminal } from '../../../electron/cli/flag-hints.js';
import { loginTargetFlags } from '../../../electron/cli/flags.js';
import { sfLoginValues, type OrgLoginValues } from '../../../electron/cli/org-login.js';

const read = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const line = parseCommandLine(['org', 'login', 'jwt', ...args], COMMANDS, env);
  expect(line.command?.name).toBe('org login jwt');
  return line.values as OrgLoginValues;
};

describe("org login jwt: sf's flags", () => {
  it("reads sf's short forms into the login jwt-connect runs", () => {
    const values = read([
      '-i',
      'KEY',
      '-f',
      'server.key',
      '-o',
      'user@acme.com',
      '-r',
      'https://acme.my.salesforce.com',
      '-a',
      'uat',
      '-s',
    ]);
    expect(values).toMatchObject({
      'client-id': 'KEY',
      'jwt-key-file': 'server.key',
      username: 'user@acme.com',
      alias: 'uat',
      'set-default': true,
    });
    expect(sfLoginValues(values)).toEqual({
      'consumer-key': 'KEY',
      username: 'user@acme.com',
      'private-key': 'server.key',
      'instance-url': 'https://acme.my.salesforce.com',
    });
  });

  it("takes sf's older spellings and ours for the same flags", () => {
    const old = read([
      '--clientid',
      'KEY',
      '--jwtkeyfile',
      'a.key',
      '--username',
      'u@x.com',
      '--instanceurl',
      'https://test.salesforce.com',
      '--setalias',
      'sb',
      '--setdefaultusername',
    ]);
    expect(sfLoginValues(old)).toMatchObject({
      'consumer-key': 'KEY',
      'private-key': 'a.key',
      'instance-url': 'https://test.salesforce.com',
    });
    expect(old).toMatchObject({ alias: 'sb', 'set-default': true });
    expect(
      read(['--consumer-key', 'K', '--private-key', 'b.key', '--audience', 'https://login.salesforce.com']),
    ).toMatchObject({ 'client-id': 'K', 'jwt-key-file': 'b.key', 'audience-url': 'https://login.salesforce.com' });
    expect(sfLoginValues(read(['--audience-url', 'https://test.salesforce.com'])).audience).toBe(
      'https://test.salesforce.com',
    );
  });

  it('reads -r as sf does: the two login hosts name an environment, any other URL is the My Domain', () => {
    const target = (url: string) => loginTargetFlags(sfLoginValues(read(['-r', url])));
    expect(target('https://login.salesforce.com')).toEqual({ environment: 'production' });
    expect(target('https://test.salesforce.com/')).toEqual({ environment: 'sandbox' });
    expect(target('https://acme--uat.sandbox.my.salesforce.com')).toEqual({
      environment: 'mydomain',
      myDomainUrl: 'https://acme--uat.sandbox.my.salesforce.com',
    });
    expect(loginTargetFlags(sfLoginValues(read([])))).toEqual({}); // production, as sf defaults
  });

  it("keeps jwt-connect's key flags, with their environment variables, so a keystore can be used", () => {
    const values = read(['--keystore', 'app.jks', '--certificate-name', 'app'], {
      JWT_CONNECT_KEYSTORE_PASSWORD: 'sp',
      JWT_CONNECT_KEY_PASSWORD: 'kp',
    });
    expect(sfLoginValues(values)).toEqual({
      keystore: 'app.jks',
      'certificate-name': 'app',
      'keystore-password': 'sp',
      'key-password': 'kp',
    });
  });

  it("reads sf's -d / --set-default-dev-hub (jwt-connect keeps no Dev Hub) rather than refusing an sf script", () => {
    for (const flag of ['-d', '--set-default-dev-hub', '--setdefaultdevhub']) {
      expect(read([flag])['set-default-dev-hub'], flag).toBe(true);
    }
    expect(() => read(['-f', 'a.key', '--keystore', 'b.jks'])).toThrow(/Give --jwt-key-file or --keystore, not both/);
  });

  it("accepts sf's --no-prompt (-p), which changes nothing here", () => {
    expect(read(['-p'])['no-prompt']).toBe(true);
  });
});

describe('errors of org login jwt', () => {
  it("name the flags as sf spells them, since the user typed sf's line", () => {
    const info = forTerminal(
      {
        code: 'AUDIENCE_HOST_MISMATCH',
        message: 'The Audience is evil.example.com but the login goes to acme.my.salesforce.com.',
        hint: 'Clear --audience, or check --my-domain URL. --consumer-key, --private-key and --username are fine.',
      },
      'org login jwt',
    );
    expect(info.hint).toBe(
      'Clear --audience-url, or check -r/--instance-url. -i/--client-id, -f/--jwt-key-file and -o/--username are fine.',
    );
    expect(forTerminal({ code: 'BAD_INPUT', message: 'x', hint: 'Give --my-domain URL.' }, 'authorise').hint).toBe(
      'Give --my-domain URL.',
    );
  });
});
