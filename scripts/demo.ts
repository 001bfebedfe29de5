// npm run demo: a Salesforce org on this computer to click Authorise against.
// Makes a fresh key and certificate, starts the local emulator trusting it, re-creates the demo
// connections in ./.demo-data, then opens the desktop app, or the browser mode where Electron's
// binary is missing. The folder is kept between runs: connections made during a demo are the user's
// work, so only the ones named like the demo connections are replaced (they need this run's key and
// emulator address). npm run demo -- --reset deletes the folder first, and says what it deletes.
// JWT_CONNECT_DATA_DIR is ignored so real data is never touched; JWT_CONNECT_DEMO_DIR moves the
// folder (tests).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { openNodeServices } from '../electron/connections/open-node.js';
import { createCertificate } from '../electron/keys/create-certificate.js';
import { npmCommand, startWebBridge } from '../electron/web-bridge-server.js';
import { SalesforceEmulator } from '../tests/emulator/salesforce-emulator.js';
import { findOrFetchElectron } from './electron-binary.js';
import { ENV } from '../shared/env-vars.js';

const CONSUMER_KEY = '3MVG9DEMO.jwt-connect.demo-app';
const USERNAME = 'integration@jwt-connect.test';
const DEMO_NAMES = { ok: 'Demo (local emulator)', refused: 'Demo: user not pre-authorized' };
const dataDir = resolve(process.env[ENV.demoDir.name] ?? '.demo-data');

if (process.argv.includes('--reset')) resetDemoData();
process.stdout.write(`Demo data: ${dataDir} (kept between runs; npm run demo -- --reset deletes it)\n`);

function resetDemoData(): void {
  if (!existsSync(dataDir)) {
    process.stdout.write(`--reset: ${dataDir} does not exist, nothing to delete.\n`);
    return;
  }
  const opened = openNodeServices({ dataDir, platform: { fetch: globalThis.fetch }, entryPoint: 'demo' });
  const names = opened.service.listConnections().map((c) => c.name);
  opened.close();
  const listed = names.length ? ` (${names.map((n) => `"${n}"`).join(', ')})` : '';
  process.stdout.write(
    `--reset: DELETING ${dataDir}: ${names.length} saved connection${names.length === 1 ? '' : 's'}${listed}, their secrets and the demo vault key.\n`,
  );
  rmSync(dataDir, { recursive: true, force: true });
}

const created = await createCertificate({
  commonName: 'jwt-connect demo',
  organization: 'Demo',
  days: 365,
  bits: 2048,
});
const emulator = new SalesforceEmulator({
  port: Number(process.env.DEMO_PORT ?? 0),
  apps: [{ consumerKey: CONSUMER_KEY, certificatePem: created.certificatePem }],
  users: [
    { username: USERNAME, displayName: 'Integration User' },
    { username: 'not-approved@jwt-connect.test', approved: false },
  ],
  org: { name: 'Demo Org (local emulator)', type: 'Developer Edition', instanceName: 'DEMO1' },
});
const emulatorUrl = await emulator.start();

const services = openNodeServices({ dataDir, platform: { fetch: globalThis.fetch }, entryPoint: 'demo' });
const { service } = services;
const keyFile = {
  fileName: 'jwt-connect-demo.key',
  base64: Buffer.from(created.privateKeyPem + created.certificatePem).toString('base64'),
};
const base = {
  encryption: 'privateKey' as const,
  consumerKey: CONSUMER_KEY,
  environment: 'mydomain' as const,
  myDomainUrl: emulatorUrl,
  keyFile,
};
// Last run's demo connections hold last run's key and emulator port: replace them, keep the rest.
const demoNames = new Set(Object.values(DEMO_NAMES));
const existing = service.listConnections();
for (const connection of existing) if (demoNames.has(connection.name)) service.deleteConnection({ id: connection.id });
await service.createConnection({
  ...base,
  name: DEMO_NAMES.ok,
  description: 'Press Authorise, then Test Connection',
  username: USERNAME,
});
await service.createConnection({
  ...base,
  name: DEMO_NAMES.refused,
  description: 'Shows a refused login and the checklist',
  username: 'not-approved@jwt-connect.test',
});
const kept = existing.filter((c) => !demoNames.has(c.name)).length;

process.stdout.write(
  `Salesforce emulator: ${emulatorUrl} (Consumer Key ${CONSUMER_KEY})\n` +
    `Demo connections: "${DEMO_NAMES.ok}" and "${DEMO_NAMES.refused}" (re-created)${kept ? `; your ${kept} other connection${kept === 1 ? '' : 's'} in the demo data ${kept === 1 ? 'is' : 'are'} kept` : ''}.\n`,
);

const electron = process.argv.includes('--web')
  ? undefined
  : await findOrFetchElectron(() => {
      process.stdout.write("Downloading Electron's binary (first start only)…\n");
    });
let stopApp: () => Promise<void>;
if (electron?.binary) {
  process.stdout.write('Opening the desktop app…\n');
  // One writer per data folder: the app takes the folder over from the demo's setup.
  services.close();
  // The demo's secrets were written with the development vault, so the app is told to use it too
  // (an installed, packaged app ignores this).
  const child = spawn(electron.binary, ['.'], {
    stdio: 'inherit',
    env: { ...process.env, [ENV.dataDir.name]: dataDir, [ENV.devVault.name]: '1' },
  });
  child.on('exit', () => void shutdown());
  stopApp = async () => {
    child.kill();
  };
} else {
  const bridge = await startWebBridge({
    service,
    staticDir: resolve('dist', 'renderer'),
    token: randomBytes(24).toString('base64url'),
    startedBy: npmCommand() ?? 'npm run demo',
  });
  process.stdout.write(
    `${electron ? `The desktop window cannot open because ${electron.reason}, so the demo runs in your browser instead.\n` : ''}Open: ${bridge.url}\nCtrl+C stops the demo.\n`,
  );
  stopApp = bridge.close;
}

async function shutdown(): Promise<void> {
  await stopApp();
  await emulator.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
