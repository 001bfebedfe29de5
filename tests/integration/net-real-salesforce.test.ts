// Where the assertion and the token may go (redirects, https only, proxies, Open in Salesforce), checked
// against "the other Salesforce" (tests/emulator/real-salesforce.ts):
// a server that answers as the real one does, or as a proxy or an attacker would, reached under
// Salesforce's real host names through a CONNECT proxy, over TLS with a throwaway CA. Every request
// it receives is recorded: the assertion goes only to the token host, the token only to https hosts
// the login answer named, never into a URL.
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { loadSigningKey } from '../../electron/keys/load.js';
import { authorise, type AuthoriseInput, type Platform } from '../../electron/salesforce/authorise.js';
import { httpRequest, type FetchLike } from '../../electron/salesforce/http.js';
import { createNodeFetch } from '../../electron/salesforce/node-fetch.js';
import { checkFrontdoor, openOrg } from '../../electron/salesforce/open-org.js';
import { testConnection } from '../../electron/salesforce/test-connection.js';
import { ConnectProxy } from '../emulator/connect-proxy.js';
import { jsonAnswer, oauthRefusal, RealSalesforce, TOKEN, type Answer } from '../emulator/real-salesforce.js';
import { makeTestCa, type TestCa } from '../emulator/test-ca.js';
import { fixture, failure } from '../support/helpers.js';

const { key } = await loadSigningKey({ bytes: fixture('app-pkcs8.pem') });
const HOSTS = [
  'login.salesforce.com',
  'test.salesforce.com',
  'acme.my.salesforce.com',
  'acme.lightning.force.com',
  'evil.example',
  'xn--cme-8cd.my.salesforce.com',
];

let ca: TestCa;
let sf: RealSalesforce;
let proxy: ConnectProxy;
let platform: Platform;
let production: AuthoriseInput;
let myDomain: AuthoriseInput;

beforeAll(async () => {
  ca = makeTestCa(HOSTS);
  sf = new RealSalesforce({ certPem: ca.certPem, keyPem: ca.keyPem });
  const port = await sf.start();
  proxy = new ConnectProxy({ hosts: Object.fromEntries(HOSTS.map((h) => [h, `127.0.0.1:${port}`])) });
  const proxyUrl = await proxy.start();
  platform = { fetch: createNodeFetch({ HTTPS_PROXY: proxyUrl }, { ca: ca.caPem }) };
});
afterAll(async () => {
  await proxy.stop();
  await sf.stop();
});
beforeEach(() => {
  sf.requests.length = 0;
  sf.script = undefined;
  sf.instanceUrl = 'https://acme.my.salesforce.com';
  sf.idBase = 'https://login.salesforce.com';
  proxy.cutMidTls = false;
  production = {
    key,
    consumerKey: '3MVG9real',
    username: 'integration@acme.com',
    environment: 'production',
    timeoutSeconds: 5,
  };
  myDomain = { ...production, environment: 'mydomain', myDomainUrl: 'https://acme.my.salesforce.com' };
});

/** Every request that carried the assertion or the token, as host + where. */
function carriers(): string[] {
  const form = (r: { body: string }) => new URLSearchParams(r.body);
  return sf.requests
    .filter(
      (r) =>
        form(r).has('assertion') ||
        form(r).get('access_token') === TOKEN ||
        r.body.includes(TOKEN) ||
        r.authorization?.includes(TOKEN) ||
        decodeURIComponent(r.path).includes(TOKEN),
    )
    .map((r) => `${r.method} ${r.host}${r.path.split('?')[0]}`);
}

