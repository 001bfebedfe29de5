// The IPC glue (ipc.ts, preload.ts) and the contract it is generated from, run against a stand-in
// for electron's modules (no Electron binary here).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_INPUTS, API_METHODS, ipcChannel } from '../../../shared/api.js';
import { openNodeServices } from '../../../electron/connections/open-node.js';
import { isTrustedFrame, registerIpc, type InvokeEvent } from '../../../electron/ipc.js';
import { APP_URL } from '../../../electron/app-protocol.js';

const exposed: Record<string, unknown> = {};
const invoked: [string, unknown][] = [];
vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => {
      exposed[key] = value;
    },
  },
  ipcRenderer: {
    invoke: async (channel: string, input: unknown) => {
      invoked.push([channel, input]);
      return { ok: true, data: channel };
    },
  },
}));

const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-glue-'));
const { service } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
    await import('../../../electron/preload.js');
    const api = exposed.api as Record<string, (input: unknown) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...API_METHODS].sort());
    expect(await api.listConnections?.({ search: 'x' })).toEqual({ ok: true, data: 'jwt-connect:listConnections' });
    expect(invoked).toEqual([['jwt-connect:listConnections', { search: 'x' }]]);
  });
});

describe('ipc', () => {
  const registered = new Map<string, (event: InvokeEvent, input: unknown) => Promise<unknown>>();
  beforeAll(() =>
    registerIpc(
      {
        handle: (channel, listener) => {
          registered.set(channel, listener);
        },
      },
      service,
      APP_URL,
    ),
  );
  const top = { senderFrame: { url: `${APP_URL}`, parent: null } };

  it('registers one handler per method', () => {
    expect([...registered.keys()].sort()).toEqual(API_METHODS.map(ipcChannel).sort());
  });

  it("answers the app's own top frame with the envelope, input validated", async () => {
    const create = registered.get('jwt-connect:createConnection');
    expect(await create?.(top, { name: 'From IPC', encryption: 'jks' })).toMatchObject({
      ok: true,
      data: { name: 'From IPC' },
    });
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
      expect(await list?.({ senderFrame }, {})).toMatchObject({
        ok: false,
        error: { code: 'BAD_INPUT', message: expect.stringContaining('not jwt-connect') },
      });
    }
    expect(isTrustedFrame({ url: `${APP_URL}#section`, parent: null }, APP_URL)).toBe(true);
  });
});
