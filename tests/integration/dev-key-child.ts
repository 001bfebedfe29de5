// One of several processes creating the dev vault key at the same moment (dev-key.test.ts).
import { loadOrCreateDevKey } from '../../electron/connections/vault.js';

const [path, startAt] = process.argv.slice(2) as [string, string];
while (Date.now() < Number(startAt)) {
  /* start together */
}
try {
  process.stdout.write(loadOrCreateDevKey(path).toString('base64'));
} catch (error) {
  process.stdout.write(`ERROR ${(error as { code?: string }).code ?? String(error)}`);
}
