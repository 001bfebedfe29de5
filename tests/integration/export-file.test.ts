// An export cannot be forged. With a passphrase the whole document is authenticated
// (an edited URL is refused before anything is imported); without one it says it is not; version-1
// files still import, with a warning; GCM tags are exactly 16 bytes; the work a file asks is capped.
import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionDraft } from '../../shared/connection.js';
import { AppError } from '../../shared/errors.js';
import { openNodeServices } from '../../electron/connections/open-node.js';
import type { ConnectionService } from '../../electron/connections/service.js';
import { fixture } from '../support/helpers.js';

const platform = { fetch: globalThis.fetch };
let dirs: string[] = [];
const closers: (() => void)[] = [];
function fresh(): ConnectionService {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-export-'));
  dirs.push(dir);
  const o = openNodeServices({ dataDir: dir, platform });
  closers.push(() => o.close?.());
  return o.service;
}
let source: ConnectionService;
let target: ConnectionService;
beforeEach(() => {
  source = fresh();
  target = fresh();
});
afterEach(() => {
  for (const c of closers.splice(0)) c();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

const PASS = 'correct horse battery';
const draft = (name: string): ConnectionDraft => ({
  name,
  encryption: 'privateKey',
  consumerKey: '3MVG9.real',
  username: 'victim@example.com',
  environment: 'mydomain',
  myDomainUrl: 'https://victim.my.salesforce.com',
  secrets: { passphrase: 'passphrase' },
  keyFile: { fileName: 'app.pem', base64: fixture('app-pkcs8-encrypted.pem').toString('base64') },
});

async function failure(run: () => unknown): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a failure');
}

describe('export format version 2', () => {
  it('refuses a signed export whose My Domain URL was redirected, importing nothing', async () => {
    await source.createConnection(draft('Prod'));
    const { text } = await source.exportConnections({ includeSecrets: true, passphrase: PASS });
    const forged = text.replace('https://victim.my.salesforce.com', 'https://attacker.example.com');
    expect(forged).not.toBe(text);
    const error = await failure(() => target.importConnections({ text: forged, passphrase: PASS }));
    expect(error).toMatchObject({ code: 'EXPORT_TAMPERED', message: expect.stringContaining('changed') });
    expect(target.listConnections()).toEqual([]);
    // skipping the secrets does not skip the check
    expect(
      (await failure(() => target.importConnections({ text: forged, passphrase: PASS, skipSecrets: true }))).code,
    ).toBe('EXPORT_TAMPERED');
  });

  it('without the passphrase, a signed file imports only when the user explicitly takes it unchecked, and says so', async () => {
    await source.createConnection(draft('Prod'));
    const { text } = await source.exportConnections({ includeSecrets: true, passphrase: PASS });
    // Skipping the secrets alone is no licence to skip the check (the CLI lists --from files this way).
    expect(await failure(() => target.importConnections({ text, skipSecrets: true }))).toMatchObject({
      code: 'BAD_INPUT',
      details: { field: 'passphrase', holdsSecrets: true },
    });
    expect(target.listConnections()).toEqual([]);
    const summary = await target.importConnections({ text, skipSecrets: true, unchecked: true });
    expect(summary).toMatchObject({ withSecrets: false, warnings: [expect.stringContaining('were not checked')] });
    expect(target.listConnections().map((c) => c.name)).toEqual(['Prod']);
  });

  it('a connection imported without its key does not carry "Test succeeded" over; with its key it does', async () => {
    const { id } = await source.createConnection(draft('Prod'));
    const stored = (source as unknown as { ctx: { repository: { get(id: string): object; put(c: object[]): void } } })
      .ctx.repository;
    stored.put([{ ...stored.get(id), lastTest: { at: new Date().toISOString(), ok: true, elapsedMs: 40 } }]);
    const bare = await source.exportConnections({ includeSecrets: false });
    await target.importConnections({ text: bare.text });
    expect(target.listConnections()[0]?.lastTest).toBeUndefined();
    const full = await source.exportConnections({ includeSecrets: true, passphrase: PASS });
    await target.importConnections({ text: full.text, passphrase: PASS });
    expect(target.listConnections().find((c) => c.secrets.keyMaterial === 'saved')?.lastTest).toMatchObject({
      ok: true,
    });
  });

  it('refuses any edited value, added field or swapped secrets block', async () => {
    await source.createConnection(draft('Prod'));
    const { text } = await source.exportConnections({ includeSecrets: true, passphrase: PASS });
    const doc = JSON.parse(text);
    const edits: ((d: any) => void)[] = [
      (d) => {
        d.connections[0].username = 'attacker@example.com';
      },
      (d) => {
        d.connections[0].consumerKey = '3MVG9.attacker';
      },
      (d) => {
        d.connections[0].audience = 'https://login.salesforce.com';
      },
      (d) => {
        d.exportedAt = '2020-01-01T00:00:00.000Z';
      },
      (d) => {
        d.connections.push({ ...d.connections[0], id: 'x', name: 'Extra' });
      },
      (d) => {
        d.secrets.data = Buffer.from(
          Buffer.from(d.secrets.data, 'base64').map((b: number, i: number) => (i === 3 ? b ^ 1 : b)),
        ).toString('base64');
      },
      (d) => {
        d.auth.iterations = 600_001;
      },
    ];
    for (const edit of edits) {
      const copy = structuredClone(doc);
      edit(copy);
      const error = await failure(() => target.importConnections({ text: JSON.stringify(copy), passphrase: PASS }));
      expect(['EXPORT_TAMPERED', 'EXPORT_PASSPHRASE_WRONG']).toContain(error.code);
    }
    expect(target.listConnections()).toEqual([]);
  });

  it('tells a wrong passphrase from an edited file, and imports the untouched file', async () => {
    await source.createConnection(draft('Prod'));
    const { text } = await source.exportConnections({ includeSecrets: true, passphrase: PASS });
    expect((await failure(() => target.importConnections({ text, passphrase: 'wrong passphrase' }))).code).toBe(
      'EXPORT_PASSPHRASE_WRONG',
    );
    const summary = await target.importConnections({ text, passphrase: PASS });
    expect(summary).toMatchObject({ withSecrets: true, imported: [{ name: 'Prod' }] });
    expect(summary.warnings).toBeUndefined();
    const [row] = target.listConnections();
    expect(row).toMatchObject({
      myDomainUrl: 'https://victim.my.salesforce.com',
      secrets: { keyMaterial: 'saved', passphrase: 'saved' },
    });
  });

  it('signs an export without secrets when given a passphrase, and warns about one without', async () => {
    await source.createConnection(draft('Prod'));
    const signed = await source.exportConnections({ includeSecrets: false, passphrase: PASS });
    expect(signed.text).not.toContain('passphrase"'); // no secrets block
    expect(JSON.parse(signed.text).secrets).toBeUndefined();
    const forged = signed.text.replace('victim.my', 'attacker.my');
    expect((await failure(() => target.importConnections({ text: forged, passphrase: PASS }))).code).toBe(
      'EXPORT_TAMPERED',
    );
    expect((await failure(() => target.importConnections({ text: signed.text }))).details).toMatchObject({
      field: 'passphrase',
    });
    expect((await target.importConnections({ text: signed.text, passphrase: PASS })).warnings).toBeUndefined();

    const plain = await source.exportConnections({ includeSecrets: false });
    const summary = await target.importConnections({ text: plain.text });
    expect(summary.warnings?.[0]).toMatch(/not authenticated/);
  });

  it('still imports a version-1 file, warning that its details are unauthenticated', async () => {
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const key = pbkdf2Sync(PASS, salt, 100_000, 32, 'sha256');
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([
      cipher.update(
        JSON.stringify({
          old: { passphrase: 'passphrase', keyMaterial: fixture('app-pkcs8-encrypted.pem').toString('base64') },
        }),
      ),
      cipher.final(),
    ]);
    const v1 = {
      format: 'jwt-connect-connections',
      version: 1,
      exportedAt: new Date().toISOString(),
      connections: [
        {
          id: 'old',
          name: 'Old',
          description: '',
          encryption: 'privateKey',
          consumerKey: 'ck',
          username: 'u@example.com',
          environment: 'production',
          createdAt: '2025-01-01T00:00:00.000Z',
          updatedAt: '2025-01-01T00:00:00.000Z',
        },
      ],
      secrets: {
        kdf: 'pbkdf2-sha256',
        iterations: 100_000,
        salt: salt.toString('base64'),
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      },
    };
    const summary = await target.importConnections({ text: JSON.stringify(v1), passphrase: PASS });
    expect(summary).toMatchObject({ withSecrets: true, imported: [{ name: 'Old' }] });
    expect(summary.warnings?.[0]).toMatch(/version-1.*not authenticated/);

    // a 4-byte tag (a forger's shortcut) is refused, not checked on fewer bits
    const short = { ...v1, secrets: { ...v1.secrets, tag: cipher.getAuthTag().subarray(0, 4).toString('base64') } };
    expect(
      (await failure(() => target.importConnections({ text: JSON.stringify(short), passphrase: PASS }))).code,
    ).toBe('EXPORT_FILE_INVALID');
  });

  it('caps the work a file may ask for: iterations both ways, size, count', async () => {
    await source.createConnection(draft('Prod'));
    const { text } = await source.exportConnections({ includeSecrets: true, passphrase: PASS });
    for (const iterations of [1, 99_999, 1_000_000_000]) {
      const doc = JSON.parse(text);
      doc.auth.iterations = iterations;
      const started = Date.now();
      expect(
        (await failure(() => target.importConnections({ text: JSON.stringify(doc), passphrase: PASS }))).code,
      ).toBe('EXPORT_FILE_INVALID');
      expect(Date.now() - started).toBeLessThan(2000);
    }
    const many = JSON.parse(text);
    many.connections = Array.from({ length: 100_001 }, () => many.connections[0]);
    expect((await failure(() => target.importConnections({ text: JSON.stringify(many), passphrase: PASS }))).code).toBe(
      'EXPORT_FILE_INVALID',
    );
  });

  it('exports the readable secrets and names the connections whose secrets cannot be read', async () => {
    const good = await source.createConnection(draft('Good'));
    const bad = await source.createConnection(draft('Bad'));
    const dir = dirs[0] as string;
    const { readdirSync, rmSync: rm } = await import('node:fs');
    // remove Bad's secrets file: find the file that Good does not use
    const before = readdirSync(join(dir, 'secrets'));
    source.deleteConnection({ id: good.id });
    const badFile = readdirSync(join(dir, 'secrets'))[0] as string;
    rm(join(dir, 'secrets', badFile));
    const again = await source.createConnection(draft('Good'));
    expect(before).toHaveLength(2);
    const out = await source.exportConnections({ includeSecrets: true, passphrase: PASS });
    expect(out.count).toBe(2);
    expect(out.skipped).toEqual([{ id: bad.id, name: 'Bad', reason: expect.stringContaining('missing') }]);
    const summary = await target.importConnections({ text: out.text, passphrase: PASS });
    const rows = target.listConnections();
    expect(summary.imported).toHaveLength(2);
    expect(rows.find((r) => r.name === 'Good')?.secrets.keyMaterial).toBe('saved');
    expect(rows.find((r) => r.name === 'Bad')?.secrets.keyMaterial).toBe('missing');
    expect(again.name).toBe('Good');
  });

  it('imports in chunks: progress can be read and other calls answered while it runs', async () => {
    const now = new Date().toISOString();
    const connections = Array.from({ length: 3000 }, (_, i) => ({
      id: `x-${i}`,
      name: `Imported ${i}`,
      description: '',
      encryption: 'privateKey',
      consumerKey: 'ck',
      username: `u${i}@example.com`,
      environment: 'production',
      createdAt: now,
      updatedAt: now,
    }));
    const text = JSON.stringify({ format: 'jwt-connect-connections', version: 2, exportedAt: now, connections });
    const seen: ({ done: number; total: number } | null)[] = [];
    let answeredDuring = false;
    let finished = false;
    const poll = () => {
      if (finished) return;
      seen.push(target.importProgress({}));
      if (target.listConnections().length === 0) answeredDuring = true;
      setImmediate(poll);
    };
    setImmediate(poll);
    const summary = await target.importConnections({ text });
    finished = true;
    expect(summary.imported).toHaveLength(3000);
    expect(answeredDuring).toBe(true);
    expect(seen.some((p) => p !== null && p.done > 0 && p.done < p.total)).toBe(true);
    expect(target.importProgress({})).toBeNull();
    expect(target.listConnections()).toHaveLength(3000);
  });
});
