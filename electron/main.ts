// The Electron main process: window, security settings, lifecycle; wires the platform (net.fetch,
// safeStorage, the data directory's lock) into the plain-Node services.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { externalLink, menuTemplate } from './app-menu.js';
import { APP_SCHEME, APP_URL, createAppProtocolHandler, isAppOrigin } from './app-protocol.js';
import { bugSummary, installCrashHandlers, logCrash, useFallbackLogFolder } from './diagnostics/unexpected.js';
import { openDataDir, resolveDataDir } from './connections/open-node.js';
import { SecretsPassword } from './connections/secrets-password.js';
import { ConnectionService } from './connections/service.js';
import { devAesGcmCipher, devKeyPath, loadOrCreateDevKey, safeStorageChoice, Vault } from './connections/vault.js';
import { registerIpc } from './ipc.js';
import { toErrorInfo } from '../shared/errors.js';
import { ENV } from '../shared/env-vars.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, 'renderer');
// Packaged, electron-builder copies build/icon.png beside app.asar (extraResources); from a checkout
// it is read where scripts/make-icon.mjs wrote it. Only Linux takes the window icon from here.
const windowIcon = app.isPackaged ? join(process.resourcesPath, 'icon.png') : join(here, '..', 'build', 'icon.png');

// Must happen before ready. standard: relative URLs and an origin of its own ('self' in the CSP);
// secure: a secure context like https; fetch/CORS: Vite's module scripts are crossorigin requests.
// An error nothing caught is logged with its stack in the data folder; one thrown outside any
// promise is also shown, as Electron would, with where the details went. The app goes on.
useFallbackLogFolder(() => resolveDataDir(process.env, app.getPath('userData')));
installCrashHandlers((error, kind) => {
  const logPath = logCrash(error, `desktop app: ${kind}`);
  if (kind === 'uncaught exception')
    dialog.showErrorBox(
      'jwt-connect hit a bug',
      `${bugSummary(error, logPath)}\n\nPlease report it with the steps that led here.`,
    );
});

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);

/** External links open in the user's browser, and only https ones (app-menu.ts says why). */
function openExternal(url: string): void {
  const link = externalLink(url);
  if (link) void shell.openExternal(link);
}

function createServices() {
  const dataDir = resolveDataDir(process.env, app.getPath('userData'));
  // One writer per data directory, whatever the entry point: beside a browser-mode or CLI process
  // that holds the folder, the app opens read-only and says so (vaultStatus().readOnly).
  const opened = openDataDir({ dataDir, entryPoint: 'desktop app', readOnlyOk: true });
  app.on('will-quit', () => opened.close());
  // npm run demo writes its secrets with the development vault and says so with this variable. An
  // installed app never listens to it: one environment variable must not swap the OS keyring for a
  // key file lying next to the data.
  const devVault = !app.isPackaged && process.env[ENV.devVault.name] === '1';
  const platformChoice = (allowWeak: boolean) =>
    devVault
      ? {
          cipher: devAesGcmCipher(loadOrCreateDevKey(devKeyPath(dataDir))),
          persistent: true,
          warning:
            'Demo / development vault: secrets are encrypted with a key file next to the data. Do not use real production secrets here.',
        }
      : safeStorageChoice(safeStorage, process.platform, allowWeak);
  // A secrets password is offered where the keychain is missing or basic_text, and is locked at
  // start (until unlockSecrets) whenever secrets-password.json exists.
  const secretsPassword = new SecretsPassword({ dataDir, platformChoice });
  const vault = new Vault(secretsPassword.choose);
  const platform = {
    fetch: (url: string, init: RequestInit) => net.fetch(url, init),
    // Open in Salesforce: the single-use sign-in link goes to the user's browser, https only.
    openExternal: async (url: string) => {
      const link = externalLink(url);
      if (!link) throw new Error('Only https links are opened in the browser.');
      await shell.openExternal(link);
    },
  };
  return new ConnectionService({
    repository: opened.repository,
    vault,
    secretFiles: opened.secretFiles,
    platform,
    secretsPassword,
  });
}

function createMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate({ packaged: app.isPackaged, platform: process.platform, open: openExternal })),
  );
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'jwt-connect',
    ...(process.platform === 'linux' ? { icon: windowIcon } : {}),
    show: false,
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // Developer Tools only in development builds: in an installed app no menu, shortcut or call opens them.
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  // The form blocks unload while it has unsaved changes; Electron shows no prompt of its own.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Discard changes', 'Keep editing'],
      defaultId: 1,
      cancelId: 1,
      message: 'You have unsaved changes.',
      detail: 'Close jwt-connect and lose them?',
    });
    if (choice === 0) event.preventDefault();
  });
  void win.loadURL(APP_URL);
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });

  // Every web contents: no navigation away, no new windows (links go to the browser), no webviews.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      // Only the app's own origin (a reload); everything else would put a foreign page next to window.api.
      if (!isAppOrigin(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternal(url);
      return { action: 'deny' };
    });
  });

  void app.whenReady().then(() => {
    // Nothing but writing the access token to the clipboard (the Copy button) is ever granted.
    session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) =>
      callback(permission === 'clipboard-sanitized-write'),
    );
    session.defaultSession.setPermissionCheckHandler((_wc, permission) => permission === 'clipboard-sanitized-write');
    protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
    let services: ConnectionService;
    try {
      services = createServices();
    } catch (error) {
      // The data folder could not be opened at all: say why in plain words rather than crash.
      const info = toErrorInfo(error);
      dialog.showErrorBox(
        'jwt-connect cannot open its data folder',
        `${info.message}${info.hint ? `\n\n${info.hint}` : ''}`,
      );
      app.quit();
      return;
    }
    registerIpc(ipcMain, services, APP_URL);
    createMenu();
    mainWindow = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
