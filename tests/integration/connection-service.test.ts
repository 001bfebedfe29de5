import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionDraft } from '../../shared/connection.js';
import { AppError } from '../../shared/errors.js';
import { dispatch } from '../../electron/api.js';
import { openNodeServices, storePath } from '../../electron/connections/open-node.js';
import type { ConnectionService } from '../../electron/connections/service.js';
import { devAesGcmCipher } from '../../electron/connections/vault.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, USERNAME, fixture, startEmulator } from '../support/helpers.js';

const platform = { fetch: globalThis.fetch };
const picked = (name: string) => ({ fileName: name, base64: fixture(name).toString('base64') });

let emulator: SalesforceEmulator;
let dir: string;
let service: ConnectionService;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-test-'));
  service = openNodeServices({ dataDir: dir, platform }).service;
  emulator.tokenRequests.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function jksDraft(overrides: Partial<ConnectionDraft> = {}): ConnectionDraft {
  return {
    name: 'UAT integration',
    description: 'Nightly regression suite',
    encryption: 'jks',
    consumerKey: CONSUMER_KEY,
    username: USERNAME,
    environment: 'mydomain',
    myDomainUrl: emulator.url,
    certificateName: 'app',
    secrets: { keyStorePassword: 'storepass', keyPassword: 'keypass' },
    keyFile: picked('multi.jks'),
    ...overrides,
  };
}

function pemDraft(overrides: Partial<ConnectionDraft> = {}): ConnectionDraft {
  return {
    name: 'Prod reporting',
    encryption: 'privateKey',
    consumerKey: CONSUMER_KEY,
    username: USERNAME,
    environment: 'mydomain',
    myDomainUrl: emulator.url,
    secrets: { passphrase: 'passphrase' },
    keyFile: picked('app-pkcs8-encrypted.pem'),
    ...overrides,
  };
}

async function failure(run: () => unknown): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a failure');
}