describe('a real-shaped login, Test Connection and Open in Salesforce', () => {
  it('production: id on login.salesforce.com, instance on the My Domain, extra token fields', async () => {
    const token = await authorise(production, platform);
    expect(token).toMatchObject({
      accessToken: TOKEN,
      instanceUrl: 'https://acme.my.salesforce.com',
      scope: 'web api',
    });
    const { result } = await testConnection(
      { token, authorise: () => authorise(production, platform), timeoutMs: 5000 },
      platform,
    );
    expect(result.identity).toMatchObject({ username: 'integration@acme.com', orgId: '00D5g000004ABCDEA2' });
    expect(result.organization).toMatchObject({
      name: 'Acme Corporation',
      type: 'Enterprise Edition',
      isSandbox: false,
      trialExpirationDate: null,
    });
    expect(result.limits.dailyApiRequests).toEqual({ max: 115000, remaining: 114321 });
    expect(result.apiVersion).toBe('65.0');
    expect(carriers()).toEqual([
      'POST login.salesforce.com/services/oauth2/token',
      'GET login.salesforce.com/id/00D5g000004ABCDEA2/0055g00000XYZ12AAB',
      'GET acme.my.salesforce.com/services/data/v65.0/query',
      'GET acme.my.salesforce.com/services/data/v65.0/limits',
    ]);
  });

  it('Open in Salesforce: the token in a POST body only, the frontdoor link on the org', async () => {
    const token = await authorise(myDomain, platform);
    const opened = await openOrg(
      {
        token,
        authorise: () => authorise(myDomain, platform),
        path: '/lightning/setup/SetupOneHome/home',
        timeoutMs: 5000,
      },
      platform,
    );
    expect(opened.url).toMatch(/^https:\/\/acme\.my\.salesforce\.com\/secur\/frontdoor\.jsp\?otp=/);
    const single = sf.requests.find((r) => r.path === '/services/oauth2/singleaccess');
    expect(Object.fromEntries(new URLSearchParams(single?.body))).toEqual({
      access_token: TOKEN,
      redirect_uri: '/lightning/setup/SetupOneHome/home',
    });
    expect(carriers()).toEqual([
      'POST acme.my.salesforce.com/services/oauth2/token',
      'GET login.salesforce.com/id/00D5g000004ABCDEA2/0055g00000XYZ12AAB',
      'POST acme.my.salesforce.com/services/oauth2/singleaccess',
    ]);
    expect(sf.requests.some((r) => r.path.includes(TOKEN) || r.path.includes(encodeURIComponent(TOKEN)))).toBe(false);
  });
});

describe('each refusal of the token endpoint gets its own code and hint', () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'invalid_grant',
      "user hasn't approved this consumer",
      'USER_NOT_APPROVED',
      /spelling[\s\S]*\.sandboxname[\s\S]*pre-authori/,
    ],
    ['invalid_client_id', 'client identifier invalid', 'INVALID_CLIENT_ID', /Consumer Key/],
    ['invalid_grant', 'audience is invalid', 'AUDIENCE_INVALID', /Environment/],
    ['invalid_grant', 'invalid assertion', 'INVALID_ASSERTION', /certificate/],
    ['invalid_client', 'invalid client credentials', 'INVALID_CLIENT_CREDENTIALS', /signature/],
    ['invalid_grant', 'expired authorization code', 'ASSERTION_EXPIRED', /clock/],
    ['invalid_grant', 'inactive user', 'INACTIVE_USER', /deactivated or frozen/],
    ['invalid_grant', 'ip restricted', 'IP_RESTRICTED', /IP/],
    ['invalid_app_access', 'user is not admin approved to access this app', 'APP_ACCESS_DENIED', /API Access Control/],
    ['app_not_found', 'External client app is not installed in this org', 'APP_NOT_INSTALLED', /My Domain/],
    ['unsupported_grant_type', 'grant type not supported', 'UNSUPPORTED_GRANT_TYPE', /proxy/],
  ];
  it.each(cases)('%s / %s → %s', async (error, description, code, hint) => {
    sf.script = () => oauthRefusal(error, description);
    const refused = await failure(authorise(production, platform));
    expect(refused.code).toBe(code);
    expect(refused.message).toContain(description);
    expect(refused.hint).toMatch(hint);
    expect(sf.requests).toHaveLength(1); // one failed login is one request
  });

  it('the hints are all different', () => {
    expect(new Set(cases.map((c) => c[2])).size).toBe(cases.length);
  });

  it('a refusal with an enormous description is shown cut short', async () => {
    sf.script = () => oauthRefusal('invalid_grant', `x${'y'.repeat(100_000)}`);
    const refused = await failure(authorise(production, platform));
    expect(refused.message.length).toBeLessThan(600);
  });
});

