// The browser mode's bridge (web-bridge-server.ts): a real loopback HTTP server in front of the
// services, reachable only with the run's token, from this computer's own name, inside its folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { startWebBridge, TOKEN_HEADER, tokenRefusal, type WebBridge } from '../../electron/web-bridge-server.js';

const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-bridge-'));
const { service } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('browser dev bridge', () => {
  let bridge: WebBridge;
  const token = 'test-token-1234567890';
  beforeAll(async () => {
    bridge = await startWebBridge({ service, staticDir: join(import.meta.dirname, '..', 'fixtures'), token });
    return () => bridge.close();
  });
  const base = () => new URL(bridge.url).origin;
  const post = (method: string, body: unknown, headers: Record<string, string> = { [TOKEN_HEADER]: token }) =>
    fetch(`${base()}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('prints a loopback URL carrying the token', () => {
    expect(bridge.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/#token=${token}$`));
  });

  it('answers calls with the token through the same dispatcher', async () => {
    const response = await post('vaultStatus', {});
    expect(await response.json()).toMatchObject({ ok: true, data: { backend: 'dev-aes-256-gcm', persistent: true } });
  });

  it('refuses calls without the right token, other hosts, and unknown methods', async () => {
    const missing = await post('listConnections', {}, {});
    expect(missing.status).toBe(401);
    // The page shows the envelope's message and hint: where the URL with the token comes from.
    expect(tokenRefusal(undefined)).toMatchObject({ error: { hint: expect.stringContaining('#token=') } });
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('without'), hint: expect.stringContaining('the terminal running npm run dev:web') } });
    const wrong = await post('listConnections', {}, { [TOKEN_HEADER]: 'wrong-token-123456789' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ ok: false, error: { message: expect.stringContaining('earlier run'), hint: expect.stringContaining('npm run dev:web') } });
    expect((await post('__proto__', {})).status).toBe(404);
    // A DNS-rebinding page reaches 127.0.0.1 under its own host name (fetch will not forge Host; http.request does).
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base()}/api/listConnections`, { method: 'POST', headers: { [TOKEN_HEADER]: token, Host: 'evil.example.com' } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('serves files only from its folder', async () => {
    expect((await fetch(`${base()}/keys/app.crt`)).status).toBe(200);
    expect((await fetch(`${base()}/..%2F..%2Fpackage.json`)).status).toBe(403);
  });
});
