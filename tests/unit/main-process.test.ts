// electron/main.ts against a stand-in `electron` module: the security settings a user relies on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, ipcChannel } from '../../shared/api.js';

type Listener = (...args: unknown[]) => unknown;
const fake = vi.hoisted(() => {
  const state = {
    lock: true,
    appHandlers: {} as Record<string, Listener>,
    windows: [] as { options: Record<string, any>; loaded?: string; contents: { handlers: Record<string, Listener> } }[],
    channels: [] as string[],
    listeners: {} as Record<string, Listener>,
    permissionRequest: undefined as undefined | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
    menu: undefined as unknown,
    opened: [] as string[],
    quit: 0,
  };
  class BrowserWindow {
    webContents = { handlers: {} as Record<string, Listener>, on(event: string, fn: Listener) { this.handlers[event] = fn; } };
    constructor(public options: Record<string, any>) { state.windows.push(this as never); }
    once() {}
    loadFile(path: string) { (this as unknown as { loaded: string }).loaded = path; return Promise.resolve(); }
    isMinimized() { return false; }
    focus() {}
    static getAllWindows() { return state.windows; }
  }
  const electron = {
    app: {
      requestSingleInstanceLock: () => state.lock,
      on: (event: string, fn: Listener) => { state.appHandlers[event] = fn; },
      whenReady: () => Promise.resolve(),
      getPath: () => process.env.JWT_CONNECT_DATA_DIR as string,
      getVersion: () => '0.0.0-test',
      quit: () => { state.quit++; },
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: Listener) => { state.channels.push(channel); state.listeners[channel] = fn; }, on: () => {} },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => { state.menu = m; } },
    net: { fetch: globalThis.fetch },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
    session: { defaultSession: { setPermissionRequestHandler: (fn: never) => { state.permissionRequest = fn; }, setPermissionCheckHandler: () => {} } },
    shell: { openExternal: async (url: string) => { state.opened.push(url); } },
    dialog: { showMessageBoxSync: () => 1 },
  };
  return { state, electron };
});
vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const dataDir = mkdtempSync(join(tmpdir(), 'jwt-connect-main-'));
beforeAll(async () => {
  process.env.JWT_CONNECT_DATA_DIR = dataDir;
  await import('../../electron/main.js');
  await new Promise((r) => setTimeout(r, 20)); // whenReady().then(...)
});
afterAll(() => {
  delete process.env.JWT_CONNECT_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the main process', () => {
  it('opens one window with context isolation, the sandbox, no Node, and the bundled preload', () => {
    expect(fake.state.windows).toHaveLength(1);
    const { webPreferences } = fake.state.windows[0]!.options;
    expect(webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(webPreferences.preload).toMatch(/preload\.cjs$/);
    expect(fake.state.windows[0]!.options.minWidth).toBe(900);
  });

  it('registers one IPC handler per contract method', () => {
    expect(fake.state.channels.sort()).toEqual(API_METHODS.map(ipcChannel).sort());
  });

  it('refuses navigation, new windows and webviews, and opens only http(s) links outside', () => {
    const handlers: Record<string, Listener> = {};
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    fake.state.appHandlers['web-contents-created']?.({}, {
      on: (event: string, fn: Listener) => { handlers[event] = fn; },
      setWindowOpenHandler: (fn: typeof openHandler) => { openHandler = fn; },
    });
    const event = { prevented: false, preventDefault() { this.prevented = true; } };
    handlers['will-navigate']?.(event, 'https://evil.example.com/');
    expect(event.prevented).toBe(true);
    const webview = { prevented: false, preventDefault() { this.prevented = true; } };
    handlers['will-attach-webview']?.(webview);
    expect(webview.prevented).toBe(true);
    expect(openHandler?.({ url: 'https://help.salesforce.com/x' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(fake.state.opened).toEqual(['https://help.salesforce.com/x']);
  });

  it('denies every permission but writing the clipboard', () => {
    const answer = (permission: string) => new Promise<boolean>((resolve) => fake.state.permissionRequest?.({}, permission, resolve));
    return Promise.all([answer('geolocation'), answer('media'), answer('notifications'), answer('clipboard-sanitized-write')])
      .then((answers) => expect(answers).toEqual([false, false, false, true]));
  });

  it('has an application menu with the usual roles', () => {
    const roles = (fake.state.menu as { role: string }[]).map((m) => m.role);
    expect(roles).toEqual(expect.arrayContaining(['fileMenu', 'editMenu', 'viewMenu', 'windowMenu', 'help']));
  });

  it('answers its own page through IPC, and says secrets stay for the session when there is no keyring', async () => {
    const appUrl = pathToFileURL(fake.state.windows[0]!.loaded as string).href;
    const status = await fake.state.listeners['jwt-connect:vaultStatus']?.({ senderFrame: { url: appUrl, parent: null } }, {});
    expect(status).toMatchObject({ ok: true, data: { persistent: false, warning: expect.stringContaining('No OS keyring') } });
    const refused = await fake.state.listeners['jwt-connect:vaultStatus']?.({ senderFrame: { url: 'https://evil.example.com/', parent: null } }, {});
    expect(refused).toMatchObject({ ok: false });
  });

  it('quits at once when another instance already runs', async () => {
    vi.resetModules();
    fake.state.lock = false;
    const windows = fake.state.windows.length;
    await import('../../electron/main.js');
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.state.quit).toBe(1);
    expect(fake.state.windows).toHaveLength(windows);
  });
});
