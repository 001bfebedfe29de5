// The CLI behind a corporate proxy, with the built binary: `node dist/cli.js authorise|test --my-domain https://…` through a
// real CONNECT proxy to "the other Salesforce" under real host names, trusting a test CA only through
// NODE_EXTRA_CA_CERTS. Needs `npm run build` first (as cli-bin.test.ts).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectProxy } from '../emulator/connect-proxy.js';
import { RealSalesforce, TOKEN } from '../emulator/real-salesforce.js';
import { makeTestCa, type TestCa } from '../emulator/test-ca.js';
import { FIXTURES } from '../support/helpers.js';
import { drafts, makeDataDir, tempDir } from '../support/cli-helpers.js';

const root = join(import.meta.dirname, '..', '..');
const HOSTS = ['login.salesforce.com', 'acme.my.salesforce.com'];
let ca: TestCa;
let sf: RealSalesforce;
let proxy: ConnectProxy;
let strict: ConnectProxy;
let proxyUrl: string;
let strictUrl: string;

beforeAll(async () => {
  ca = makeTestCa(HOSTS);
  sf = new RealSalesforce({ certPem: ca.certPem, keyPem: ca.keyPem });
  const port = await sf.start();
  const hosts = Object.fromEntries(HOSTS.map((h) => [h, `127.0.0.1:${port}`]));
  proxy = new ConnectProxy({ hosts });
  proxyUrl = await proxy.start();
  strict = new ConnectProxy({ hosts, credentials: 'alice:s3cret!' });
  strictUrl = await strict.start();
});
afterAll(async () => {
  await proxy.stop();
  await strict.stop();
  await sf.stop();
});
beforeEach(() => {
  proxy.requests.length = 0;
  proxy.cutMidTls = false;
  sf.requests.length = 0;
});

function cli(
  command: string,
  env: Record<string, string>,
  extra: string[] = [],
  raw = false,
): Promise<{ code: number; out: string }> {
  const args = [
    join(root, 'dist', 'cli.js'),
    command,
    ...(raw
      ? []
      : [
          '--consumer-key',
          '3MVG9real',
          '--username',
          'integration@acme.com',
          '--private-key',
          join(FIXTURES, 'app-pkcs8.pem'),
          '--my-domain',
          'https://acme.my.salesforce.com',
          '--timeout',
          '5',
        ]),
    ...extra,
  ];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { env: { PATH: process.env.PATH, HOME: ca.dir, NODE_EXTRA_CA_CERTS: ca.caFile, ...env }, timeout: 20_000 },
      (error, stdout, stderr) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, out: stdout + stderr }),
    );
  });
}

describe('dist/cli.js through a CONNECT proxy', () => {
  it.each(['HTTPS_PROXY', 'https_proxy'])('authorise and test with %s', async (variable) => {
    const authorised = await cli('authorise', { [variable]: proxyUrl });
    expect(authorised.code, authorised.out).toBe(0);
    expect(authorised.out).toContain(TOKEN);
    const tested = await cli('test', { [variable]: proxyUrl });
    expect(tested.code, tested.out).toBe(0);
    expect(tested.out).toMatch(/Acme Corporation/);
    expect(new Set(proxy.requests.map((r) => r.target))).toEqual(
      new Set(['acme.my.salesforce.com:443', 'login.salesforce.com:443']),
    );
  });

  it.each(['*', '.salesforce.com', 'salesforce.com', 'acme.my.salesforce.com:443'])(
    'NO_PROXY=%s goes direct (and finds no such host)',
    async (noProxy) => {
      const run = await cli('authorise', { HTTPS_PROXY: proxyUrl, NO_PROXY: noProxy });
      expect(run.code).toBe(3);
      expect(run.out).toMatch(/could not be found \(DNS\)/);
      expect(proxy.requests).toEqual([]);
    },
  );

  it.each(['salesforce.com:8443', '[::1],localhost,.example.com'])(
    'NO_PROXY=%s still uses the proxy',
    async (noProxy) => {
      const run = await cli('authorise', { HTTPS_PROXY: proxyUrl, no_proxy: noProxy });
      expect(run.code, run.out).toBe(0);
    },
  );

  it('407: no credentials, wrong ones (also --json): its own message, the credentials never printed', async () => {
    const none = await cli('authorise', { HTTPS_PROXY: strictUrl });
    expect(none.code).toBe(3);
    expect(none.out).toMatch(/wants credentials \(HTTP 407\)/);
    for (const extra of [[], ['--json']]) {
      const wrong = await cli(
        'authorise',
        { HTTPS_PROXY: strictUrl.replace('http://', 'http://alice:Wr0ngPa55@') },
        extra,
      );
      expect(wrong.code).toBe(3);
      expect(wrong.out).toMatch(/407/);
      expect(wrong.out).not.toMatch(/Wr0ngPa55|alice/);
    }
    const right = await cli('authorise', { HTTPS_PROXY: strictUrl.replace('http://', 'http://alice:s3cret%21@') });
    expect(right.code, right.out).toBe(0);
  });

  it('a proxy that closes the tunnel mid-TLS: cut off, not a certificate problem', async () => {
    proxy.cutMidTls = true;
    const run = await cli('authorise', { HTTPS_PROXY: proxyUrl }, ['--json']);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.out).error.code).toBe('NETWORK_RESET');
    expect(sf.requests).toEqual([]);
  });
});

describe('dist/cli.js over a saved connection, through the proxy', () => {
  it('token, then open --url-only: the single-use link on the org, the token never in a URL', async () => {
    const data = tempDir('jwt-net-cli-');
    try {
      await makeDataDir(data.dir, drafts('https://acme.my.salesforce.com').slice(0, 1));
      const env = { HTTPS_PROXY: proxyUrl, JWT_CONNECT_DATA_DIR: data.dir };
      const token = await cli('token', env, ['UAT'], true);
      expect(token.code, token.out).toBe(0);
      expect(token.out.trim()).toBe(TOKEN);
      const opened = await cli(
        'open',
        env,
        ['uat', '--url-only', '--path', '/lightning/setup/SetupOneHome/home'],
        true,
      );
      expect(opened.code, opened.out).toBe(0);
      expect(opened.out.trim()).toMatch(/^https:\/\/acme\.my\.salesforce\.com\/secur\/frontdoor\.jsp\?otp=/);
      expect(opened.out).not.toContain(TOKEN);
      expect(sf.requests.some((r) => decodeURIComponent(r.path).includes(TOKEN))).toBe(false);
      const single = sf.requests.filter((r) => r.path === '/services/oauth2/singleaccess');
      expect(single).toHaveLength(1);
      expect(new URLSearchParams(single[0]?.body).get('redirect_uri')).toBe('/lightning/setup/SetupOneHome/home');
    } finally {
      data.remove();
    }
  });
});
