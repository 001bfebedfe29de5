// The token, the results and the checklist's ticks belong to the login fields
// they were obtained with; a failure or a change never leaves them looking current, and Save keeps them.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appForEachTest, type AppHarness } from './harness.js';
import { alertNear, button, field, fillJks, fillPem, revealedToken, save } from './form-helpers.js';
import { USERNAME } from '../support/helpers.js';

let app: AppHarness;
let page: Page;
appForEachTest({}, (started) => {
  app = started;
  page = started.page;
});

const tokenValue = () => field(page, 'Access Token').inputValue();
const accepted = () => page.getByText('✓ Salesforce accepted this connection.');

describe('a failed Authorise never leaves an older token looking current', () => {
  it('a refused username empties the token, turns Reveal and Copy off and drops the Issued line', async () => {
    await fillJks(app);
    await button(page, 'Authorise').click();
    await expect.poll(tokenValue).toMatch(/^•+$/);
    expect(await page.getByText(/^Issued /).isVisible()).toBe(true);

    await field(page, 'Username').fill('unapproved@jwt-connect.test');
    // Already on the change: the token belongs to the earlier settings, and says so.
    await expect.poll(tokenValue).toBe('');
    expect(await page.getByText(/issued for earlier settings \(changed since: Username\)/).isVisible()).toBe(true);
    expect(await button(page, 'Reveal').isDisabled()).toBe(true);

    await button(page, 'Authorise').click();
    await expect.poll(() => alertNear(page, 'Username').textContent()).toContain("user hasn't approved this consumer");
    expect(await tokenValue()).toBe('');
    expect(await button(page, 'Reveal').isDisabled()).toBe(true);
    expect(await button(page, 'Copy').isDisabled()).toBe(true);
    expect(await button(page, 'Open in Salesforce').isDisabled()).toBe(true);
    expect(await page.getByText(/^Issued /).count()).toBe(0);
    expect(await page.getByText('No token for these settings: the last Authorise failed.').isVisible()).toBe(true);
    expect(await accepted().count()).toBe(0);

    // Back to the user Salesforce accepts: a fresh Authorise, a fresh token.
    await field(page, 'Username').fill(USERNAME);
    await button(page, 'Authorise').click();
    await expect.poll(tokenValue).toMatch(/^•+$/);
    expect(await button(page, 'Reveal').isEnabled()).toBe(true);
  });

  it('a saved connection: a changed login field hides the saved token, a changed description does not', async () => {
    await fillPem(app);
    await save(page, 'Prod reporting');
    await button(page, 'Authorise').click();
    await expect.poll(tokenValue).toMatch(/^•+$/);
    const token = await revealedToken(page);
    expect(token).toMatch(/^00D5g000000EMUL8!/);

    await field(page, 'Description').fill('only the description changed');
    expect(await button(page, 'Reveal').isEnabled()).toBe(true);

    await field(page, 'Environment').selectOption('sandbox');
    await expect.poll(tokenValue).toBe('');
    expect(await button(page, 'Reveal').isDisabled()).toBe(true);
    expect(await page.getByText(/changed since: Environment, My Domain URL/).isVisible()).toBe(true);
    expect(await accepted().count()).toBe(0);
  });
});

describe('Authorise, Test, then Save keeps what was just proven', () => {
  it('a new connection keeps its token, Issued line, test result and ticks after Save; a changed login field drops them visibly', async () => {
    await fillJks(app);
    await button(page, 'Authorise').click();
    await expect.poll(tokenValue).toMatch(/^•+$/);
    await button(page, 'Test Connection').click();
    await page.getByRole('region', { name: /Connection works/ }).waitFor();
    // The test logged in again (a form not saved yet has no stored token): its token is the current one.
    const issued = await page.getByText(/^Issued /).textContent();
    const requestsBeforeSave = app.emulator.tokenRequests.length;
    await save(page, 'UAT integration');

    // The form now shows the saved connection, with what was proven before Save.
    await expect.poll(() => page.getByRole('heading', { name: 'Edit Connection: UAT integration' }).count()).toBe(1);
    await expect.poll(tokenValue).toMatch(/^•+$/);
    expect(await page.getByText(/^Issued /).textContent()).toBe(issued);
    expect(await page.getByRole('region', { name: /Connection works/ }).textContent()).toContain('Emulated Org');
    expect(await accepted().isVisible()).toBe(true);
    expect(await page.locator('.row', { hasText: 'UAT integration' }).textContent()).not.toContain('Not tried yet');
    expect(await revealedToken(page)).toMatch(/^00D5g000000EMUL8!/); // the saved token, fetched from main
    expect(app.emulator.tokenRequests).toHaveLength(requestsBeforeSave); // nothing was re-run to get there

    await field(page, 'Username').fill('someone.else@jwt-connect.test');
    await expect.poll(tokenValue).toBe('');
    expect(await page.getByRole('region', { name: /Connection works/ }).count()).toBe(0);
    expect(
      await page.getByText('The Test Connection result was dropped: Username changed since it ran.').isVisible(),
    ).toBe(true);
    expect(await accepted().count()).toBe(0);
  });

  it('an edited connection keeps the token Authorise just got, whether the edit touched a login field or not', async () => {
    await fillPem(app);
    await save(page, 'Prod reporting');
    // Only the description changed: Authorise runs the saved connection, Save keeps its token.
    await field(page, 'Description').fill('edited');
    await button(page, 'Authorise').click();
    await expect.poll(tokenValue).toMatch(/^•+$/);
    await save(page, 'Prod reporting');
    await expect.poll(tokenValue).toMatch(/^•+$/);
    expect(await page.locator('.row', { hasText: 'Prod reporting' }).textContent()).not.toContain('Not tried yet');

    // A login field changed (the same org, written with a trailing slash): proven with the form, kept by Save.
    await field(page, 'My Domain URL').fill(`${app.emulator.url}/`);
    await expect.poll(tokenValue).toBe('');
    await button(page, 'Authorise').click();
    await expect.poll(tokenValue).toMatch(/^•+$/);
    await save(page, 'Prod reporting');
    await expect.poll(tokenValue).toMatch(/^•+$/);
    expect(await accepted().isVisible()).toBe(true);
  });
});
