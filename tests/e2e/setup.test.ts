// Help with certificates and setup: create key + certificate, checklist, certificate health, export/import.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appForEachTest, type AppHarness } from './harness.js';
import { CONSUMER_KEY, FIXTURES, USERNAME } from '../support/helpers.js';

let app: AppHarness;
let page: Page;
appForEachTest({ width: 1480 }, (started) => {
  app = started;
  page = started.page;
});

const field = (label: string) => page.getByLabel(label, { exact: true });

async function newConnection(
  name: string,
  encryption: 'Private Key' | 'Java Key Store (JKS)',
  consumerKey = CONSUMER_KEY,
) {
  await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
  await field('Connection Name').fill(name);
  await field('Encryption Option').selectOption({ label: encryption });
  await field('Consumer Key').fill(consumerKey);
  await field('Username').fill(USERNAME);
  await field('Environment').selectOption('mydomain');
  await field('My Domain URL').fill(app.emulator.url);
}

const step = (id: string) => page.locator(`.checklist [data-step="${id}"]`);

describe('create key and certificate', () => {
  it('makes the files, fills the connection with the key, and the login works once the certificate is uploaded', async () => {
    await newConnection('Generated key', 'Private Key', 'generated-app');
    await page.getByRole('button', { name: 'Create key and certificate…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create key and certificate' });
    await dialog.getByLabel('Common Name (CN)').fill('jwt-connect e2e');
    await dialog.getByLabel('Organization (O)').fill('Acme');
    await dialog.getByRole('button', { name: 'Create and save files' }).click();
    await expect
      .poll(() => app.downloads.map((d) => d.suggestedFilename()).sort())
      .toEqual(['jwt-connect-e2e.crt', 'jwt-connect-e2e.key']);
    expect(await app.downloaded('.key')).toContain('BEGIN PRIVATE KEY');
    await expect.poll(() => page.locator('.inspect').textContent()).toContain('CN=jwt-connect e2e, O=Acme');

    // Before the certificate is on the Connected App, Salesforce does not know the app.
    await page.getByRole('button', { name: 'Authorise' }).click();
    await expect.poll(() => step('consumerKey').getAttribute('class')).toContain('flagged');

    // "Upload" it: the emulator's Connected App now trusts the downloaded certificate.
    app.emulator.options.apps.push({ consumerKey: 'generated-app', certificatePem: await app.downloaded('.crt') });
    await page.getByRole('button', { name: 'Authorise' }).click();
    await expect.poll(() => field('Access Token').inputValue()).toMatch(/^•+$/);
    expect(await page.locator('.checklist .all-set').textContent()).toContain('Salesforce accepted');

    await page.getByRole('button', { name: 'Save' }).click();
    // The row's second line says it short; the whole sentence is its tooltip.
    await expect.poll(() => page.locator('.row .cert-health').textContent()).toBe('Cert 365 d');
    expect(await page.locator('.row .cert-health').getAttribute('title')).toBe('Certificate: 365 days left');
  });

  it('fills a Key Store connection with the PKCS#12 keystore, its password and alias', async () => {
    await newConnection('Generated keystore', 'Java Key Store (JKS)', 'generated-p12');
    await page.getByRole('button', { name: 'Create key and certificate…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create key and certificate' });
    await dialog.getByLabel('Common Name (CN)').fill('keystore e2e');
    await dialog.getByLabel('Keystore password').fill('store-pass');
    await dialog.getByRole('button', { name: 'Create and save files' }).click();
    await expect.poll(() => app.downloads.length).toBe(3);
    expect(await field('Certificate Name').inputValue()).toBe('keystore-e2e');
    app.emulator.options.apps.push({ consumerKey: 'generated-p12', certificatePem: await app.downloaded('.crt') });
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await expect.poll(() => page.getByRole('region', { name: /Connection works/ }).count()).toBe(1);
  });
});

