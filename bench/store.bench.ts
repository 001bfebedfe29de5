// Saved connections at scale: list and save medians with 100, 1,000 and 10,000 connections.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNodeServices, storePath } from '../electron/connections/open-node.js';
import type { StoredConnection } from '../electron/connections/repository.js';
import { SecretFiles } from '../electron/connections/secret-files.js';
import { measure, table, type Row } from './bench-lib.js';

export async function benchStore(): Promise<string> {
  const rows: Row[] = [];
  let baseline: { list: number; save: number } | undefined;
  for (const size of [100, 1000, 10_000]) {
    const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-bench-'));
    const { service, repository, vault } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
    const now = new Date().toISOString();
    // One real secrets file (a 2.6 KB keystore and a password) shared by the seeded rows: list and
    // save never read other connections' secrets, so this measures what 10,000 distinct files would.
    const secretsRef = new SecretFiles(dir).write(vault.seal({ keyStorePassword: 'storepass', keyMaterial: Buffer.alloc(2600, 1).toString('base64') }, 'seed-0'));
    const seed: StoredConnection[] = Array.from({ length: size }, (_, i) => ({
      id: `seed-${i}`, name: `Connection ${i}`, description: `Seeded connection number ${i}`, connectionType: 'salesforce', authType: 'oauth-jwt',
      encryption: 'jks', consumerKey: `3MVG9${i}`, username: `user${i}@example.com`, environment: i % 3 ? 'sandbox' : 'production',
      certificateName: 'app', createdAt: now, updatedAt: now, secretsRef, secretsSaved: ['keyStorePassword', 'keyMaterial'],
    }));
    repository.put(seed);
    let n = 0;
    const list = await measure(15, () => service.listConnections({ search: 'connection 9', sort: 'updated' }));
    const save = await measure(15, () => service.createConnection({ name: `New ${n++}`, encryption: 'privateKey', consumerKey: 'ck', username: 'u@example.com', environment: 'production', secrets: { passphrase: 'p' } }));
    const mb = (statSync(storePath(dir)).size / 1e6).toFixed(1);
    baseline ??= { list, save };
    rows.push({ what: `list (search + sort), ${size.toLocaleString('en')} connections`, medianMs: list, referenceMs: baseline.list, reference: 'vs 100 connections' });
    rows.push({ what: `save one (atomic write of ${mb} MB), ${size.toLocaleString('en')} connections`, medianMs: save, referenceMs: baseline.save, reference: 'vs 100 connections' });
    rmSync(dir, { recursive: true, force: true });
  }
  return table('Saved connections at scale', rows);
}
