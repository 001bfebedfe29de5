// The list's rows as a user scans them: two dense lines, marks for what keeps a connection from
// logging in, My Domain production told from sandbox, one Tab stop per row; the window at 900 px;
// and a bridge that stopped named by the command that started it.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appsForEachTest, launchBrowser, type AppHarness } from './harness.js';
import { button, field, fillPem, save } from './form-helpers.js';
import { seedRows } from './list-seed.js';
import { CONSUMER_KEY, USERNAME, fixture } from '../support/helpers.js';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { startWebBridge } from '../../electron/web-bridge-server.js';

let app: AppHarness | undefined;
let page: Page;
const apps = appsForEachTest();

const row = (name: string) => page.locator('.row', { has: page.locator('.row-name', { hasText: name }) });
const focusedRowName = () =>
  page.evaluate(() => document.activeElement?.closest('.row')?.querySelector('.row-name')?.textContent ?? null);

describe('the marks on a row', () => {
  it('an imported connection without its secrets says "Secrets missing — pick the key" in its row and its form', async () => {
    app = await apps.start();
    page = app.page;
    await fillPem(app);
    await save(page, 'Prod reporting');
    await page.evaluate(async () => {
      const api = (
        window as unknown as { api: Record<string, (i: unknown) => Promise<{ ok: boolean; data: { text: string } }>> }
      ).api;
      const exported = await api.exportConnections!({ includeSecrets: false });
      await api.importConnections!({ text: exported.data.text });
    });
    page = await app.reopen();
    const imported = row('Prod reporting (imported)');
    await expect.poll(() => imported.textContent()).toContain('Secrets missing — pick the key');
    expect(await imported.textContent()).not.toContain('Not tried yet');
    await imported.locator('.row-main').click();
    await expect.poll(() => page.locator('.form-marks').textContent()).toContain('Secrets missing — pick the key');
    // The connection it came from has its key: no mark.
    expect(await row('Prod reporting').first().textContent()).not.toContain('Secrets missing');
  });

  it('tells a production My Domain from a sandbox one, and shows user, host and certificate on two lines', async () => {
    app = await apps.start();
    page = app.page;
    const base = {
      encryption: 'privateKey' as const,
      consumerKey: 'k',
      username: 'qa@acme.com.uat',
      environment: 'mydomain' as const,
      secrets: {},
    };
    await app.service.createConnection({
      ...base,
      name: 'Acme UAT',
      myDomainUrl: 'https://acme--uat.sandbox.my.salesforce.com',
    });
    await app.service.createConnection({
      ...base,
      name: 'Acme live',
      myDomainUrl: 'https://acme.my.salesforce.com',
      username: 'ops@acme.com',
    });
    await app.service.createConnection({
      ...base,
      name: 'Local emulator',
      consumerKey: CONSUMER_KEY,
      username: USERNAME,
      myDomainUrl: app.emulator.url,
      keyFile: { fileName: 'app-combined.pem', base64: fixture('app-combined.pem').toString('base64') },
    });
    page = await app.reopen();
    await expect.poll(() => row('Acme UAT').locator('.badge').first().textContent()).toBe('Sandbox · My Domain');
    expect(await row('Acme live').locator('.badge').first().textContent()).toBe('Production · My Domain');
    expect(await row('Acme UAT').textContent()).toContain('qa@acme.com.uat · acme--uat.sandbox.my.salesforce.com');
    const lines = await row('Local emulator').locator('.row-line').allTextContents();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/Local emulator.*My Domain.*Cert \d+ d/);
    expect(lines[1]).toMatch(/Not tried yet.*integration@jwt-connect\.test · 127\.0\.0\.1:\d+/);
    // Dense: at 1280 × 900 at least eight rows are in view.
    seedRows(app.repository, 12);
    page = await app.reopen();
    await expect.poll(() => page.locator('.row').count()).toBe(15);
    const inView = await page.locator('.row').evaluateAll(
      (rows) =>
        rows.filter((r) => {
          const b = r.getBoundingClientRect();
          return b.top >= 0 && b.bottom <= innerHeight;
        }).length,
    );
    expect(inView).toBeGreaterThanOrEqual(8);
  });
});

