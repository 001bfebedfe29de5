import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appForEachTest, type AppHarness } from './harness.js';
import { CONSUMER_KEY, FIXTURES, USERNAME } from '../support/helpers.js';

let app: AppHarness;
let page: Page;
appForEachTest({}, (started) => {
  app = started;
  page = started.page;
});

const field = (label: string) => page.getByLabel(label, { exact: true });

async function fillJks(name = 'UAT integration') {
  await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
  await field('Connection Name').fill(name);
  await field('Description').fill('Nightly regression suite');
  await field('Consumer Key').fill(CONSUMER_KEY);
  await field('Key Store').setInputFiles(join(FIXTURES, 'multi.jks'));
  await field('Key Store Password').fill('storepass');
  await field('Key Store Password').blur();
  // Waited for, not polled for a second: the first keystore read of a run can take longer on a busy machine.
  await page.getByText('Keys in this keystore: integration_user, second, app').waitFor();
  await field('Certificate Name').fill('app');
  await field('Key Password').fill('keypass');
  await field('Username').fill(USERNAME);
  await field('Environment').selectOption('mydomain');
  await field('My Domain URL').fill(app.emulator.url);
}

async function fillPem(name = 'Prod reporting', file = 'app-pkcs8-encrypted.pem') {
  await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
  await field('Connection Name').fill(name);
  await field('Encryption Option').selectOption({ label: 'Private Key' });
  await field('Consumer Key').fill(CONSUMER_KEY);
  await field('Private Key').setInputFiles(join(FIXTURES, file));
  await field('Username').fill(USERNAME);
  await field('Environment').selectOption('mydomain');
  await field('My Domain URL').fill(app.emulator.url);
}

const alertNear = (label: string) =>
  page.locator('.field', { has: page.getByLabel(label, { exact: true }) }).getByRole('alert');

describe('a JKS connection, end to end', () => {
  it('authorises, tests, saves, and comes back after a restart with secrets shown only as saved', async () => {
    await fillJks();
    await page.getByRole('button', { name: 'Authorise' }).click();
    const token = field('Access Token');
    await expect.poll(() => token.inputValue()).toMatch(/^•+$/);
    await page.getByRole('button', { name: 'Reveal' }).click();
    await expect.poll(() => token.inputValue()).toMatch(/^00D5g000000EMUL8!/);
    await page.getByRole('button', { name: 'Hide' }).click();
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/^00D5g000000EMUL8!/);
    expect(await token.inputValue()).toMatch(/^•+$/); // copied without being shown

    await page.getByRole('button', { name: 'Test Connection' }).click();
    const card = page.getByRole('region', { name: /Connection works/ });
    await expect.poll(() => card.textContent()).toContain('Emulated Org');
    expect(await card.textContent()).toMatch(
      /Org typeDeveloper Edition.*SandboxNo.*InstanceEMU1.*API requests left14,99\d of 15,000 today/,
    );

    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved "UAT integration".' }).count()).toBe(1);

    page = await app.reopen();
    await page.locator('.row-main', { hasText: 'UAT integration' }).click();
    expect(await field('Connection Name').inputValue()).toBe('UAT integration');
    expect(await field('Key Store Password').inputValue()).toBe('');
    expect(await field('Key Store Password').getAttribute('placeholder')).toContain('(saved)');
    expect(await page.getByText('multi.jks').textContent()).toContain('multi.jks');
    expect(await page.locator('body').textContent()).not.toContain('storepass');
    // the saved connection authorises with its saved secrets
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await expect.poll(() => page.getByRole('region', { name: /Connection works/ }).count()).toBe(1);
    await expect.poll(() => page.locator('.row .status.ok').textContent()).toMatch(/Test succeeded/);
    // the token that test obtained was stored encrypted; Reveal fetches it from main on demand
    await page.getByRole('button', { name: 'Reveal' }).click();
    await expect.poll(() => field('Access Token').inputValue()).toMatch(/^00D5g000000EMUL8!/);
  });
});

describe('a Private Key connection', () => {
  it('asks for the passphrase of an encrypted key, and authorises', async () => {
    await fillPem();
    await expect.poll(() => field('Passphrase').isVisible()).toBe(true);
    await field('Passphrase').fill('passphrase');
    await page.getByRole('button', { name: 'Authorise' }).click();
    await expect.poll(() => field('Access Token').inputValue()).toMatch(/^•+$/);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.row-name').allTextContents()).toEqual(['Prod reporting']);
  });

  it('takes a key file dropped onto the field', async () => {
    await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
    await field('Encryption Option').selectOption({ label: 'Private Key' });
    const pem = (await import('node:fs')).readFileSync(join(FIXTURES, 'app-combined.pem'), 'utf8');
    const transfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.pem', { type: 'application/x-pem-file' }));
      return dt;
    }, pem);
    await page.locator('.drop').dispatchEvent('drop', { dataTransfer: transfer });
    await expect.poll(() => page.locator('.inspect').textContent()).toContain('CN=app.jwt-connect.test');
    expect(await page.locator('.drop').textContent()).toContain('dropped.pem');
  });
});

