// Attacks on the saved-connection store, its secrets files, the lock, exports and the secrets
// password that got through (damage, unreadable secrets, the lock, forged exports): each test failed before its fix.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionDraft } from '../../shared/connection.js';
import { openNodeServices, storePath } from '../../electron/connections/open-node.js';
import { fixture } from '../support/helpers.js';

const platform = { fetch: globalThis.fetch };
let dir: string;
const opened: (() => void)[] = [];
const open = (extra: Partial<Parameters<typeof openNodeServices>[0]> = {}) => {
  const o = openNodeServices({ dataDir: dir, platform, ...extra });
  opened.push(() => o.close?.());
  return o.service;
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-astore-'));
});
afterEach(() => {
  for (const close of opened.splice(0)) close();
  rmSync(dir, { recursive: true, force: true });
});

const draft = (name: string, extra: Partial<ConnectionDraft> = {}): ConnectionDraft => ({
  name,
  encryption: 'privateKey',
  consumerKey: 'ck',
  username: 'u@example.com',
  environment: 'production',
  secrets: { passphrase: 'passphrase' },
  keyFile: { fileName: 'app.pem', base64: fixture('app-pkcs8-encrypted.pem').toString('base64') },
  ...extra,
});
const secretsFiles = () =>
  readdirSync(join(dir, 'secrets'))
    .filter((f) => f.endsWith('.json'))
    .sort();