describe('answers that are not what a client expects', () => {
  it('503 maintenance page → SERVER_ERROR, not "not Salesforce"', async () => {
    sf.script = () => ({
      status: 503,
      headers: { 'Content-Type': 'text/html' },
      body: '<html><title>Down for Maintenance</title></html>',
    });
    expect((await failure(authorise(production, platform))).code).toBe('SERVER_ERROR');
  });

  it('200 JSON labelled text/plain is read; 200 text that is not JSON is NOT_SALESFORCE', async () => {
    sf.script = (r) =>
      r.path.includes('token')
        ? { status: 200, headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(sf.tokenAnswer()) }
        : undefined;
    expect((await authorise(production, platform)).accessToken).toBe(TOKEN);
    sf.script = () => ({ status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'OK' });
    expect((await failure(authorise(production, platform))).code).toBe('NOT_SALESFORCE');
  });

  it('a gzip-encoded answer is read', async () => {
    sf.script = (r) =>
      r.path.includes('token')
        ? {
            status: 200,
            headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
            body: gzipSync(JSON.stringify(sf.tokenAnswer())),
          }
        : undefined;
    expect((await authorise(production, platform)).accessToken).toBe(TOKEN);
  });

  it('a gzip bomb is refused by its unpacked size', async () => {
    sf.script = () => ({
      status: 200,
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body: gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)),
    });
    const error = await failure(authorise(production, platform));
    expect(error.code).toBe('NOT_SALESFORCE');
    expect(error.message).toMatch(/larger than/);
  });

  it("a 10 MB answer is refused as not Salesforce's", async () => {
    sf.script = () => ({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.alloc(10 * 1024 * 1024, 0x20),
    });
    expect((await failure(authorise(production, platform))).message).toMatch(/larger than 4 MB/);
  });

  it('a server that trickles its headers is cut off at the deadline', async () => {
    sf.script = () => new Promise<Answer>((r) => setTimeout(() => r(jsonAnswer(200, sf.tokenAnswer())), 3000));
    const started = Date.now();
    const error = await failure(authorise({ ...production, timeoutSeconds: 0.5 }, platform));
    expect(error.code).toBe('NETWORK_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('a proxy that closes the tunnel in the middle of TLS is a cut-off connection', async () => {
    proxy.cutMidTls = true;
    const error = await failure(authorise(production, platform));
    expect(['NETWORK_RESET', 'NETWORK_PROXY']).toContain(error.code);
    expect(sf.requests).toHaveLength(0);
  });
});

describe('redirects are never followed (assertion, Bearer, single access)', () => {
  const targets = [
    'https://acme.my.salesforce.com/elsewhere',
    'http://login.salesforce.com/services/oauth2/token',
    'https://evil.example/services/oauth2/token',
    undefined,
  ];
  const statuses = [301, 302, 303, 307, 308];
  const calls = [
    ['token', '/services/oauth2/token'],
    ['identity', '/id/'],
    ['query', '/query'],
    ['single access', '/singleaccess'],
  ] as const;
  for (const [call, match] of calls) {
    for (const status of statuses) {
      it.each(targets)(`${call}: ${status} to %s`, async (location) => {
        const token = call === 'token' ? undefined : await authorise(production, platform);
        sf.requests.length = 0;
        sf.script = (r) =>
          r.path.includes(match)
            ? { status, headers: location ? { Location: location } : ({} as Record<string, string>), body: '' }
            : undefined;
        const run =
          call === 'token'
            ? authorise(production, platform)
            : call === 'single access'
              ? openOrg({ token, authorise: () => authorise(production, platform), timeoutMs: 5000 }, platform)
              : testConnection({ token, authorise: () => authorise(production, platform), timeoutMs: 5000 }, platform);
        const error = await failure(run);
        expect(error.code).toBe('REDIRECT_REFUSED');
        expect(sf.requests.filter((r) => r.host.startsWith('evil.example') || r.path === '/elsewhere')).toEqual([]);
        expect(sf.requests.filter((r) => r.path.includes(match))).toHaveLength(1);
      });
    }
  }
});

