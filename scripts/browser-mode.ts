// The UI in a browser, window.api bound to the real services over a loopback bridge: what npm start
// runs where Electron cannot open a window, and what npm run dev:web runs for development.
//   'app'         (npm start): the desktop app's own folder, as the app and the CLI use it; passwords
//                 and keys are sealed only with the secrets password, asked in the page (the app's
//                 keychain is out of a page's reach, and a packaged app ignores a development key).
//   'development' (npm run dev:web): .dev-data in the working folder with the development file-key
//                 vault, unless pointed at the app's folder, which is then treated as above.
// JWT_CONNECT_DATA_DIR overrides the folder in both.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEV_DATA_DIR, desktopDataDir, isDesktopDataDir } from '../electron/connections/data-folder.js';
import { openNodeServices, resolveDataDir, storePath } from '../electron/connections/open-node.js';
import { npmCommand, startWebBridge } from '../electron/web-bridge-server.js';
import { ENV } from '../shared/env-vars.js';

export async function startBrowserMode(kind: 'app' | 'development'): Promise<void> {
  const staticDir = resolve(import.meta.dirname, '..', 'dist', 'renderer');
  if (!existsSync(resolve(staticDir, 'index.html'))) {
    process.stderr.write('The UI is not built: run npm run build first (npm start and npm run dev:web do).\n');
    process.exit(2);
  }
  const appFolder = desktopDataDir(process.env);
  const dataDir = resolve(resolveDataDir(process.env, kind === 'app' ? appFolder : DEV_DATA_DIR));
  const passwordOnly = kind === 'app' || isDesktopDataDir(dataDir, process.env);
  // Beside another process on the same folder (the app, another browser mode, a CLI run), open read-only and say so.
  const { service } = openNodeServices({
    dataDir,
    platform: { fetch: globalThis.fetch },
    entryPoint: 'browser mode',
    readOnlyOk: true,
    secretsPassword: true,
    passwordFirst: passwordOnly,
  });
  const status = service.vaultStatus();
  const overridden = Boolean(process.env[ENV.dataDir.name]?.trim());
  const port = process.env.PORT ? Number(process.env.PORT) : 0;
  const bridge = await startWebBridge({
    service,
    staticDir,
    token: randomBytes(24).toString('base64url'),
    port,
    startedBy: npmCommand() ?? (kind === 'app' ? 'npm start' : 'npm run dev:web'),
  });
  const folder = isDesktopDataDir(dataDir, process.env)
    ? "the desktop app's folder, shared with the app and the jwt-connect command line"
    : overridden
      ? `from ${ENV.dataDir.name}`
      : `the development folder; npm start -- --web opens the app's folder, ${appFolder}`;
  // Until this release npm start's browser mode kept its connections in ./.dev-data: where the app's
  // folder has none yet, say where the earlier ones are and how to bring them over (secrets included).
  const earlier = resolve(DEV_DATA_DIR);
  const moved =
    kind === 'app' &&
    !overridden &&
    earlier !== dataDir &&
    existsSync(storePath(earlier)) &&
    service.listConnections({}).length === 0;
  const vault = passwordOnly
    ? `your secrets password (${status.secretsPassword === 'none' ? 'set one in the page before saving passwords or keys' : 'asked in the page'})`
    : 'development AES-256-GCM, key file beside the data (not for real production secrets)';
  // The token is in the URL's #fragment: a tab opened on the bare address cannot call the bridge.
  process.stdout.write(
    [
      `jwt-connect (${kind === 'app' ? 'browser mode' : 'browser dev mode'})`,
      `  Open:  ${bridge.url}`,
      '         (the whole URL: the page needs its #token to reach the bridge)',
      `  Data:  ${dataDir}`,
      `         (${folder})`,
      `  Vault: ${vault}`,
      ...(status.readOnly ? [`  Read-only: ${status.readOnly.message}`] : []),
      ...(moved
        ? [
            `  Earlier: connections the browser mode saved before it used the app's folder are in ${earlier}:`,
            '         npm run dev:web opens them; Export… them with secrets there, then Import… them here.',
          ]
        : []),
      '',
    ].join('\n'),
  );
  const stop = () => {
    void bridge.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