const later = () => new Promise((resolve) => setTimeout(resolve, 20));
const errorOf = async (run: () => unknown) => {
  try {
    await run();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('no error');
};
const PASSPHRASE = 'correct horse battery';

describe('secrets files of a damaged store', () => {
  it('keeps the secrets files a truncated store lost the names of, after new saves and restarts', async () => {
    const service = open();
    await service.createConnection(draft('A'));
    await service.createConnection(draft('B'));
    const before = secretsFiles();
    const text = readFileSync(storePath(dir), 'utf8');
    writeFileSync(storePath(dir), text.slice(0, text.indexOf('"name":"B"'))); // B's secretsRef is cut off
    await later();
    const restarted = open();
    expect(restarted.vaultStatus().storeProblem?.code).toBe('STORE_CORRUPT');
    await later();
    await restarted.createConnection(draft('C')); // a clean, newer save
    open();
    for (const f of before) expect(secretsFiles()).toContain(f);
  });

  it('never moves a damaged store over an older moved-aside one (a clock set back)', async () => {
    const fixed = new Date('2026-01-01T00:00:00Z');
    const { ConnectionRepository } = await import('../../electron/connections/repository.js');
    const { openJsonStoreFile } = await import('../../electron/connections/store-file.js');
    const openAt = () =>
      ConnectionRepository.open(
        () => openJsonStoreFile(dir),
        storePath(dir),
        () => fixed,
      );
    writeFileSync(storePath(dir), '{"first":');
    const first = openAt().problem?.movedTo as string;
    writeFileSync(storePath(dir), '{"second":');
    const second = openAt().problem?.movedTo as string;
    expect(second).not.toBe(first);
    expect(readFileSync(first, 'utf8')).toBe('{"first":');
    expect(readFileSync(second, 'utf8')).toBe('{"second":');
  });

  it('offers "Restore it" for a store an editor saved with a byte-order mark', async () => {
    const a = await open().createConnection(draft('A'));
    writeFileSync(storePath(dir), `\uFEFF${readFileSync(storePath(dir), 'utf8')}`);
    const service = open();
    expect(service.vaultStatus().storeProblem).toMatchObject({ code: 'STORE_CORRUPT', restorable: true });
    expect(service.restoreStore()).toEqual({ restored: 1 });
    expect(service.getConnection({ id: a.id }).secretsProblem).toBeUndefined();
  });

  it('reports two connections sharing an id as damage instead of dropping one at the next save', async () => {
    const service = open();
    await service.createConnection(draft('A'));
    await service.createConnection(draft('B'));
    const doc = JSON.parse(readFileSync(storePath(dir), 'utf8')) as { connections: { id: string }[] };
    (doc.connections[1] as { id: string }).id = (doc.connections[0] as { id: string }).id;
    writeFileSync(storePath(dir), JSON.stringify(doc));
    const restarted = open();
    expect(restarted.vaultStatus().storeProblem).toMatchObject({ code: 'STORE_CORRUPT', restorable: true });
    expect(restarted.restoreStore()).toEqual({ restored: 1 });
    const movedTo = readdirSync(dir).find((n) => n.startsWith('connections.json.corrupt-')) as string;
    expect(readFileSync(join(dir, movedTo), 'utf8')).toContain('"name":"B"'); // kept where the user can find it
  });

  it.each([[0], [-1]])('treats a store claiming version %s (never written) as damage', async (version) => {
    await open().createConnection(draft('A'));
    const doc = JSON.parse(readFileSync(storePath(dir), 'utf8')) as { version: number };
    writeFileSync(storePath(dir), JSON.stringify({ ...doc, version }));
    expect(open().vaultStatus().storeProblem).toMatchObject({ code: 'STORE_CORRUPT', restorable: true });
  });

  it('does not delete a secrets file another connection still names (a hand-edited store)', async () => {
    const service = open();
    const a = await service.createConnection(draft('A'));
    const b = await service.createConnection(draft('B'));
    const doc = JSON.parse(readFileSync(storePath(dir), 'utf8')) as {
      connections: { id: string; secretsRef?: string }[];
    };
    const refA = doc.connections.find((c) => c.id === a.id)?.secretsRef;
    for (const c of doc.connections) if (c.id === b.id) c.secretsRef = refA; // B names A's file
    writeFileSync(storePath(dir), JSON.stringify(doc));
    const restarted = open();
    restarted.deleteConnection({ id: b.id });
    expect(restarted.getConnection({ id: a.id }).secretsProblem).toBeUndefined();
    expect((await restarted.inspectKeyFile({ id: a.id })).format).toBe('pem');
  });
});

describe('the data-directory lock', () => {
  it('takes over a folder left where the lock file should be, with a typed answer, never a crash', () => {
    mkdirSync(join(dir, 'jwt-connect.lock'));
    const service = open();
    expect(service.vaultStatus().readOnly).toBeUndefined();
    expect(readFileSync(join(dir, 'jwt-connect.lock'), 'utf8')).toContain(`"pid":${process.pid}`);
  });

  it('a holder whose lock file was deleted and taken by another process stops writing; one merely deleted is put back', async () => {
    const service = open();
    await service.createConnection(draft('A'));
    const lock = join(dir, 'jwt-connect.lock');
    rmSync(lock);
    await service.createConnection(draft('B')); // nobody took it: the lock is put back
    expect(readFileSync(lock, 'utf8')).toContain(`"pid":${process.pid}`);
    rmSync(lock);
    writeFileSync(
      lock,
      `${JSON.stringify({ pid: 1, startedAt: new Date().toISOString(), host: hostname(), entry: 'browser mode' })}\n`,
    );
    const before = readFileSync(storePath(dir), 'utf8');
    const files = secretsFiles();
    expect((await errorOf(() => service.createConnection(draft('C')))).code).toBe('STORE_LOCKED');
    expect(readFileSync(storePath(dir), 'utf8')).toBe(before);
    expect(secretsFiles()).toEqual(files);
    rmSync(lock); // the other one is done (so afterEach's release finds no stranger's lock)
  });

  it('a process that does not hold the folder cannot set the secrets password there', async () => {
    writeFileSync(
      join(dir, 'jwt-connect.lock'),
      `${JSON.stringify({ pid: 1, startedAt: new Date().toISOString(), host: hostname(), entry: 'desktop app' })}\n`,
    );
    const service = open({ readOnlyOk: true, secretsPassword: true });
    expect(service.vaultStatus().readOnly).toBeDefined();
    expect((await errorOf(() => service.setSecretsPassword({ password: PASSPHRASE }))).code).toBe('STORE_LOCKED');
    expect(readdirSync(dir)).not.toContain('secrets-password.json');
  });
});

describe('a pipe or device in place of a file never blocks', () => {
  // Each case runs in a child with a deadline: today's code blocks in open(2) and ignores SIGTERM.
  const child = (script: string) =>
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '..', '..'),
      timeout: 20_000,
      killSignal: 'SIGKILL',
      encoding: 'utf8',
    });
  const opening = (extra: string) => `import { openNodeServices } from './electron/connections/open-node.ts';
    const o = openNodeServices({ dataDir: ${JSON.stringify('DIR')}, platform: { fetch: globalThis.fetch }, secretsPassword: true });
    ${extra}
    process.exit(0);`;

  it.each([
    ['connections.json', 'console.log(o.service.vaultStatus().storeProblem?.code);', 'STORE_UNREADABLE'],
    ['jwt-connect.lock', 'console.log(o.service.vaultStatus().readOnly ? "readOnly" : "holder");', 'holder'],
    [
      'secrets-password.json',
      'try { await o.service.unlockSecrets({ password: "some password" }); } catch (e) { console.log(e.code); }',
      'VAULT_UNAVAILABLE',
    ],
  ])('a FIFO named %s', (name, extra, expected) => {
    execFileSync('mkfifo', [join(dir, name)]);
    expect(child(opening(extra).replace('DIR', dir)).trim()).toBe(expected);
  });

  it("a FIFO in place of a connection's secrets file", async () => {
    const a = await open().createConnection(draft('A'));
    for (const close of opened.splice(0)) close();
    const [file] = secretsFiles();
    rmSync(join(dir, 'secrets', file as string));
    execFileSync('mkfifo', [join(dir, 'secrets', file as string)]);
    const out = child(
      opening(
        `try { o.service.getConnection({ id: ${JSON.stringify(a.id)} }); console.log(o.service.getConnection({ id: ${JSON.stringify(a.id)} }).secretsProblem ? 'problem' : 'none'); } catch (e) { console.log(e.code); }`,
      ).replace('DIR', dir),
    );
    expect(out.trim()).toMatch(/^(problem|VAULT_UNAVAILABLE)$/);
  });
});