describe('saving connections', () => {
  it('creates a connection whose secrets show only as saved / missing', async () => {
    const created = await service.createConnection(jksDraft());
    expect(created).toMatchObject({
      name: 'UAT integration',
      encryption: 'jks',
      certificateName: 'app',
      connectionType: 'salesforce',
      authType: 'oauth-jwt',
    });
    expect(created.secrets).toEqual({
      keyStorePassword: 'saved',
      keyPassword: 'saved',
      passphrase: 'missing',
      keyMaterial: 'saved',
      accessToken: 'missing',
    });
    expect(created.keyFile).toMatchObject({
      fileName: 'multi.jks',
      format: 'jks',
      certificate: { subject: expect.stringContaining('CN=app.jwt-connect.test') },
    });
    expect(created.certificateDaysLeft).toBeGreaterThan(3000);
    expect(JSON.stringify(created)).not.toMatch(/storepass|keypass/);
  });

  it('keeps names unique, case-insensitively', async () => {
    await service.createConnection(jksDraft());
    expect((await failure(() => service.createConnection(pemDraft({ name: 'uat INTEGRATION' })))).code).toBe(
      'NAME_TAKEN',
    );
  });

  it('refuses a key file that does not fit the encryption option, naming the right one', async () => {
    const error = await failure(() => service.createConnection(jksDraft({ keyFile: picked('app-pkcs8.pem') })));
    expect(error.message).toMatch(/PEM private key.*does not fit/);
    expect(error.hint).toMatch(/Private Key/);
  });

  it('lists with search over name, description and username, and sorts', async () => {
    await service.createConnection(jksDraft());
    await service.createConnection(pemDraft());
    await service.createConnection(
      pemDraft({ name: 'Another', description: 'sandbox smoke', username: 'smoke@acme.com' }),
    );
    expect(service.listConnections({ search: 'nightly' }).map((c) => c.name)).toEqual(['UAT integration']);
    expect(service.listConnections({ search: 'SMOKE@' }).map((c) => c.name)).toEqual(['Another']);
    expect(service.listConnections().map((c) => c.name)).toEqual(['Another', 'Prod reporting', 'UAT integration']);
    expect(service.listConnections({ sort: 'name', direction: 'desc' }).map((c) => c.name)).toEqual([
      'UAT integration',
      'Prod reporting',
      'Another',
    ]);
  });

  it('updates only what changed and keeps secrets that were not typed again', async () => {
    const { id } = await service.createConnection(jksDraft());
    const { secrets: _s, keyFile: _k, ...fields } = jksDraft();
    const updated = await service.updateConnection({
      id: id,
      draft: { ...fields, description: 'changed', secrets: {} },
    });
    expect(updated.description).toBe('changed');
    expect(updated.secrets.keyStorePassword).toBe('saved');
    expect(updated.keyFile?.fileName).toBe('multi.jks');
    await expect(service.authorise({ id })).resolves.toMatchObject({ accessToken: expect.stringMatching(/^00D/) });
    // an optional field the form leaves empty is cleared, and a login change drops the old token
    const moved = await service.updateConnection({
      id: id,
      draft: { ...fields, environment: 'sandbox', myDomainUrl: undefined, secrets: {} },
    });
    expect(moved.myDomainUrl).toBeUndefined();
    expect(moved.secrets).toMatchObject({ accessToken: 'missing', keyStorePassword: 'saved' });
  });

  it("drops the other option's key and passwords when the encryption option changes", async () => {
    const { id } = await service.createConnection(jksDraft());
    const switched = await service.updateConnection({
      id: id,
      draft: pemDraft({ name: 'UAT integration', certificateName: undefined }),
    });
    expect(switched.encryption).toBe('privateKey');
    expect(switched.secrets).toMatchObject({
      keyStorePassword: 'missing',
      keyPassword: 'missing',
      passphrase: 'saved',
      keyMaterial: 'saved',
    });
    expect(switched.keyFile?.format).toBe('pem');
  });

  it('deletes, and duplicates as "Copy of X" with working secrets', async () => {
    const { id } = await service.createConnection(jksDraft());
    const copy = service.duplicateConnection({ id: id });
    expect(copy.name).toBe('Copy of UAT integration');
    expect(service.duplicateConnection({ id: id }).name).toBe('Copy of UAT integration (2)');
    expect(copy.secrets.keyStorePassword).toBe('saved');
    await expect(service.authorise({ id: copy.id })).resolves.toBeTruthy();
    service.deleteConnection({ id: id });
    expect(service.listConnections().map((c) => c.name)).toEqual([
      'Copy of UAT integration',
      'Copy of UAT integration (2)',
    ]);
    expect((await failure(() => service.getConnection({ id: id }))).code).toBe('NOT_FOUND');
  });

  it('inspects a picked keystore: aliases, or the typed error', async () => {
    const info = await service.inspectKeyFile({ keyFile: picked('multi.jks'), storePassword: 'storepass' });
    expect(info.entries.filter((e) => e.kind === 'privateKey').map((e) => e.alias)).toEqual([
      'integration_user',
      'second',
      'app',
    ]);
    expect(
      (await failure(() => service.inspectKeyFile({ keyFile: picked('multi.jks'), storePassword: 'nope' }))).code,
    ).toBe('WRONG_PASSWORD');
    // editing a saved connection: its saved password opens the file
    const { id } = await service.createConnection(jksDraft());
    expect((await service.inspectKeyFile({ keyFile: picked('multi.jks'), id })).verified).toBe(true);
  });
});

