// A jwt-connect process for storage-lock.test.ts: opens the data folder (read-only when asked), saves
// `count` connections acknowledging each on stdout, then stays open until its stdin closes.
import { AppError } from '../../shared/errors.js';
import { openNodeServices } from '../../electron/connections/open-node.js';

const [dataDir, prefix, countText, mode] = process.argv.slice(2) as [string, string, string, string | undefined];
const say = (line: string) => process.stdout.write(`${line}\n`);
let opened: ReturnType<typeof openNodeServices>;
try {
  opened = openNodeServices({
    dataDir,
    platform: { fetch: globalThis.fetch },
    entryPoint: `test ${prefix}`,
    readOnlyOk: mode === 'readonly',
  });
} catch (error) {
  say(`refused ${JSON.stringify(error instanceof AppError ? error.toInfo() : String(error))}`);
  process.exit(4);
}
const status = opened.service.vaultStatus();
if (status.readOnly) say(`readonly ${JSON.stringify(status.readOnly)}`);
for (let i = 0; i < Number(countText); i++) {
  const name = `${prefix}-${i}`;
  try {
    await opened.service.createConnection({
      name,
      encryption: 'privateKey',
      consumerKey: 'ck',
      username: `u${i}@example.com`,
      environment: 'production',
      secrets: { passphrase: `secret-${i}` },
    });
    say(`saved ${name}`);
  } catch (error) {
    say(`failed ${JSON.stringify(error instanceof AppError ? error.toInfo() : String(error))}`);
  }
}
say('ready');
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
