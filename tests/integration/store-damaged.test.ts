// A damaged store never costs the secrets. The secrets files stay until provably orphaned,
// a top level that is not an object is damage, an unreadable file (permissions) is a typed problem
// with nothing moved, and "Restore it" brings the connections back with their secrets.
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionDraft } from '../../shared/connection.js';
import { openNodeServices, storePath } from '../../electron/connections/open-node.js';
import { fixture } from '../support/helpers.js';
import { runAsNobody } from '../support/as-nobody.js';

const platform = { fetch: globalThis.fetch };
let dir: string;
const opened: (() => void)[] = [];
const open = () => {
  const o = openNodeServices({ dataDir: dir, platform });
  opened.push(() => o.close?.());
  return o.service;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-damaged-'));
});
afterEach(() => {
  for (const close of opened.splice(0)) close();
  rmSync(dir, { recursive: true, force: true });
});

const draft = (name: string): ConnectionDraft => ({
  name,
  encryption: 'privateKey',
  consumerKey: 'ck',
  username: 'u@example.com',
  environment: 'production',
  secrets: { passphrase: 'passphrase' },
  keyFile: { fileName: 'app.pem', base64: fixture('app-pkcs8-encrypted.pem').toString('base64') },
});
const secretsFiles = () =>
  readdirSync(join(dir, 'secrets'))
    .filter((f) => f.endsWith('.json'))
    .sort();

describe('a damaged store never costs the secrets', () => {
  it('keeps every secrets file over two restarts after the damage, so a backup put back works', async () => {
    const service = open();
    const a = await service.createConnection(draft('A'));
    await service.createConnection(draft('B'));
    const backup = join(dir, 'backup.json');
    copyFileSync(storePath(dir), backup);
    const before = secretsFiles();
    writeFileSync(storePath(dir), '{"version":1,"connections":[{"id":'); // damaged

    expect(open().vaultStatus().storeProblem?.code).toBe('STORE_CORRUPT'); // first restart: moved aside
    open(); // second restart: today the sweep deleted every secrets file here
    expect(secretsFiles()).toEqual(before);

    copyFileSync(backup, storePath(dir)); // the user puts the backup back
    const restored = open();
    expect(restored.getConnection({ id: a.id })).toMatchObject({
      secrets: { keyMaterial: 'saved', passphrase: 'saved' },
    });
    expect(restored.getConnection({ id: a.id }).secretsProblem).toBeUndefined();
    expect((await restored.inspectKeyFile({ id: a.id })).format).toBe('pem'); // the key bytes really are there
  });

  it('keeps secrets files that only a moved-aside store names, even after new saves', async () => {
    const service = open();
    await service.createConnection(draft('A'));
    const before = secretsFiles();
    const text = readFileSync(storePath(dir), 'utf8');
    writeFileSync(storePath(dir), text.slice(0, -10)); // truncated
    await open().createConnection(draft('C')); // a clean store again, with a newer save
    open();
    for (const f of before) expect(secretsFiles()).toContain(f);
  });

  it.each([['null'], ['[]'], ['"text"'], ['42']])(
    'treats a store holding %s as damage, reported and moved aside',
    async (content) => {
      await open().createConnection(draft('A'));
      const before = secretsFiles();
      writeFileSync(storePath(dir), content);
      const status = open().vaultStatus();
      expect(status.storeProblem).toMatchObject({
        code: 'STORE_CORRUPT',
        movedTo: expect.stringContaining('connections.json.corrupt-'),
        restorable: false,
      });
      expect(readFileSync(status.storeProblem?.movedTo as string, 'utf8')).toBe(content);
      open();
      expect(secretsFiles()).toEqual(before);
    },
  );

  it('restores the connections a damaged file still holds, with their secrets ("Restore it")', async () => {
    const service = open();
    const a = await service.createConnection(draft('A'));
    // one record damaged, the other intact: the file as a whole does not validate
    const doc = JSON.parse(readFileSync(storePath(dir), 'utf8'));
    doc.connections.push({ id: 7, name: 42 });
    writeFileSync(storePath(dir), JSON.stringify(doc));
    const reopened = open();
    expect(reopened.vaultStatus().storeProblem).toMatchObject({ code: 'STORE_CORRUPT', restorable: true });
    expect(reopened.listConnections()).toEqual([]);
    expect(reopened.restoreStore({})).toEqual({ restored: 1 });
    expect(reopened.vaultStatus().storeProblem).toBeUndefined();
    expect(reopened.getConnection({ id: a.id })).toMatchObject({ name: 'A', secrets: { keyMaterial: 'saved' } });
    expect((await open().inspectKeyFile({ id: a.id })).format).toBe('pem');
  });

  it('"Start empty" acknowledges the report and keeps the moved-aside file', async () => {
    await open().createConnection(draft('A'));
    writeFileSync(storePath(dir), 'garbage');
    const reopened = open();
    const movedTo = reopened.vaultStatus().storeProblem?.movedTo as string;
    expect(reopened.startEmpty({})).toEqual({ ok: true });
    expect(reopened.vaultStatus().storeProblem).toBeUndefined();
    expect(readFileSync(movedTo, 'utf8')).toBe('garbage');
  });

  it('reports a store it may not read (EACCES) as STORE_UNREADABLE, moving and deleting nothing', async () => {
    await open().createConnection(draft('A'));
    for (const c of opened.splice(0)) c();
    const before = readdirSync(dir).sort();
    const secretsBefore = secretsFiles();
    // Another user (nobody) runs jwt-connect on a folder it may write but a store it may not read.
    chmodSync(dir, 0o777);
    chmodSync(storePath(dir), 0o600);
    const child = join(import.meta.dirname, 'store-unreadable-child.ts');
    const run = runAsNobody(child, [dir]);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as {
      problem?: { code: string; hint: string };
      save?: { code: string; message: string };
    };
    expect(out.problem).toMatchObject({ code: 'STORE_UNREADABLE', hint: expect.stringContaining('permissions') });
    expect(out.save?.code).toBe('STORE_UNREADABLE');
    expect(
      readdirSync(dir)
        .filter((f) => !f.startsWith('jwt-connect.lock'))
        .sort(),
    ).toEqual(before);
    expect(secretsFiles()).toEqual(secretsBefore);
  }, 60_000);
});