describe('files killed writes leave', () => {
  it("removes a half-written secrets-password.json.tmp and lock temp files of dead processes at start, keeping a live one's", async () => {
    await open().createConnection(draft('A'));
    for (const close of opened.splice(0)) close();
    const dead = 2 ** 22 + 12345; // above any pid in use here
    writeFileSync(join(dir, 'secrets-password.json.tmp'), '{"version":1');
    writeFileSync(join(dir, `secrets-password.json.tmp-${dead}-0badf00d`), '{"version":1'); // writeFileAtomic's name
    writeFileSync(join(dir, `jwt-connect.lock.${dead}-0badf00d`), '{}');
    writeFileSync(join(dir, `jwt-connect.lock.stale-${dead}-0badf00d`), '{}');
    writeFileSync(join(dir, 'jwt-connect.lock.1-0badf00d'), '{}'); // pid 1 runs: maybe mid-acquire
    open();
    const names = readdirSync(dir);
    expect(names.filter((n) => n.includes('.tmp') || n.includes(String(dead)))).toEqual([]);
    expect(names).toContain('jwt-connect.lock.1-0badf00d');
  });
});

describe('exports', () => {
  it("a connection saved with fields holding undefined (as IPC's structured clone delivers them) exports a file that imports", async () => {
    const service = open();
    await service.createConnection(
      draft('U', { myDomainUrl: undefined, audience: undefined, certificateName: undefined }),
    );
    const signed = await service.exportConnections({ includeSecrets: false, passphrase: PASSPHRASE });
    expect((await service.importConnections({ text: signed.text, passphrase: PASSPHRASE })).imported).toHaveLength(1);
    const withSecrets = await service.exportConnections({ includeSecrets: true, passphrase: PASSPHRASE });
    expect((await service.importConnections({ text: withSecrets.text, passphrase: PASSPHRASE })).withSecrets).toBe(
      true,
    );
  });

  it('refuses a signed export whose signature was removed, or which was relabelled version 1, when its passphrase is given', async () => {
    const service = open();
    await service.createConnection(draft('A'));
    const { text } = await service.exportConnections({ includeSecrets: false, passphrase: PASSPHRASE });
    const stripped = JSON.parse(text) as Record<string, unknown> & { connections: Record<string, unknown>[] };
    delete stripped.auth;
    Object.assign(stripped.connections[0] as object, {
      environment: 'mydomain',
      myDomainUrl: 'https://attacker.example.com',
    });
    expect(
      (await errorOf(() => service.importConnections({ text: JSON.stringify(stripped), passphrase: PASSPHRASE }))).code,
    ).toBe('EXPORT_TAMPERED');
    const downgraded = { ...(JSON.parse(text) as Record<string, unknown>), version: 1 };
    expect((await errorOf(() => service.importConnections({ text: JSON.stringify(downgraded) }))).code).toBe(
      'EXPORT_TAMPERED',
    );
    expect(
      (await errorOf(() => service.importConnections({ text: JSON.stringify(downgraded), passphrase: PASSPHRASE })))
        .code,
    ).toBe('EXPORT_TAMPERED');
    expect(service.listRows().total).toBe(1); // nothing came in
  });

  it('a version-1 file whose secrets name no connection in it does not say it brought secrets', async () => {
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const key = pbkdf2Sync(PASSPHRASE, salt, 100_000, 32, 'sha256');
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([
      cipher.update(JSON.stringify({ 'someone-else': { passphrase: 'p' } })),
      cipher.final(),
    ]);
    const text = JSON.stringify({
      format: 'jwt-connect-connections',
      version: 1,
      exportedAt: new Date().toISOString(),
      connections: [{ id: 'c1', name: 'V1', encryption: 'privateKey', createdAt: 'x', updatedAt: 'x' }],
      secrets: {
        kdf: 'pbkdf2-sha256',
        iterations: 100_000,
        salt: salt.toString('base64'),
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      },
    });
    const summary = await open().importConnections({ text, passphrase: PASSPHRASE });
    expect(summary).toMatchObject({ withSecrets: false, imported: [{ name: 'V1' }] });
  });

  it('answers a signed export nested deeper than the call stack with a typed refusal', async () => {
    const service = open();
    await service.createConnection(draft('A'));
    const { text } = await service.exportConnections({ includeSecrets: false, passphrase: PASSPHRASE });
    const deep = text.replace(/^\{/, `{"x":${'['.repeat(200_000)}${']'.repeat(200_000)},`);
    expect((await errorOf(() => service.importConnections({ text: deep, passphrase: PASSPHRASE }))).code).toBe(
      'EXPORT_TAMPERED',
    );
  });
});