describe('Authorise and Test Connection on saved connections and drafts', () => {
  it('stores the token and the result on a saved connection', async () => {
    const { id } = await service.createConnection(jksDraft());
    const result = await service.authorise({ id });
    const after = service.getConnection({ id: id });
    expect(after.secrets.accessToken).toBe('saved');
    expect(after.lastAuthorise).toMatchObject({ ok: true });
    expect(service.revealToken({ id: id }).accessToken).toBe(result.accessToken);
  });

  it('records a failure with its code and message', async () => {
    const { id } = await service.createConnection(pemDraft({ username: 'unapproved@jwt-connect.test' }));
    await expect(service.authorise({ id })).rejects.toMatchObject({ code: 'USER_NOT_APPROVED' });
    expect(service.getConnection({ id: id }).lastAuthorise).toMatchObject({
      ok: false,
      code: 'USER_NOT_APPROVED',
      message: expect.stringContaining("hasn't approved"),
    });
  });

  it('authorises an unsaved draft, even without a name, without storing anything', async () => {
    const result = await service.authorise({ draft: pemDraft({ name: '' }) });
    expect(result.accessToken).toMatch(/^00D/);
    expect(service.listConnections()).toEqual([]);
  });

  it('flags every missing detail before sending a request', async () => {
    const error = await failure(() =>
      service.authorise({ draft: { name: 'x', encryption: 'jks', environment: 'mydomain' } }),
    );
    expect(error.code).toBe('BAD_INPUT');
    expect((error.details?.fields as { field: string }[]).map((f) => f.field)).toEqual([
      'consumerKey',
      'username',
      'myDomainUrl',
      'keyFile',
      'keyStorePassword',
    ]);
    expect(emulator.tokenRequests).toHaveLength(0);
    const notEmail = await failure(() => service.authorise({ draft: pemDraft({ username: 'integration user' }) }));
    expect(notEmail.details).toMatchObject({ field: 'username' });
    expect(notEmail.message).toMatch(/looks like an email address/);
    expect(emulator.tokenRequests).toHaveLength(0);
  });

  it('tests with the stored token, without a new login', async () => {
    const { id } = await service.createConnection(pemDraft());
    await service.authorise({ id });
    emulator.tokenRequests.length = 0;
    const result = await service.testConnection({ id });
    expect(result.identity.username).toBe(USERNAME);
    expect(result.steps.map((s) => s.name)).toEqual(['identity', 'organization', 'limits']);
    expect(emulator.tokenRequests).toHaveLength(0);
    expect(service.getConnection({ id: id }).lastTest).toMatchObject({ ok: true });
  });

  it('re-authorises once when the stored token was revoked, and keeps the new one', async () => {
    const { id } = await service.createConnection(pemDraft());
    const first = await service.authorise({ id });
    emulator.revokeAllTokens();
    const result = await service.testConnection({ id });
    expect(result.reauthorised).toBe(true);
    expect(service.revealToken({ id: id }).accessToken).not.toBe(first.accessToken);
  });
});

describe('export and import', () => {
  it('exports definitions without secrets by default', async () => {
    await service.createConnection(jksDraft());
    const { text, count } = await service.exportConnections({ includeSecrets: false });
    expect(count).toBe(1);
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ format: 'jwt-connect-connections', version: 2 });
    expect(doc.secrets).toBeUndefined();
    expect(text).not.toMatch(/storepass|keypass|secretsRef/);
  });

  it('exports everything encrypted with a passphrase, and imports it into another store with renames shown', async () => {
    const { id } = await service.createConnection(jksDraft());
    await service.authorise({ id });
    const { text } = await service.exportConnections({ includeSecrets: true, passphrase: 'correct horse battery' });
    expect(text).not.toContain('storepass');
    expect(text).not.toContain(fixture('multi.jks').toString('base64').slice(0, 60));

    const otherDir = mkdtempSync(join(tmpdir(), 'jwt-connect-import-'));
    try {
      const other = openNodeServices({ dataDir: otherDir, platform }).service;
      await other.createConnection(pemDraft({ name: 'UAT integration' }));
      expect((await failure(() => other.importConnections({ text, passphrase: 'wrong passphrase' }))).code).toBe(
        'EXPORT_PASSPHRASE_WRONG',
      );
      expect((await failure(() => other.importConnections({ text }))).details).toMatchObject({ field: 'passphrase' });
      const summary = await other.importConnections({ text, passphrase: 'correct horse battery' });
      expect(summary.imported).toEqual([
        { id: expect.any(String), name: 'UAT integration (imported)', renamedFrom: 'UAT integration' },
      ]);
      const imported = other.getConnection({ id: summary.imported[0]!.id });
      expect(imported.secrets).toMatchObject({
        keyStorePassword: 'saved',
        keyMaterial: 'saved',
        accessToken: 'missing',
      });
      await expect(other.authorise({ id: imported.id })).resolves.toBeTruthy();
      expect(other.listConnections()).toHaveLength(2);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not an export, and a short passphrase', async () => {
    expect((await failure(() => service.importConnections({ text: '{"hello":1}' }))).code).toBe('EXPORT_FILE_INVALID');
    expect((await failure(() => service.importConnections({ text: 'not json' }))).code).toBe('EXPORT_FILE_INVALID');
    expect(
      (await failure(() => service.exportConnections({ includeSecrets: true, passphrase: 'short' }))).details,
    ).toMatchObject({ field: 'passphrase' });
  });
});

