// SecretsPasswordPanel in Chromium, window.api bound to the real services (secrets password offered,
// real files, the local emulator): set it where there is no keyring, restart locked, a wrong password
// shown with its hint, unlock, change. The panel is shown by a host page that does what App.tsx does
// with it (tests/e2e/secrets-password-host.tsx), bundled here with esbuild.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionDraft } from '../../shared/connection.js';
import { safeStorageChoice } from '../../electron/connections/vault.js';
import { APP_ORIGIN, closeBrowser, startApp, type AppHarness } from './harness.js';
import { CONSUMER_KEY, USERNAME, fixture } from '../support/helpers.js';

let hostJs: string;
const css = readFileSync(join(import.meta.dirname, '..', '..', 'renderer', 'styles.css'), 'utf8');
let app: AppHarness | undefined;
/** Set, unlock and change each run PBKDF2 (600,000 rounds), twice for a change: slow on a busy machine. */
const KDF_WAIT = { timeout: 15_000 };

beforeAll(async () => {
  const out = await build({
    entryPoints: [join(import.meta.dirname, 'secrets-password-host.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  hostJs = out.outputFiles[0]?.text ?? '';
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(async () => {
  await closeBrowser();
});

const noKeyring = () =>
  safeStorageChoice(
    { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
    'linux',
    false,
  );

async function openHost(page: Page): Promise<Page> {
  await page.route(`${APP_ORIGIN}/secpw-host.html`, (r) =>
    r.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body><div id="root"></div><script src="/secpw-host.js"></script></body></html>`,
    }),
  );
  await page.route(`${APP_ORIGIN}/secpw-host.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: hostJs }));
  await page.goto(`${APP_ORIGIN}/secpw-host.html`);
  await expect.poll(() => page.getByTestId('vault').textContent(), KDF_WAIT).not.toBe('');
  return page;
}

type Envelope = { ok: boolean; data?: { accessToken?: string; id?: string }; error?: { code: string } };
const api = (page: Page, method: string, input: unknown) =>
  page.evaluate(
    ([m, i]) => (window as unknown as { api: Record<string, (x: unknown) => Promise<unknown>> }).api[m as string]!(i),
    [method, input] as const,
  ) as Promise<Envelope>;

describe('the secrets password panel', () => {
  it('offers a password where there is no keyring; after a restart asks for it, shows a wrong one with its hint, unlocks; changes it', async () => {
    app = await startApp({ services: { secretsPassword: true, chooseCipher: noKeyring } });
    const draft: ConnectionDraft = {
      name: 'UAT integration',
      encryption: 'jks',
      consumerKey: CONSUMER_KEY,
      username: USERNAME,
      environment: 'mydomain',
      myDomainUrl: app.emulator.url,
      certificateName: 'app',
      secrets: { keyStorePassword: 'storepass', keyPassword: 'keypass' },
      keyFile: { fileName: 'multi.jks', base64: fixture('multi.jks').toString('base64') },
    };
    let page = await openHost(app.page);
    const created = await api(page, 'createConnection', draft);
    expect(created.ok).toBe(true);
    const id = created.data?.id;

    await expect.poll(() => page.getByText('Protect saved secrets with a password.').isVisible(), KDF_WAIT).toBe(true);
    await page.getByRole('button', { name: 'Set a secrets password…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set a secrets password' });
    await dialog.getByLabel('Password', { exact: true }).fill('short');
    await dialog.getByLabel('Repeat password').fill('short');
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent(), KDF_WAIT).toMatch(/at least 8 characters/);
    await dialog.getByLabel('Password', { exact: true }).fill('first secrets password');
    await dialog.getByLabel('Repeat password').fill('first secrets passwort');
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent(), KDF_WAIT).toMatch(/two new passwords differ/);
    await dialog.getByLabel('Repeat password').fill('first secrets password');
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await expect
      .poll(() => page.getByText('Saved secrets are protected by your secrets password.').isVisible(), KDF_WAIT)
      .toBe(true);
    expect(await dialog.isVisible()).toBe(false);

    page = await openHost(await app.reopen()); // a restart: locked until the password is typed
    const banner = page.getByRole('region', { name: 'Unlock saved secrets' });
    await expect.poll(() => banner.isVisible(), KDF_WAIT).toBe(true);
    expect(await api(page, 'authorise', { id })).toMatchObject({ ok: false, error: { code: 'SECRETS_LOCKED' } });
    await banner.getByLabel('Secrets password').fill('not the password');
    await banner.getByRole('button', { name: 'Unlock' }).click();
    await expect
      .poll(() => banner.getByRole('alert').textContent(), KDF_WAIT)
      .toMatch(/not the secrets password.*case-sensitive/);
    await banner.getByLabel('Secrets password').fill('first secrets password');
    await banner.getByRole('button', { name: 'Unlock' }).click();
    await expect
      .poll(() => page.getByText('Saved secrets are protected by your secrets password.').isVisible(), KDF_WAIT)
      .toBe(true);
    expect(await banner.isVisible()).toBe(false);
    expect(await api(page, 'authorise', { id })).toMatchObject({ ok: true, data: { accessToken: expect.any(String) } });

    await page.getByRole('button', { name: 'Change…' }).click();
    const change = page.getByRole('dialog', { name: 'Change the secrets password' });
    await change.getByLabel('Current password').fill('wrong current');
    await change.getByLabel('New password').fill('second secrets password');
    await change.getByLabel('Repeat password').fill('second secrets password');
    await change.getByRole('button', { name: 'Change password' }).click();
    await expect
      .poll(() => change.getByRole('alert').textContent(), KDF_WAIT)
      .toMatch(/not the current secrets password/);
    await change.getByLabel('Current password').fill('first secrets password');
    await change.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => change.isVisible(), KDF_WAIT).toBe(false);

    page = await openHost(await app.reopen());
    expect(await api(page, 'unlockSecrets', { password: 'first secrets password' })).toMatchObject({
      ok: false,
      error: { code: 'SECRETS_PASSWORD_WRONG' },
    });
    const again = page.getByRole('region', { name: 'Unlock saved secrets' });
    await again.getByLabel('Secrets password').fill('second secrets password');
    await again.getByRole('button', { name: 'Unlock' }).click();
    await expect
      .poll(() => page.getByText('Saved secrets are protected by your secrets password.').isVisible(), KDF_WAIT)
      .toBe(true);
    expect(await api(page, 'authorise', { id })).toMatchObject({ ok: true });
  });

  it('with a working keychain it stays a quiet link, not a banner', async () => {
    app = await startApp({ services: { secretsPassword: true } });
    const page = await openHost(app.page);
    await expect
      .poll(
        () => page.getByRole('button', { name: 'Use a secrets password (for the command line)…' }).isVisible(),
        KDF_WAIT,
      )
      .toBe(true);
    expect(await page.getByText('Protect saved secrets with a password.').count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Unlock saved secrets' }).count()).toBe(0);
  });
});
