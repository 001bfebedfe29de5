// Files on disk and the store's version-2 migration: the data folder is 0700 and every
// file in it 0600 whatever the umask; a looser dev-vault.key is tightened; temp files of killed writes
// are removed at start; a read-only folder is a typed error with a hint (or opens read-only when
// asked); version-1 stores have their unbound secrets files re-sealed, after which unbound ones are refused.
import { createCipheriv, randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNodeServices, storePath } from '../../electron/connections/open-node.js';
import { fixture } from '../support/helpers.js';
import { runAsNobody } from '../support/as-nobody.js';

const platform = { fetch: globalThis.fetch };
let dir: string;
const closers: (() => void)[] = [];
const open = () => {
  const o = openNodeServices({ dataDir: dir, platform });
  closers.push(() => o.close?.());
  return o.service;
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-files-'));
});
afterEach(() => {
  for (const c of closers.splice(0)) c();
  rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;
const draft = {
  name: 'A',
  encryption: 'privateKey' as const,
  consumerKey: 'ck',
  username: 'u@example.com',
  environment: 'production' as const,
  secrets: { passphrase: 'p' },
};

describe('files on disk', () => {
  it('makes the folder 0700 and every file 0600 even with umask 000', async () => {
    const old = process.umask(0);
    try {
      chmodSync(dir, 0o777);
      await open().createConnection(draft);
      await open().updateConnection({
        id: open().listConnections()[0]?.id as string,
        draft: { ...draft, description: 'again' },
      });
    } finally {
      process.umask(old);
    }
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'secrets'))).toBe(0o700);
    const files = [
      ...readdirSync(dir)
        .filter((f) => f !== 'secrets')
        .map((f) => join(dir, f)),
      ...readdirSync(join(dir, 'secrets')).map((f) => join(dir, 'secrets', f)),
    ];
    expect(files.map((f) => f.replace(dir, ''))).toEqual(
      expect.arrayContaining(['/connections.json', '/dev-vault.key', '/jwt-connect.lock']),
    );
    for (const f of files) expect(mode(f), f).toBe(0o600);
  });

  it('tightens an existing dev-vault.key and store with looser modes', async () => {
    await open().createConnection(draft);
    for (const c of closers.splice(0)) c();
    chmodSync(join(dir, 'dev-vault.key'), 0o644);
    chmodSync(storePath(dir), 0o666);
    chmodSync(dir, 0o755);
    open();
    expect(mode(join(dir, 'dev-vault.key'))).toBe(0o600);
    expect(mode(storePath(dir))).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
  });

  it("removes temp files left by killed writes (ours and conf's) at start", async () => {
    await open().createConnection(draft);
    for (const c of closers.splice(0)) c();
    const leftovers = ['connections.json.tmp-1234-abcd1234', 'connections.json.tmp-1732334455a1b2c3'];
    for (const f of leftovers) writeFileSync(join(dir, f), '{"partial');
    writeFileSync(join(dir, 'secrets', '22222222-2222-2222-2222-222222222222.json.tmp'), '{');
    open();
    for (const f of leftovers) expect(readdirSync(dir)).not.toContain(f);
    expect(readdirSync(join(dir, 'secrets')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a read-only data folder is a typed error with a hint, or opens read-only when asked', async () => {
    await open().createConnection(draft);
    for (const c of closers.splice(0)) c();
    chmodSync(dir, 0o755);
    chmodSync(storePath(dir), 0o644); // readable by others, the folder writable only by its owner
    const child = join(import.meta.dirname, 'store-unreadable-child.ts');
    const run = (...args: string[]) => {
      const r = runAsNobody(child, [dir, ...args]);
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout);
    };
    expect(run().open).toMatchObject({ code: 'STORE_UNWRITABLE', message: expect.stringContaining(dir) });
    const readOnly = run('readonly');
    expect(readOnly).toMatchObject({
      count: 1,
      readOnly: { message: expect.stringContaining('read-only') },
      save: { code: 'STORE_UNWRITABLE' },
    });
  }, 60_000);
});

