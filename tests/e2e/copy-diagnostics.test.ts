// "Copy diagnostics" beside the "This is a bug" hint: shown for an unexpected error only, and what it
// puts on the clipboard carries no secret, even when the error's message held one.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { button, fillPem } from './form-helpers.js';
import { appsForEachTest, type AppHarness } from './harness.js';

const TOKEN = '00D5g000004abcDEF!AQ4AQFakeSessionPart1234567890';
let app: AppHarness | undefined;
const apps = appsForEachTest();

describe('Copy diagnostics', () => {
  it('copies a report of an unexpected error without the token its message carried', async () => {
    app = await apps.start({
      methods: {
        listRows: () => {
          throw new Error(`socket closed after Authorization: Bearer ${TOKEN} with password=hunter2`);
        },
      },
    });
    const page = app.page;
    const banner = page.getByRole('alert').filter({ hasText: 'This is a bug' });
    await expect.poll(() => banner.count()).toBe(1);
    await banner.getByRole('button', { name: 'Copy diagnostics' }).click();
    await expect.poll(() => banner.getByRole('status').textContent()).toContain('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^jwt-connect diagnostics\n/);
    expect(copied).toContain('error: INTERNAL: Unexpected problem: socket closed');
    expect(copied).not.toContain(TOKEN);
    expect(copied).not.toContain('AQ4AQFakeSessionPart');
    expect(copied).not.toContain('hunter2');
    // The banner itself does not show it either: an unexpected error's message is redacted in main.
    expect(await banner.textContent()).not.toContain('AQ4AQFakeSessionPart');
  });

  it('is offered where a failed Authorise is told, and copies no secret', async () => {
    app = await apps.start({
      methods: {
        authorise: () => {
          throw new Error(`signer crashed on assertion=eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJjayJ9.c2ln and ${TOKEN}`);
        },
      },
    });
    await fillPem(app);
    await button(app.page, 'Authorise').click();
    const copy = app.page.getByRole('button', { name: 'Copy diagnostics' });
    await expect.poll(() => copy.count()).toBe(1);
    await copy.click();
    const copied = await app.page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('while: Authorise');
    expect(copied).not.toContain(TOKEN);
    expect(copied).not.toContain('eyJpc3MiOiJjayJ9');
  });

  it('is not offered for a failure the user can fix', async () => {
    app = await apps.start({
      methods: {
        listRows: () => {
          throw new AppError('STORE_UNWRITABLE', 'The data folder is read-only.', 'Make it writable.');
        },
      },
    });
    const banner = app.page.getByRole('alert').filter({ hasText: 'read-only' });
    await expect.poll(() => banner.count()).toBe(1);
    expect(await banner.getByRole('button', { name: 'Copy diagnostics' }).count()).toBe(0);
  });
});
