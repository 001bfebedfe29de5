// The CLI's HTTP (node-fetch.ts): curl's proxy rules, no redirects, and the real thing end to end:
// the emulator served over TLS under a name that exists in no DNS (login.jwt-connect.test), signed by
// a throwaway CA, reachable only through a CONNECT proxy on 127.0.0.1.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSigningKey } from '../../electron/keys/load.js';
import { authorise, type AuthoriseInput } from '../../electron/salesforce/authorise.js';
import { networkError } from '../../electron/salesforce/http.js';
import { createNodeFetch, curlNoProxy, proxyFor } from '../../electron/salesforce/node-fetch.js';
import { testConnection } from '../../electron/salesforce/test-connection.js';
import { ConnectProxy } from '../emulator/connect-proxy.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { makeTestCa, type TestCa } from '../emulator/test-ca.js';
import { CONSUMER_KEY, USERNAME, fixture, startEmulator, failure } from '../support/helpers.js';

const { key } = await loadSigningKey({ bytes: fixture('app-pkcs8.pem') });
const HOST = 'login.jwt-connect.test';

describe("which requests go through a proxy (curl's rules)", () => {
  const url = 'https://acme.my.salesforce.com/services/oauth2/token';
  it('uses HTTPS_PROXY or https_proxy for https, and ALL_PROXY as the fallback', () => {
    expect(proxyFor(url, { HTTPS_PROXY: 'http://proxy.corp:8080' })).toBe('http://proxy.corp:8080');
    expect(proxyFor(url, { https_proxy: 'http://lower.corp:3128', HTTPS_PROXY: 'http://upper.corp:8080' })).toBe(
      'http://lower.corp:3128',
    );
    expect(proxyFor(url, { ALL_PROXY: 'http://all.corp:1' })).toBe('http://all.corp:1');
    expect(proxyFor(url, {})).toBeUndefined();
  });

  it('does not use HTTP_PROXY for https, nor upper-case HTTP_PROXY for http (as curl)', () => {
    expect(
      proxyFor(url, { HTTP_PROXY: 'http://proxy.corp:8080', http_proxy: 'http://proxy.corp:8080' }),
    ).toBeUndefined();
    expect(proxyFor('http://intranet.corp/x', { HTTP_PROXY: 'http://proxy.corp:8080' })).toBeUndefined();
    expect(proxyFor('http://intranet.corp/x', { http_proxy: 'http://proxy.corp:8080' })).toBe('http://proxy.corp:8080');
  });

  it('reads a proxy written without a scheme as http://', () => {
    expect(proxyFor(url, { HTTPS_PROXY: 'proxy.corp:8080' })).toBe('http://proxy.corp:8080');
  });

  it('honours NO_PROXY: a name and its subdomains, a leading dot, a port, and *', () => {
    const env = (NO_PROXY: string) => ({ HTTPS_PROXY: 'http://proxy.corp:8080', NO_PROXY });
    expect(proxyFor(url, env('salesforce.com'))).toBeUndefined();
    expect(proxyFor(url, env('.salesforce.com'))).toBeUndefined();
    expect(proxyFor('https://salesforce.com/', env('.salesforce.com'))).toBeUndefined();
    expect(proxyFor(url, env('*.salesforce.com'))).toBeUndefined();
    expect(proxyFor(url, env('other.com, acme.my.salesforce.com'))).toBeUndefined();
    expect(proxyFor(url, env('force.com'))).toBe('http://proxy.corp:8080'); // not a suffix at a dot
    expect(proxyFor(url, env('acme.my.salesforce.com:8443'))).toBe('http://proxy.corp:8080');
    expect(proxyFor(url, env('acme.my.salesforce.com:443'))).toBeUndefined();
    expect(proxyFor(url, env('*'))).toBeUndefined();
    expect(proxyFor(url, { HTTPS_PROXY: 'http://p:1', no_proxy: 'SALESFORCE.COM' })).toBeUndefined();
    expect(curlNoProxy(' a.com, .b.com,,*.c.com ')).toBe('a.com,.a.com,b.com,.b.com,c.com,.c.com');
  });

  it("never sends this computer's own addresses through a proxy", () => {
    for (const local of ['http://127.0.0.1:8788/x', 'http://localhost:1/', 'http://[::1]:2/', 'http://127.3.2.1/']) {
      expect(proxyFor(local, { HTTPS_PROXY: 'http://p:1', http_proxy: 'http://p:1' })).toBeUndefined();
    }
  });

  it('leaves process.env as it was', () => {
    const before = process.env;
    proxyFor(url, { HTTPS_PROXY: 'http://p:1' });
    expect(process.env).toBe(before);
  });
});

