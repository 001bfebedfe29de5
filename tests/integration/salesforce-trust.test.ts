// The signed assertion and the access token never follow a redirect, never
// travel in clear, never go to a URL the token answer made up; "works" only when Salesforce named
// the user and the org; hints that fit the cause.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSigningKey } from '../../electron/keys/load.js';
import { authorise, type AuthoriseInput } from '../../electron/salesforce/authorise.js';
import type { FetchLike } from '../../electron/salesforce/http.js';
import { createNodeFetch } from '../../electron/salesforce/node-fetch.js';
import { testConnection } from '../../electron/salesforce/test-connection.js';
import { checkTokenUrls } from '../../electron/salesforce/token-answer.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, USERNAME, fixture, startEmulator, failure } from '../support/helpers.js';

const { key } = await loadSigningKey({ bytes: fixture('app-pkcs8.pem') });

const FETCHES: [string, FetchLike][] = [
  ['Node fetch', globalThis.fetch],
  ['node:https (CLI)', createNodeFetch({})],
];

describe.each(FETCHES)('no redirect carries the assertion or the token (%s)', (_name, fetch) => {
  let emulator: SalesforceEmulator;
  let stranger: SalesforceEmulator; // where the redirects point: it must never hear from us
  let input: AuthoriseInput;
  const platform = { fetch };
  beforeAll(async () => {
    emulator = await startEmulator();
    stranger = await startEmulator();
  });
  afterAll(async () => {
    await emulator.stop();
    await stranger.stop();
  });
  beforeEach(() => {
    emulator.fault = undefined;
    emulator.requestLog.length = 0;
    stranger.requestLog.length = 0;
    input = {
      key,
      consumerKey: CONSUMER_KEY,
      username: USERNAME,
      environment: 'mydomain',
      myDomainUrl: emulator.url,
      timeoutSeconds: 5,
    };
  });

  it('a 307 to http:// is refused, named, and sent once (no audience retry)', async () => {
    emulator.fault = { redirectTo: 'http://evil.example/services/oauth2/token?x=1', redirectStatus: 307 };
    const error = await failure(authorise(input, platform));
    expect(error.code).toBe('REDIRECT_REFUSED');
    expect(error.message).toBe(
      `${new URL(emulator.url).host} answered with a redirect to http://evil.example/services/oauth2/token instead of Salesforce's reply; jwt-connect does not send the signed assertion on.`,
    );
    expect(error.hint).toMatch(/unencrypted http:\/\//);
    expect(emulator.requestLog).toHaveLength(1);
  });

  it.each([301, 302, 303, 307, 308] as const)('a %s to another server is not followed', async (status) => {
    emulator.fault = { redirectTo: `${stranger.url}/services/oauth2/token`, redirectStatus: status };
    const error = await failure(authorise(input, platform));
    expect(error.code).toBe('REDIRECT_REFUSED');
    expect(stranger.requestLog).toEqual([]);
  });

  it('Test Connection does not follow a redirect with the Bearer token', async () => {
    const token = await authorise(input, platform);
    emulator.fault = { redirectTo: `${stranger.url}/id/elsewhere`, redirectStatus: 307, pathPrefix: '/id/' };
    const error = await failure(
      testConnection({ token, authorise: () => authorise(input, platform), timeoutMs: 5000 }, platform),
    );
    expect(error.code).toBe('REDIRECT_REFUSED');
    expect(error.message).toMatch(/does not send the access token on/);
    expect(stranger.requestLog).toEqual([]);
  });
});

describe('the token answer decides nothing about where the token goes', () => {
  let emulator: SalesforceEmulator;
  let stranger: SalesforceEmulator;
  let input: AuthoriseInput;
  const platform = { fetch: createNodeFetch({}) };
  beforeAll(async () => {
    emulator = await startEmulator();
    stranger = await startEmulator();
  });
  afterAll(async () => {
    await emulator.stop();
    await stranger.stop();
  });
  beforeEach(() => {
    emulator.fault = undefined;
    stranger.requestLog.length = 0;
    input = {
      key,
      consumerKey: CONSUMER_KEY,
      username: USERNAME,
      environment: 'mydomain',
      myDomainUrl: emulator.url,
      timeoutSeconds: 5,
    };
  });

  it.each([
    [
      'instance_url over plain http',
      { instance_url: 'http://evil.example' },
      /instance_url: it is plain http:\/\//,
      'http://evil.example',
    ],
    [
      'identity URL over plain http',
      { id: 'http://evil.example/id/00D5g000000EMUL8/005aaaaaaaaaaaa' },
      /identity URL \(id\): it is plain http:\/\//,
      'http://evil.example',
    ],
    [
      'identity URL of another shape',
      { id: 'https://evil.example/collect' },
      /not shaped like Salesforce's \/id\//,
      'https://evil.example/collect',
    ],
    [
      'instance_url with a user name',
      { instance_url: 'https://user:pw@evil.example' },
      /carries a user name or password/,
      'https://evil.example',
    ],
    ['instance_url that is not a URL', { instance_url: 'javascript:alert(1)' }, /only https:\/\/ addresses/, ''],
  ])('%s → TOKEN_ANSWER_UNSAFE naming host and scheme', async (_name, tokenAnswer, why, shown) => {
    emulator.fault = { tokenAnswer };
    const error = await failure(authorise(input, platform));
    expect(error.code).toBe('TOKEN_ANSWER_UNSAFE');
    expect(error.message).toMatch(why);
    expect(error.message).toContain(shown);
    expect(error.message).not.toContain('pw@');
  });

  it('a stored token pointing elsewhere over http is refused before any Bearer is sent', async () => {
    const token = await authorise(input, platform);
    const error = await failure(
      testConnection(
        {
          token: { ...token, instanceUrl: 'http://evil.example' },
          authorise: () => authorise(input, platform),
          timeoutMs: 5000,
        },
        platform,
      ),
    );
    expect(error.code).toBe('TOKEN_ANSWER_UNSAFE');
  });

  it("accepts Salesforce's shapes; refuses plain-http loopback when the login was https", () => {
    expect(
      checkTokenUrls(
        {
          instanceUrl: 'https://acme.my.salesforce.com',
          id: 'https://login.salesforce.com/id/00D5g000004ABCDEAQ/0055g00000AbCdEAAV',
        },
        'https://login.salesforce.com/services/oauth2/token',
      ),
    ).toEqual({ orgId: '00D5g000004ABCDEAQ', userId: '0055g00000AbCdEAAV' });
    expect(() =>
      checkTokenUrls(
        {
          instanceUrl: 'http://127.0.0.1:9',
          id: 'https://login.salesforce.com/id/00D5g000004ABCDEAQ/0055g00000AbCdEAAV',
        },
        'https://login.salesforce.com/services/oauth2/token',
      ),
    ).toThrow(/plain http:\/\/ on this computer/);
    expect(() =>
      checkTokenUrls({
        instanceUrl: 'https://acme.my.salesforce.com/services',
        id: 'https://login.salesforce.com/id/00D5g000004ABCDEAQ/0055g00000AbCdEAAV',
      }),
    ).toThrow(/bare site address/);
  });

  it('does not call it working when identity names no user', async () => {
    emulator.fault = { emptyIdentity: true };
    const error = await failure(
      testConnection({ authorise: () => authorise(input, platform), timeoutMs: 5000 }, platform),
    );
    expect(error.code).toBe('NOT_SALESFORCE');
    expect(error.message).toMatch(/without naming the user/);
  });

  it('does not call it working when the org query returns no org', async () => {
    emulator.fault = { emptyOrg: true };
    const error = await failure(
      testConnection({ authorise: () => authorise(input, platform), timeoutMs: 5000 }, platform),
    );
    expect(error.code).toBe('NOT_SALESFORCE');
    expect(error.message).toMatch(/answered the Organization query without the org/);
  });

  it('does not call it working when identity names another org than the login did', async () => {
    const token = await authorise(input, platform);
    const forged = { ...token, id: token.id.replace(/\/id\/\w+\//, '/id/00D000000000001/') };
    const error = await failure(
      testConnection({ token: forged, authorise: () => authorise(input, platform), timeoutMs: 5000 }, platform),
    );
    expect(error.code).toBe('NOT_SALESFORCE');
    expect(error.message).toMatch(/different user or org/);
  });
});

describe('hints that fit the cause', () => {
  const dnsFailure: FetchLike = async (url) => {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${new URL(url).hostname}`), { code: 'ENOTFOUND' });
  };
  const base = { key, consumerKey: CONSUMER_KEY, username: USERNAME, timeoutSeconds: 5 };

  it('a DNS failure names the My Domain URL only when the user typed one', async () => {
    const production = await failure(authorise({ ...base, environment: 'production' }, { fetch: dnsFailure }));
    expect(production.code).toBe('NETWORK_DNS');
    expect(production.hint).not.toMatch(/My Domain/);
    expect(production.hint).toMatch(/online/);
    const sandbox = await failure(authorise({ ...base, environment: 'sandbox' }, { fetch: dnsFailure }));
    expect(sandbox.hint).not.toMatch(/My Domain/);
    const mine = await failure(
      authorise(
        { ...base, environment: 'mydomain', myDomainUrl: 'https://acme.my.salesforce.comm' },
        { fetch: dnsFailure },
      ),
    );
    expect(mine.hint).toMatch(/spelling of the My Domain URL/);
  });

  it('an unknown or unapproved username: spelling and environment first, then pre-authorization', async () => {
    const emulator = await startEmulator();
    try {
      const error = await failure(
        authorise(
          { ...base, username: 'ghost@jwt-connect.test', environment: 'mydomain', myDomainUrl: emulator.url },
          { fetch: createNodeFetch({}) },
        ),
      );
      expect(error.code).toBe('USER_NOT_APPROVED');
      const hint = error.hint ?? '';
      expect(hint).toMatch(/username it does not know/);
      const spelling = hint.indexOf('spelling');
      const sandbox = hint.indexOf('.sandboxname');
      const preauth = hint.indexOf('Admin approved users are pre-authorized');
      expect(spelling).toBeGreaterThan(-1);
      expect(sandbox).toBeGreaterThan(spelling);
      expect(preauth).toBeGreaterThan(sandbox);
    } finally {
      await emulator.stop();
    }
  });
});
