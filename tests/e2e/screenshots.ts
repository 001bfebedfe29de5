// npm run screenshots: the README's pictures, taken from the real UI against the local emulator.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeBrowser, startApp } from './harness.js';
import { storePath } from '../../electron/connections/open-node.js';
import { CONSUMER_KEY, FIXTURES, USERNAME } from '../support/helpers.js';

const out = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const app = await startApp({ width: 1480 });
const page = app.page;
const field = (label: string) => page.getByLabel(label, { exact: true });
// Let requests finish and the "Saved" toast go, so it does not cover the pictures.
const settle = async () => {
  await page.waitForTimeout(300);
  await page.locator('.toast').waitFor({ state: 'detached', timeout: 6000 });
};
/** Save done (on a busy machine it can take a while), and its toast gone. */
const saved = async (name: string) => {
  await page
    .getByRole('status')
    .filter({ hasText: `Saved "${name}".` })
    .waitFor();
  await settle();
};

async function add(
  name: string,
  description: string,
  environment: 'production' | 'sandbox' | 'mydomain',
  username = USERNAME,
) {
  await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
  await field('Connection Name').fill(name);
  await field('Description').fill(description);
  await field('Encryption Option').selectOption({ label: 'Private Key' });
  await field('Consumer Key').fill(CONSUMER_KEY);
  await field('Private Key').setInputFiles(join(FIXTURES, 'app-combined.pem'));
  await field('Username').fill(username);
  await field('Environment').selectOption(environment);
  if (environment === 'mydomain') await field('My Domain URL').fill(app.emulator.url);
  await page.getByRole('button', { name: 'Save' }).click();
  await saved(name);
}

await add('Production reporting', 'Read-only reporting user', 'production', 'reports@acme.com');
await add('UAT sandbox', 'Regression suite, nightly', 'sandbox', 'qa@acme.com.uat');
await add('Local emulator', 'Demo org on this computer', 'mydomain');
await add(
  'Local: user not pre-authorized',
  'Refused by the emulator, on purpose',
  'mydomain',
  'unapproved@jwt-connect.test',
);

// A JKS connection: keystore inspected, authorised and tested.
await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
await field('Connection Name').fill('Integration (JKS)');
await field('Description').fill('Salesforce "Export to Keystore" file');
await field('Consumer Key').fill(CONSUMER_KEY);
await field('Key Store').setInputFiles(join(FIXTURES, 'multi.jks'));
await field('Key Store Password').fill('storepass');
await field('Key Store Password').blur();
await settle();
await field('Certificate Name').fill('app');
await field('Key Password').fill('keypass');
await field('Username').fill(USERNAME);
await field('Environment').selectOption('mydomain');
await field('My Domain URL').fill(app.emulator.url);
await page.screenshot({ path: join(out, 'add-new-connection.png'), fullPage: true });
await page.getByRole('button', { name: 'Save' }).click();
await saved('Integration (JKS)');
await page.getByRole('button', { name: 'Authorise' }).click();
await page.getByRole('status').filter({ hasText: 'Authorised:' }).waitFor();
await page.getByRole('button', { name: 'Test Connection' }).click();
await page.getByRole('region', { name: /Connection works/ }).waitFor();
await settle();
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: join(out, 'test-connection.png'), fullPage: true });

// Beside the token: Open in Salesforce and the Copy as… menu (the Session part of the form).
await page.getByRole('button', { name: 'Copy as…' }).click();
const session = (await page.locator('fieldset', { has: page.getByText('Session', { exact: true }) }).boundingBox())!;
const scrolled = await page.evaluate(() => window.scrollY); // boundingBox is in viewport terms, a fullPage clip in page terms
await page.screenshot({
  path: join(out, 'copy-as.png'),
  fullPage: true,
  clip: { x: session.x - 8, y: session.y + scrolled - 8, width: session.width + 16, height: session.height + 150 },
});
await page.keyboard.press('Escape');

// A refused login: Salesforce's words and the fix, next to the field.
await page.locator('.row-main', { hasText: 'Local emulator' }).click();
await field('Username').fill('unapproved@jwt-connect.test');
await page.getByRole('button', { name: 'Authorise' }).click();
await page.getByRole('alert').filter({ hasText: 'Authorise failed:' }).waitFor();
await settle();
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: join(out, 'authorise-error.png'), fullPage: true });

// Create key and certificate.
await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
await page.getByRole('dialog').getByRole('button', { name: 'Discard changes' }).click();
await field('Connection Name').fill('New integration');
await field('Encryption Option').selectOption({ label: 'Private Key' });
await page.getByRole('button', { name: 'Create key and certificate…' }).click();
await page.getByLabel('Common Name (CN)').fill('jwt-connect new-integration');
await page.getByLabel('Organization (O)').fill('Acme');
await page.screenshot({ path: join(out, 'create-certificate.png') });
await page.getByRole('button', { name: 'Create and save files' }).click();
await page.getByText(/^Created /).waitFor();
await settle();
await page.screenshot({ path: join(out, 'certificate-created.png'), fullPage: true });
await page.getByRole('button', { name: 'Cancel' }).click();
await page.getByRole('dialog').getByRole('button', { name: 'Discard changes' }).click();

// Certificate health: an expired certificate, and the filter.
await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
await field('Connection Name').fill('Legacy ETL');
await field('Description').fill('Certificate nobody renewed');
await field('Encryption Option').selectOption({ label: 'Private Key' });
await field('Private Key').setInputFiles(join(FIXTURES, 'expired-combined.pem'));
await page.getByRole('button', { name: 'Save' }).click();
await saved('Legacy ETL');
await page.getByLabel('Certificates').selectOption('attention');
await settle();
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: join(out, 'certificate-health.png') });
await page.getByLabel('Certificates').selectOption('all');

// Test all over the connections a search shows (the two on the emulator, so nothing leaves this computer).
await page.getByLabel('Search connections').fill('Local');
await page.getByRole('button', { name: 'Test 2 shown' }).click();
await page.getByRole('status', { name: 'Test all summary' }).waitFor();
await settle();
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: join(out, 'test-all.png') });
await page.getByRole('status', { name: 'Test all summary' }).getByRole('button', { name: 'Close' }).click();
await page.getByLabel('Search connections').fill('');

await page.setViewportSize({ width: 900, height: 900 });
await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
await settle();
await page.screenshot({ path: join(out, 'narrow-900px.png') });

await app.close();

// A damaged saved-connections file: moved aside, reported, and one button brings back what it held.
const damaged = await startApp({
  width: 1280,
  height: 800,
  beforeOpen: (dir) => {
    const now = new Date().toISOString();
    const kept = (i: number, name: string) => ({
      id: `kept-${i}`,
      name,
      description: '',
      connectionType: 'salesforce',
      authType: 'oauth-jwt',
      encryption: 'privateKey',
      consumerKey: '3MVG9-kept',
      username: `ops${i}@acme.com`,
      environment: 'production',
      createdAt: now,
      updatedAt: now,
    });
    writeFileSync(
      storePath(dir),
      JSON.stringify({
        version: 1,
        connections: [kept(0, 'Production reporting'), kept(1, 'UAT sandbox'), { id: 42, name: null }],
      }),
    );
  },
});
await damaged.page.getByRole('alert').filter({ hasText: 'connections.json.corrupt-' }).waitFor();
await damaged.page.screenshot({ path: join(out, 'store-damaged.png') });
await damaged.close();
await closeBrowser();
process.stdout.write(`Screenshots written to ${out}\n`);
