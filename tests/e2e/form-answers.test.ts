// Answers where the user clicked: the reason of a failed Authorise / Test beside the buttons with
// focus on it, the first invalid field focused, "nothing was sent" when a detail was missing, an
// incomplete connection saved with a visible mark, a passing Test adopting the token it got.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appForEachTest, type AppHarness } from './harness.js';
import { button, field, fillJks, fillPem, save } from './form-helpers.js';

let app: AppHarness;
let page: Page;
appForEachTest({ height: 800 }, (started) => {
  app = started;
  page = started.page;
});

const tokenValue = () => field(page, 'Access Token').inputValue();
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName ?? '', id: el?.id ?? '', text: el?.textContent ?? '' };
  });
/** The answer under the buttons: an alert (failure) or a status (success) right below Authorise. */
const outcome = () => page.locator('.actions-area').locator('[role=alert], [role=status]');

describe('the answer to Authorise and Test sits beside their buttons', () => {
  it('a refused connection: the reason (words and fix) under the buttons, focused and on screen', async () => {
    await fillPem(app);
    await field(page, 'My Domain URL').fill('http://127.0.0.1:1'); // nothing listens there
    await button(page, 'Authorise').click();
    await expect.poll(() => outcome().textContent()).toContain('Authorise failed:');
    const reason = page.getByRole('alert').filter({ hasText: 'Authorise failed:' });
    expect(await reason.count()).toBe(1);
    expect(await reason.textContent()).toContain('127.0.0.1:1'); // the words: which host could not be reached
    expect((await reason.textContent())!.length).toBeGreaterThan('Authorise failed: '.length + 20); // and what to do
    // Right under the buttons that ran it, and focused (so it is on screen and read out).
    const buttonBox = (await button(page, 'Authorise').boundingBox())!;
    const reasonBox = (await reason.boundingBox())!;
    expect(reasonBox.y).toBeGreaterThan(buttonBox.y);
    expect(reasonBox.y - (buttonBox.y + buttonBox.height)).toBeLessThan(40);
    expect((await focused()).text).toContain('Authorise failed:');
    expect(
      await reason.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight;
      }),
    ).toBe(true);
    // Announced: the answer lives in a live region that stays in the page.
    expect(await page.locator('.actions-area [aria-live]').count()).toBe(1);
  });

  it('a failed Test Connection too, and a passing one is announced with focus kept on its button', async () => {
    await fillPem(app);
    await field(page, 'My Domain URL').fill('http://127.0.0.1:1');
    await button(page, 'Test Connection').click();
    await expect.poll(() => focused().then((f) => f.text)).toContain('Test Connection failed:');

    await field(page, 'My Domain URL').fill(app.emulator.url);
    await button(page, 'Test Connection').click();
    await page.getByRole('region', { name: /Connection works/ }).waitFor();
    await expect.poll(() => outcome().textContent()).toContain('Test Connection passed');
    expect(await page.getByRole('alert').filter({ hasText: 'Test Connection failed' }).count()).toBe(0);
    const f = await focused();
    expect(f.tag).not.toBe('BODY');
    expect(f.text).toBe('Test Connection');
  });

  it('a missing detail: nothing is sent, it says what is missing, and focus goes to the first such field', async () => {
    await fillJks(app);
    await field(page, 'Consumer Key').fill('');
    await field(page, 'Username').fill('');
    const before = app.emulator.tokenRequests.length;
    await button(page, 'Authorise').click();
    await expect.poll(() => outcome().textContent()).toContain('Nothing was sent');
    expect(await outcome().textContent()).toContain('Consumer Key and Username are missing');
    expect(app.emulator.tokenRequests.length).toBe(before);
    expect((await focused()).id).toBe('consumerKey'); // the first invalid field, in the form's order
    expect(
      await page
        .getByText('No token for these settings: nothing was sent, Consumer Key and Username are missing.')
        .isVisible(),
    ).toBe(true);
    expect(await page.getByText('the last Authorise failed').count()).toBe(0);
  });

  it('Save without a Connection Name focuses it', async () => {
    await fillPem(app);
    await field(page, 'Connection Name').fill('');
    await button(page, 'Save').click();
    await expect.poll(() => focused().then((f) => f.id)).toBe('name');
    expect(await field(page, 'Connection Name').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('an incomplete connection can be saved, visibly so', () => {
  it('Save keeps the field errors and marks the form and its row "Incomplete: …"', async () => {
    await fillJks(app);
    await field(page, 'Consumer Key').fill('');
    await save(page, 'UAT integration');
    await expect.poll(() => page.getByRole('heading', { name: 'Edit Connection: UAT integration' }).count()).toBe(1);
    // The form, reopened on the saved connection, still says what is missing, on the field and on top.
    await expect.poll(() => page.locator('.form-marks').textContent()).toContain('Incomplete: Consumer Key');
    expect(await field(page, 'Consumer Key').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('Consumer Key is required.').isVisible()).toBe(true);
    const row = page.locator('.row', { hasText: 'UAT integration' });
    expect(await row.textContent()).toContain('Incomplete: Consumer Key');
    expect(await row.textContent()).not.toContain('Not tried yet');

    // Filled in: the mark goes from the form as it is typed, and from the row once saved.
    await field(page, 'Consumer Key').fill('3MVG9-emulator-consumer-key');
    expect(await page.locator('.form-marks').count()).toBe(0);
    await save(page, 'UAT integration');
    await expect.poll(() => row.textContent()).toContain('Not tried yet');
  });
});

describe('a passing Test Connection adopts the token it logged in with', () => {
  it('after a login field changed, Test leaves a current token, not "Authorise again"', async () => {
    await fillPem(app);
    await save(page, 'Prod reporting');
    await button(page, 'Authorise').click();
    await expect.poll(tokenValue).toMatch(/^•+$/);
    // The same org written with a trailing slash: a login field changed, so Test logs in again.
    await field(page, 'My Domain URL').fill(`${app.emulator.url}/`);
    await expect.poll(tokenValue).toBe('');
    await button(page, 'Test Connection').click();
    await page.getByRole('region', { name: /Connection works/ }).waitFor();
    await expect.poll(tokenValue).toMatch(/^•+$/);
    expect(await page.getByText(/Authorise again/).count()).toBe(0);
    expect(await button(page, 'Reveal').isEnabled()).toBe(true);
    expect(await page.getByText(/^Issued /).isVisible()).toBe(true);
  });
});

describe('a keystore with several keys', () => {
  it('names the entry each warning is about: the expired integration_user is not the chosen app', async () => {
    await fillJks(app);
    await field(page, 'Certificate Name').blur();
    const warnings = page.locator('.inspect .warning');
    await expect
      .poll(() => warnings.allTextContents())
      .toEqual([
        expect.stringContaining('integration_user (another key, not the one in use): The certificate expired'),
      ]);
  });
});

describe('a long hint', () => {
  it('shows its first sentence, and the rest on demand', async () => {
    await fillPem(app);
    await field(page, 'Username').fill('unapproved@jwt-connect.test');
    await button(page, 'Authorise').click();
    const error = page.locator('.field', { has: field(page, 'Username') }).getByRole('alert');
    await expect.poll(() => error.textContent()).toContain("user hasn't approved this consumer");
    const more = error.getByRole('button', { name: 'More…' });
    expect(await more.isVisible()).toBe(true);
    const shortText = (await error.textContent())!;
    await more.click();
    expect((await error.textContent())!.length).toBeGreaterThan(shortText.length);
    expect(await error.getByRole('button', { name: 'Less' }).getAttribute('aria-expanded')).toBe('true');
  });
});

describe('Create key and certificate', () => {
  it('advises a passphrase, and says where the files went and that the key is not encrypted without one', async () => {
    await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
    await field(page, 'Encryption Option').selectOption({ label: 'Private Key' });
    await button(page, 'Create key and certificate…').click();
    const dialog = page.getByRole('dialog', { name: 'Create key and certificate' });
    expect(
      await dialog
        .getByText(/^Advised: without one, the \.key file saved to .* is readable by anyone who gets a copy\.$/)
        .isVisible(),
    ).toBe(true);
    await dialog.getByLabel('Common Name (CN)').fill('jwt-connect e2e');
    await dialog.getByRole('button', { name: 'Create and save files' }).click();
    const notice = page.getByRole('status').filter({ hasText: /^Created / });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(
      /^Created jwt-connect-e2e\.key, jwt-connect-e2e\.crt in .+\. Upload jwt-connect-e2e\.crt/,
    );
    expect(await notice.textContent()).toContain('jwt-connect-e2e.key is not encrypted');
  });
});
