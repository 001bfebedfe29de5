// Authorise → Test Connection → Save keeps what was just proven (the token, sealed, and
// both results) when the saved fields and key are exactly those the runs used; any change of a login
// field or of the key drops them. Through the service API, against the local emulator.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionDraft } from '../../shared/connection.js';
import { LOCK_NAME, processStartTicks } from '../../electron/connections/lock.js';
import { openNodeServices, storePath } from '../../electron/connections/open-node.js';
import type { ConnectionService } from '../../electron/connections/service.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, USERNAME, fixture, startEmulator } from '../support/helpers.js';

let emulator: SalesforceEmulator;
let dir: string;
let service: ConnectionService;
let close: () => void;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-proven-'));
  ({ service, close } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } }));
});
afterEach(() => {
  close?.();
  close = () => {};
  rmSync(dir, { recursive: true, force: true });
});

const form = (over: Partial<ConnectionDraft> = {}): ConnectionDraft => ({
  name: 'Prod reporting',
  encryption: 'privateKey',
  consumerKey: CONSUMER_KEY,
  username: USERNAME,
  environment: 'mydomain',
  myDomainUrl: emulator.url,
  secrets: { passphrase: 'passphrase' },
  keyFile: { fileName: 'app.pem', base64: fixture('app-pkcs8-encrypted.pem').toString('base64') },
  ...over,
});

describe('Save keeps what Authorise and Test just proved', () => {
  it('a new connection keeps the token and both results', async () => {
    await service.authorise({ draft: form() });
    await service.testConnection({ draft: form() });
    const saved = await service.createConnection(form());
    expect(saved.lastAuthorise).toMatchObject({ ok: true });
    expect(saved.lastTest).toMatchObject({ ok: true });
    expect(saved.secrets.accessToken).toBe('saved');
    const token = service.revealToken({ id: saved.id }).accessToken;
    expect(readFileSync(storePath(dir), 'utf8')).not.toContain(token); // sealed, not in the metadata
    // the kept token is the live one: a test of the saved connection needs no new login
    emulator.tokenRequests.length = 0;
    await service.testConnection({ id: saved.id });
    expect(emulator.tokenRequests).toHaveLength(0);
    // and after a restart
    const again = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
    expect(again.service.listConnections()[0]).toMatchObject({
      lastAuthorise: { ok: true },
      lastTest: { ok: true },
      secrets: { accessToken: 'saved' },
    });
    again.close?.();
  });

  it('drops them when a login field or the key password differs from what was proven', async () => {
    await service.authorise({ draft: form() });
    const other = await service.createConnection(form({ name: 'B', username: 'someone.else@jwt-connect.test' }));
    expect(other.lastAuthorise).toBeUndefined();
    expect(other.secrets.accessToken).toBe('missing');
    const otherKey = await service.createConnection(
      form({
        name: 'C',
        secrets: {},
        keyFile: { fileName: 'app.pem', base64: fixture('app-pkcs8.pem').toString('base64') },
      }),
    );
    expect(otherKey.lastAuthorise).toBeUndefined();
  });

  it('keeps a failed result too, without a token', async () => {
    await expect(service.authorise({ draft: form({ username: 'frozen@jwt-connect.test' }) })).rejects.toMatchObject({
      code: 'INACTIVE_USER',
    });
    const saved = await service.createConnection(form({ username: 'frozen@jwt-connect.test' }));
    expect(saved.lastAuthorise).toMatchObject({ ok: false, code: 'INACTIVE_USER' });
    expect(saved.secrets.accessToken).toBe('missing');
  });

  it('after an edit, Save keeps an Authorise of the edited form', async () => {
    const { id } = await service.createConnection(form());
    const edited = form({ environment: 'mydomain', audience: emulator.url });
    const token = await service.authorise({ id, draft: { ...edited, keyFile: undefined } });
    const saved = await service.updateConnection({ id, draft: { ...edited, keyFile: undefined, secrets: {} } });
    expect(saved).toMatchObject({
      audience: emulator.url,
      lastAuthorise: { ok: true },
      secrets: { accessToken: 'saved' },
    });
    expect(service.revealToken({ id }).accessToken).toBe(token.accessToken);
    // an edit of the username after that drops them, as before
    const changed = await service.updateConnection({
      id,
      draft: { ...edited, username: 'other@jwt-connect.test', keyFile: undefined, secrets: {} },
    });
    expect(changed.lastAuthorise).toBeUndefined();
    expect(changed.secrets.accessToken).toBe('missing');
  });

  it('a read-only open (another process holds the folder) still authorises a saved connection, and saves nothing', async () => {
    const { id } = await service.createConnection(form());
    close?.();
    const other = spawn('sleep', ['30']);
    try {
      await new Promise((r) => setTimeout(r, 100));
      const pid = other.pid as number;
      writeFileSync(
        join(dir, LOCK_NAME),
        JSON.stringify({
          pid,
          startTicks: processStartTicks(pid),
          startedAt: new Date().toISOString(),
          host: hostname(),
          entry: 'app',
        }),
      );
      const reader = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch }, readOnlyOk: true });
      expect(reader.service.vaultStatus().readOnly?.message).toMatch(
        new RegExp(`jwt-connect \\(app, pid ${pid}.*read-only`),
      );
      await expect(reader.service.authorise({ id })).resolves.toMatchObject({
        accessToken: expect.stringMatching(/^00D/),
      });
      await expect(reader.service.createConnection(form({ name: 'X' }))).rejects.toThrow(
        expect.objectContaining({ code: 'STORE_LOCKED' }),
      );
      reader.close();
    } finally {
      other.kill('SIGKILL');
      rmSync(join(dir, LOCK_NAME), { force: true });
    }
  });
});
