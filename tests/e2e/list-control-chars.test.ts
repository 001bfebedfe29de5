// A saved value holding control or bidi characters (an old store, a hand-edited file) stays in the
// window: shown escaped and marked in the list, escaped in the form with a banner naming the fields,
// and fixed by saving the corrected form.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appsForEachTest, type AppHarness } from './harness.js';
import { button, field } from './form-helpers.js';
import { seedRows } from './list-seed.js';

let app: AppHarness | undefined;
const apps = appsForEachTest();

describe('a stored value with control characters', () => {
  it('is shown escaped and marked, and the user can correct it', async () => {
    app = await apps.start();
    seedRows(app.repository, 2);
    const [first] = app.repository.all();
    app.repository.put([
      {
        ...first!,
        name: 'Evil\u001b[201~\u0015rm -rf ~\n',
        description: 'abc\u202egnp.exe',
        username: 'u@x.com\u001b]52;c;cHduZWQ=\u0007',
      },
    ]);
    const page = app.page;
    await page.reload();
    const row = page.locator('.row').filter({ hasText: 'Evil' });
    await expect.poll(() => row.locator('.row-name').textContent()).toBe('Evil\\x1b[201~\\x15rm -rf ~\\x0a');
    expect(await row.locator('.row-sub').textContent()).toContain('u@x.com\\x1b]52;c;cHduZWQ=\\x07');
    expect(await row.locator('.row-sub').textContent()).toContain('abc\\u{202e}gnp.exe');
    expect(await row.locator('.badge.field-problem').textContent()).toMatch(/Control characters/);
    const shots = join(import.meta.dirname, '..', '..', 'tmp');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'list-control-chars.png') });

    await row.locator('.row-main').click();
    await expect.poll(() => field(page, 'Connection Name').inputValue()).toBe('Evil\\x1b[201~\\x15rm -rf ~\\x0a');
    expect(
      await page.getByRole('status').filter({ hasText: 'control or text-direction characters' }).textContent(),
    ).toMatch(/correct Connection Name, Description, Username and Save|correct Connection Name, Description, Username/);
    await page.screenshot({ path: join(shots, 'form-control-chars.png') });
    await field(page, 'Connection Name').fill('Fixed');
    await field(page, 'Description').fill('ok');
    await field(page, 'Username').fill('u@x.com');
    await button(page, 'Save').click();
    await expect.poll(() => app!.service.listConnections({}).find((c) => c.id === first!.id)?.name).toBe('Fixed');
    expect(app.service.listConnections({}).find((c) => c.id === first!.id)?.fieldProblems).toBeUndefined();
  });
});
