// The thin Electron glue, run against stand-ins for electron's modules (no Electron binary here).
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_INPUTS, API_METHODS, ipcChannel } from '../../shared/api.js';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { isTrustedFrame, registerIpc, type InvokeEvent } from '../../electron/ipc.js';
import { safeStorageChoice, type SafeStorageLike } from '../../electron/connections/vault.js';
import { startWebBridge, TOKEN_HEADER, type WebBridge } from '../../electron/web-bridge-server.js';

const exposed: Record<string, unknown> = {};
const invoked: [string, unknown][] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => { exposed[key] = value; } },
  ipcRenderer: { invoke: async (channel: string, input: unknown) => { invoked.push([channel, input]); return { ok: true, data: channel }; } },
}));

const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-glue-'));
const { service } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const APP_URL = 'file:///opt/jwt-connect/resources/app/dist/renderer/index.html';

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
      null,
    ]) {
      expect(await list?.({ senderFrame }, {})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('not jwt-connect') } });
    }
    expect(isTrustedFrame({ url: `${APP_URL}#section`, parent: null }, APP_URL)).toBe(true);
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
    expect((await post('listConnections', {}, {})).status).toBe(401);
    expect((await post('listConnections', {}, { [TOKEN_HEADER]: 'wrong-token-123456789' })).status).toBe(401);
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