describe('a token answer that names places the token must not go', () => {
  const unsafe: [string, Record<string, unknown>][] = [
    ['instance_url on plain http', { instance_url: 'http://acme.my.salesforce.com' }],
    ['instance_url with user info', { instance_url: 'https://user:pw@acme.my.salesforce.com' }],
    ['instance_url with a path', { instance_url: 'https://acme.my.salesforce.com/evil' }],
    ['instance_url on loopback http after an https login', { instance_url: 'http://127.0.0.1:1' }],
    ['id on plain http', { id: 'http://login.salesforce.com/id/00D5g000004ABCDEA2/0055g00000XYZ12AAB' }],
    ['id on another host', { id: 'https://evil.example/id/00D5g000004ABCDEA2/0055g00000XYZ12AAB' }],
    ['id not shaped as an identity URL', { id: 'https://login.salesforce.com/steal' }],
  ];
  it.each(unsafe)('%s → TOKEN_ANSWER_UNSAFE, and no Bearer leaves', async (_name, fields) => {
    sf.script = (r) => (r.path.includes('token') ? jsonAnswer(200, sf.tokenAnswer(fields)) : undefined);
    const error = await failure(authorise(production, platform));
    expect(error.code).toBe('TOKEN_ANSWER_UNSAFE');
    expect(sf.requests.filter((r) => r.authorization)).toEqual([]);
  });

  it.each([
    ['a port', 'https://acme.my.salesforce.com:8443', 'https://acme.my.salesforce.com:8443'],
    ['a punycode host', 'https://xn--cme-8cd.my.salesforce.com', 'https://xn--cme-8cd.my.salesforce.com'],
    [
      'a Unicode look-alike host (shown as the punycode host it is)',
      'https://аcme.my.salesforce.com',
      'https://xn--cme-5cd.my.salesforce.com',
    ],
    ['a trailing slash', 'https://acme.my.salesforce.com/', 'https://acme.my.salesforce.com'],
  ])('instance_url with %s is an https site: accepted', async (_name, instance, shown) => {
    sf.script = (r) =>
      r.path.includes('token') ? jsonAnswer(200, sf.tokenAnswer({ instance_url: instance })) : undefined;
    expect((await authorise(production, platform)).instanceUrl).toBe(shown);
  });

  it('a My Domain login whose id is on the My Domain itself is accepted', async () => {
    sf.idBase = 'https://acme.my.salesforce.com';
    expect((await authorise(myDomain, platform)).id).toMatch(/^https:\/\/acme\.my\.salesforce\.com\/id\//);
  });
});

describe('REST refusals in Test Connection get hints that fit', () => {
  async function testWith(script: (path: string) => Answer | undefined) {
    const token = await authorise(production, platform);
    sf.script = (r) => script(r.path);
    return failure(
      testConnection({ token, authorise: () => authorise(production, platform), timeoutMs: 5000 }, platform),
    );
  }

  it('401 INVALID_SESSION_ID twice → one re-login, then SESSION_INVALID', async () => {
    const error = await testWith((p) =>
      p.includes('/query')
        ? jsonAnswer(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }])
        : undefined,
    );
    expect(error.code).toBe('SESSION_INVALID');
    expect(sf.requests.filter((r) => r.path === '/services/oauth2/token')).toHaveLength(2);
  });

  it('403 REQUEST_LIMIT_EXCEEDED names the API limit', async () => {
    const error = await testWith((p) =>
      p.includes('/query')
        ? jsonAnswer(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }])
        : undefined,
    );
    expect(error.code).toBe('SALESFORCE_REFUSED');
    expect(error.hint).toMatch(/API request limit|24 hours/i);
  });

  it('403 API_DISABLED_FOR_ORG names API Enabled', async () => {
    const error = await testWith((p) =>
      p.includes('/query')
        ? jsonAnswer(403, [
            { message: 'The REST API is not enabled for this Organization.', errorCode: 'API_DISABLED_FOR_ORG' },
          ])
        : undefined,
    );
    expect(error.hint).toMatch(/API Enabled/);
  });

  it('a refused limits call does not talk about the Organization object', async () => {
    const error = await testWith((p) =>
      p.includes('/limits')
        ? jsonAnswer(403, [{ message: 'Insufficient privileges', errorCode: 'INSUFFICIENT_ACCESS' }])
        : undefined,
    );
    expect(error.code).toBe('SALESFORCE_REFUSED');
    expect(error.hint).not.toMatch(/Organization object/);
  });

  it("identity 403 Bad_Id is Salesforce's refusal, not a proxy", async () => {
    const error = await testWith((p) =>
      p.startsWith('/id/') ? { status: 403, headers: { 'Content-Type': 'text/plain' }, body: 'Bad_Id' } : undefined,
    );
    expect(error.code).not.toBe('NOT_SALESFORCE');
    expect(error.message).toContain('Bad_Id');
  });

  it('an API version that is not a version is not put in the URL', async () => {
    const token = await authorise(production, platform);
    sf.script = (r) =>
      r.path.startsWith('/services/data/') && !r.path.includes('/v')
        ? jsonAnswer(200, [{ version: '../../../../steal?x=' }])
        : undefined;
    const { result } = await testConnection(
      { token, authorise: () => authorise(production, platform), timeoutMs: 5000 },
      platform,
    );
    expect(result.apiVersion).toMatch(/^\d+\.\d$/);
    expect(sf.requests.some((r) => r.path.includes('steal'))).toBe(false);
  });
});

