// The browser mode on the desktop app's folder (npm start without Electron), in Chromium: the page's
// window.api bound to the real services opened as that mode opens them (PASSWORD_FIRST with the
// secrets password offered), real files, the local emulator. Saving a key before a secrets password
// is set is refused in words that say what to do, and nothing is sealed with a development key; once
// set, the key is sealed with it; after a restart the page asks for it before anything logs in.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PASSWORD_BACKEND } from '../../electron/connections/password-cipher.js';
import { SecretFiles } from '../../electron/connections/secret-files.js';
import { PASSWORD_FIRST } from '../../electron/connections/vault.js';
import { appForEachTest, type AppHarness } from './harness.js';
import { button, fillPem, save } from './form-helpers.js';

let app: AppHarness;
appForEachTest({ services: { chooseCipher: () => PASSWORD_FIRST, secretsPassword: true } }, (started) => {
  app = started;
});

/** Set, unlock and the re-seal run PBKDF2 (600,000 rounds): slow on a busy machine. */
const KDF_WAIT = { timeout: 20_000 };
const PASSWORD = 'browser mode secrets password';
const secretsFiles = (dataDir: string) =>
  existsSync(join(dataDir, 'secrets')) ? readdirSync(join(dataDir, 'secrets')) : [];

describe("the browser mode in the desktop app's folder", () => {
  it('asks for a secrets password before saving a key, never seals with a development key, and asks for it again after a restart', async () => {
    let page = app.page;
    const ask = page.getByRole('region', { name: 'Secrets password' });
    await expect.poll(() => ask.textContent()).toContain('Set a secrets password before saving passwords or keys.');
    expect(await ask.textContent()).toContain('the jwt-connect command line can open them later');

    // Save with a key and no password set: refused, in words that say what to do; nothing written.
    await fillPem(app, 'UAT');
    await button(page, 'Save').click();
    const refused = page.getByRole('alert').filter({ hasText: 'Save failed' });
    await expect.poll(() => refused.textContent()).toContain('Set a secrets password first');
    expect(await refused.textContent()).toContain(
      'Use "Set a secrets password…" at the top of the page, then save again.',
    );
    expect(app.service.listConnections({})).toEqual([]);
    expect(secretsFiles(app.dataDir)).toEqual([]);
    expect(existsSync(join(app.dataDir, 'dev-vault.key'))).toBe(false);

    // Set one from the banner; the form keeps what was typed, and Save now seals the key with it.
    await ask.getByRole('button', { name: 'Set a secrets password…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set a secrets password' });
    await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await dialog.getByLabel('Repeat password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await expect
      .poll(() => page.getByText('Saved secrets are protected by your secrets password.').isVisible(), KDF_WAIT)
      .toBe(true);
    await save(page, 'UAT');
    const [saved] = app.service.listConnections({});
    expect(saved?.secrets.keyMaterial).toBe('saved');
    expect(saved?.secretsPersisted).toBe(true);
    const files = new SecretFiles(app.dataDir);
    const ref = app.repository.get(saved!.id)?.secretsRef;
    expect(files.read(ref!).backend).toBe(PASSWORD_BACKEND);
    expect(existsSync(join(app.dataDir, 'dev-vault.key'))).toBe(false);

    // A restart: locked until the password is typed in the page.
    page = await app.reopen();
    const unlock = page.getByRole('region', { name: 'Unlock saved secrets' });
    await expect.poll(() => unlock.isVisible(), KDF_WAIT).toBe(true);
    await expect(app.service.authorise({ id: saved!.id })).rejects.toMatchObject({ code: 'SECRETS_LOCKED' });
    await unlock.getByLabel('Secrets password').fill(PASSWORD);
    await unlock.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => unlock.isVisible(), KDF_WAIT).toBe(false);
    expect((await app.service.authorise({ id: saved!.id })).accessToken).toMatch(/^00D/);
    expect(existsSync(join(app.dataDir, 'dev-vault.key'))).toBe(false);
  }, 60_000);
});
