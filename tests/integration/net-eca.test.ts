// External Client Apps against the project's emulator, reached under Salesforce's own host names
// through the test CONNECT proxy over TLS (a throwaway CA): the ECA answers at the My Domain only,
// pre-authorizes through a permission set, and takes a while to appear; each answer comes with the
// hint that fixes it and the setup steps it points at; Keep trying waits out only "not there yet".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSigningKey } from '../../electron/keys/load.js';
import { authorise, type AuthoriseInput, type Platform } from '../../electron/salesforce/authorise.js';
import { keepTrying } from '../../electron/salesforce/keep-trying.js';
import { createNodeFetch } from '../../electron/salesforce/node-fetch.js';
import { stepsForError } from '../../shared/salesforce-setup.js';
import { ConnectProxy } from '../emulator/connect-proxy.js';
import { SalesforceEmulator, type EmulatorApp } from '../emulator/salesforce-emulator.js';
import { makeTestCa, type TestCa } from '../emulator/test-ca.js';
import { failure, fixture, scaledClock, USERNAME } from '../support/helpers.js';

const { key } = await loadSigningKey({ bytes: fixture('app-pkcs8.pem') });
const MY_DOMAIN = 'https://acme.my.salesforce.com';
const SANDBOX_DOMAIN = 'https://acme--uat.sandbox.my.salesforce.com';
const HOSTS = [
  'login.salesforce.com',
  'test.salesforce.com',
  'acme.my.salesforce.com',
  'acme--uat.sandbox.my.salesforce.com',
];
const ECA_KEY = '3MVG9eca.consumer-key';
const OUTSIDER = 'outsider@jwt-connect.test';

let ca: TestCa;
let sf: SalesforceEmulator;
let proxy: ConnectProxy;
let platform: Platform;
const eca: EmulatorApp = {
  kind: 'eca',
  consumerKey: ECA_KEY,
  certificatePem: fixture('app.crt').toString('utf8'),
  preAuthorized: [USERNAME],
};

beforeAll(async () => {
  ca = makeTestCa(HOSTS);
  sf = new SalesforceEmulator({
    apps: [eca],
    users: [{ username: USERNAME }, { username: OUTSIDER }],
    tls: { certPem: ca.certPem, keyPem: ca.keyPem },
    instanceUrl: MY_DOMAIN,
    audiences: [MY_DOMAIN, SANDBOX_DOMAIN, 'https://login.salesforce.com', 'https://test.salesforce.com'],
  });
  await sf.start();
  const address = `127.0.0.1:${sf.port}`;
  proxy = new ConnectProxy({ hosts: Object.fromEntries(HOSTS.map((h) => [h, address])) });
  platform = { fetch: createNodeFetch({ HTTPS_PROXY: await proxy.start() }, { ca: ca.caPem }) };
});
afterAll(async () => {
  await proxy.stop();
  await sf.stop();
});
beforeEach(() => {
  sf.tokenRequests.length = 0;
  proxy.requests.length = 0;
});

const login = (over: Partial<AuthoriseInput> = {}): AuthoriseInput => ({
  key,
  consumerKey: ECA_KEY,
  username: USERNAME,
  environment: 'mydomain',
  myDomainUrl: MY_DOMAIN,
  timeoutSeconds: 5,
  ...over,
});