describe('the keyboard in the list', () => {
  it('one Tab stop per row; arrows move between rows and reach Duplicate and Delete', async () => {
    app = await apps.start();
    page = app.page;
    seedRows(app.repository, 3);
    page = await app.reopen();
    await page.locator('.row-main').first().focus();
    expect(await focusedRowName()).toBe('Connection 0');
    await page.keyboard.press('Tab');
    expect(await focusedRowName()).toBe('Connection 1'); // not Duplicate or Delete of the first row
    await page.keyboard.press('ArrowDown');
    expect(await focusedRowName()).toBe('Connection 2');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Duplicate Connection 2',
    );
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Delete Connection 2');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('row-main'))).toBe(true);
    await page.keyboard.press('ArrowUp');
    expect(await focusedRowName()).toBe('Connection 1');
  });
});

describe('the window at 900 px, its smallest', () => {
  it('never scrolls sideways and shows the form card whole, with a failure beside the buttons', async () => {
    app = await apps.start({ width: 900, height: 800 });
    page = app.page;
    seedRows(app.repository, 5, (i) => `Connection ${i}`, true);
    page = await app.reopen();
    await fillPem(app);
    await field(page, 'My Domain URL').fill('http://127.0.0.1:1');
    await button(page, 'Authorise').click();
    await page.getByRole('alert').filter({ hasText: 'Authorise failed:' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    const card = (await page.locator('.connection-form').boundingBox())!;
    expect(card.x + card.width).toBeLessThanOrEqual(900);
    // The certificate filter's longest choice is shown whole.
    await page.getByLabel('Certificates').selectOption('attention');
    expect(await page.getByLabel('Certificates').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await page.getByLabel('Certificates').evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(
      250,
    );
  });

  it('the Saved toast does not cover Save', async () => {
    app = await apps.start({ width: 900, height: 700 });
    page = app.page;
    await fillPem(app);
    await button(page, 'Save').scrollIntoViewIfNeeded();
    await button(page, 'Save').click();
    const toast = page.getByRole('status').filter({ hasText: 'Saved "Prod reporting".' });
    await toast.waitFor();
    await button(page, 'Save').scrollIntoViewIfNeeded();
    const a = (await toast.boundingBox())!;
    const b = (await button(page, 'Save').boundingBox())!;
    const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlap).toBe(false);
  });
});

describe('the browser mode when its bridge stops', () => {
  it('names the command that started it and leaves no panel on "Opening…"', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jwt-connect-e2e-stop-'));
    const { service, repository } = openNodeServices({ dataDir, platform: { fetch: globalThis.fetch } });
    seedRows(repository, 2);
    const bridge = await startWebBridge({
      service,
      staticDir: join(import.meta.dirname, '..', '..', 'dist', 'renderer'),
      token: randomBytes(24).toString('base64url'),
      startedBy: 'npm start',
    });
    const context = await (await launchBrowser()).newContext({ viewport: { width: 1280, height: 900 } });
    apps.cleanup(() => rmSync(dataDir, { recursive: true, force: true }));
    apps.cleanup(() => bridge.close());
    apps.cleanup(() => context.close());
    page = await context.newPage();
    await page.goto(bridge.url);
    await expect.poll(() => page.locator('.row').count()).toBe(2);
    await bridge.close();
    await page.locator('.row-main', { hasText: 'Connection 1' }).click();
    const failed = page.getByRole('alert').filter({ hasText: 'could not be opened' });
    await failed.waitFor();
    expect(await failed.textContent()).toContain('Start it again with npm start');
    expect(await failed.textContent()).not.toContain('dev:web');
    expect(await page.getByText('Opening…').count()).toBe(0);
    expect(await failed.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
  });
});
