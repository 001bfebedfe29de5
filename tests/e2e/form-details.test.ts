// Small things a user notices in the form, and a connection whose saved secrets cannot be read, on the form's side.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appsForEachTest, type AppHarness } from './harness.js';
import { button, field, fillPem, save } from './form-helpers.js';
import { FIXTURES } from '../support/helpers.js';

let app: AppHarness;
let page: Page;
const apps = appsForEachTest();

const horizontalOverflow = () =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('small things in the form', () => {
  it('a connection imported without secrets says its key was not imported and must be picked', async () => {
    app = await apps.start();
    page = app.page;
    await fillPem(app);
    await save(page, 'Prod reporting');
    // Set-up through the API (the list engineer owns the Export/Import dialogs): export without secrets, import it back.
    await page.evaluate(async () => {
      const api = (
        window as unknown as { api: Record<string, (i: unknown) => Promise<{ ok: boolean; data: { text: string } }>> }
      ).api;
      const exported = await api.exportConnections!({ includeSecrets: false });
      await api.importConnections!({ text: exported.data.text });
    });
    page = await app.reopen();
    await page.locator('.row-main', { hasText: 'Prod reporting (imported)' }).click();
    const drop = page.locator('.drop');
    await expect.poll(() => drop.textContent()).toContain('app-combined.pem');
    expect(await drop.textContent()).not.toContain('imported and stored encrypted');
    expect(await drop.textContent()).toContain(
      'the key itself is not here (imported without secrets, or unreadable): pick the file again.',
    );
    // The connection it came from still has its key.
    await page
      .locator('.row-main', { hasText: /^Prod reporting\s*My Domain/ })
      .first()
      .click();
    await expect.poll(() => drop.textContent()).toContain('(imported and stored encrypted)');
  });

  it('a long connection name wraps in the title and has the full name as its tooltip', async () => {
    app = await apps.start({ width: 900 });
    page = app.page;
    const name =
      'Demo (local emulator) (imported) (2) — nightly regression of the Europe-West-Integration-Sandbox-Cluster';
    await fillPem(app, name);
    await save(page, name);
    const title = page.getByRole('heading', { name: `Edit Connection: ${name}` });
    expect(await title.getAttribute('title')).toBe(`Edit Connection: ${name}`);
    expect(await title.evaluate((h) => h.scrollWidth <= h.clientWidth)).toBe(true); // nothing cut
    expect(await horizontalOverflow()).toBeLessThanOrEqual(0);
  });

  it('at 1400 px and wider a long username in the checklist does not make the page scroll sideways', async () => {
    app = await apps.start({ width: 1480 });
    page = app.page;
    await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
    await field(page, 'Username').fill(
      'integration.user.for.the.nightly.regression.suite@averyveryverylongcompanydomainname.example.com.uatsandbox',
    );
    await expect.poll(() => page.locator('.checklist').textContent()).toContain('averyveryverylongcompanydomainname');
    expect(await horizontalOverflow()).toBeLessThanOrEqual(0);
    const checklist = await page.locator('.checklist').boundingBox();
    expect(checklist!.x + checklist!.width).toBeLessThanOrEqual(1480);
  });
});

describe('a connection whose secrets cannot be read (form side)', () => {
  // Needs the storage engineer's ConnectionView.secretsProblem and a save that replaces unreadable secrets.
  it('says which secrets are unreadable, and re-entering them with the key file again repairs it', async () => {
    app = await apps.start();
    page = app.page;
    await fillPem(app, 'Prod reporting', 'app-pkcs8-encrypted.pem');
    await field(page, 'Passphrase').fill('passphrase');
    await save(page, 'Prod reporting');
    for (const f of readdirSync(join(app.dataDir, 'secrets'))) rmSync(join(app.dataDir, 'secrets', f)); // the secrets file is lost
    page = await app.reopen();
    await page.locator('.row-main', { hasText: 'Prod reporting' }).click();
    const banner = page.getByRole('alert').filter({ hasText: 'The saved secrets of this connection cannot be read' });
    await expect.poll(() => banner.count()).toBe(1);
    expect(await banner.textContent()).toMatch(/pick the key file again, then save: that replaces them/i);
    expect(await page.locator('.drop').textContent()).toContain('pick the file again');

    await field(page, 'Private Key').setInputFiles(join(FIXTURES, 'app-pkcs8-encrypted.pem'));
    await expect.poll(() => field(page, 'Passphrase').count()).toBe(1);
    expect(await field(page, 'Passphrase').getAttribute('placeholder')).not.toContain('(saved)'); // nothing readable is saved
    await field(page, 'Passphrase').fill('passphrase');
    await save(page, 'Prod reporting');
    await expect.poll(() => banner.count()).toBe(0);
    await button(page, 'Authorise').click();
    await expect.poll(() => field(page, 'Access Token').inputValue()).toMatch(/^•+$/);
  });
});