describe('the data directory', () => {
  it('holds no secret in plain text after a full workflow', async () => {
    const jks = await service.createConnection(jksDraft());
    const pem = await service.createConnection(pemDraft({ keyFile: picked('app-pkcs8.pem'), secrets: {} }));
    const tokens = [
      (await service.authorise({ id: jks.id })).accessToken,
      (await service.authorise({ id: pem.id })).accessToken,
    ];
    await service.testConnection({ id: pem.id });
    tokens.push(service.revealToken({ id: pem.id }).accessToken);
    service.duplicateConnection({ id: jks.id });
    await service.updateConnection({
      id: pem.id,
      draft: pemDraft({ name: 'Prod reporting', description: 'edited', keyFile: picked('app-pkcs8.pem'), secrets: {} }),
    });

    const pemText = fixture('app-pkcs8.pem').toString('utf8');
    const secrets = [
      'storepass',
      'keypass',
      'passphrase',
      ...tokens,
      pemText.split('\n')[5] as string, // a line of the PEM body
      fixture('multi.jks').toString('base64').slice(100, 160),
      fixture('app-pkcs8.pem').toString('base64').slice(100, 160),
    ];
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.map((f) => f.name)).toContain('connections.json');
    for (const file of files) {
      const bytes = readFileSync(join(file.parentPath, file.name));
      for (const secret of secrets)
        expect(bytes.includes(Buffer.from(secret)), `${secret.slice(0, 12)}… in ${file.name}`).toBe(false);
      // raw key bytes
      expect(bytes.includes(fixture('multi.jks').subarray(200, 260))).toBe(false);
    }
  });

  it('keeps one secrets file per connection, removes replaced ones, and sweeps leftovers of a crash', async () => {
    const secretsDir = join(dir, 'secrets');
    const { id } = await service.createConnection(jksDraft());
    await service.createConnection(pemDraft());
    expect(readdirSync(secretsDir)).toHaveLength(2);
    await service.updateConnection({
      id: id,
      draft: { ...jksDraft(), description: 'again', keyFile: undefined, secrets: {} },
    });
    expect(readdirSync(secretsDir)).toHaveLength(2);
    service.deleteConnection({ id: id });
    expect(readdirSync(secretsDir)).toHaveLength(1);
    writeFileSync(join(secretsDir, '00000000-0000-0000-0000-000000000000.json'), '{}');
    // an orphan is swept only when older than the last clean save of the store
    utimesSync(
      join(secretsDir, '00000000-0000-0000-0000-000000000000.json'),
      new Date(Date.now() - 60_000),
      new Date(Date.now() - 60_000),
    );
    writeFileSync(join(secretsDir, '11111111-1111-1111-1111-111111111111.json.tmp'), '{');
    const reopened = openNodeServices({ dataDir: dir, platform }).service;
    expect(readdirSync(secretsDir)).toHaveLength(1);
    expect(reopened.listConnections()[0]?.secrets.passphrase).toBe('saved');
  });

  it('moves a corrupt store aside, starts empty and says so', async () => {
    await service.createConnection(jksDraft());
    writeFileSync(storePath(dir), '{"version":1,"connections":[{"id":');
    const reopened = openNodeServices({ dataDir: dir, platform }).service;
    const status = reopened.vaultStatus();
    expect(status.storeProblem).toMatchObject({ code: 'STORE_CORRUPT', hint: expect.stringContaining('.corrupt-') });
    expect(reopened.listConnections()).toEqual([]);
    const kept = readdirSync(dir).find((f) => f.startsWith('connections.json.corrupt-'));
    expect(kept && readFileSync(join(dir, kept), 'utf8')).toBe('{"version":1,"connections":[{"id":');
    await reopened.createConnection(pemDraft()); // and it works again
    expect(openNodeServices({ dataDir: dir, platform }).service.listConnections()).toHaveLength(1);
  });

  it('moves aside a store whose records do not match the schema', () => {
    writeFileSync(storePath(dir), JSON.stringify({ version: 1, connections: [{ id: 1, name: 42 }] }));
    expect(openNodeServices({ dataDir: dir, platform }).service.vaultStatus().storeProblem?.code).toBe('STORE_CORRUPT');
  });

  it('refuses a store from a newer version and leaves it untouched', async () => {
    const newer = JSON.stringify({ version: 99, connections: [], future: true });
    writeFileSync(storePath(dir), newer);
    const reopened = openNodeServices({ dataDir: dir, platform }).service;
    expect(reopened.vaultStatus().storeProblem?.code).toBe('STORE_TOO_NEW');
    expect((await failure(() => reopened.createConnection(pemDraft()))).code).toBe('STORE_TOO_NEW');
    expect(readFileSync(storePath(dir), 'utf8')).toBe(newer);
  });

  it('keeps secrets for the session only when no keyring is available, and saves them after opt-in', async () => {
    const key = Buffer.alloc(32, 7);
    const weak = devAesGcmCipher(key);
    const choose = (allowWeak: boolean) => ({
      cipher: weak,
      persistent: allowWeak,
      warning: 'basic_text',
      weakChoice: allowWeak ? ('chosen' as const) : ('offered' as const),
    });
    const session = openNodeServices({ dataDir: dir, platform, chooseCipher: choose }).service;
    expect(session.vaultStatus()).toMatchObject({ persistent: false, warning: 'basic_text', weakChoice: 'offered' });
    const { id } = await session.createConnection(pemDraft());
    expect(session.getConnection({ id: id })).toMatchObject({
      secretsPersisted: false,
      secrets: { passphrase: 'saved' },
    });
    await expect(session.authorise({ id })).resolves.toBeTruthy();
    expect(readFileSync(storePath(dir), 'utf8')).not.toContain('secretsRef');
    expect(existsSync(join(dir, 'secrets')) ? readdirSync(join(dir, 'secrets')) : []).toEqual([]);
    // a restart forgets them
    expect(
      openNodeServices({ dataDir: dir, platform, chooseCipher: choose }).service.getConnection({ id: id }).secrets
        .passphrase,
    ).toBe('missing');

    expect(session.setAllowWeakVault({ allow: true }).persistent).toBe(true);
    expect(session.getConnection({ id: id }).secretsPersisted).toBe(true);
    const restarted = openNodeServices({ dataDir: dir, platform, chooseCipher: choose }).service;
    expect(restarted.getConnection({ id: id }).secrets.passphrase).toBe('saved');

    // and opting out takes them off the disk again, keeping them for the session
    expect(restarted.setAllowWeakVault({ allow: false }).persistent).toBe(false);
    expect(restarted.getConnection({ id: id })).toMatchObject({
      secretsPersisted: false,
      secrets: { passphrase: 'saved' },
    });
    expect(readdirSync(join(dir, 'secrets'))).toEqual([]);
  });
});

describe('the API contract', () => {
  it('answers every call with the envelope, validating input first', async () => {
    const created = await dispatch(service, 'createConnection', jksDraft());
    expect(created).toMatchObject({ ok: true, data: { name: 'UAT integration' } });
    expect(await dispatch(service, 'getConnection', { id: 5 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringContaining('id') },
    });
    expect(await dispatch(service, 'constructor', {})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await dispatch(service, 'createConnection', { ...jksDraft(), name: '' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', details: { field: 'name' } },
    });
    const refused = await dispatch(service, 'authorise', { draft: pemDraft({ username: 'frozen@jwt-connect.test' }) });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'INACTIVE_USER', hint: expect.stringContaining('reactivate') },
    });
  });
});
