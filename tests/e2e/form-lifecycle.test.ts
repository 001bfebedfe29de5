// Renew certificate…, Rotate key… and New sandbox connection… in the window, by their visible labels,
// against the emulator: a renewed certificate keeps logins going; a rotation falls back until the new
// certificate is uploaded, then asks before removing the previous key; a sandbox copy keeps the key.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appForEachTest, type AppHarness } from './harness.js';
import { button, field, fillPem, save } from './form-helpers.js';
import { CONSUMER_KEY, fixture } from '../support/helpers.js';

let app: AppHarness;
let page: Page;
appForEachTest({ width: 1480 }, (started) => {
  app = started;
  page = started.page;
});

const dialog = (title: string) => page.getByRole('dialog', { name: title });

describe('certificate lifecycle in the window', () => {
  it('Renew certificate…: a new certificate for the same key; the login still works with the old one in Salesforce', async () => {
    await fillPem(app);
    await save(page, 'Prod reporting');
    await button(page, 'Renew certificate…').click();
    await dialog('Renew certificate').getByLabel('Validity (days)').fill('500');
    await dialog('Renew certificate').getByRole('button', { name: 'Renew certificate' }).click();
    await dialog('Renew certificate')
      .getByText(/Nothing has to change in Salesforce/)
      .waitFor();
    const cert = new X509Certificate(await app.downloaded('.crt'));
    const old = new X509Certificate(fixture('app.crt'));
    expect(cert.subject).toBe(old.subject);
    expect(cert.serialNumber).not.toBe(old.serialNumber);
    await page.screenshot({ path: 'tmp/lifecycle-renew.png' });
    await dialog('Renew certificate').getByRole('button', { name: 'Close' }).click();
    // The list's certificate health is the new certificate's.
    await page
      .locator('.row', { hasText: 'Prod reporting' })
      .locator('.cert-health', { hasText: /Cert (499|500) d/ })
      .waitFor();
    await button(page, 'Authorise').click();
    await expect.poll(() => app.emulator.tokenRequests.map((r) => r.outcome)).toEqual(['ok']);
  }, 120_000);

  it('Rotate key…: falls back until the new certificate is uploaded, then asks to remove the previous key', async () => {
    await fillPem(app);
    await save(page, 'Prod reporting');
    await button(page, 'Rotate key…').click();
    await dialog('Rotate key').getByRole('button', { name: 'Rotate key' }).click();
    await dialog('Rotate key')
      .getByText(/A new key was made/)
      .waitFor();
    const newCert = await app.downloaded('.crt');
    await dialog('Rotate key').getByRole('button', { name: 'Close' }).click();
    await page.getByText(/Key rotation under way/).waitFor();

    await button(page, 'Authorise').click();
    await page.getByText(/Salesforce still has the previous certificate: upload the new one/).waitFor();
    expect(app.emulator.tokenRequests.map((r) => r.outcome)).toEqual(['invalid_grant: invalid assertion', 'ok']);

    app.emulator.uploadCertificate(CONSUMER_KEY, newCert);
    app.emulator.tokenRequests.length = 0;
    await button(page, 'Authorise').click();
    // The first success with the new key: the window asks whether the previous key may go.
    await dialog('Rotate key')
      .getByText(/Remove it now\?/i)
      .waitFor();
    expect(app.emulator.tokenRequests.map((r) => r.outcome)).toEqual(['ok']);
    await page.screenshot({ path: 'tmp/lifecycle-rotate-confirm.png' });
    await dialog('Rotate key').getByRole('button', { name: 'Remove previous key' }).click();
    await expect.poll(() => page.getByText(/Key rotation/).count()).toBe(0);
    const saved = app.repository.all()[0];
    expect(saved?.rotation).toBeUndefined();
  }, 120_000);

  it('New sandbox connection…: the sandbox My Domain and username proposed, the same key, the Consumer Key to fill in', async () => {
    await fillPem(app);
    await field(page, 'My Domain URL').fill('https://acme.my.salesforce.com');
    await field(page, 'Username').fill('int@acme.com');
    await save(page, 'Prod reporting');
    await button(page, 'New sandbox connection…').click();
    const d = dialog('New sandbox connection');
    await d.getByLabel('Sandbox name').fill('uat');
    expect(await d.getByLabel('My Domain URL').inputValue()).toBe('https://acme--uat.sandbox.my.salesforce.com');
    expect(await d.getByLabel('Username').inputValue()).toBe('int@acme.com.uat');
    await page.screenshot({ path: 'tmp/lifecycle-sandbox.png' });
    await d.getByRole('button', { name: 'Create sandbox connection' }).click();
    await page.getByRole('heading', { name: 'Edit Connection: Prod reporting (uat)' }).waitFor();
    expect(await field(page, 'Consumer Key').inputValue()).toBe('');
    expect(await field(page, 'My Domain URL').inputValue()).toBe('https://acme--uat.sandbox.my.salesforce.com');
    // No New sandbox connection… from a sandbox.
    expect(await button(page, 'New sandbox connection…').count()).toBe(0);
  }, 120_000);

  it('Test all names the certificates that expire soon in its summary; the row offers Renew…', async () => {
    await fillPem(app);
    await save(page, 'Prod reporting');
    const id = app.repository.all()[0]?.id as string;
    await app.service.renewCertificate({ id, days: 10 });
    await page.reload();
    await button(page, 'Test all').click();
    await page
      .getByRole('status', { name: 'Test all summary' })
      .getByText(/Certificates: 1 ends within 30 days \(Prod reporting\)/)
      .waitFor();
    // From the list's certificate health: Renew… on the row.
    await page.getByRole('button', { name: 'Renew certificate of Prod reporting' }).click();
    await dialog('Renew certificate').getByRole('button', { name: 'Renew certificate' }).click();
    await dialog('Renew certificate').getByRole('button', { name: 'Close' }).click();
    await page.locator('.cert-health', { hasText: /Cert 365 d/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Renew certificate of Prod reporting' }).count()).toBe(0);
  }, 120_000);
});