describe('Salesforce setup checklist, Connected App track', () => {
  it('highlights the steps a refusal points at', async () => {
    await newConnection('Checklist', 'Private Key');
    await page.getByRole('radio', { name: 'Connected App' }).check();
    await field('Private Key').setInputFiles(join(FIXTURES, 'app-combined.pem'));
    await expect.poll(() => step('certificate').getAttribute('class')).toContain('done');
    expect(await step('consumerKey').getAttribute('class')).toContain('done');

    await field('Username').fill('unapproved@jwt-connect.test');
    await page.getByRole('button', { name: 'Authorise' }).click();
    await expect.poll(() => step('policy').getAttribute('class')).toContain('flagged');
    expect(await step('access').getAttribute('class')).toContain('flagged');
    expect(await step('access').textContent()).toContain('unapproved@jwt-connect.test');
    expect(await step('certificate').getAttribute('class')).not.toContain('flagged');

    // a key whose certificate is not the app's: the certificate step
    await field('Username').fill(USERNAME);
    await field('Private Key').setInputFiles(join(FIXTURES, 'other-pkcs8.pem'));
    await page.getByRole('button', { name: 'Authorise' }).click();
    await expect.poll(() => step('certificate').getAttribute('class')).toContain('flagged');
    expect(await step('policy').getAttribute('class')).not.toContain('flagged');
  });

  it('downloads the certificate to upload', async () => {
    await newConnection('Upload me', 'Private Key');
    await field('Private Key').setInputFiles(join(FIXTURES, 'app-combined.pem'));
    await step('certificate').getByRole('button', { name: 'Download certificate' }).click();
    await expect.poll(() => app.downloads.length).toBe(1);
    expect((await app.downloaded('.crt')).replace(/\r/g, '')).toBe(readFileSync(join(FIXTURES, 'app.crt'), 'utf8'));
  });
});

describe('certificate health in the list', () => {
  it('shows days left and filters expired and expiring certificates', async () => {
    for (const [name, file] of [
      ['Healthy', 'app-combined.pem'],
      ['Old', 'expired-combined.pem'],
    ] as const) {
      await newConnection(name, 'Private Key');
      await field('Private Key').setInputFiles(join(FIXTURES, file));
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.locator('.row-name').allTextContents()).toContain(name);
    }
    expect(await page.locator('.row', { hasText: 'Old' }).locator('.cert-health').textContent()).toMatch(
      /⚠ Cert expired \d+ d ago/,
    );
    expect(await page.locator('.row', { hasText: 'Old' }).locator('.cert-health').getAttribute('title')).toMatch(
      /^Certificate expired \d+ days ago$/,
    );
    await page.getByLabel('Certificates').selectOption('expired');
    await expect.poll(() => page.locator('.row-name').allTextContents()).toEqual(['Old']);
    await page.getByLabel('Certificates').selectOption('expiring');
    await expect.poll(() => page.locator('.empty').textContent()).toBe('No connection matches.');
  });
});

describe('export and import in the UI', () => {
  it('exports with encrypted secrets, and imports them back with clashes renamed visibly', async () => {
    await newConnection('Round trip', 'Private Key');
    await field('Private Key').setInputFiles(join(FIXTURES, 'app-pkcs8-encrypted.pem'));
    await field('Passphrase').fill('passphrase');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.row-name').allTextContents()).toEqual(['Round trip']);

    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export connections' });
    await dialog.getByLabel(/Everything/).check();
    await dialog.getByLabel('Passphrase', { exact: true }).fill('correct horse');
    await dialog.getByLabel('Repeat passphrase').fill('correct horse');
    await dialog.getByRole('button', { name: 'Export' }).click();
    await expect.poll(() => app.downloads.length).toBe(1);
    const file = await app.downloads[0]!.path();
    expect(readFileSync(file, 'utf8')).not.toContain('passphrase');

    await page.getByLabel('Import…').setInputFiles(file);
    const ask = page.getByRole('dialog', { name: 'Import connections' });
    await ask.getByLabel('Passphrase').fill('wrong horse');
    await ask.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => ask.getByRole('alert').textContent()).toContain('does not open the secrets');
    await ask.getByLabel('Passphrase').fill('correct horse');
    await ask.getByRole('button', { name: 'Import', exact: true }).click();
    const summary = page.getByRole('dialog', { name: 'Import finished' });
    await expect.poll(() => summary.textContent()).toContain('Round trip → Round trip (imported)');
    await summary.getByRole('button', { name: 'OK' }).click();

    await page.locator('.row-main', { hasText: 'Round trip (imported)' }).click();
    await page.getByRole('button', { name: 'Authorise' }).click();
    await expect.poll(() => field('Access Token').inputValue()).toMatch(/^•+$/);
  });
});
