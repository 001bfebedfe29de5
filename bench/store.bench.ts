// Saved connections at scale: list and save medians with 100, 1,000 and 10,000 connections.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNodeServices, storePath } from '../electron/connections/open-node.js';
import type { StoredConnection } from '../electron/connections/repository.js';
import { SecretFiles } from '../electron/connections/secret-files.js';
import { buildExport } from '../electron/connections/export-file.js';
import { measure, median, table, type Row } from './bench-lib.js';

export async function benchStore(): Promise<string> {
  const rows: Row[] = [];
  let baseline: { list: number; save: number } | undefined;
  for (const size of [100, 1000, 10_000]) {
    const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-bench-'));
    const { service, repository, vault, close } = openNodeServices({
      dataDir: dir,
      platform: { fetch: globalThis.fetch },
    });
    const now = new Date().toISOString();
    // One real secrets file (a 2.6 KB keystore and a password) shared by the seeded rows: list and
    // save never read other connections' secrets, so this measures what 10,000 distinct files would.
    const secretsRef = new SecretFiles(dir).write(
      vault.seal({ keyStorePassword: 'storepass', keyMaterial: Buffer.alloc(2600, 1).toString('base64') }, 'seed-0'),
    );
    const seed: StoredConnection[] = Array.from({ length: size }, (_, i) => ({
      id: `seed-${i}`,
      name: `Connection ${i}`,
      description: `Seeded connection number ${i}`,
      connectionType: 'salesforce',
      authType: 'oauth-jwt',
      encryption: 'jks',
      consumerKey: `3MVG9${i}`,
      username: `user${i}@example.com`,
      environment: i % 3 ? 'sandbox' : 'production',
      certificateName: 'app',
      createdAt: now,
      updatedAt: now,
      secretsRef,
      secretsSaved: ['keyStorePassword', 'keyMaterial'],
    }));
    repository.put(seed);
    let n = 0;
    const list = await measure(15, () => service.listConnections({ search: 'connection 9', sort: 'updated' }));
    const save = await measure(15, () =>
      service.createConnection({
        name: `New ${n++}`,
        encryption: 'privateKey',
        consumerKey: 'ck',
        username: 'u@example.com',
        environment: 'production',
        secrets: { passphrase: 'p' },
      }),
    );
    const mb = (statSync(storePath(dir)).size / 1e6).toFixed(1);
    baseline ??= { list, save };
    rows.push({
      what: `list (search + sort), ${size.toLocaleString('en')} connections`,
      medianMs: list,
      referenceMs: baseline.list,
      reference: 'vs 100 connections',
    });
    rows.push({
      what: `save one (atomic write of ${mb} MB), ${size.toLocaleString('en')} connections`,
      medianMs: save,
      referenceMs: baseline.save,
      reference: 'vs 100 connections',
    });
    close();
    rmSync(dir, { recursive: true, force: true });
  }
  rows.push(...(await benchImport(false)), ...(await benchImport(true)));
  return table('Saved connections at scale', rows);
}

/**
 * Import of 10,000 connections: the wall time, and the longest the event loop was
 * held during it (what the window would feel). Before batching: 16 s, all of it blocking.
 */
export async function benchImport(withSecrets: boolean): Promise<Row[]> {
  const size = 10_000;
  const now = new Date().toISOString();
  const connections = Array.from({ length: size }, (_, i) => ({
    id: `x-${i}`,
    name: `Imported ${i}`,
    description: `Imported connection number ${i}`,
    connectionType: 'salesforce',
    authType: 'oauth-jwt',
    encryption: 'jks',
    consumerKey: `3MVG9${i}`,
    username: `user${i}@example.com`,
    environment: 'sandbox',
    certificateName: 'app',
    createdAt: now,
    updatedAt: now,
  }));
  const keyMaterial = Buffer.alloc(1700, 1).toString('base64'); // a 2048-bit PEM key: 10,000 of them stay under the 50 MB import cap
  const secrets = withSecrets
    ? Object.fromEntries(connections.map((c) => [c.id, { keyStorePassword: 'storepass', keyMaterial }]))
    : undefined;
  const text = JSON.stringify(await buildExport({ exportedAt: now, connections }, secrets, 'bench passphrase'));
  const walls: number[] = [];
  const stalls: number[] = [];
  for (let run = 0; run < 3; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-bench-import-'));
    const { service, close } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
    let longest = 0;
    let last = performance.now();
    let probing = true;
    const probe = () => {
      const t = performance.now();
      longest = Math.max(longest, t - last);
      last = t;
      if (probing) setTimeout(probe, 1);
    };
    setTimeout(probe, 1);
    const t0 = performance.now();
    const summary = await service.importConnections({ text, passphrase: 'bench passphrase' });
    walls.push(performance.now() - t0);
    probing = false;
    stalls.push(longest);
    if (summary.imported.length !== size) throw new Error('import lost connections');
    close();
    rmSync(dir, { recursive: true, force: true });
  }
  const label = withSecrets ? 'with secrets (a 1.7 KB key and a password each)' : 'definitions only';
  return [
    {
      what: `import 10,000 connections, ${label}: wall time`,
      medianMs: median(walls),
      referenceMs: 16_000,
      reference: 'before batching: 16 s, blocking',
    },
    {
      what: `import 10,000 connections, ${label}: longest event-loop stall`,
      medianMs: median(stalls),
      referenceMs: 100,
      reference: 'goal ≤ 100 ms (a keystroke)',
    },
  ];
}
