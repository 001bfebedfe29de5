// The thin Electron glue, run against stand-ins for electron's modules (no Electron binary here).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_INPUTS, API_METHODS, ipcChannel } from '../../shared/api.js';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { isTrustedFrame, registerIpc, type InvokeEvent } from '../../electron/ipc.js';
import { APP_URL as APP_PROTOCOL_URL, CONTENT_SECURITY_POLICY, createAppProtocolHandler, isAppOrigin } from '../../electron/app-protocol.js';
import { safeStorageChoice, type SafeStorageLike } from '../../electron/connections/vault.js';
import { startWebBridge, TOKEN_HEADER, tokenRefusal, type WebBridge } from '../../electron/web-bridge-server.js';

const exposed: Record<string, unknown> = {};
const invoked: [string, unknown][] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => { exposed[key] = value; } },
  ipcRenderer: { invoke: async (channel: string, input: unknown) => { invoked.push([channel, input]); return { ok: true, data: channel }; } },
}));

const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-glue-'));
const { service } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const APP_URL = APP_PROTOCOL_URL;

describe('the contract', () => {
  it('has a schema for every method name and no schema without a name', () => {
    expect(Object.keys(API_INPUTS).sort()).toEqual([...API_METHODS].sort());
  });
  it('has a service function for every method', () => {
    for (const method of API_METHODS) expect(typeof service[method], method).toBe('function');
  });
});

describe('preload', () => {
  it('exposes exactly one function per contract method, each invoking its own channel', async () => {
    await import('../../electron/preload.js');
    const api = exposed.api as Record<string, (input: unknown) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...API_METHODS].sort());
    expect(await api.listConnections?.({ search: 'x' })).toEqual({ ok: true, data: 'jwt-connect:listConnections' });
    expect(invoked).toEqual([['jwt-connect:listConnections', { search: 'x' }]]);
  });
});

describe('ipc', () => {
  const registered = new Map<string, (event: InvokeEvent, input: unknown) => Promise<unknown>>();
  beforeAll(() => registerIpc({ handle: (channel, listener) => { registered.set(channel, listener); } }, service, APP_URL));
  const top = { senderFrame: { url: `${APP_URL}`, parent: null } };

  it('registers one handler per method', () => {
    expect([...registered.keys()].sort()).toEqual(API_METHODS.map(ipcChannel).sort());
  });

  it('answers the app\'s own top frame with the envelope, input validated', async () => {
    const create = registered.get('jwt-connect:createConnection');
    expect(await create?.(top, { name: 'From IPC', encryption: 'jks' })).toMatchObject({ ok: true, data: { name: 'From IPC' } });
    expect(await create?.(top, { name: 42 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('refuses iframes, other pages and missing frames', async () => {
    const list = registered.get('jwt-connect:listConnections');
    for (const senderFrame of [
      { url: APP_URL, parent: {} },
      { url: 'https://evil.example.com/index.html', parent: null },
      { url: 'file:///tmp/other.html', parent: null },
      { url: 'file:///opt/jwt-connect/resources/app.asar/dist/renderer/index.html', parent: null },
      { url: 'app://other/index.html', parent: null },
      { url: 'app://jwt-connect/other.html', parent: null },
      null,
    ]) {
      expect(await list?.({ senderFrame }, {})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('not jwt-connect') } });
    }
    expect(isTrustedFrame({ url: `${APP_URL}#section`, parent: null }, APP_URL)).toBe(true);
  });
});

describe('the app:// protocol', () => {
  const renderer = join(dir, 'protocol', 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>jwt-connect</title>');
  writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'export {};');
  writeFileSync(join(renderer, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(dir, 'protocol', 'secret.txt'), 'outside the renderer folder');
  const handle = createAppProtocolHandler(renderer);
  const get = (url: string, init?: RequestInit) => handle(new Request(url, init));

  it('serves the built UI with the right types and the CSP', async () => {
    expect(APP_PROTOCOL_URL).toBe('app://jwt-connect/index.html');
    const index = await get('app://jwt-connect/index.html');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await index.text()).toContain('<title>jwt-connect</title>');
    expect((await get('app://jwt-connect/')).status).toBe(200);
    const script = await get('app://jwt-connect/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get('app://jwt-connect/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('app://jwt-connect/assets/missing.js')).status).toBe(404);
  });

  it('refuses paths out of the renderer folder, however they are spelled', async () => {
    for (const path of ['..%2Fsecret.txt', '%2E%2E%2Fsecret.txt', 'assets%2F..%2F..%2Fsecret.txt', '..%5Csecret.txt', 'index.html%00.js', '%2Fetc%2Fpasswd/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd']) {
      const response = await get(`app://jwt-connect/${path}`);
      expect([403, 404], path).toContain(response.status);
      expect(await response.text(), path).not.toContain('outside the renderer folder');
    }
    // Plain ../ never even reaches the handler as such: URL parsing resolves it inside the origin.
    expect(new URL('app://jwt-connect/../secret.txt').pathname).toBe('/secret.txt');
    expect((await get('app://jwt-connect/../secret.txt')).status).toBe(404);
  });

  it('refuses other hosts and methods', async () => {
    expect((await get('app://evil.example.com/index.html')).status).toBe(404);
    expect((await get('app://jwt-connect.evil.example.com/index.html')).status).toBe(404);
    expect((await get('app://jwt-connect/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('knows its own origin', () => {
    expect(isAppOrigin('app://jwt-connect/index.html#x')).toBe(true);
    for (const url of ['app://jwt-connect.evil/', 'app://user@jwt-connect/', 'file:///index.html', 'https://jwt-connect/', 'not a url']) expect(isAppOrigin(url), url).toBe(false);
  });
});

describe('safeStorage choice', () => {
  const fake = (available: boolean, backend: string): SafeStorageLike => ({
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(`enc:${s}`),
    decryptString: (b) => b.toString().slice(4),
    getSelectedStorageBackend: () => backend,
  });
  it('persists with a real keyring and records the backend', () => {
    const choice = safeStorageChoice(fake(true, 'gnome_libsecret'), 'linux', false);
    expect(choice).toMatchObject({ persistent: true });
    expect(choice.cipher?.backend).toBe('electron-safeStorage:gnome_libsecret');
  });
  it('keeps secrets for the session on Linux basic_text unless the user opts in', () => {
    expect(safeStorageChoice(fake(true, 'basic_text'), 'linux', false)).toMatchObject({ persistent: false, warning: expect.stringContaining('session only') });
    expect(safeStorageChoice(fake(true, 'basic_text'), 'linux', true)).toMatchObject({ persistent: true, warning: expect.stringContaining('basic_text') });
  });
  it('says so when no encryption is available at all', () => {
    expect(safeStorageChoice(fake(false, ''), 'linux', true)).toMatchObject({ cipher: null, persistent: false, warning: expect.stringContaining('No OS keyring') });
  });
});

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
