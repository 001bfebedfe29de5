// "Copy as…" next to the token puts the login on the clipboard in the forms other
// tools take; the copied shell lines are run here against the emulator to prove they work.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeBrowser, startApp, type AppHarness } from './harness.js';
import { button, field, fillJks, fillPem, revealedToken, save } from './form-helpers.js';
import { CONSUMER_KEY, USERNAME } from '../support/helpers.js';

let app: AppHarness;
let page: Page;
beforeEach(async () => {
  app = await startApp();
  page = app.page;
});
afterEach(async () => {
  await app.close();
});
afterAll(async () => {
  await closeBrowser();
});

const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
async function copyAs(item: RegExp): Promise<string> {
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await button(page, 'Copy as…').click();
  await page.getByRole('menu', { name: 'Copy as' }).getByRole('menuitem', { name: item }).click();
  await expect.poll(clipboard).not.toBe('');
  return clipboard();
}
// Async: the emulator answers from this very process, so a blocking exec would wait on itself.
const sh = async (script: string) =>
  (await promisify(execFile)('sh', ['-c', script], { encoding: 'utf8', timeout: 10_000 })).stdout;

describe('Copy as…', () => {
  it('copies environment variables, an sf command line and a curl call, each usable as copied', async () => {
    await fillPem(app);
    // Before a login, only the command line without a token can be copied.
    await button(page, 'Copy as…').click();
    expect(await page.getByRole('menuitem', { name: /Environment variables/ }).getAttribute('aria-disabled')).toBe(
      'true',
    );
    expect(await page.getByRole('menuitem', { name: /curl/ }).getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('menu').count()).toBe(0);

    await button(page, 'Authorise').click();
    await expect.poll(() => field(page, 'Access Token').inputValue()).toMatch(/^•+$/);
    const token = await revealedToken(page);

    const env = await copyAs(/Environment variables/);
    expect(env).toBe(
      `export SF_ACCESS_TOKEN='${token}'\nexport SF_INSTANCE_URL=${app.emulator.url}\nexport SF_ORG_INSTANCE_URL=${app.emulator.url}\n`,
    );
    expect(await page.getByRole('status').filter({ hasText: 'Copied as environment variables.' }).count()).toBe(1);
    expect(await sh(`${env.replace(/\n/g, '; ')} printf %s "$SF_ACCESS_TOKEN"`)).toBe(token); // the quoting holds the '!'
    // Exported: the programs the shell starts next (sf, a script's curl) see them too.
    expect(await sh(`${env} sh -c 'printf %s "$SF_ACCESS_TOKEN"'`)).toBe(token);

    const sf = await copyAs(/sf org login jwt/);
    expect(sf).toBe(
      `sf org login jwt \\\n  --client-id ${CONSUMER_KEY} \\\n  --jwt-key-file path/to/app-combined.pem \\\n  --username ${USERNAME} \\\n  --instance-url ${app.emulator.url}\n`,
    );
    expect(sf).not.toContain(token);

    const curl = await copyAs(/curl/);
    expect(curl).toMatch(
      new RegExp(
        `^curl -H 'Authorization: Bearer ${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' ${app.emulator.url}/id/00D5g000000EMUL8/005\\w+\\n$`,
      ),
    );
    const identity = JSON.parse(await sh(`${curl.trim()} -s`)) as { username: string };
    expect(identity.username).toBe(USERNAME);
  });

  it('a saved connection copies its saved token, fetched from main; sandbox and JKS give the sf placeholders', async () => {
    await fillJks(app, 'UAT');
    await field(page, 'Environment').selectOption('sandbox');
    await button(page, 'Copy as…').click();
    await page.getByRole('menuitem', { name: /sf org login jwt/ }).click();
    // sf takes only a PEM key file, and the app keeps no paths: a placeholder stands for it.
    await expect.poll(clipboard).toContain('--jwt-key-file path/to/server.key');
    expect(await clipboard()).toContain('--instance-url https://test.salesforce.com');

    await field(page, 'Environment').selectOption('mydomain');
    await field(page, 'My Domain URL').fill(app.emulator.url);
    await save(page, 'UAT');
    await button(page, 'Authorise').click(); // runs the saved connection: main stores the token
    await expect.poll(() => field(page, 'Access Token').inputValue()).toMatch(/^•+$/);
    page = await app.reopen();
    await page.locator('.row-main', { hasText: 'UAT' }).click();
    await expect.poll(() => field(page, 'Access Token').inputValue()).toMatch(/^•+$/);
    const env = await copyAs(/Environment variables/);
    const token = await revealedToken(page);
    expect(env).toBe(
      `export SF_ACCESS_TOKEN='${token}'\nexport SF_INSTANCE_URL=${app.emulator.url}\nexport SF_ORG_INSTANCE_URL=${app.emulator.url}\n`,
    );
  });
});
