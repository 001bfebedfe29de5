// Shared steps of the form's e2e tests (tests/e2e/form*.test.ts): filled in by visible labels, as a user would.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AppHarness } from './harness.js';
import { CONSUMER_KEY, FIXTURES, USERNAME } from '../support/helpers.js';

export const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
export const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
export const alertNear = (page: Page, label: string) =>
  page.locator('.field', { has: page.getByLabel(label, { exact: true }) }).getByRole('alert');

/** A new JKS connection to the emulator (multi.jks, alias "app"), not saved. */
export async function fillJks(app: AppHarness, name = 'UAT integration'): Promise<void> {
  const page = app.page;
  await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
  await field(page, 'Connection Name').fill(name);
  await field(page, 'Consumer Key').fill(CONSUMER_KEY);
  await field(page, 'Key Store').setInputFiles(join(FIXTURES, 'multi.jks'));
  await field(page, 'Key Store Password').fill('storepass');
  await field(page, 'Key Store Password').blur();
  await page.getByText('Keys in this keystore: integration_user, second, app').waitFor();
  await field(page, 'Certificate Name').fill('app');
  await field(page, 'Key Password').fill('keypass');
  await field(page, 'Username').fill(USERNAME);
  await field(page, 'Environment').selectOption('mydomain');
  await field(page, 'My Domain URL').fill(app.emulator.url);
}

/** A new Private Key connection to the emulator with an unencrypted PEM key, not saved. */
export async function fillPem(app: AppHarness, name = 'Prod reporting', file = 'app-combined.pem'): Promise<void> {
  const page = app.page;
  await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
  await field(page, 'Connection Name').fill(name);
  await field(page, 'Encryption Option').selectOption({ label: 'Private Key' });
  await field(page, 'Consumer Key').fill(CONSUMER_KEY);
  await field(page, 'Private Key').setInputFiles(join(FIXTURES, file));
  await field(page, 'Username').fill(USERNAME);
  await field(page, 'Environment').selectOption('mydomain');
  await field(page, 'My Domain URL').fill(app.emulator.url);
}

export async function save(page: Page, name: string): Promise<void> {
  await button(page, 'Save').click();
  await page
    .getByRole('status')
    .filter({ hasText: `Saved "${name}".` })
    .waitFor();
}

/** The token as the user sees it after Reveal (then hidden again). */
export async function revealedToken(page: Page): Promise<string> {
  await button(page, 'Reveal').click();
  await page.waitForFunction(() => !(document.getElementById('accessToken') as HTMLInputElement).value.startsWith('•'));
  const token = await field(page, 'Access Token').inputValue();
  await button(page, 'Hide').click();
  return token;
}
