// "Open in Salesforce" beside the token opens the org signed in through a single-use
// frontdoor URL (the emulator's /services/oauth2/singleaccess), never a URL that carries the token.
// Here main has no platform.openExternal (browser mode), so it answers with the URL and the page opens it.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appsForEachTest, type AppHarness } from './harness.js';
import { button, field, fillPem, revealedToken, save } from './form-helpers.js';

let app: AppHarness;
let page: Page;
const apps = appsForEachTest();

describe('Open in Salesforce', () => {
  it('browser mode: the page opens the frontdoor URL main returns, in a new tab, without the token in it', async () => {
    app = await apps.start();
    page = app.page;
    await fillPem(app);
    expect(await button(page, 'Open in Salesforce').isDisabled()).toBe(true); // no login yet
    await button(page, 'Authorise').click();
    await expect.poll(() => field(page, 'Access Token').inputValue()).toMatch(/^•+$/);
    const token = await revealedToken(page);

    const popup = app.context.waitForEvent('page', { timeout: 10_000 });
    await button(page, 'Open in Salesforce').click();
    const opened = await popup;
    await opened.waitForLoadState('domcontentloaded').catch(() => {});
    const url = opened.url();
    expect(new URL(url).origin).toBe(new URL(app.emulator.url).origin);
    expect(url).not.toContain(token);
    expect(url).not.toContain(encodeURIComponent(token));
    expect(url).not.toMatch(/[?&]sid=/);
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: `Opened ${new URL(app.emulator.url).host}` })
        .count(),
    ).toBe(1);
    await expect.poll(() => app.emulator.frontdoorDesk.visits.map((v) => v.accepted)).toEqual([true]);
    await opened.close();
  });

  it('a saved connection opens with its saved token, after a restart', async () => {
    app = await apps.start();
    page = app.page;
    await fillPem(app);
    await save(page, 'Prod reporting');
    await button(page, 'Authorise').click();
    await expect.poll(() => field(page, 'Access Token').inputValue()).toMatch(/^•+$/);
    const token = await revealedToken(page);
    page = await app.reopen();
    await page.locator('.row-main', { hasText: 'Prod reporting' }).click();
    await expect.poll(() => button(page, 'Open in Salesforce').isEnabled()).toBe(true);
    const popup = app.context.waitForEvent('page', { timeout: 10_000 });
    await button(page, 'Open in Salesforce').click();
    const opened = await popup;
    await opened.waitForLoadState('domcontentloaded').catch(() => {});
    expect(opened.url()).not.toContain(token);
    await expect.poll(() => app.emulator.frontdoorDesk.visits.map((v) => v.accepted)).toEqual([true]); // the browser was signed in, once
    expect(app.emulator.tokenRequests).toHaveLength(1); // the saved token served: no new login
    await opened.close();
  });
});
