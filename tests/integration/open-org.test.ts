// Open in Salesforce: a single-use frontdoor URL from singleaccess, the token only in
// a POST body, the link checked before anyone opens it; the service opens it through the platform.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionDraft } from '../../shared/connection.js';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { loadSigningKey } from '../../electron/keys/load.js';
import { authorise, type AuthoriseInput } from '../../electron/salesforce/authorise.js';
import type { FetchLike } from '../../electron/salesforce/http.js';
import { createNodeFetch } from '../../electron/salesforce/node-fetch.js';
import { checkFrontdoor, openOrg } from '../../electron/salesforce/open-org.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, USERNAME, fixture, startEmulator, failure } from '../support/helpers.js';

const { key } = await loadSigningKey({ bytes: fixture('app-pkcs8.pem') });
const nodeFetch = createNodeFetch({});

let emulator: SalesforceEmulator;
/** Every URL requested, to prove the token never appears in one. */
const urls: string[] = [];
const recording: FetchLike = (url, init) => {
  urls.push(url);
  return nodeFetch(url, init);
};
const platform = { fetch: recording };
let input: AuthoriseInput;

beforeAll(async () => {
  emulator = await startEmulator({
    users: [{ username: USERNAME }, { username: 'api-only@jwt-connect.test', scope: 'api' }],
  });
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.fault = undefined;
  emulator.tokenRequests.length = 0;
  urls.length = 0;
  input = {
    key,
    consumerKey: CONSUMER_KEY,
    username: USERNAME,
    environment: 'mydomain',
    myDomainUrl: emulator.url,
    timeoutSeconds: 5,
  };
});

describe('the frontdoor link', () => {
  it('is a single-use link into the org; the token is in no URL', async () => {
    const token = await authorise(input, platform);
    const opened = await openOrg({ token, authorise: () => authorise(input, platform), timeoutMs: 5000 }, platform);
    expect(opened.url).toMatch(new RegExp(`^${emulator.url}/secur/frontdoor\\.jsp\\?otp=`));
    expect(opened.host).toBe(new URL(emulator.url).host);
    expect(opened.newToken).toBeUndefined(); // identity accepted the stored token
    expect(emulator.tokenRequests).toHaveLength(1);
    expect(
      urls
        .concat(opened.url)
        .some((u) => u.includes(token.accessToken) || u.includes(encodeURIComponent(token.accessToken))),
    ).toBe(false);

    const first = await nodeFetch(opened.url, {});
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/lightning/page/home');
    const again = await nodeFetch(opened.url, {});
    expect(again.status).toBe(400);
    expect(emulator.frontdoorDesk.visits.slice(-2).map((v) => v.accepted)).toEqual([true, false]);
  });

  it('lands on the page asked for', async () => {
    const opened = await openOrg(
      { authorise: () => authorise(input, platform), path: '/lightning/setup/SetupOneHome/home', timeoutMs: 5000 },
      platform,
    );
    expect(opened.newToken?.accessToken).toBeTruthy();
    const visit = await nodeFetch(opened.url, {});
    expect(visit.headers.get('location')).toBe('/lightning/setup/SetupOneHome/home');
  });

  it.each(['https://evil.example/x', '//evil.example/x', 'lightning/page/home', '/\\evil.example', '/a b'])(
    'refuses the landing path %s before sending anything',
    async (path) => {
      const error = await failure(
        openOrg({ authorise: () => authorise(input, platform), path, timeoutMs: 5000 }, platform),
      );
      expect(error.code).toBe('BAD_INPUT');
      expect(error.details).toMatchObject({ field: 'path' });
      expect(urls).toEqual([]);
    },
  );

  it('logs in afresh when identity no longer accepts the stored token', async () => {
    const token = await authorise(input, platform);
    emulator.revokeAllTokens();
    const opened = await openOrg({ token, authorise: () => authorise(input, platform), timeoutMs: 5000 }, platform);
    expect(opened.newToken).toBeDefined();
    expect(opened.newToken?.accessToken).not.toBe(token.accessToken);
    expect(emulator.tokenRequests).toHaveLength(2);
  });

  it('a token without the web scope is refused with the scopes hint', async () => {
    const apiOnly = { ...input, username: 'api-only@jwt-connect.test' };
    const error = await failure(openOrg({ authorise: () => authorise(apiOnly, platform), timeoutMs: 5000 }, platform));
    expect(error.code).toBe('SALESFORCE_REFUSED');
    expect(error.message).toMatch(/insufficient_scope/);
    expect(error.hint).toMatch(/\(web\)/);
  });

  it.each([
    ['plain http elsewhere', 'http://evil.example/secur/frontdoor.jsp?otp=1', /is not https/],
    ['another site', 'https://evil.example/secur/frontdoor.jsp?otp=1', /points at another site \(evil\.example\)/],
    ['not a link', 'javascript:alert(1)', /is not https/],
  ])('a frontdoor_uri to %s is not opened', async (_name, frontdoorUri, why) => {
    emulator.fault = { frontdoorUri };
    const error = await failure(openOrg({ authorise: () => authorise(input, platform), timeoutMs: 5000 }, platform));
    expect(error.code).toBe('NOT_SALESFORCE');
    expect(error.message).toMatch(why);
  });

  it("accepts the org's own Salesforce hosts and refuses a link that carries the token", () => {
    expect(
      checkFrontdoor(
        'https://acme.my.salesforce.com/secur/frontdoor.jsp?otp=x',
        'https://acme.my.salesforce.com',
        'T0KEN',
      ).host,
    ).toBe('acme.my.salesforce.com');
    expect(
      checkFrontdoor(
        'https://acme.lightning.force.com/secur/frontdoor.jsp?otp=x',
        'https://acme.my.salesforce.com',
        'T0KEN',
      ).host,
    ).toBe('acme.lightning.force.com');
    expect(() =>
      checkFrontdoor('https://other.my.salesforce.com/x', 'https://acme.my.salesforce.com', 'T0KEN'),
    ).toThrow(/another site/);
    expect(() =>
      checkFrontdoor('https://acme.my.salesforce.com.evil.example/x', 'https://acme.my.salesforce.com', 'T0KEN'),
    ).toThrow(/another site/);
    expect(() =>
      checkFrontdoor(
        'https://acme.my.salesforce.com/secur/frontdoor.jsp?sid=00D!T0KEN',
        'https://acme.my.salesforce.com',
        '00D!T0KEN',
      ),
    ).toThrow(/access token itself/);
  });
});

