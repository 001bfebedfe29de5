// The proxy settings as a real process sees them: a child process (tsx) whose environment names the
// proxy (HTTPS_PROXY / https_proxy / NO_PROXY) and the test CA (NODE_EXTRA_CA_CERTS, which Node reads
// only at start), authorising against the emulator served over TLS as login.jwt-connect.test, a
// name that resolves only inside the CONNECT proxy.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectProxy } from '../emulator/connect-proxy.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { makeTestCa, type TestCa } from '../emulator/test-ca.js';
import { CONSUMER_KEY, FIXTURES, USERNAME, startEmulator } from '../support/helpers.js';

const HOST = 'login.jwt-connect.test';
const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const run = promisify(execFile);

let ca: TestCa;
let emulator: SalesforceEmulator;
let proxy: ConnectProxy;
let proxyUrl: string;

beforeAll(async () => {
  ca = makeTestCa([HOST]);
  emulator = await startEmulator({ tls: { certPem: ca.certPem, keyPem: ca.keyPem }, publicHost: HOST });
  proxy = new ConnectProxy({ hosts: { [HOST]: '127.0.0.1' }, credentials: 'build-bot:p%ss w0rd' });
  proxyUrl = await proxy.start();
});
afterAll(async () => {
  await proxy.stop();
  await emulator.stop();
});

/** Runs the child with only the variables given (plus PATH), and parses its one JSON line. */
async function child(
  env: Record<string, string>,
): Promise<{ ok: boolean; instanceUrl?: string; error?: { code: string; message: string; hint?: string } }> {
  const { stdout } = await run(
    TSX,
    [
      join(ROOT, 'tests/emulator/authorise-child.ts'),
      emulator.url,
      CONSUMER_KEY,
      USERNAME,
      join(FIXTURES, 'app-pkcs8.pem'),
    ],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 30_000,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}

const withCredentials = () =>
  proxyUrl.replace('http://', `http://${encodeURIComponent('build-bot')}:${encodeURIComponent('p%ss w0rd')}@`);

describe('a CLI-like process behind a corporate proxy', () => {
  it('logs in through HTTPS_PROXY, trusting the corporate root from NODE_EXTRA_CA_CERTS', async () => {
    const before = proxy.requests.length;
    const answer = await child({ HTTPS_PROXY: withCredentials(), NODE_EXTRA_CA_CERTS: ca.caFile });
    expect(answer).toMatchObject({ ok: true, instanceUrl: emulator.url });
    expect(proxy.requests.slice(before).map((r) => [r.target.split(':')[0], r.outcome])).toEqual([[HOST, 200]]);
  }, 40_000);

  it('without NODE_EXTRA_CA_CERTS the certificate is refused, with the corporate-proxy hint', async () => {
    const answer = await child({ https_proxy: withCredentials() });
    expect(answer.error?.code).toBe('NETWORK_TLS');
    expect(answer.error?.hint).toMatch(/set NODE_EXTRA_CA_CERTS to a PEM file holding its root certificate/);
  }, 40_000);

  it('407 without credentials: says where to put them, never echoes a password', async () => {
    const wrong = proxyUrl.replace('http://', 'http://build-bot:not-the-password@');
    const answer = await child({ HTTPS_PROXY: wrong, NODE_EXTRA_CA_CERTS: ca.caFile });
    expect(answer.error?.code).toBe('NETWORK_PROXY');
    expect(answer.error?.hint).toMatch(/put them in HTTPS_PROXY as http:\/\/user:pass@host:port/);
    expect(JSON.stringify(answer)).not.toMatch(/not-the-password|build-bot/);
  }, 40_000);

  it('NO_PROXY sends the request direct, where the name does not resolve', async () => {
    const before = proxy.requests.length;
    const answer = await child({
      HTTPS_PROXY: withCredentials(),
      NO_PROXY: 'jwt-connect.test',
      NODE_EXTRA_CA_CERTS: ca.caFile,
    });
    expect(answer.error?.code).toBe('NETWORK_DNS');
    expect(proxy.requests.length).toBe(before);
  }, 40_000);
});
