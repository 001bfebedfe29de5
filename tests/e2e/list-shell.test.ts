// The window around the list: a damaged or locked store, a connection whose secrets
// cannot be read, import progress, and dev:web's token pasted into the same tab.
// The damaged store runs on the real storage side; the permission, read-only, unreadable
// secrets and progress states are stood in through the harness (`methods`), as shared/api.ts names them,
// so what those check is what the window does with each state.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openNodeServices, storePath } from '../../electron/connections/open-node.js';
import { startWebBridge } from '../../electron/web-bridge-server.js';
import { appsForEachTest, launchBrowser, type AppHarness, type StartOptions } from './harness.js';
import { saveWorking, seedRows } from './list-seed.js';

let app: AppHarness | undefined;
let page: Page;
const apps = appsForEachTest();

async function open(options: StartOptions, seed?: (a: AppHarness) => void) {
  app = await apps.start(options);
  seed?.(app);
  page = app.page;
  await page.reload();
}

const button = (name: string) => page.getByRole('button', { name, exact: true });
const countBadge = () => page.locator('#list-title .count');
/**
 * vaultStatus reporting `problem`: for the permission case, which cannot be produced here (these
 * machines run the tests as root, who reads any file).
 */
function damagedStore(problem: Record<string, unknown>): StartOptions['methods'] {
  return { vaultStatus: (_input, service) => ({ ...service.vaultStatus(), storeProblem: problem }) };
}

/** A store file the storage side will find damaged: `good` valid connections beside one broken entry. */
function damage(dataDir: string, good: number) {
  const now = new Date().toISOString();
  const connections: unknown[] = Array.from({ length: good }, (_, i) => ({
    id: `kept-${i}`,
    name: `Kept ${i}`,
    description: '',
    connectionType: 'salesforce',
    authType: 'oauth-jwt',
    encryption: 'privateKey',
    consumerKey: 'ck',
    username: `kept${i}@example.com`,
    environment: 'production',
    createdAt: now,
    updatedAt: now,
  }));
  connections.push({ id: 42, name: null });
  writeFileSync(
    storePath(dataDir),
    good ? JSON.stringify({ version: 1, connections }) : '{"version": 1, "connections": [ {"id": "half-writ',
  );
}

