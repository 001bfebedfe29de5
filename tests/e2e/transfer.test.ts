// Export and import in the window: a signed export without secrets, an edited one refused, and the
// warnings on files whose details are not authenticated (version 1, no passphrase, not checked).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appForEachTest, type AppHarness } from './harness.js';
import { CONSUMER_KEY, USERNAME } from '../support/helpers.js';

let app: AppHarness;
let page: Page;
appForEachTest({ width: 1480 }, async (started) => {
  app = started;
  await app.service.createConnection({
    name: 'UAT',
    encryption: 'privateKey',
    consumerKey: CONSUMER_KEY,
    username: USERNAME,
    environment: 'mydomain',
    myDomainUrl: app.emulator.url,
  });
  await app.reopen();
  page = app.page;
});

async function exportAs(choice: RegExp, passphrase?: string): Promise<string> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export connections' });
  await dialog.getByLabel(choice).check();
  if (passphrase) {
    await dialog.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await dialog.getByLabel('Repeat passphrase').fill(passphrase);
  }
  await dialog.getByRole('button', { name: 'Export' }).click();
  await expect.poll(() => app.downloads.length).toBe(1);
  return readFileSync(await app.downloads[0]!.path(), 'utf8');
}

async function importFile(text: string, name = 'edited.json'): Promise<void> {
  const file = join(app.dataDir, name);
  writeFileSync(file, text);
  await page.getByLabel('Import…').setInputFiles(file);
}

describe('export and import in the window', () => {
  it('a signed export without secrets: the passphrase is asked to check it, and an edited copy is refused', async () => {
    const text = await exportAs(/signed with a passphrase/, 'correct horse');
    expect(JSON.parse(text)).toMatchObject({ version: 2, auth: expect.any(Object) });
    expect(JSON.parse(text).secrets).toBeUndefined();

    // An attacker points the connection at their host.
    await importFile(text.replace(app.emulator.url, 'https://attacker.example'));
    const ask = page.getByRole('dialog', { name: 'Import connections' });
    await expect.poll(() => ask.textContent()).toContain('signed');
    await ask.getByLabel('Passphrase').fill('correct horse');
    await ask.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => ask.getByRole('alert').textContent()).toMatch(/changed|edited|tampered/i);
    await ask.getByRole('button', { name: 'Cancel' }).click();
    expect(app.service.listConnections().map((c) => c.name)).toEqual(['UAT']);

    // The untouched file imports.
    await importFile(text, 'untouched.json');
    await ask.getByLabel('Passphrase').fill('correct horse');
    await ask.getByRole('button', { name: 'Import', exact: true }).click();
    const summary = page.getByRole('dialog', { name: 'Import finished' });
    await expect.poll(() => summary.textContent()).toContain('UAT → UAT (imported)');
    expect(await summary.getByRole('alert').count()).toBe(0);
  });

  it('the Import… button opens the file picker (a real button, reachable by role and keyboard)', async () => {
    const text = await exportAs(/no secrets/);
    const file = join(app.dataDir, 'picked.json');
    writeFileSync(file, text);
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Import…' }).click(),
    ]);
    await chooser.setFiles(file);
    await expect
      .poll(() => page.getByRole('dialog', { name: 'Import finished' }).textContent())
      .toContain('UAT → UAT (imported)');
  });

  it('going on without the passphrase imports the definitions with a visible "not checked" warning', async () => {
    const text = await exportAs(/signed with a passphrase/, 'correct horse');
    await importFile(text);
    const ask = page.getByRole('dialog', { name: 'Import connections' });
    await ask.getByRole('button', { name: 'Import without checking' }).click();
    const summary = page.getByRole('dialog', { name: 'Import finished' });
    await expect.poll(() => summary.getByRole('alert').textContent()).toContain('were not checked');
  });

  it('an export made without a passphrase, and a version-1 file, import with a warning that their details are not authenticated', async () => {
    const text = await exportAs(/no secrets/);
    await importFile(text);
    let summary = page.getByRole('dialog', { name: 'Import finished' });
    await expect.poll(() => summary.getByRole('alert').textContent()).toContain('not authenticated');
    await summary.getByRole('button', { name: 'OK' }).click();

    const v1 = {
      format: 'jwt-connect-connections',
      version: 1,
      exportedAt: new Date().toISOString(),
      connections: [{ ...JSON.parse(text).connections[0], name: 'Old export' }],
    };
    await importFile(JSON.stringify(v1), 'v1.json');
    summary = page.getByRole('dialog', { name: 'Import finished' });
    await expect.poll(() => summary.getByRole('alert').textContent()).toContain('version-1 export');
  });
});
