// A connection whose My Domain is not one of Salesforce's hosts (a typo-squatted domain, or one a
// shared file set) carries a visible mark on its list row and under its My Domain URL; Salesforce's
// own hosts and the emulator on this computer carry none.
import { describe, expect, it } from 'vitest';
import { appsForEachTest, type AppHarness } from './harness.js';
import { field } from './form-helpers.js';

let app: AppHarness;
const apps = appsForEachTest();

const base = {
  encryption: 'privateKey' as const,
  consumerKey: '3MVG9.team',
  username: 'integration@acme.com',
  environment: 'mydomain' as const,
};

describe("a login host that is not Salesforce's", () => {
  it('is marked on its list row and under the My Domain URL; Salesforce and the emulator are not', async () => {
    app = await apps.start();
    await app.service.createConnection({
      ...base,
      name: 'Team prod (shared file)',
      myDomainUrl: 'https://acme.my.salesforce.com.evil.example',
    });
    await app.service.createConnection({ ...base, name: 'Acme prod', myDomainUrl: 'https://acme.my.salesforce.com' });
    await app.service.createConnection({ ...base, name: 'Local emulator', myDomainUrl: app.emulator.url });
    const page = await app.reopen();
    const row = (name: string) => page.locator('.row', { has: page.locator('.row-name', { hasText: name }) });
    await expect
      .poll(() => row('Team prod (shared file)').locator('.badge.foreign-host').textContent())
      .toBe('⚠ Not Salesforce: …evil.example');
    expect(await row('Team prod (shared file)').locator('.badge.foreign-host').getAttribute('title')).toMatch(
      /^Not a Salesforce host: acme\.my\.salesforce\.com\.evil\.example\. /,
    );
    expect(await row('Acme prod').locator('.badge.foreign-host').count()).toBe(0);
    expect(await row('Local emulator').locator('.badge.foreign-host').count()).toBe(0);

    await row('Team prod (shared file)').locator('.row-main').click();
    const note = page.getByRole('note');
    await expect
      .poll(() => note.textContent())
      .toMatch(/^⚠ Not a Salesforce host: acme\.my\.salesforce\.com\.evil\.example\. Logins for this connection go to/);

    // Not while the URL is being typed; there once it is, gone for a Salesforce host.
    const url = field(page, 'My Domain URL');
    await url.fill('https://acme.my.sales');
    expect(await note.count()).toBe(0);
    await url.fill('https://acme.my.salesforce.com');
    await url.blur();
    expect(await note.count()).toBe(0);
    await url.fill('proxy.corp.example:8443');
    await url.blur();
    await expect.poll(() => note.textContent()).toContain('Not a Salesforce host: proxy.corp.example.');
  });
});