describe('an External Client App in the emulator', () => {
  it('logs in at the My Domain, reached through the proxy under its real name', async () => {
    const token = await authorise(login(), platform);
    expect(token.instanceUrl).toBe(MY_DOMAIN);
    expect(token.tokenUrl).toBe(`${MY_DOMAIN}/services/oauth2/token`);
    expect(proxy.requests.map((r) => r.target)).toEqual(['acme.my.salesforce.com:443']);
  });

  it.each([
    ['production', 'login.salesforce.com:443'],
    ['sandbox', 'test.salesforce.com:443'],
  ] as const)(
    '%s (login/test host): app_not_found, the hint says to use the My Domain, the checklist points at Environment',
    async (environment, target) => {
      const error = await failure(authorise(login({ environment }), platform));
      expect(error.code).toBe('APP_NOT_INSTALLED');
      expect(error.message).toContain('External client app is not installed in this org');
      expect(error.hint).toMatch(/set Environment to My Domain and enter the My Domain URL/);
      expect(error.details?.field).toBe('environment');
      expect(stepsForError('eca', error.code, environment)).toEqual(['environment']);
      expect(proxy.requests.map((r) => r.target)).toEqual([target]);
      expect(sf.tokenRequests.map((r) => r.outcome)).toEqual([
        'app_not_found: External client app is not installed in this org',
      ]);
    },
  );

  it('at the My Domain but with login.salesforce.com as Audience: app_not_found, the hint names the Audience', async () => {
    const error = await failure(authorise(login({ audience: 'https://login.salesforce.com' }), platform));
    expect(error.code).toBe('APP_NOT_INSTALLED');
    expect(error.details?.field).toBe('audience');
    expect(error.hint).toMatch(
      /The Audience \(Advanced\) is https:\/\/login\.salesforce\.com: External Client Apps want the My Domain URL/,
    );
  });

  it('a user outside the pre-authorized permission set: invalid_app_access, the hint and the steps name the permission set', async () => {
    const error = await failure(authorise(login({ username: OUTSIDER }), platform));
    expect(error.code).toBe('APP_ACCESS_DENIED');
    expect(error.message).toContain('user is not admin approved to access this app');
    expect(error.hint).toMatch(/^Assign this user the permission set that the External Client App's App Policies name/);
    expect(error.hint).toMatch(/Manage Assignments/);
    expect(stepsForError('eca', error.code, 'mydomain')).toEqual(['appPolicies', 'assign']);
  });

  it('a sandbox My Domain works the same way', async () => {
    const token = await authorise(login({ myDomainUrl: SANDBOX_DOMAIN }), platform);
    expect(token.tokenUrl).toBe(`${SANDBOX_DOMAIN}/services/oauth2/token`);
  });
});

describe('a new app Salesforce is still spreading', () => {
  it.each(['app_not_found', 'invalid_client_id'] as const)(
    'answers %s until its delay is over; at the My Domain the hint says it is not (yet) in this org',
    async (answer) => {
      const app: EmulatorApp = { ...eca, consumerKey: `new-${answer}`, propagation: { delayMs: 60_000, answer } };
      sf.addApp(app);
      const error = await failure(authorise(login({ consumerKey: app.consumerKey }), platform));
      if (answer === 'app_not_found') {
        expect(error.code).toBe('APP_NOT_INSTALLED');
        expect(error.hint).toMatch(
          /^The app is not \(yet\) in this org: .*several minutes.*sandbox refresh.*deploy it there again/,
        );
        expect(error.details?.field).toBeUndefined(); // no field to change: the banner says it
        expect(stepsForError('eca', error.code, 'mydomain')).toEqual(['app']);
      } else {
        expect(error.code).toBe('INVALID_CLIENT_ID');
        expect(error.hint).toMatch(/several minutes/);
      }
    },
  );

  it('Keep trying waits it out (pauses of 10 s and more, 100 times faster here) and returns the token', async () => {
    const app: EmulatorApp = {
      ...eca,
      consumerKey: 'new-app-waited',
      propagation: { delayMs: 200, answer: 'app_not_found' },
    };
    sf.addApp(app);
    const seen: string[] = [];
    const token = await keepTrying(() => authorise(login({ consumerKey: app.consumerKey }), platform), {
      forMs: 600_000,
      clock: scaledClock(100),
      onAttempt: (a) => seen.push(a.ok ? 'ok' : (a.code as string)),
    });
    expect(token.instanceUrl).toBe(MY_DOMAIN);
    expect(seen.slice(0, -1).every((c) => c === 'APP_NOT_INSTALLED')).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.at(-1)).toBe('ok');
  });

  it('Keep trying stops at once on another answer (the user is not pre-authorized)', async () => {
    const app: EmulatorApp = {
      ...eca,
      consumerKey: 'new-app-outsider',
      propagation: { delayMs: 150, answer: 'invalid_client_id' },
    };
    sf.addApp(app);
    const seen: string[] = [];
    const error = await failure(
      keepTrying(() => authorise(login({ consumerKey: app.consumerKey, username: OUTSIDER }), platform), {
        forMs: 600_000,
        clock: scaledClock(100),
        onAttempt: (a) => seen.push(a.ok ? 'ok' : (a.code as string)),
      }),
    );
    expect(error.code).toBe('APP_ACCESS_DENIED');
    expect(seen.at(-1)).toBe('APP_ACCESS_DENIED');
    expect(seen.slice(0, -1).every((c) => c === 'INVALID_CLIENT_ID')).toBe(true);
  });
});
