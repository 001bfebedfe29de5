// The service reads key files in the worker: while a costly (capped) key file is inspected through
// the API, the process's event loop keeps turning, so the window's other calls still answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { closeKeyWorker } from '../../electron/keys/key-worker-client.js';
import { fixture } from '../support/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-service-worker-'));
const { service, close } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
afterAll(async () => {
  close();
  await closeKeyWorker();
  rmSync(dir, { recursive: true, force: true });
});

describe('key files through the service', () => {
  it('inspect of a costly file leaves the event loop free: a timer keeps ticking and the list answers', async () => {
    await service.inspectKeyFile({
      keyFile: { fileName: 'warm.pem', base64: fixture('app-pkcs8.pem').toString('base64') },
    }); // the worker is up
    const costly = {
      keyFile: { fileName: 'slow.pem', base64: fixture('app-pkcs8-encrypted-1m.pem').toString('base64') },
      passphrase: 'passphrase',
    }; // 1,000,000 PBKDF2 rounds
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
    }, 5);
    const started = performance.now();
    const pending = service.inspectKeyFile(costly);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const listStarted = performance.now();
    service.listConnections();
    const listMs = performance.now() - listStarted;
    const info = await pending;
    const totalMs = performance.now() - started;
    clearInterval(timer);
    expect(info.entries[0]?.kind).toBe('privateKey');
    expect(listMs).toBeLessThan(50);
    // Read in-thread, 1,000,000 rounds would hold the loop for the whole time and no tick would fire.
    expect(ticks).toBeGreaterThan(Math.min(10, totalMs / 20));
  });
});
