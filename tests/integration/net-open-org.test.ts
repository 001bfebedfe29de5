// Open in Salesforce opens only the org's Salesforce hosts: a login answer naming a stranger's org
// address gets neither the token (for a sign-in link) nor a browser, and a sign-in link on a host that
// is not Salesforce's is not opened, however the org's address reads. "The other Salesforce"
// (tests/emulator/real-salesforce.ts) answers under real host names through the test CONNECT proxy.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSigningKey } from '../../electron/keys/load.js';
import { authorise, type AuthoriseInput, type Platform } from '../../electron/salesforce/authorise.js';
import { createNodeFetch } from '../../electron/salesforce/node-fetch.js';
import { checkFrontdoor, openOrg } from '../../electron/salesforce/open-org.js';
import { ConnectProxy } from '../emulator/connect-proxy.js';
import { jsonAnswer, RealSalesforce, TOKEN } from '../emulator/real-salesforce.js';
import { makeTestCa } from '../emulator/test-ca.js';
import { failure, fixture } from '../support/helpers.js';

const { key } = await loadSigningKey({ bytes: fixture('app-pkcs8.pem') });
const HOSTS = [
  'login.salesforce.com',
  'acme.my.salesforce.com',
  'acme.lightning.force.com',
  'evil.example',
  'acme.evil.example',
];

let sf: RealSalesforce;
let proxy: ConnectProxy;
let platform: Platform;
let production: AuthoriseInput;

beforeAll(async () => {
  const ca = makeTestCa(HOSTS);
  sf = new RealSalesforce({ certPem: ca.certPem, keyPem: ca.keyPem });
  const port = await sf.start();
  proxy = new ConnectProxy({ hosts: Object.fromEntries(HOSTS.map((h) => [h, `127.0.0.1:${port}`])) });
  platform = { fetch: createNodeFetch({ HTTPS_PROXY: await proxy.start() }, { ca: ca.caPem }) };
});
afterAll(async () => {
  await proxy.stop();
  await sf.stop();
});
beforeEach(() => {
  sf.requests.length = 0;
  sf.script = undefined;
  sf.instanceUrl = 'https://acme.my.salesforce.com';
  production = {
    key,
    consumerKey: '3MVG9real',
    username: 'integration@acme.com',
    environment: 'production',
    timeoutSeconds: 5,
  };
});

const open = (token?: Awaited<ReturnType<typeof authorise>>) =>
  openOrg({ token, authorise: () => authorise(production, platform), timeoutMs: 5000 }, platform);
const where = () => sf.requests.map((r) => `${r.method} ${r.host.replace(/:\d+$/, '')}${r.path.split('?')[0]}`);

describe("the org's address", () => {
  it("a login answer naming a stranger's host as the org: no sign-in link is asked there, nothing opens", async () => {
    sf.instanceUrl = 'https://evil.example';
    const error = await failure(open());
    expect(error.code).toBe('NOT_SALESFORCE');
    expect(error.message).toMatch(/evil\.example, which is not one of Salesforce's hosts/);
    expect(where()).toEqual(['POST login.salesforce.com/services/oauth2/token']);
  });

  it('a stored token for such an org is not even checked with identity', async () => {
    sf.instanceUrl = 'https://evil.example';
    const token = await authorise(production, platform);
    sf.requests.length = 0;
    expect((await failure(open(token))).code).toBe('NOT_SALESFORCE');
    expect(sf.requests).toEqual([]);
  });

  it('the org on its Salesforce host opens as before, also through its Lightning host', async () => {
    sf.script = (r) =>
      r.path.includes('singleaccess')
        ? jsonAnswer(200, { frontdoor_uri: 'https://acme.lightning.force.com/secur/frontdoor.jsp?otp=1' })
        : undefined;
    expect((await open()).url).toBe('https://acme.lightning.force.com/secur/frontdoor.jsp?otp=1');
  });
});

describe('the sign-in link', () => {
  it.each([
    ["a stranger sharing the org's first label", 'https://acme.evil.example/secur/frontdoor.jsp?otp=1'],
    ['a look-alike host', 'https://acme.my.salesforce.com.evil.example/secur/frontdoor.jsp?otp=1'],
    [
      'user info in front of a Salesforce name',
      'https://acme.my.salesforce.com@evil.example/secur/frontdoor.jsp?otp=1',
    ],
  ])('on %s is not opened', async (_name, uri) => {
    sf.script = (r) => (r.path.includes('singleaccess') ? jsonAnswer(200, { frontdoor_uri: uri }) : undefined);
    expect((await failure(open())).code).toBe('NOT_SALESFORCE');
  });

  it("is checked against the org's host even where the org's own address is a stranger's", () => {
    expect(() =>
      checkFrontdoor('https://evil.example/secur/frontdoor.jsp?otp=1', 'https://evil.example', TOKEN),
    ).toThrow(/not one of Salesforce's hosts/);
    expect(checkFrontdoor('http://127.0.0.1:9/secur/frontdoor.jsp?otp=1', 'http://127.0.0.1:9', TOKEN).host).toBe(
      '127.0.0.1:9',
    );
  });
});
