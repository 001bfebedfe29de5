// Test all in the window: parallel (four at a time), each row's progress and result as
// it lands, a summary, the filtered rows only when a search is on, and Cancel.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appsForEachTest, type AppHarness } from './harness.js';
import { saveWorking, seedRows } from './list-seed.js';

let app: AppHarness | undefined;
let page: Page;
const apps = appsForEachTest();

/** Real testConnection against the emulator, held `delayMs` so progress can be seen; counts how many run at once. */
async function openWith(names: { name: string; username?: string }[], delayMs: number) {
  const seen = { running: 0, most: 0, calls: 0 };
  app = await apps.start({
    methods: {
      testConnection: async (input, service) => {
        seen.calls++;
        seen.most = Math.max(seen.most, ++seen.running);
        try {
          await new Promise((r) => setTimeout(r, delayMs));
          return await service.testConnection(input as never);
        } finally {
          seen.running--;
        }
      },
    },
  });
  for (const c of names) await saveWorking(app.service, app.emulator.url, c.name, c.username);
  page = app.page;
  await page.reload();
  await expect.poll(() => page.locator('#list-title .count').textContent()).toBe(String(names.length));
  return seen;
}

const rowOf = (name: string) => page.locator('.vrow', { has: page.locator('.row-name', { hasText: name }) });
const summary = () => page.getByRole('status', { name: 'Test all summary' });

describe('Test all', () => {
  it('tests every connection four at a time, shows each result on its row, and sums up with the failed names', async () => {
    const seen = await openWith(
      [
        { name: 'UAT one' },
        { name: 'UAT two' },
        { name: 'Prod reporting' },
        { name: 'Sandbox smoke' },
        { name: 'Billing' },
        { name: 'Locked out', username: 'frozen@jwt-connect.test' },
      ],
      400,
    );
    await page.getByRole('button', { name: 'Test all' }).click();
    await expect.poll(() => page.getByText('Testing…').count()).toBeGreaterThan(0);
    expect(await page.getByText('Waiting to test…').count()).toBeGreaterThan(0); // six queued, four at a time
    await expect.poll(() => summary().count(), { timeout: 15_000 }).toBe(1);
    expect(await summary().textContent()).toMatch(/Test all finished: 5 passed, 1 failed \(/);
    expect(await summary().textContent()).toContain('Locked out');
    expect(seen.calls).toBe(6);
    expect(seen.most).toBe(4);
    expect(await rowOf('UAT one').textContent()).toMatch(/✓ Test passed · \d[\d,]* ms/);
    expect(await rowOf('Locked out').textContent()).toMatch(/✗ .+/);
    // the results were recorded on the connections: after closing the summary the rows say so
    await summary().getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => rowOf('UAT two').textContent()).toMatch(/Test succeeded/);
    expect(await rowOf('Locked out').textContent()).toMatch(/Test failed/);
  });

  it('tests only the rows a search shows, and says so on the button', async () => {
    const seen = await openWith([{ name: 'UAT one' }, { name: 'UAT two' }, { name: 'Prod reporting' }], 0);
    await page.getByLabel('Search connections').fill('uat');
    await expect.poll(() => page.locator('#list-title .count').textContent()).toBe('2 of 3');
    await page.getByRole('button', { name: 'Test 2 shown' }).click();
    await expect.poll(() => summary().textContent(), { timeout: 15_000 }).toMatch(/2 passed, 0 failed/);
    expect(seen.calls).toBe(2);
  });

  it('Cancel starts no new test; the running ones finish and are reported', async () => {
    const names = Array.from({ length: 10 }, (_, i) => ({ name: `Org ${String(i).padStart(2, '0')}` }));
    const seen = await openWith(names, 1200);
    await page.getByRole('button', { name: 'Test all' }).click();
    await expect.poll(() => page.getByText('Testing…').count()).toBe(4);
    await page.getByRole('button', { name: 'Cancel tests' }).click();
    await expect.poll(() => summary().textContent(), { timeout: 15_000 }).toMatch(/4 passed, 0 failed, 6 cancelled/);
    expect(seen.calls).toBe(4);
    expect(await page.getByText('Test cancelled').count()).toBeGreaterThan(0);
  });

  it('asks before testing more than 50 connections, and starts nothing when told no', async () => {
    let calls = 0;
    app = await apps.start({
      methods: {
        testConnection: () => {
          calls++;
          return new Promise(() => {});
        },
      },
    });
    seedRows(app.repository, 60);
    page = app.page;
    await page.reload();
    await expect.poll(() => page.locator('#list-title .count').textContent()).toBe('60');
    await page.getByRole('button', { name: 'Test all' }).click();
    const ask = page.getByRole('dialog', { name: 'Test 60 connections?' });
    await expect.poll(() => ask.isVisible()).toBe(true);
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForTimeout(300);
    expect(calls).toBe(0);
    await page.getByRole('button', { name: 'Test all' }).click();
    await page.getByRole('dialog', { name: 'Test 60 connections?' }).getByRole('button', { name: 'Test 60' }).click();
    await expect.poll(() => calls).toBe(4); // four at a time
  });
});
