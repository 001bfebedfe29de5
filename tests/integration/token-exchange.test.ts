// The token exchange and Test Connection against the local Salesforce emulator and servers that
// misbehave as networks do: refusals, retries, redirects, outages, timeouts, DNS and TLS failures.
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSigningKey } from '../../electron/keys/load.js';
import { authorise, type AuthoriseInput } from '../../electron/salesforce/authorise.js';
import { testConnection } from '../../electron/salesforce/test-connection.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, USERNAME, fixture, startEmulator, failure } from '../support/helpers.js';

const { key } = await loadSigningKey({ bytes: fixture('app-pkcs8.pem') });
const { key: otherKey } = await loadSigningKey({ bytes: fixture('other-pkcs8.pem') });
const platform = { fetch: globalThis.fetch };

describe('token exchange against the emulator', () => {
  let emulator: SalesforceEmulator;
  let input: AuthoriseInput;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    emulator.fault = undefined;
    emulator.tokenRequests.length = 0;
    emulator.requestLog.length = 0;
    input = {
      key,
      consumerKey: CONSUMER_KEY,
      username: USERNAME,
      environment: 'mydomain',
      myDomainUrl: emulator.url,
      timeoutSeconds: 5,
    };
  });

  it('returns the access token, instance URL and identity URL', async () => {
    const result = await authorise(input, platform);
    expect(result.accessToken).toMatch(/^00D\w+!/);
    expect(result.instanceUrl).toBe(emulator.url);
    expect(result.id).toMatch(new RegExp(`^${emulator.url}/id/00D`));
    expect(result.audience).toBe(emulator.url);
    expect(emulator.tokenRequests).toHaveLength(1);
  });

  it.each([
    ['wrong consumer key', { consumerKey: 'nope' }, 'INVALID_CLIENT_ID', /Consumer Key/],
    ['unapproved user', { username: 'unapproved@jwt-connect.test' }, 'USER_NOT_APPROVED', /pre-authorized/],
    ['unknown user', { username: 'ghost@jwt-connect.test' }, 'USER_NOT_APPROVED', /profile or a permission set/],
    ['inactive user', { username: 'frozen@jwt-connect.test' }, 'INACTIVE_USER', /reactivate/],
    ['IP restriction', { username: 'elsewhere@jwt-connect.test' }, 'IP_RESTRICTED', /Login IP Ranges/],
    ['API access control', { username: 'not-allowed@jwt-connect.test' }, 'APP_ACCESS_DENIED', /API Access Control/],
    ["key that is not the app certificate's", { key: otherKey }, 'INVALID_ASSERTION', /certificate/],
    [
      'external client app not installed',
      { consumerKey: 'external-app-not-installed' },
      'APP_NOT_INSTALLED',
      /My Domain/,
    ],
  ] as const)("%s → %s with Salesforce's words and a hint, in one request", async (_name, change, code, hint) => {
    const error = await failure(authorise({ ...input, ...change }, platform));
    expect(error.code).toBe(code);
    expect(error.message).toContain(String(error.details?.description));
    expect(error.hint).toMatch(hint);
    expect(emulator.tokenRequests).toHaveLength(1);
  });

  it('blames the clock when the assertion arrives expired', async () => {
    const error = await failure(authorise(input, { ...platform, now: () => new Date(Date.now() - 3600_000) }));
    expect(error.code).toBe('ASSERTION_EXPIRED');
    expect(error.hint).toMatch(/clock/);
  });

  // The retry itself, against the emulator under a Salesforce host name: net-audience.test.ts.
  it('does not retry an explicit audience, nor any other error', async () => {
    const error = await failure(
      authorise({ ...input, audience: emulator.url.replace('127.0.0.1', 'localhost') }, platform),
    );
    expect(error.code).toBe('AUDIENCE_INVALID');
    expect(error.hint).toMatch(/Environment/);
    expect(emulator.tokenRequests).toHaveLength(1);
  });

  it('flags missing details before sending anything', async () => {
    expect((await failure(authorise({ ...input, consumerKey: ' ' }, platform))).details).toEqual({
      field: 'consumerKey',
    });
    expect((await failure(authorise({ ...input, username: '' }, platform))).details).toEqual({ field: 'username' });
    expect(emulator.tokenRequests).toHaveLength(0);
  });

  it('says a proxy page is not Salesforce', async () => {
    emulator.fault = { html: true };
    const error = await failure(authorise(input, platform));
    expect(error.code).toBe('NOT_SALESFORCE');
    expect(error.message).toMatch(/web page \("Network Login Required"\)/);
  });

  it('does not follow a redirect to a sign-in page, and says where it pointed', async () => {
    emulator.fault = { redirect: true, pathPrefix: '/services/' };
    const error = await failure(authorise(input, platform));
    expect(error.code).toBe('REDIRECT_REFUSED');
    expect(error.message).toBe(
      `${new URL(emulator.url).host} answered with a redirect to ${emulator.url}/sso-login instead of Salesforce's reply; jwt-connect does not send the signed assertion on.`,
    );
    expect(error.hint).toMatch(/sign in to the network/);
    expect(emulator.requestLog.map((r) => r.path)).not.toContain('/sso-login');
  });

  it("reports 503 as Salesforce's own problem", async () => {
    emulator.fault = { status: 503 };
    expect((await failure(authorise(input, platform))).code).toBe('SERVER_ERROR');
  });

  it('reports a reset connection', async () => {
    emulator.fault = { reset: true };
    expect((await failure(authorise(input, platform))).code).toBe('NETWORK_RESET');
  });

  it('gives up after the timeout instead of hanging', async () => {
    emulator.fault = { delayMs: 3000 };
    const started = Date.now();
    const error = await failure(authorise({ ...input, timeoutSeconds: 0.5 }, platform));
    expect(error.code).toBe('NETWORK_TIMEOUT');
    expect(error.message).toMatch(/within 1 s/);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('reports a refused connection when nothing listens', async () => {
    const gone = await startEmulator();
    const url = gone.url;
    await gone.stop();
    const error = await failure(authorise({ ...input, myDomainUrl: url }, platform));
    expect(error.code).toBe('NETWORK_REFUSED');
  });

  it('reports an unknown host as a DNS problem', async () => {
    const error = await failure(authorise({ ...input, myDomainUrl: 'https://no-such-org.invalid' }, platform));
    expect(error.code).toBe('NETWORK_DNS');
    expect(error.message).toContain('no-such-org.invalid');
  });

  it('reports an untrusted certificate (a TLS-inspecting proxy) as a TLS problem', async () => {
    const server = createHttpsServer({ key: fixture('app-pkcs8.pem'), cert: fixture('app.crt') }, (_req, res) =>
      res.end('{}'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const error = await failure(authorise({ ...input, myDomainUrl: `https://127.0.0.1:${port}` }, platform));
      expect(error.code).toBe('NETWORK_TLS');
      expect(error.hint).toMatch(/proxy/);
    } finally {
      server.close();
    }
  });
});

describe('Test Connection', () => {
  let emulator: SalesforceEmulator;
  let input: AuthoriseInput;
  beforeAll(async () => {
    emulator = await startEmulator({
      org: { name: 'Acme UAT', type: 'Enterprise Edition', isSandbox: true, instanceName: 'CS42' },
    });
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    emulator.fault = undefined;
    emulator.tokenRequests.length = 0;
    emulator.requestLog.length = 0;
    input = { key, consumerKey: CONSUMER_KEY, username: USERNAME, environment: 'mydomain', myDomainUrl: emulator.url };
  });

  it('authorises when there is no token, then shows user, org and API limits with step times', async () => {
    const { result, newToken } = await testConnection(
      { authorise: () => authorise(input, platform), timeoutMs: 5000 },
      platform,
    );
    expect(newToken?.accessToken).toBeTruthy();
    expect(result.identity).toMatchObject({
      username: USERNAME,
      displayName: 'Integration User',
      orgId: '00D5g000000EMUL8',
    });
    expect(result.organization).toEqual({
      name: 'Acme UAT',
      type: 'Enterprise Edition',
      isSandbox: true,
      instanceName: 'CS42',
      trialExpirationDate: null,
    });
    expect(result.limits.dailyApiRequests.max).toBe(15000);
    expect(result.limits.dailyApiRequests.remaining).toBe(emulator.apiRemaining);
    expect(result.apiVersion).toBe('62.0');
    expect(result.steps.map((s) => s.name)).toEqual(['authorise', 'identity', 'organization', 'limits']);
    expect(result.steps.every((s) => s.ok && s.elapsedMs >= 0)).toBe(true);
  });

  it('re-authorises once when the stored token was revoked', async () => {
    const token = await authorise(input, platform);
    emulator.revokeAllTokens();
    const { result, newToken } = await testConnection(
      { token, authorise: () => authorise(input, platform), timeoutMs: 5000 },
      platform,
    );
    expect(result.reauthorised).toBe(true);
    expect(newToken?.accessToken).not.toBe(token.accessToken);
    expect(emulator.tokenRequests).toHaveLength(2);
  });

  it('stops after one re-authorise when fresh tokens are refused too', async () => {
    const token = await authorise(input, platform);
    emulator.revokeAllTokens();
    const refusing = async () => {
      const t = await authorise(input, platform);
      emulator.revokeAllTokens();
      return t;
    };
    const error = await failure(testConnection({ token, authorise: refusing, timeoutMs: 5000 }, platform));
    expect(error.code).toBe('SESSION_INVALID');
    expect(emulator.tokenRequests).toHaveLength(2);
  });

  it('reports a REST outage on the step where it happened', async () => {
    emulator.fault = { status: 503, pathPrefix: '/services/data/v' };
    const error = await failure(
      testConnection({ authorise: () => authorise(input, platform), timeoutMs: 5000 }, platform),
    );
    expect(error.code).toBe('SERVER_ERROR');
  });
});
