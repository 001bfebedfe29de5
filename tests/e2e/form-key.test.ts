// What Authorise would refuse is said when the key file is picked or a field is left.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appForEachTest, type AppHarness } from './harness.js';
import { alertNear, button, field, fillJks } from './form-helpers.js';
import { FIXTURES } from '../support/helpers.js';

let app: AppHarness;
let page: Page;
appForEachTest({}, (started) => {
  app = started;
  page = started.page;
});

const inspectText = () => page.locator('.inspect').textContent();

describe('pick-time checks of the key', () => {
  it('an EC key inside a JKS is flagged when picked, not only at Authorise', async () => {
    await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
    await field(page, 'Key Store').setInputFiles(join(FIXTURES, 'ec.jks'));
    await field(page, 'Key Store Password').fill('storepass');
    await field(page, 'Key Store Password').blur();
    await expect.poll(inspectText).toContain('password verified');
    await expect.poll(inspectText).toMatch(/eckey \(EC: cannot sign a Salesforce login\)/);
    expect(await page.locator('.inspect .warning').filter({ hasText: /RSA/ }).count()).toBeGreaterThan(0);
    expect(app.emulator.tokenRequests).toHaveLength(0);
  });

  it('a Certificate Name that is not in the keystore is flagged when the field is left, with the aliases there are', async () => {
    await fillJks(app);
    await field(page, 'Certificate Name').fill('prod-cert');
    await field(page, 'Certificate Name').blur();
    await expect
      .poll(() => alertNear(page, 'Certificate Name').textContent())
      .toBe('"prod-cert" is not a key in this keystore. Keys there are: integration_user, second, app.');
    // Any case of a listed alias is fine (Salesforce's export lower-cases them).
    await field(page, 'Certificate Name').fill('APP');
    await field(page, 'Certificate Name').blur();
    expect(await alertNear(page, 'Certificate Name').count()).toBe(0);
    expect(app.emulator.tokenRequests).toHaveLength(0);
  });

  it('a PEM key picked under Java Key Store offers to switch to Private Key, keeping the file', async () => {
    await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
    await field(page, 'Key Store').setInputFiles(join(FIXTURES, 'app-combined.pem'));
    await expect
      .poll(() => page.getByText('This is a private key file. Switch Encryption Option to Private Key?').count())
      .toBe(1);
    expect(await inspectText()).not.toContain('Keys'); // no empty "Keys" line
    await button(page, 'Switch to Private Key').click();
    expect(await field(page, 'Encryption Option').inputValue()).toBe('privateKey');
    expect(await page.locator('.drop').textContent()).toContain('app-combined.pem');
    expect(await inspectText()).toContain('CN=app.jwt-connect.test');
    expect(await page.getByText(/Switch Encryption Option/).count()).toBe(0);
  });

  it('a keystore picked under Private Key offers to switch to Java Key Store, keeping the file', async () => {
    await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
    await field(page, 'Encryption Option').selectOption({ label: 'Private Key' });
    await field(page, 'Private Key').setInputFiles(join(FIXTURES, 'multi.jks'));
    await expect
      .poll(() => page.getByText('This is a keystore file. Switch Encryption Option to Java Key Store?').count())
      .toBe(1);
    await button(page, 'Switch to Java Key Store').click();
    expect(await field(page, 'Encryption Option').inputValue()).toBe('jks');
    expect(await page.locator('.drop').textContent()).toContain('multi.jks');
    await field(page, 'Key Store Password').fill('storepass');
    await field(page, 'Key Store Password').blur();
    await expect.poll(() => page.getByText('Keys in this keystore: integration_user, second, app').count()).toBe(1);
  });
});