describe('editing, duplicating and deleting', () => {
  it('guards unsaved changes, duplicates as "Copy of", and deletes after confirmation', async () => {
    await fillPem();
    await field('Passphrase').fill('passphrase');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.row-name').allTextContents()).toEqual(['Prod reporting']);

    await field('Description').fill('edited but not saved');
    expect(await page.getByText('Unsaved changes').isVisible()).toBe(true);
    await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Discard unsaved changes?' });
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await field('Description').inputValue()).toBe('edited but not saved');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.row-sub').first().textContent()).toContain('edited but not saved');

    await page.getByRole('button', { name: 'Duplicate Prod reporting' }).click();
    await expect
      .poll(() => page.locator('.row-name').allTextContents())
      .toEqual(['Copy of Prod reporting', 'Prod reporting']);
    expect(await field('Connection Name').inputValue()).toBe('Copy of Prod reporting');
    await page.getByRole('button', { name: 'Authorise' }).click(); // the copy's secrets came along
    await expect.poll(() => field('Access Token').inputValue()).toMatch(/^•+$/);

    await page.getByRole('button', { name: 'Delete Prod reporting' }).click();
    await page
      .getByRole('dialog', { name: 'Delete "Prod reporting"?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect.poll(() => page.locator('.row-name').allTextContents()).toEqual(['Copy of Prod reporting']);
  });

  it('searches the list', async () => {
    await fillPem('Alpha');
    await page.getByRole('button', { name: 'Save' }).click();
    await fillPem('Beta');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.row-name').allTextContents()).toEqual(['Alpha', 'Beta']);
    await page.getByLabel('Search connections').fill('bet');
    await expect.poll(() => page.locator('.row-name').allTextContents()).toEqual(['Beta']);
  });
});

describe('errors appear next to the field that is wrong', () => {
  it('flags missing details before any request', async () => {
    await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
    await page.getByRole('button', { name: 'Authorise' }).click();
    expect(await alertNear('Consumer Key').textContent()).toContain('Consumer Key is required');
    expect(await alertNear('Username').textContent()).toContain('Username is required');
    expect(await alertNear('Key Store Password').textContent()).toContain('required');
    expect(app.emulator.tokenRequests).toHaveLength(0);
    // Each message is tied to its field: invalid, and described by the message (screen readers, scripts).
    const consumerKey = field('Consumer Key');
    expect(await consumerKey.getAttribute('aria-invalid')).toBe('true');
    expect(
      await consumerKey.evaluate(
        (el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent,
      ),
    ).toContain('Consumer Key is required');
    // One "+ Add New Connection" in the page: found by its name alone.
    expect(await page.getByRole('button', { name: '+ Add New Connection' }).count()).toBe(1);
  });

  it('wrong key store password', async () => {
    await fillJks();
    await field('Key Store Password').fill('not-it');
    await field('Key Store Password').blur();
    await expect.poll(() => alertNear('Key Store Password').textContent()).toContain('The key store password is wrong');
  });

  it('wrong alias lists the aliases there are', async () => {
    await fillJks();
    await field('Certificate Name').fill('prod-cert');
    await page.getByRole('button', { name: 'Authorise' }).click();
    await expect
      .poll(() => alertNear('Certificate Name').textContent())
      .toContain('Keys there are: "integration_user", "second", "app"');
  });

  it("an unapproved user shows Salesforce's words and the fix", async () => {
    await fillJks();
    await field('Username').fill('unapproved@jwt-connect.test');
    await page.getByRole('button', { name: 'Authorise' }).click();
    await expect.poll(() => alertNear('Username').textContent()).toContain("user hasn't approved this consumer");
    // A long hint shows its first sentence; the rest (here the policy to set) opens with More….
    await alertNear('Username').getByRole('button', { name: 'More…' }).click();
    expect(await alertNear('Username').textContent()).toContain('Admin approved users are pre-authorized');
    // Saved, the row tells the reason in words, not as an error code.
    await page.getByRole('button', { name: 'Save' }).click();
    const row = page.locator('.row-status', { hasText: 'Authorise failed' });
    await expect.poll(() => row.textContent()).toContain("user hasn't approved this consumer");
    expect(await row.textContent()).not.toContain('USER_NOT_APPROVED');
  });

  it('the wrong environment (audience) points at the login settings', async () => {
    await fillJks();
    await page.getByText('Advanced').click();
    await field('Audience').fill(app.emulator.url.replace('127.0.0.1', 'localhost'));
    await page.getByRole('button', { name: 'Authorise' }).click();
    await expect.poll(() => alertNear('My Domain URL').textContent()).toContain('audience is invalid');
  });

  it('an Audience for Salesforce with a login elsewhere is refused at the Audience, before any request', async () => {
    await fillJks();
    await page.getByText('Advanced').click();
    await field('Audience').fill('https://test.salesforce.com');
    const before = app.emulator.tokenRequests.length;
    await page.getByRole('button', { name: 'Authorise' }).click();
    await expect
      .poll(() => alertNear('Audience').textContent())
      .toContain('test.salesforce.com (a Salesforce host) but the login goes to 127.0.0.1');
    expect(app.emulator.tokenRequests.length).toBe(before);
  });

  it('an emulator that is down is a plain network message', async () => {
    await fillJks();
    await app.emulator.stop();
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await expect.poll(() => alertNear('My Domain URL').textContent()).toMatch(/refused the connection/);
  });
});

describe('keyboard and layout', () => {
  it('can be used from the keyboard with a visible focus', async () => {
    await page.getByRole('button', { name: '+ Add New Connection' }).first().waitFor(); // rendered before the first key
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toContain('Add New Connection');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('name'); // focus moves once the form renders
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).toBe('solid');
  });

  it('holds its layout at 900 px wide', async () => {
    await page.setViewportSize({ width: 900, height: 800 });
    await fillJks();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // nothing sticks out of its panel either
    const outside = await page.evaluate(() =>
      [
        ...document.querySelectorAll(
          '.list button, .list input, .list select, .connection-form input, .connection-form select, .connection-form button',
        ),
      ]
        .filter((el) => {
          const panel = (el.closest('.list, .connection-form') as HTMLElement).getBoundingClientRect();
          const box = el.getBoundingClientRect();
          return box.width > 0 && (box.left < panel.left - 1 || box.right > panel.right + 1);
        })
        .map((el) => el.textContent || el.id),
    );
    expect(outside).toEqual([]);
  });
});