describe('store version 2: every secrets file bound to its connection', () => {
  it('re-seals unbound (version-1) secrets files at start, losing none, then refuses unbound ones', async () => {
    open(); // creates the dev key
    for (const c of closers.splice(0)) c();
    const key = Buffer.from(readFileSync(join(dir, 'dev-vault.key'), 'utf8').trim(), 'base64');
    const legacy = (secrets: object) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
      return JSON.stringify({
        backend: 'dev-aes-256-gcm',
        data: Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64'),
      });
    };
    const ref = '33333333-3333-4333-8333-333333333333';
    mkdirSync(join(dir, 'secrets'), { recursive: true });
    const keyMaterial = fixture('app-pkcs8-encrypted.pem').toString('base64');
    writeFileSync(join(dir, 'secrets', `${ref}.json`), legacy({ passphrase: 'passphrase', keyMaterial }));
    const now = new Date().toISOString();
    writeFileSync(
      storePath(dir),
      JSON.stringify({
        version: 1,
        connections: [
          {
            id: 'c1',
            name: 'Old',
            description: '',
            connectionType: 'salesforce',
            authType: 'oauth-jwt',
            encryption: 'privateKey',
            consumerKey: 'ck',
            username: 'u@example.com',
            environment: 'production',
            createdAt: now,
            updatedAt: now,
            secretsRef: ref,
            secretsSaved: ['passphrase', 'keyMaterial'],
          },
        ],
      }),
    );

    const service = open();
    const doc = JSON.parse(readFileSync(storePath(dir), 'utf8'));
    expect(doc.version).toBe(2);
    expect(doc.connections[0].secretsRef).not.toBe(ref); // a new, bound file
    expect(readdirSync(join(dir, 'secrets'))).toEqual([`${doc.connections[0].secretsRef}.json`]);
    expect((await service.inspectKeyFile({ id: 'c1' })).format).toBe('pem');

    // after the migration an unbound file (an old copy put back, or swapped in) no longer opens
    writeFileSync(
      join(dir, 'secrets', `${doc.connections[0].secretsRef}.json`),
      legacy({ passphrase: 'attacker', keyMaterial }),
    );
    const again = open();
    expect(again.getConnection({ id: 'c1' }).secretsProblem).toMatchObject({ code: 'VAULT_UNAVAILABLE' });
  });

  it('"Restore it" of a damaged version-1 store re-seals its secrets for the version-2 store, so they open', async () => {
    open(); // a version-2 store and the dev key
    for (const c of closers.splice(0)) c();
    const key = Buffer.from(readFileSync(join(dir, 'dev-vault.key'), 'utf8').trim(), 'base64');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const keyMaterial = fixture('app-pkcs8-encrypted.pem').toString('base64');
    const data = Buffer.concat([
      cipher.update(JSON.stringify({ passphrase: 'passphrase', keyMaterial }), 'utf8'),
      cipher.final(),
    ]);
    const ref = '44444444-4444-4444-8444-444444444444';
    mkdirSync(join(dir, 'secrets'), { recursive: true });
    writeFileSync(
      join(dir, 'secrets', `${ref}.json`),
      JSON.stringify({
        backend: 'dev-aes-256-gcm',
        data: Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64'),
      }),
    );
    const now = new Date().toISOString();
    // A version-1 store (unbound secrets), damaged: a second record that does not validate.
    const v1 = JSON.stringify({
      version: 1,
      connections: [
        { id: 42, name: null },
        {
          id: 'c1',
          name: 'Old',
          description: '',
          connectionType: 'salesforce',
          authType: 'oauth-jwt',
          encryption: 'privateKey',
          consumerKey: 'ck',
          username: 'u@example.com',
          environment: 'production',
          createdAt: now,
          updatedAt: now,
          secretsRef: ref,
          secretsSaved: ['passphrase', 'keyMaterial'],
        },
      ],
    });
    writeFileSync(storePath(dir), v1);

    const service = open();
    expect(service.vaultStatus().storeProblem).toMatchObject({ code: 'STORE_CORRUPT', restorable: true });
    expect(service.restoreStore({})).toEqual({ restored: 1 });
    expect(service.getConnection({ id: 'c1' }).secretsProblem).toBeUndefined();
    expect((await service.inspectKeyFile({ id: 'c1' })).format).toBe('pem');
    for (const c of closers.splice(0)) c();
    expect(open().getConnection({ id: 'c1' }).secretsProblem).toBeUndefined(); // bound now: opens after a restart too
  });

  it('leaves a store from a newer version untouched (a downgrade loses nothing)', async () => {
    await open().createConnection(draft);
    for (const c of closers.splice(0)) c();
    const doc = JSON.parse(readFileSync(storePath(dir), 'utf8'));
    doc.version = 3;
    writeFileSync(storePath(dir), JSON.stringify(doc));
    const before = readdirSync(join(dir, 'secrets'));
    copyFileSync(storePath(dir), join(dir, 'copy'));
    expect(open().vaultStatus().storeProblem?.code).toBe('STORE_TOO_NEW');
    expect(readFileSync(storePath(dir), 'utf8')).toBe(readFileSync(join(dir, 'copy'), 'utf8'));
    expect(readdirSync(join(dir, 'secrets'))).toEqual(before);
  });
});