describe('a damaged saved-connections file', () => {
  it('names the moved-aside file and brings its connections back with "Restore it"', async () => {
    await open({ beforeOpen: (dir) => damage(dir, 2) });
    const banner = page.getByRole('alert').filter({ hasText: 'connections.json.corrupt-' });
    await expect.poll(() => banner.textContent()).toMatch(/\/.*connections\.json\.corrupt-\d{4}-/); // the file, by its full path
    expect(await banner.getByRole('button', { name: 'Start empty' }).isVisible()).toBe(true);
    expect(await countBadge().textContent()).toBe('0');
    await banner.getByRole('button', { name: 'Restore it' }).click();
    await expect.poll(() => countBadge().textContent()).toBe('2');
    expect(await page.locator('.row-name').allTextContents()).toEqual(['Kept 0', 'Kept 1']);
    await expect.poll(() => banner.count()).toBe(0);
    expect(await page.getByRole('status').filter({ hasText: 'Restored 2 connections' }).count()).toBe(1);
  });

  it('"Start empty" clears the report; a file that cannot be read back offers only that', async () => {
    await open({ beforeOpen: (dir) => damage(dir, 0) });
    const banner = page.getByRole('alert').filter({ hasText: 'connections.json.corrupt-' });
    await expect.poll(() => banner.getByRole('button', { name: 'Start empty' }).count()).toBe(1);
    expect(await banner.getByRole('button', { name: 'Restore it' }).count()).toBe(0);
    await banner.getByRole('button', { name: 'Start empty' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    expect(
      await page.getByRole('status').filter({ hasText: 'The damaged file stays where it was moved' }).count(),
    ).toBe(1);
  });

  it('a file it may not read (permissions) shows the hint and no restore', async () => {
    await open({
      methods: damagedStore({
        code: 'STORE_UNREADABLE',
        message: 'The saved connections file cannot be read (permission denied).',
        hint: 'Give your user read and write access to connections.json; nothing was moved or deleted.',
      }),
    });
    const banner = page.getByRole('alert').filter({ hasText: 'permission denied' });
    await expect.poll(() => banner.textContent()).toContain('Give your user read and write access');
    expect(await banner.getByRole('button').count()).toBe(0);
    // the list does not pretend there are none
    expect(
      await page
        .getByText('Your saved connections could not be read: see the message above. Nothing was deleted.')
        .isVisible(),
    ).toBe(true);
    expect(await page.getByText('No saved connections yet').count()).toBe(0);
  });
});

describe('a data folder another process holds', () => {
  it('says read-only and who holds it, and turns off the writing actions', async () => {
    await open(
      {
        methods: {
          vaultStatus: (_i, service) => ({
            ...service.vaultStatus(),
            readOnly: {
              message: 'jwt-connect (pid 4242, started 04:01) is using this data folder.',
              hint: 'Close it to make changes here.',
            },
          }),
        },
      },
      (a) => seedRows(a.repository, 2),
    );
    const banner = page.getByRole('status').filter({ hasText: 'Read-only:' });
    await expect
      .poll(() => banner.textContent())
      .toContain('Read-only: jwt-connect (pid 4242, started 04:01) is using this data folder.');
    for (const b of await page.getByRole('button', { name: '+ Add New Connection' }).all())
      expect(await b.isDisabled()).toBe(true);
    expect(await button('Delete Connection 0').isDisabled()).toBe(true);
    expect(await button('Duplicate Connection 0').isDisabled()).toBe(true);
    expect(await page.locator('#import-file').isDisabled()).toBe(true);
    expect(await button('Test all').isDisabled()).toBe(false); // reading and testing stay possible
  });
});

describe('a connection whose secrets cannot be read', () => {
  it('carries a "Secrets unreadable" badge that says what to do', async () => {
    app = await apps.start();
    page = app.page;
    await saveWorking(app.service, app.emulator.url, 'Intact');
    await saveWorking(app.service, app.emulator.url, 'Lost its secrets');
    // the second one's sealed secrets file goes missing (a restored backup without secrets/, a bad sync)
    const lost = app.service.listConnections({ search: 'Lost its secrets' })[0]!;
    const ref = app.repository.get(lost.id)?.secretsRef;
    expect(readdirSync(join(app.dataDir, 'secrets'))).toContain(`${ref}.json`);
    unlinkSync(join(app.dataDir, 'secrets', `${ref}.json`));
    page = await app.reopen(); // as the next start finds it
    const badge = page.locator('.vrow', { hasText: 'Lost its secrets' }).getByText('Secrets unreadable');
    await expect.poll(() => badge.count()).toBe(1);
    expect(await badge.getAttribute('title')).toMatch(
      /cannot be read.*enter the passwords, pick the key file again and Save/,
    );
    expect(await page.getByText('Secrets unreadable').count()).toBe(1);
  });
});

describe('importing', () => {
  it('shows how far an import got while the list stays usable', async () => {
    // An export of four connections made elsewhere (a teammate's data folder).
    const elsewhere = mkdtempSync(join(tmpdir(), 'jwt-connect-e2e-export-'));
    apps.cleanup(() => rmSync(elsewhere, { recursive: true, force: true }));
    const theirs = openNodeServices({ dataDir: elsewhere, platform: { fetch: globalThis.fetch } });
    seedRows(theirs.repository, 4, (i) => `Team ${i}`);
    const exportText = (await theirs.service.exportConnections({ includeSecrets: false })).text;
    await open(
      {
        methods: {
          importProgress: () => ({ done: 2500, total: 10000 }),
          importConnections: async (input, service) => {
            await new Promise((r) => setTimeout(r, 2000));
            return service.importConnections(input as never);
          },
        },
      },
      (a) => seedRows(a.repository, 2, (i) => `Local ${i}`),
    );
    await expect.poll(() => countBadge().textContent()).toBe('2');
    await page
      .locator('#import-file')
      .setInputFiles({ name: 'team.json', mimeType: 'application/json', buffer: Buffer.from(exportText) });
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Importing… 2,500 of 10,000 connections' }).count())
      .toBe(1);
    await page.getByLabel('Search connections').fill('Local 1');
    await expect.poll(() => countBadge().textContent()).toBe('1 of 2'); // answered while the import runs
    await expect.poll(() => page.getByRole('dialog', { name: 'Import finished' }).count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole('button', { name: 'OK' }).click();
    await page.getByLabel('Search connections').fill('');
    await expect.poll(() => countBadge().textContent()).toBe('6');
  });
});

describe('npm run dev:web opened without its token', () => {
  it('says where the URL comes from, and recovers when the token URL is pasted into the same tab', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jwt-connect-e2e-web-'));
    const { service, repository } = openNodeServices({ dataDir, platform: { fetch: globalThis.fetch } });
    seedRows(repository, 2);
    const bridge = await startWebBridge({
      service,
      staticDir: join(import.meta.dirname, '..', '..', 'dist', 'renderer'),
      token: randomBytes(24).toString('base64url'),
    });
    const context = await (await launchBrowser()).newContext({ viewport: { width: 1280, height: 900 } });
    apps.cleanup(() => rmSync(dataDir, { recursive: true, force: true }));
    apps.cleanup(() => bridge.close());
    apps.cleanup(() => context.close());
    page = await context.newPage();
    const bare = bridge.url.replace(/#.*/, '');
    await page.goto(bare);
    const alert = page.getByRole('alert');
    await expect
      .poll(() => alert.first().textContent())
      .toContain('The dev bridge refused this page: it has no token (HTTP 401).');
    expect(await alert.first().textContent()).toContain(
      'Open the URL printed in the terminal that started jwt-connect',
    );
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });
    await page.goto(bridge.url); // only the # differs: no reload, a hashchange
    await expect.poll(() => countBadge().textContent()).toBe('2');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(page.url()).toBe(bare); // the token left the address bar
  });
});