describe('openInSalesforce (the service method)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-connect-open-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const draft = (): ConnectionDraft => ({
    name: 'UAT',
    encryption: 'privateKey',
    consumerKey: CONSUMER_KEY,
    username: USERNAME,
    environment: 'mydomain',
    myDomainUrl: emulator.url,
    secrets: {},
    keyFile: { fileName: 'app-pkcs8.pem', base64: fixture('app-pkcs8.pem').toString('base64') },
  });

  it('without a platform opener, hands back the link; a saved connection keeps the fresh token', async () => {
    const { service } = openNodeServices({ dataDir: dir, platform });
    const saved = await service.createConnection(draft());
    const answer = await service.openInSalesforce({ id: saved.id });
    expect(answer).toEqual({ url: expect.stringMatching(/\/secur\/frontdoor\.jsp\?otp=/) });
    expect(service.getConnection({ id: saved.id }).lastAuthorise?.ok).toBe(true);
    const before = emulator.tokenRequests.length;
    await service.openInSalesforce({ id: saved.id }); // the stored token is reused
    expect(emulator.tokenRequests.length).toBe(before);
  });

  it('with a platform opener, opens an https link itself and returns only the host', async () => {
    const opened: string[] = [];
    const { service } = openNodeServices({
      dataDir: dir,
      platform: {
        ...platform,
        openExternal: async (url: string) => {
          opened.push(url);
        },
      },
    });
    // The emulator speaks http: the platform opener (https only) is not used for it.
    expect(await service.openInSalesforce({ draft: draft() })).toEqual({ url: expect.any(String) });
    expect(opened).toEqual([]);
    // An https org: the emulator's answer rewritten into https by a stand-in fetch.
    const https: FetchLike = async (url, init) => {
      const real = await recording(url.replace('https://org.example.my.salesforce.com', emulator.url), init);
      const text = (await real.text()).replaceAll(emulator.url, 'https://org.example.my.salesforce.com');
      return { status: real.status, headers: real.headers, text: async () => text };
    };
    const viaHttps = openNodeServices({
      dataDir: mkdtempSync(join(dir, 'h')),
      platform: {
        fetch: https,
        openExternal: async (url: string) => {
          opened.push(url);
        },
      },
    }).service;
    // The emulator takes the org's https name as audience, as the real My Domain would.
    emulator.options.audiences = [emulator.url, 'https://org.example.my.salesforce.com'];
    const answer = await viaHttps.openInSalesforce({
      draft: { ...draft(), myDomainUrl: 'https://org.example.my.salesforce.com' },
    });
    delete emulator.options.audiences;
    expect(answer).toEqual({ opened: true, host: 'org.example.my.salesforce.com' });
    expect(opened).toEqual([
      expect.stringMatching(/^https:\/\/org\.example\.my\.salesforce\.com\/secur\/frontdoor\.jsp\?otp=/),
    ]);
  });
});
