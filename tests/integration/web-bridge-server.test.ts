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
    fetch(`${base()}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

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
    expect(await missing.json()).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message: expect.stringContaining('without'),
        hint: expect.stringContaining('the terminal running npm run dev:web'),
      },
    });
    const wrong = await post('listConnections', {}, { [TOKEN_HEADER]: 'wrong-token-123456789' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('earlier run'), hint: expect.stringContaining('npm run dev:web') },
    });
    expect((await post('__proto__', {})).status).toBe(404);
    // A DNS-rebinding page reaches 127.0.0.1 under its own host name (fetch will not forge Host; http.request does).
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${base()}/api/listConnections`,
        { method: 'POST', headers: { [TOKEN_HEADER]: token, Host: 'evil.example.com' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  /** A raw request (fetch will not send these headers or paths as they are). */
  const raw = (path: string, method: string, headers: Record<string, string>) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${base()}${path}`, { method, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end(method === 'POST' ? '{}' : undefined);
    });

  it('a token header with a non-ASCII character is a 401 in the envelope, not a crash', async () => {
    // ü goes out as two UTF-8 bytes, read back as two Latin-1 characters: as long as the token, more bytes.
    const forged = `\u00fc${token.slice(2)}`;
    const answer = await raw('/api/listConnections', 'POST', {
      [TOKEN_HEADER]: forged,
      'Content-Type': 'application/json',
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', hint: expect.stringContaining('#token=') },
    });
  });

  it('a malformed %-escape is a 400 in the envelope, not a crash', async () => {
    const answer = await raw('/%E0%A4%A', 'GET', {});
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'The address asked for has a malformed %-escape.' },
    });
    const notJson = await raw('/api/listConnections', 'POST', { [TOKEN_HEADER]: token });
    expect(notJson.status).toBe(200); // '{}' is JSON; a body that is not is refused in the envelope too:
    const bad = await fetch(`${base()}/api/listConnections`, {
      method: 'POST',
      headers: { [TOKEN_HEADER]: token },
      body: '{',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'The request body must be JSON.' },
    });
  });

  it("no page may frame it: frame-ancestors 'none' on every answer (files, calls, refusals)", async () => {
    for (const response of [
      await fetch(`${base()}/keys/app.crt`),
      await post('vaultStatus', {}),
      await fetch(`${base()}/nothing-here`),
    ]) {
      expect(response.headers.get('content-security-policy')).toMatch(/(^|; )frame-ancestors 'none'($|;)/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('serves files only from its folder', async () => {
    expect((await fetch(`${base()}/keys/app.crt`)).status).toBe(200);
    expect((await fetch(`${base()}/..%2F..%2Fpackage.json`)).status).toBe(403);
  });
});