describe("the app's proxy failures (Electron net.fetch words)", () => {
  it.each(['net::ERR_TUNNEL_CONNECTION_FAILED', 'net::ERR_PROXY_CONNECTION_FAILED', 'net::ERR_PROXY_AUTH_UNSUPPORTED'])(
    '%s → NETWORK_PROXY',
    (words) => {
      const error = networkError(
        new Error(words),
        'https://acme.my.salesforce.com/services/oauth2/token',
        30_000,
        false,
      );
      expect(error.code).toBe('NETWORK_PROXY');
      expect(error.hint).toMatch(/proxy settings/);
    },
  );
});

describe('node:https fetch against the emulator (no proxy)', () => {
  let emulator: SalesforceEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    emulator.fault = undefined;
  });

  it('logs in and tests the connection', async () => {
    const platform = { fetch: createNodeFetch({}) };
    const input: AuthoriseInput = {
      key,
      consumerKey: CONSUMER_KEY,
      username: USERNAME,
      environment: 'mydomain',
      myDomainUrl: emulator.url,
      timeoutSeconds: 5,
    };
    const token = await authorise(input, platform);
    const { result } = await testConnection(
      { token, authorise: () => authorise(input, platform), timeoutMs: 5000 },
      platform,
    );
    expect(result.identity.username).toBe(USERNAME);
    expect(result.organization.name).toBe('Emulated Org');
  });

  it('hands a redirect back instead of following it', async () => {
    emulator.fault = { redirect: true };
    const response = await createNodeFetch({})(`${emulator.url}/services/oauth2/token`, {
      method: 'POST',
      body: 'x=1',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/sso-login');
  });

  it('refuses an answer larger than any Salesforce answer, without holding it all', async () => {
    const huge = createHttpServer((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      for (let i = 0; i < 80; i++) res.write(chunk);
      res.end();
    });
    await new Promise<void>((r) => huge.listen(0, '127.0.0.1', r));
    try {
      const response = createNodeFetch({})(`http://127.0.0.1:${(huge.address() as AddressInfo).port}/`, {});
      await expect(response).rejects.toMatchObject({
        code: 'NOT_SALESFORCE',
        message: expect.stringMatching(/larger than 4 MB/),
      });
    } finally {
      huge.closeAllConnections();
      huge.close();
    }
  });

  it('stops at the deadline', async () => {
    emulator.fault = { delayMs: 2000 };
    const input: AuthoriseInput = {
      key,
      consumerKey: CONSUMER_KEY,
      username: USERNAME,
      environment: 'mydomain',
      myDomainUrl: emulator.url,
      timeoutSeconds: 0.3,
    };
    const error = await failure(authorise(input, { fetch: createNodeFetch({}) }));
    expect(error.code).toBe('NETWORK_TIMEOUT');
  });
});

