// npm run demo: a Salesforce org on this computer to click Authorise against.
// Makes a fresh key and certificate, starts the local emulator trusting it, saves demo connections
// in ./.demo-data (wiped each run; JWT_CONNECT_DATA_DIR is ignored so real data is never touched;
// JWT_CONNECT_DEMO_DIR moves it, for tests),
// then opens the desktop app, or the browser dev mode where Electron's binary is absent.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { openNodeServices } from '../electron/connections/open-node.js';
import { createCertificate } from '../electron/keys/create-certificate.js';
import { startWebBridge } from '../electron/web-bridge-server.js';
import { SalesforceEmulator } from '../tests/emulator/salesforce-emulator.js';

const CONSUMER_KEY = '3MVG9DEMO.jwt-connect.demo-app';
const USERNAME = 'integration@jwt-connect.test';
const dataDir = resolve(process.env.JWT_CONNECT_DEMO_DIR ?? '.demo-data');
rmSync(dataDir, { recursive: true, force: true });

const created = await createCertificate({ commonName: 'jwt-connect demo', organization: 'Demo', days: 365, bits: 2048 });
const emulator = new SalesforceEmulator({
  port: Number(process.env.DEMO_PORT ?? 0),
  apps: [{ consumerKey: CONSUMER_KEY, certificatePem: created.certificatePem }],
  users: [{ username: USERNAME, displayName: 'Integration User' }, { username: 'not-approved@jwt-connect.test', approved: false }],
  org: { name: 'Demo Org (local emulator)', type: 'Developer Edition', instanceName: 'DEMO1' },
});
const emulatorUrl = await emulator.start();

const { service } = openNodeServices({ dataDir, platform: { fetch: globalThis.fetch } });
const keyFile = { fileName: 'jwt-connect-demo.key', base64: Buffer.from(created.privateKeyPem + created.certificatePem).toString('base64') };
const base = { encryption: 'privateKey' as const, consumerKey: CONSUMER_KEY, environment: 'mydomain' as const, myDomainUrl: emulatorUrl, keyFile };
service.createConnection({ ...base, name: 'Demo (local emulator)', description: 'Press Authorise, then Test Connection', username: USERNAME });
service.createConnection({ ...base, name: 'Demo: user not pre-authorized', description: 'Shows a refused login and the checklist', username: 'not-approved@jwt-connect.test' });

process.stdout.write(`Salesforce emulator: ${emulatorUrl} (Consumer Key ${CONSUMER_KEY})\nDemo data: ${dataDir}\n`);

function electronBinary(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('electron/package.json');
    const pathTxt = join(dirname(pkg), 'path.txt');
    if (!existsSync(pathTxt)) return undefined;
    const binary = join(dirname(pkg), 'dist', readFileSync(pathTxt, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
let stopApp: () => Promise<void>;
if (binary && !process.argv.includes('--web')) {
  process.stdout.write('Opening the desktop app…\n');
  // The demo's secrets were written with the development vault, so the app is told to use it too.
  const child = spawn(binary, ['.'], { stdio: 'inherit', env: { ...process.env, JWT_CONNECT_DATA_DIR: dataDir, JWT_CONNECT_DEV_VAULT: '1' } });
  child.on('exit', () => void shutdown());
  stopApp = async () => { child.kill(); };
} else {
  const bridge = await startWebBridge({ service, staticDir: resolve('dist', 'renderer'), token: randomBytes(24).toString('base64url') });
  process.stdout.write(`${binary ? '' : "Electron's binary is not installed here (npx install-electron fetches it), so the demo runs in the browser.\n"}Open: ${bridge.url}\nCtrl+C stops the demo.\n`);
  stopApp = bridge.close;
}

async function shutdown(): Promise<void> {
  await stopApp();
  await emulator.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
