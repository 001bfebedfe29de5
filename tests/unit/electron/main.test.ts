// electron/main.ts against a stand-in `electron` module: the security settings a user relies on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, ipcChannel } from '../../../shared/api.js';
import { DOCS_URL } from '../../../electron/app-menu.js';

type Listener = (...args: unknown[]) => unknown;
const fake = vi.hoisted(() => {
  const state = {
    lock: true,
    packaged: false,
    schemes: [] as { scheme: string; privileges?: Record<string, boolean> }[],
    protocolHandlers: {} as Record<string, (request: Request) => Promise<Response>>,
    appHandlers: {} as Record<string, Listener>,
    windows: [] as {
      options: Record<string, any>;
      loaded?: string;
      contents: { handlers: Record<string, Listener> };
    }[],
    channels: [] as string[],
    listeners: {} as Record<string, Listener>,
    permissionRequest: undefined as undefined | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
    menu: undefined as unknown,
    opened: [] as string[],
    quit: 0,
  };
  class BrowserWindow {
    webContents = {
      handlers: {} as Record<string, Listener>,
      on(event: string, fn: Listener) {
        this.handlers[event] = fn;
      },
    };
    constructor(public options: Record<string, any>) {
      state.windows.push(this as never);
    }
    once() {}
    loadFile(path: string) {
      (this as unknown as { loaded: string }).loaded = `file-path:${path}`;
      return Promise.resolve();
    }
    loadURL(url: string) {
      (this as unknown as { loaded: string }).loaded = url;
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    focus() {}
    static getAllWindows() {
      return state.windows;
    }
  }
  const electron = {
    app: {
      requestSingleInstanceLock: () => state.lock,
      get isPackaged() {
        return state.packaged;
      },
      on: (event: string, fn: Listener) => {
        state.appHandlers[event] = fn;
      },
      whenReady: () => Promise.resolve(),
      getPath: () => process.env.JWT_CONNECT_DATA_DIR as string,
      getVersion: () => '0.0.0-test',
      quit: () => {
        state.quit++;
      },
    },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, fn: Listener) => {
        state.channels.push(channel);
        state.listeners[channel] = fn;
      },
      on: () => {},
    },
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: (m: unknown) => {
        state.menu = m;
      },
    },
    net: { fetch: globalThis.fetch },
    protocol: {
      registerSchemesAsPrivileged: (schemes: typeof state.schemes) => {
        state.schemes = schemes;
      },
      handle: (scheme: string, fn: (request: Request) => Promise<Response>) => {
        state.protocolHandlers[scheme] = fn;
      },
    },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: never) => {
          state.permissionRequest = fn;
        },
        setPermissionCheckHandler: () => {},
      },
    },
    shell: {
      openExternal: async (url: string) => {
        state.opened.push(url);
      },
    },
    dialog: { showMessageBoxSync: () => 1 },
  };
  return { state, electron };
});
vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const dataDir = mkdtempSync(join(tmpdir(), 'jwt-connect-main-'));
beforeAll(async () => {
  process.env.JWT_CONNECT_DATA_DIR = dataDir;
  await import('../../../electron/main.js');
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
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(webPreferences.preload).toMatch(/preload\.cjs$/);
    expect(fake.state.windows[0]!.options.minWidth).toBe(900);
  });

  it('loads the UI from its own app:// origin, registered as a privileged standard, secure scheme before ready', async () => {
    expect(fake.state.windows[0]!.loaded).toBe('app://jwt-connect/index.html');
    expect(fake.state.schemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    const handler = fake.state.protocolHandlers.app;
    expect(handler).toBeTypeOf('function');
    // The handler main registered is the confined one (its own tests are in electron-glue.test.ts).
    expect((await handler!(new Request('app://jwt-connect/..%2F..%2Fpackage.json'))).status).toBe(403);
    expect((await handler!(new Request('app://evil.example.com/index.html'))).status).toBe(404);
  });

  it('gives the window the app icon on Linux only (other systems take it from the bundle)', () => {
    const { icon } = fake.state.windows[0]!.options;
    if (process.platform === 'linux') expect(icon).toMatch(/build[\\/]icon\.png$/);
    else expect(icon).toBeUndefined();
  });

  it('registers one IPC handler per contract method', () => {
    expect(fake.state.channels.sort()).toEqual(API_METHODS.map(ipcChannel).sort());
  });

  it('refuses navigation, new windows and webviews, and opens only https links outside', () => {
    const handlers: Record<string, Listener> = {};
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    fake.state.appHandlers['web-contents-created']?.(
      {},
      {
        on: (event: string, fn: Listener) => {
          handlers[event] = fn;
        },
        setWindowOpenHandler: (fn: typeof openHandler) => {
          openHandler = fn;
        },
      },
    );
    const event = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    handlers['will-navigate']?.(event, 'https://evil.example.com/');
    expect(event.prevented).toBe(true);
    for (const url of [
      'file:///opt/jwt-connect/resources/app.asar/dist/renderer/index.html',
      'app://other-host/index.html',
      'app://jwt-connect@evil.example.com/',
    ]) {
      const other = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      handlers['will-navigate']?.(other, url);
      expect(other.prevented, url).toBe(true);
    }
    const reload = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    handlers['will-navigate']?.(reload, 'app://jwt-connect/index.html');
    expect(reload.prevented).toBe(false);
    const webview = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    handlers['will-attach-webview']?.(webview);
    expect(webview.prevented).toBe(true);
    expect(openHandler?.({ url: 'https://help.salesforce.com/x' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    // Plain http could be rewritten on the way into a lookalike sign-in page; user info hides the real host.
    expect(openHandler?.({ url: 'http://help.salesforce.com/x' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'https://help.salesforce.com@evil.example/x' })).toEqual({ action: 'deny' });
    expect(fake.state.opened).toEqual(['https://help.salesforce.com/x']);
  });

  it('denies every permission but writing the clipboard', () => {
    const answer = (permission: string) =>
      new Promise<boolean>((resolve) => fake.state.permissionRequest?.({}, permission, resolve));
    return Promise.all([
      answer('geolocation'),
      answer('media'),
      answer('notifications'),
      answer('clipboard-sanitized-write'),
    ]).then((answers) => expect(answers).toEqual([false, false, false, true]));
  });

  it("has an application menu with the usual roles; a development build keeps Electron's View menu (Developer Tools)", () => {
    const roles = (fake.state.menu as { role: string }[]).map((m) => m.role);
    expect(roles).toEqual(expect.arrayContaining(['fileMenu', 'editMenu', 'viewMenu', 'windowMenu', 'help']));
    expect(fake.state.windows[0]!.options.webPreferences.devTools).toBe(true);
  });

  it("Help opens the user guide and Salesforce's JWT page in the browser", () => {
    const help = (fake.state.menu as { role?: string; submenu?: { label: string; click: () => void }[] }[]).find(
      (m) => m.role === 'help',
    );
    expect(help?.submenu?.map((i) => i.label)).toEqual([
      'jwt-connect User Guide',
      'Salesforce: OAuth 2.0 JWT Bearer Flow',
    ]);
    fake.state.opened.length = 0;
    for (const item of help?.submenu ?? []) item.click();
    expect(fake.state.opened).toEqual([DOCS_URL, expect.stringMatching(/^https:\/\/help\.salesforce\.com\//)]);
  });

  it('answers its own page through IPC, and says secrets stay for the session when there is no keyring', async () => {
    const appUrl = fake.state.windows[0]!.loaded as string;
    const status = await fake.state.listeners['jwt-connect:vaultStatus']?.(
      { senderFrame: { url: appUrl, parent: null } },
      {},
    );
    expect(status).toMatchObject({
      ok: true,
      data: { persistent: false, warning: expect.stringContaining('No OS keyring') },
    });
    const refused = await fake.state.listeners['jwt-connect:vaultStatus']?.(
      { senderFrame: { url: 'https://evil.example.com/', parent: null } },
      {},
    );
    expect(refused).toMatchObject({ ok: false });
    // A file:// page (what the window used to load) is not the app any more.
    const file = await fake.state.listeners['jwt-connect:vaultStatus']?.(
      { senderFrame: { url: 'file:///opt/jwt-connect/resources/app.asar/dist/renderer/index.html', parent: null } },
      {},
    );
    expect(file).toMatchObject({ ok: false });
  });

  // npm run demo starts the app with JWT_CONNECT_DEV_VAULT=1; an installed app must not listen to it.
  async function vaultBackendWith(packaged: boolean): Promise<unknown> {
    vi.resetModules();
    fake.state.packaged = packaged;
    fake.state.listeners = {};
    const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-main-dev-'));
    process.env.JWT_CONNECT_DATA_DIR = dir;
    process.env.JWT_CONNECT_DEV_VAULT = '1';
    // Electron sets process.resourcesPath (the folder holding app.asar); plain Node has none.
    Object.assign(process, { resourcesPath: packaged ? join(dir, 'resources') : undefined });
    try {
      await import('../../../electron/main.js');
      await new Promise((r) => setTimeout(r, 20));
      return await fake.state.listeners['jwt-connect:vaultStatus']?.(
        { senderFrame: { url: 'app://jwt-connect/index.html', parent: null } },
        {},
      );
    } finally {
      delete process.env.JWT_CONNECT_DEV_VAULT;
      process.env.JWT_CONNECT_DATA_DIR = dataDir;
      fake.state.packaged = false;
      Object.assign(process, { resourcesPath: undefined });
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('an installed app offers no Developer Tools: not in the menu, not in the window', async () => {
    await vaultBackendWith(true);
    const text = JSON.stringify(fake.state.menu);
    expect(text).not.toMatch(/toggleDevTools|viewMenu|forceReload/i);
    expect(text).toMatch(/zoomIn/);
    expect(fake.state.windows.at(-1)!.options.webPreferences.devTools).toBe(false);
  });

  it('uses the development vault for npm run demo, but ignores JWT_CONNECT_DEV_VAULT when packaged', async () => {
    expect(await vaultBackendWith(false)).toMatchObject({
      ok: true,
      data: { backend: 'dev-aes-256-gcm', persistent: true },
    });
    const packaged = await vaultBackendWith(true);
    expect(packaged).toMatchObject({
      ok: true,
      data: { persistent: false, warning: expect.stringContaining('No OS keyring') },
    });
    expect(JSON.stringify(packaged)).not.toContain('dev-aes');
    if (process.platform === 'linux')
      expect(fake.state.windows.at(-1)!.options.icon).toMatch(/resources[\\/]icon\.png$/);
  });

  it('quits at once when another instance already runs', async () => {
    vi.resetModules();
    fake.state.lock = false;
    const windows = fake.state.windows.length;
    await import('../../../electron/main.js');
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.state.quit).toBe(1);
    expect(fake.state.windows).toHaveLength(windows);
  });
});
