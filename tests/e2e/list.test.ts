// The connections list at scale (10,000 rows) and its small promises (counts, sorting, keyboard), in Chromium.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appsForEachTest, type AppHarness, type StartOptions } from './harness.js';
import { seedRows } from './list-seed.js';

let app: AppHarness | undefined;
let page: Page;
const apps = appsForEachTest();

async function open(seed: (a: AppHarness) => void, options: StartOptions = {}) {
  app = await apps.start(options);
  seed(app);
  page = app.page;
  await page.reload();
}

const rowItems = () => page.getByRole('list', { name: 'Saved connections' }).getByRole('listitem');
const countBadge = () => page.locator('#list-title .count');
const domNodes = () => page.evaluate(() => document.getElementsByTagName('*').length);
const focusedRowName = () =>
  page.evaluate(() => document.activeElement?.querySelector('.row-name')?.textContent ?? null);

describe('a list of ordinary size', () => {
  it('has every row in the page (found by name without scrolling) up to 200 connections', async () => {
    await open((a) => seedRows(a.repository, 150));
    await expect.poll(() => countBadge().textContent()).toBe('150');
    expect(await rowItems().count()).toBe(150);
    expect(await page.getByRole('button', { name: 'Delete Connection 99', exact: true }).count()).toBe(1);
  });
});

describe('the list with 10,000 saved connections', () => {
  it('keeps only the rows in view in the page, tells screen readers the size, and scrolls and moves by keyboard', async () => {
    await open((a) => seedRows(a.repository, 10_000, undefined, true));
    await expect.poll(() => countBadge().textContent(), { timeout: 15_000 }).toBe('10,000');
    expect(await domNodes()).toBeLessThan(5000);
    const rendered = await page.locator('.vrow').count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(60);
    const first = rowItems().first();
    expect(await first.getAttribute('aria-setsize')).toBe('10000');
    expect(await first.getAttribute('aria-posinset')).toBe('1');

    // Keyboard: End reaches the last of 10,000 (sorted by name), Up the one before; focus stays on a row.
    await page.locator('.row-main').first().focus();
    await page.keyboard.press('End');
    await expect.poll(focusedRowName).toBe('Connection 9999');
    await page.keyboard.press('ArrowUp');
    await expect.poll(focusedRowName).toBe('Connection 9998');
    expect(await page.locator('li[aria-posinset="9999"]').count()).toBe(1);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('Connection Name', { exact: true }).inputValue()).toBe('Connection 9998');
    expect(await domNodes()).toBeLessThan(5000);

    // Search narrows the list; the count says how many of all.
    await page.getByLabel('Search connections').fill('Connection 99');
    await expect.poll(() => countBadge().textContent()).toBe('111 of 10,000');
    expect(await rowItems().first().getAttribute('aria-setsize')).toBe('111');
  });

  it('drops a slow answer to an older search when a newer one has landed', async () => {
    // The answer to "Connection 1" is held back 1.5 s; "Connection 199" answers at once.
    const slow = (input: unknown) => (input as { search?: string } | undefined)?.search === 'Connection 1';
    const delay = () => new Promise((r) => setTimeout(r, 1500));
    await open((a) => seedRows(a.repository, 200), {
      methods: {
        listRows: async (input, service) => {
          if (slow(input)) await delay();
          return service.listRows(input as never);
        },
        listConnections: async (input, service) => {
          if (slow(input)) await delay();
          return service.listConnections(input as never);
        },
      },
    });
    await expect.poll(() => countBadge().textContent()).toBe('200');
    await page.getByLabel('Search connections').fill('Connection 1');
    await page.waitForTimeout(300); // its request is on the way
    await page.getByLabel('Search connections').fill('Connection 199');
    await expect.poll(() => countBadge().textContent()).toBe('1 of 200');
    await page.waitForTimeout(1800); // the slow older answer lands now, and must change nothing
    expect(await countBadge().textContent()).toBe('1 of 200');
    expect(await page.locator('.row-name').allTextContents()).toEqual(['Connection 199']);
  });
});

describe('small promises of the list', () => {
  it('says "0 of 5" when a search hides every connection, and shows a long name in full on hover', async () => {
    const long = 'Demo (local emulator) (imported) (2) — the UAT copy kept for the regression team';
    await open((a) => seedRows(a.repository, 5, (i) => (i === 0 ? long : `Connection ${i}`)));
    await expect.poll(() => countBadge().textContent()).toBe('5');
    const name = page.locator('.row-name', { hasText: 'Demo (local emulator)' });
    expect(await name.getAttribute('title')).toBe(long);
    // and it is really cut in the row, so the tooltip is the way to read it
    expect(await name.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await page.getByLabel('Search connections').fill('nothing like this');
    await expect.poll(() => countBadge().textContent()).toBe('0 of 5');
    expect(await page.getByText('No connection matches.').isVisible()).toBe(true);
  });
});
