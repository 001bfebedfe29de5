// --wait on authorise, test and token against the project's emulator, reached under Salesforce's host
// names through the test CONNECT proxy over TLS: a new External Client App that answers "not
// installed" for a while is waited out (each attempt on stderr when it is a terminal); any other
// answer stops at once with its own exit code; a bad duration is refused before anything is sent.
// The wait clock runs 100 times faster: 10 s pauses take 0.1 s.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createNodeFetch } from '../../electron/salesforce/node-fetch.js';
import type { Platform } from '../../electron/salesforce/authorise.js';
import { ConnectProxy } from '../emulator/connect-proxy.js';
import { SalesforceEmulator, type EmulatorApp } from '../emulator/salesforce-emulator.js';
import { makeTestCa, type TestCa } from '../emulator/test-ca.js';
import { FIXTURES, USERNAME, fixture, scaledClock } from '../support/helpers.js';
import { cli, makeDataDir, tempDir } from '../support/cli-helpers.js';

const MY_DOMAIN = 'https://acme.my.salesforce.com';
const HOSTS = ['login.salesforce.com', 'acme.my.salesforce.com'];
const OUTSIDER = 'outsider@jwt-connect.test';
let ca: TestCa;
let sf: SalesforceEmulator;
let proxy: ConnectProxy;
let platform: Platform;
let n = 0;

beforeAll(async () => {
  ca = makeTestCa(HOSTS);
  sf = new SalesforceEmulator({
    apps: [],
    users: [{ username: USERNAME }, { username: OUTSIDER }],
    tls: { certPem: ca.certPem, keyPem: ca.keyPem },
    instanceUrl: MY_DOMAIN,
    audiences: [MY_DOMAIN],
  });
  await sf.start();
  proxy = new ConnectProxy({ hosts: Object.fromEntries(HOSTS.map((h) => [h, `127.0.0.1:${sf.port}`])) });
  platform = { fetch: createNodeFetch({ HTTPS_PROXY: await proxy.start() }, { ca: ca.caPem }) };
});
afterAll(async () => {
  await proxy.stop();
  await sf.stop();
});
beforeEach(() => {
  sf.tokenRequests.length = 0;
});

/** A new ECA, just deployed: "not installed" for `delayMs` (real time). */
function newApp(
  delayMs: number,
  answer: 'app_not_found' | 'invalid_client_id' = 'app_not_found',
  preAuthorized = [USERNAME],
): string {
  const app: EmulatorApp = {
    kind: 'eca',
    consumerKey: `wait-app-${++n}`,
    certificatePem: fixture('app.crt').toString('utf8'),
    preAuthorized,
    propagation: { delayMs, answer },
  };
  sf.addApp(app);
  return app.consumerKey;
}

const flags = (consumerKey: string, username = USERNAME) => [
  '--my-domain',
  MY_DOMAIN,
  '--consumer-key',
  consumerKey,
  '--username',
  username,
  '--private-key',
  join(FIXTURES, 'app-pkcs8.pem'),
];
const io = (tty = true) => ({ platform: { ...platform, waitClock: scaledClock(100) }, stderrIsTTY: tty });

describe('--wait', () => {
  it('authorise: retries "not installed" with growing pauses, then prints the token (attempts on a terminal\'s stderr)', async () => {
    const run = await cli(['authorise', ...flags(newApp(1500)), '--wait', '10m'], io());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Access token: 00D/);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('wait: '));
    expect(lines[0]).toBe('wait: attempt 1 at 0:00: app not installed in this org (yet); next attempt in 0:10');
    expect(lines.at(-1)).toMatch(/^wait: attempt \d+ at \d+:\d\d: accepted$/);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(sf.tokenRequests.map((r) => r.outcome.split(':')[0])).toEqual([
      ...Array(lines.length - 1).fill('app_not_found'),
      'ok',
    ]);
  });

  it('test: waits out "client identifier invalid" too; on a pipe, no attempt lines', async () => {
    const run = await cli(['test', ...flags(newApp(1000, 'invalid_client_id')), '--wait', '5m'], io(false));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Connection OK/);
    expect(run.stderr).not.toMatch(/wait: /);
    expect(sf.tokenRequests.length).toBeGreaterThan(1);
  });

  it("stops at once on another answer, with that answer's exit code", async () => {
    const run = await cli(
      ['authorise', ...flags(newApp(0, 'app_not_found', [USERNAME]), OUTSIDER), '--wait', '10m'],
      io(),
    );
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/user is not admin approved to access this app/);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('wait: '))).toEqual([
      'wait: attempt 1 at 0:00: APP_ACCESS_DENIED',
    ]);
    expect(sf.tokenRequests).toHaveLength(1);
  });

  it('gives up when the time is up, with the last answer and its exit code', async () => {
    const run = await cli(['authorise', ...flags(newApp(60_000)), '--wait', '1m', '--json'], io(false));
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout).error.code).toBe('APP_NOT_INSTALLED');
    // 0, 10, 25, 45 s and a last one at 60 s; each request's own time counts too (100 times over here)
    expect(sf.tokenRequests.length).toBeGreaterThanOrEqual(3);
    expect(sf.tokenRequests.length).toBeLessThanOrEqual(5);
  });

  it('token --connection: a saved connection waits the same way', async () => {
    const data = tempDir('jwt-connect-wait-');
    try {
      const consumerKey = 'wait-app-saved';
      await makeDataDir(data.dir, [
        {
          name: 'New ECA',
          encryption: 'privateKey',
          consumerKey,
          username: USERNAME,
          environment: 'mydomain',
          myDomainUrl: MY_DOMAIN,
          keyFile: { fileName: 'app-pkcs8.pem', base64: fixture('app-pkcs8.pem').toString('base64') },
        },
      ]);
      // deployed just now, after the connection was saved
      sf.addApp({
        kind: 'eca',
        consumerKey,
        certificatePem: fixture('app.crt').toString('utf8'),
        propagation: { delayMs: 1500, answer: 'app_not_found' },
      });
      const run = await cli(['token', 'New ECA', '--data-dir', data.dir, '--wait', '5m'], io());
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.trim()).toMatch(/^00D/);
      expect(run.stderr).toMatch(/wait: attempt 1 at 0:00: app not installed/);
    } finally {
      data.remove();
    }
  });

  it('test --all does not take --wait (refused, never ignored)', async () => {
    const run = await cli(['test', '--all', '--wait', '5m'], io());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Give --all or --wait, not both/);
    expect(sf.tokenRequests).toHaveLength(0);
  });

  it.each(['31m', '10', 'soon'])('refuses --wait %s before anything is sent (exit 2)', async (value) => {
    const run = await cli(['authorise', ...flags('anything'), '--wait', value], io());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--wait takes/);
    expect(sf.tokenRequests).toHaveLength(0);
  });
});
