// The services as the browser mode opens the desktop app's folder (PASSWORD_FIRST, the secrets
// password offered), in Node with real files and the local emulator: passwords and keys are refused
// until a secrets password is set (a save, an import), nothing is sealed with a development key, and
// what is saved afterwards opens in the terminal with that password, as it will in the app; secrets
// the app sealed with its OS keychain are said to be the app's.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { PASSWORD_BACKEND } from '../../electron/connections/password-cipher.js';
import { SecretFiles } from '../../electron/connections/secret-files.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { failure, startEmulator } from '../support/helpers.js';
import { cli, drafts, makeDataDir, tempDir } from '../support/cli-helpers.js';

const PASSWORD = 'app folder secrets password';
const PASSPHRASE = 'export passphrase here';
let emulator: SalesforceEmulator;
let work: ReturnType<typeof tempDir>;
beforeAll(async () => {
  emulator = await startEmulator();
  work = tempDir('jwt-browser-vault-');
});
afterAll(async () => {
  await emulator.stop();
  work.remove();
});

const browserMode = (dataDir: string) =>
  openNodeServices({ dataDir, platform: { fetch: globalThis.fetch }, passwordFirst: true });
const secretsFiles = (dataDir: string) =>
  existsSync(join(dataDir, 'secrets')) ? readdirSync(join(dataDir, 'secrets')) : [];

describe("the browser mode in the desktop app's folder", () => {
  it('refuses passwords and keys until a secrets password is set, then seals them with it; the terminal opens them with it', async () => {
    const dir = join(work.dir, 'app-folder');
    const [uat] = drafts(emulator.url);
    let opened = browserMode(dir);
    expect(opened.service.vaultStatus()).toMatchObject({
      backend: 'none',
      persistent: false,
      passwordFirst: true,
      secretsPassword: 'none',
      passwordOffered: true,
    });

    const refused = await failure(opened.service.createConnection(uat!));
    expect(refused.code).toBe('SECRETS_LOCKED');
    expect(refused.message).toMatch(/^Set a secrets password first: .*sealed only with your secrets password/);
    expect(refused.hint).toMatch(/Set a secrets password….*Nothing was saved\./);
    expect(opened.service.listConnections({})).toEqual([]);

    // An import with secrets is refused the same way, whole.
    const source = openNodeServices({ dataDir: join(work.dir, 'dev-folder'), platform: { fetch: globalThis.fetch } });
    await source.service.createConnection({ ...uat!, name: 'Imported' });
    const { text } = await source.service.exportConnections({ includeSecrets: true, passphrase: PASSPHRASE });
    source.close();
    const importRefused = await failure(opened.service.importConnections({ text, passphrase: PASSPHRASE }));
    expect(importRefused.code).toBe('SECRETS_LOCKED');
    expect(importRefused.hint).toMatch(/then import again\. Nothing was imported\./);
    expect(opened.service.listConnections({})).toEqual([]);

    // Without secrets a connection saves as it is.
    const bare = await opened.service.createConnection({ ...uat!, keyFile: undefined });
    expect(bare.secrets.keyMaterial).toBe('missing');
    expect(secretsFiles(dir)).toEqual([]);
    expect(existsSync(join(dir, 'dev-vault.key'))).toBe(false);

    await opened.service.setSecretsPassword({ password: PASSWORD });
    const updated = await opened.service.updateConnection({ id: bare.id, draft: uat! });
    expect(updated.secrets.keyMaterial).toBe('saved');
    expect(updated.secretsPersisted).toBe(true);
    const ref = opened.repository.get(bare.id)?.secretsRef;
    expect(new SecretFiles(dir).read(ref!).backend).toBe(PASSWORD_BACKEND);
    opened.close();

    // Started again: locked until the password is given; no development key was ever made.
    opened = browserMode(dir);
    expect(opened.service.vaultStatus()).toMatchObject({ secretsPassword: 'locked' });
    expect((await failure(opened.service.authorise({ id: bare.id }))).code).toBe('SECRETS_LOCKED');
    opened.close();
    expect(existsSync(join(dir, 'dev-vault.key'))).toBe(false);

    // The terminal (as later the app) opens what the browser mode saved, with the same password.
    const run = await cli(['test', '--connection', 'UAT', '--data-dir', dir], {
      env: { JWT_CONNECT_SECRETS_PASSWORD: PASSWORD },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Connection OK/);
    const without = await cli(['test', '--connection', 'UAT', '--data-dir', dir]);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/protected by a secrets password/);
  });

  it("says that secrets sealed by the app's OS keychain are the app's, and how to share them", async () => {
    const dir = join(work.dir, 'shared-with-app');
    const [uat] = drafts(emulator.url);
    await makeDataDir(dir, [], [uat!]); // saved by the desktop app, sealed with its keychain
    const opened = browserMode(dir);
    const [saved] = opened.service.listConnections({});
    const problem = await failure(opened.service.authorise({ id: saved!.id }));
    opened.close();
    expect(problem.code).toBe('VAULT_UNAVAILABLE');
    expect(problem.message).toBe(
      "This connection's secrets were sealed by the desktop app's OS keychain (electron-safeStorage:gnome-libsecret), which only the jwt-connect app can open.",
    );
    expect(problem.hint).toMatch(/^In the app, set a secrets password/);
  });

  it('a folder an earlier browser mode sealed with a development key keeps working, and setting the password moves its secrets under it', async () => {
    const dir = join(work.dir, 'earlier-dev-key');
    const [uat] = drafts(emulator.url);
    await makeDataDir(dir, [uat!]); // sealed with dev-vault.key, as npm start did with JWT_CONNECT_DATA_DIR
    let opened = browserMode(dir);
    const [saved] = opened.service.listConnections({});
    // It logs in (the result is recorded; nothing is sealed again with the development key)…
    expect((await opened.service.authorise({ id: saved!.id })).accessToken).toMatch(/^00D/);
    expect(opened.service.listConnections({})[0]?.lastAuthorise).toMatchObject({ ok: true });
    const before = opened.repository.get(saved!.id)?.secretsRef;
    expect(new SecretFiles(dir).read(before!).backend).toBe('dev-aes-256-gcm');
    // …but a new key still waits for the secrets password.
    expect((await failure(opened.service.createConnection({ ...uat!, name: 'Second' }))).code).toBe('SECRETS_LOCKED');
    await opened.service.setSecretsPassword({ password: PASSWORD });
    const after = opened.repository.get(saved!.id)?.secretsRef;
    expect(new SecretFiles(dir).read(after!).backend).toBe(PASSWORD_BACKEND);
    opened.close();
    opened = browserMode(dir);
    await opened.service.unlockSecrets({ password: PASSWORD });
    expect((await opened.service.authorise({ id: saved!.id })).accessToken).toMatch(/^00D/);
    opened.close();
  });
});