describe('single access answers that must not be opened', () => {
  async function openWith(answer: Answer) {
    const token = await authorise(production, platform);
    sf.script = (r) => (r.path.includes('singleaccess') ? answer : undefined);
    return openOrg({ token, authorise: () => authorise(production, platform), timeoutMs: 5000 }, platform);
  }
  it.each([
    ['another domain', 'https://evil.example/secur/frontdoor.jsp?otp=1'],
    ['the token in it', `https://acme.my.salesforce.com/secur/frontdoor.jsp?sid=${TOKEN}`],
    [
      'the token URL-encoded in it',
      `https://acme.my.salesforce.com/secur/frontdoor.jsp?sid=${encodeURIComponent(TOKEN)}`,
    ],
    ['plain http', 'http://acme.my.salesforce.com/secur/frontdoor.jsp?otp=1'],
    ['a malformed escape', 'https://evil.example/secur/frontdoor.jsp?otp=%E0%A4%A'],
  ])('%s → NOT_SALESFORCE', async (_name, uri) => {
    expect((await failure(openWith(jsonAnswer(200, { frontdoor_uri: uri })))).code).toBe('NOT_SALESFORCE');
  });

  it('a malformed escape on the org itself is a typed error or a link, never a crash', async () => {
    const raw = 'https://acme.my.salesforce.com/secur/frontdoor.jsp?otp=%E0%A4%A';
    try {
      checkFrontdoor(raw, 'https://acme.my.salesforce.com', TOKEN);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
    }
  });

  it('not JSON → NOT_SALESFORCE; 400 refusal → hint about the web scope', async () => {
    expect(
      (await failure(openWith({ status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html>login</html>' })))
        .code,
    ).toBe('NOT_SALESFORCE');
    const refused = await failure(openWith(oauthRefusal('invalid_scope', 'the requested scope is not allowed')));
    expect(refused.code).toBe('SALESFORCE_REFUSED');
    expect(refused.hint).toMatch(/web/);
  });
});

describe('fetch without a size cap of its own (Electron net.fetch, Node fetch)', () => {
  let endless: Server;
  let url: string;
  beforeAll(async () => {
    endless = createHttpServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(1 << 20, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) {
          /* fill */
        }
      };
      res.on('drain', pump);
      req.on('close', () => res.destroy());
      pump();
    });
    await new Promise<void>((r) => endless.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/services/oauth2/token`;
  });
  afterAll(() => {
    endless.closeAllConnections();
    endless.close();
  });

  it('an endless answer is refused early, not read into memory until the deadline', async () => {
    const started = Date.now();
    const error = await failure(httpRequest(globalThis.fetch as FetchLike, url, { timeoutMs: 10_000 }));
    expect(error.code).toBe('NOT_SALESFORCE');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("a server's words never carry terminal escapes into messages, a token never carries them at all", () => {
  const ESCAPES = '\u001b]52;c;ZXZpbA==\u0007\u001b[2J\rFAKE: all good\u202e';

  it('an OAuth refusal with escapes keeps its words, not its control characters', async () => {
    sf.script = () => oauthRefusal('invalid_grant', `user hasn't approved this consumer${ESCAPES}`);
    const refused = await failure(authorise(production, platform));
    expect(refused.code).toBe('USER_NOT_APPROVED');
    expect(refused.message).toContain('FAKE: all good');
    expect(JSON.stringify(refused.toInfo())).not.toMatch(/\\u001b|\\u0007|\\r|\\u202e/);
  });

  it('a web page title and a REST refusal with escapes', async () => {
    sf.script = () => ({
      status: 200,
      headers: { 'Content-Type': 'text/html' },
      body: `<html><title>Sign in${ESCAPES}</title></html>`,
    });
    expect(JSON.stringify((await failure(authorise(production, platform))).toInfo())).not.toMatch(
      /\\u001b|\\u0007|\\r/,
    );
    const token = await authorise(production, platform).catch(() => undefined);
    expect(token).toBeUndefined();
    sf.script = undefined;
    const good = await authorise(production, platform);
    sf.script = (r) =>
      r.path.includes('/query') ? jsonAnswer(403, [{ message: `No${ESCAPES}`, errorCode: `X${ESCAPES}` }]) : undefined;
    const error = await failure(
      testConnection({ token: good, authorise: () => authorise(production, platform), timeoutMs: 5000 }, platform),
    );
    expect(JSON.stringify(error.toInfo())).not.toMatch(/\\u001b|\\u0007|\\r/);
  });

  it('the names Test Connection shows (user, org) lose their control characters', async () => {
    const good = await authorise(production, platform);
    sf.script = (r) =>
      r.path.includes('/query')
        ? jsonAnswer(200, {
            totalSize: 1,
            done: true,
            records: [
              {
                attributes: { type: 'Organization' },
                Name: `Acme${ESCAPES}`,
                OrganizationType: `EE${ESCAPES}`,
                InstanceName: 'EU45',
                IsSandbox: false,
              },
            ],
          })
        : undefined;
    const { result } = await testConnection(
      { token: good, authorise: () => authorise(production, platform), timeoutMs: 5000 },
      platform,
    );
    expect(result.organization.name).toBe('Acme ]52;c;ZXZpbA== [2J FAKE: all good');
    expect(JSON.stringify(result)).not.toMatch(/\\u001b|\\u0007|\\r|\\u202e/);
  });

  it.each([
    ['a newline and another variable', 'tok\nSF_INSTANCE_URL=https://evil.example'],
    ['terminal escapes', `tok${ESCAPES}`],
    ['shell quotes', "tok'; touch /tmp/pwned; '"],
    ['an empty string', ''],
  ])('an access token with %s is not a Salesforce token', async (_name, accessToken) => {
    sf.script = (r) =>
      r.path.includes('token') ? jsonAnswer(200, sf.tokenAnswer({ access_token: accessToken })) : undefined;
    expect((await failure(authorise(production, platform))).code).toBe('NOT_SALESFORCE');
  });
});
