// npm run dev:web: the UI in a browser, window.api bound to the real services over a loopback bridge.
// Data in JWT_CONNECT_DATA_DIR (default .dev-data/), secrets in the dev AES-256-GCM vault.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openNodeServices, resolveDataDir } from '../electron/connections/open-node.js';
import { npmCommand, startWebBridge } from '../electron/web-bridge-server.js';

const staticDir = resolve('dist', 'renderer');
if (!existsSync(resolve(staticDir, 'index.html'))) {
  process.stderr.write('The UI is not built: run npm run build first (npm run dev:web does).\n');
  process.exit(2);
}
const dataDir = resolve(resolveDataDir(process.env, '.dev-data'));
// Beside another process on the same folder (the app, another dev:web, a CLI run), open read-only and say so.
const { service } = openNodeServices({ dataDir, platform: { fetch: globalThis.fetch }, entryPoint: 'browser mode', readOnlyOk: true, secretsPassword: true });
const readOnly = service.vaultStatus().readOnly;
const port = process.env.PORT ? Number(process.env.PORT) : 0;
const bridge = await startWebBridge({ service, staticDir, token: randomBytes(24).toString('base64url'), port, startedBy: npmCommand() ?? 'npm run dev:web' });
// The token is in the URL's #fragment: a tab opened on the bare address cannot call the bridge.
process.stdout.write(`jwt-connect (browser dev mode)\n  Open:  ${bridge.url}\n         (the whole URL: the page needs its #token to reach the bridge)\n  Data:  ${dataDir}\n  Vault: development AES-256-GCM (not for real production secrets)\n${readOnly ? `  Read-only: ${readOnly.message}\n` : ''}`);
const stop = () => { void bridge.close().then(() => process.exit(0)); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