describe('through a CONNECT proxy to a TLS host that only the proxy can resolve', () => {
  let ca: TestCa;
  let emulator: SalesforceEmulator;
  let proxy: ConnectProxy;
  let proxyUrl: string;
  let input: AuthoriseInput;

  beforeAll(async () => {
    ca = makeTestCa([HOST]);
    emulator = await startEmulator({ tls: { certPem: ca.certPem, keyPem: ca.keyPem }, publicHost: HOST });
    proxy = new ConnectProxy({ hosts: { [HOST]: '127.0.0.1' } });
    proxyUrl = await proxy.start();
  });
  afterAll(async () => {
    await proxy.stop();
    await emulator.stop();
  });
  beforeEach(() => {
    proxy.requests.length = 0;
    proxy.refuseWith = undefined;
    input = {
      key,
      consumerKey: CONSUMER_KEY,
      username: USERNAME,
      environment: 'mydomain',
      myDomainUrl: emulator.url,
      timeoutSeconds: 5,
    };
  });

  it('cannot reach the host without the proxy (it is in no DNS)', async () => {
    const error = await failure(authorise(input, { fetch: createNodeFetch({}, { ca: ca.caPem }) }));
    expect(error.code).toBe('NETWORK_DNS');
  });

  it('authorises and tests the connection through the proxy, verifying TLS against the CA', async () => {
    const platform = { fetch: createNodeFetch({ HTTPS_PROXY: proxyUrl }, { ca: ca.caPem }) };
    const token = await authorise(input, platform);
    expect(token.instanceUrl).toBe(emulator.url);
    const { result } = await testConnection(
      { token, authorise: () => authorise(input, platform), timeoutMs: 5000 },
      platform,
    );
    expect(result.identity.username).toBe(USERNAME);
    const port = new URL(emulator.url).port;
    expect(new Set(proxy.requests.map((r) => r.target))).toEqual(new Set([`${HOST}:${port}`]));
    expect(proxy.requests.every((r) => r.outcome === 200)).toBe(true);
  });

  it('refuses a server certificate its roots do not trust, through the proxy', async () => {
    const error = await failure(authorise(input, { fetch: createNodeFetch({ HTTPS_PROXY: proxyUrl }) }));
    expect(error.code).toBe('NETWORK_TLS');
    expect(error.message).toContain(HOST);
  });

  it('goes direct for a host in NO_PROXY (and then finds no such host)', async () => {
    const error = await failure(
      authorise(input, {
        fetch: createNodeFetch({ HTTPS_PROXY: proxyUrl, NO_PROXY: '.jwt-connect.test' }, { ca: ca.caPem }),
      }),
    );
    expect(error.code).toBe('NETWORK_DNS');
    expect(proxy.requests).toHaveLength(0);
  });

  it('407: asks for credentials in HTTPS_PROXY and never echoes them', async () => {
    const strict = new ConnectProxy({ hosts: { [HOST]: '127.0.0.1' }, credentials: 'alice:s3cret!' });
    const strictUrl = await strict.start();
    try {
      const withWrong = strictUrl.replace('http://', 'http://alice:wr0ng-pa55@');
      const error = await failure(
        authorise(input, { fetch: createNodeFetch({ HTTPS_PROXY: withWrong }, { ca: ca.caPem }) }),
      );
      expect(error.code).toBe('NETWORK_PROXY');
      expect(error.message).toMatch(/wants credentials \(HTTP 407\)/);
      expect(error.hint).toMatch(/HTTPS_PROXY as http:\/\/user:pass@host:port/);
      expect(JSON.stringify(error.toInfo())).not.toMatch(/wr0ng-pa55|alice/);
      expect(strict.requests[0]?.credentials).toBe('alice:wr0ng-pa55');

      const withRight = strictUrl.replace('http://', 'http://alice:s3cret%21@');
      const token = await authorise(input, { fetch: createNodeFetch({ HTTPS_PROXY: withRight }, { ca: ca.caPem }) });
      expect(token.accessToken).toMatch(/^00D/);
    } finally {
      await strict.stop();
    }
  });

  it.each([
    [403, /does not allow connections to login\.jwt-connect\.test/, /allow login\.jwt-connect\.test/],
    [502, /could not reach login\.jwt-connect\.test/, /spelling of the host/],
  ] as const)(
    '%s from the proxy gets its own message and hint, and the assertion never reaches the proxy',
    async (status, message, hint) => {
      proxy.refuseWith = status;
      const tokenRequestsBefore = emulator.tokenRequests.length;
      const error = await failure(
        authorise(input, { fetch: createNodeFetch({ https_proxy: proxyUrl }, { ca: ca.caPem }) }),
      );
      expect(error.code).toBe('NETWORK_PROXY');
      expect(error.message).toMatch(message);
      expect(error.message).toContain('(https_proxy)');
      expect(error.hint).toMatch(hint);
      expect(emulator.tokenRequests.length).toBe(tokenRequestsBefore);
    },
  );

  it('a proxy that is not running is named as the problem, not Salesforce', async () => {
    const error = await failure(
      authorise(input, { fetch: createNodeFetch({ HTTPS_PROXY: 'http://127.0.0.1:1' }, { ca: ca.caPem }) }),
    );
    expect(error.code).toBe('NETWORK_PROXY');
    expect(error.message).toMatch(
      /Could not reach the proxy 127\.0\.0\.1:1 \(HTTPS_PROXY\) on the way to login\.jwt-connect\.test/,
    );
  });

  it('a proxy that accepts but never answers CONNECT ends at the deadline', async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => {
      sockets.push(socket);
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const error = await failure(
        authorise(
          { ...input, timeoutSeconds: 0.3 },
          { fetch: createNodeFetch({ HTTPS_PROXY: url }, { ca: ca.caPem }) },
        ),
      );
      expect(error.code).toBe('NETWORK_TIMEOUT');
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('a proxy address that is not a URL is named, without its value', async () => {
    const error = await failure(
      authorise(input, { fetch: createNodeFetch({ HTTPS_PROXY: 'http://us:er@[not-a-host' }) }),
    );
    expect(error.code).toBe('NETWORK_PROXY');
    expect(error.message).toBe('HTTPS_PROXY is not a valid proxy address.');
  });

  it('refuses a SOCKS proxy with a plain message', async () => {
    const error = await failure(
      authorise(input, { fetch: createNodeFetch({ HTTPS_PROXY: 'socks5://127.0.0.1:1080' }) }),
    );
    expect(error.code).toBe('NETWORK_PROXY');
    expect(error.message).toMatch(/socks5 proxy/);
  });
});
