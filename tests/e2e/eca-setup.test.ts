// The Salesforce side, External Client App first, as a user sees it: the "Salesforce setup"
// checklist by track (chosen, saved, and kept for connections saved before tracks existed), the My
// Domain note, an ECA's answers with their hints and highlighted steps, the switch to My Domain, and
// Keep trying while a new app appears. Salesforce is the project's emulator, reached under its real
// host names through the test CONNECT proxy over TLS; Keep trying runs on a clock 10 times faster.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createNodeFetch } from '../../electron/salesforce/node-fetch.js';
import { ConnectProxy } from '../emulator/connect-proxy.js';
import { SalesforceEmulator, type EmulatorApp } from '../emulator/salesforce-emulator.js';
import { makeTestCa, type TestCa } from '../emulator/test-ca.js';
import { FIXTURES, USERNAME, fixture, scaledClock } from '../support/helpers.js';
import { closeBrowser, startApp, type AppHarness } from './harness.js';

const MY_DOMAIN = 'https://acme.my.salesforce.com';
const HOSTS = ['login.salesforce.com', 'test.salesforce.com', 'acme.my.salesforce.com'];
const ECA_KEY = '3MVG9eca.e2e';
const OUTSIDER = 'outsider@jwt-connect.test';

let ca: TestCa;
let sf: SalesforceEmulator;
let proxy: ConnectProxy;
let proxyUrl: string;
let app: AppHarness | undefined;
let page: Page;

beforeAll(async () => {
  ca = makeTestCa(HOSTS);
  sf = new SalesforceEmulator({
    apps: [
      {
        kind: 'eca',
        consumerKey: ECA_KEY,
        certificatePem: fixture('app.crt').toString('utf8'),
        preAuthorized: [USERNAME],
      },
    ],
    users: [{ username: USERNAME }, { username: OUTSIDER }],
    tls: { certPem: ca.certPem, keyPem: ca.keyPem },
    instanceUrl: MY_DOMAIN,
    audiences: [MY_DOMAIN, 'https://login.salesforce.com', 'https://test.salesforce.com'],
  });
  await sf.start();
  proxy = new ConnectProxy({ hosts: Object.fromEntries(HOSTS.map((h) => [h, `127.0.0.1:${sf.port}`])) });
  proxyUrl = await proxy.start();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(async () => {
  await closeBrowser();
  await proxy.stop();
  await sf.stop();
});

async function open(beforeOpen?: (dir: string) => void): Promise<void> {
  app = await startApp({
    width: 1480,
    height: 1000,
    ...(beforeOpen && { beforeOpen }),
    platform: { fetch: createNodeFetch({ HTTPS_PROXY: proxyUrl }, { ca: ca.caPem }), waitClock: scaledClock(10) },
  });
  page = app.page;
}

const field = (label: string) => page.getByLabel(label, { exact: true });
const checklist = () => page.getByRole('complementary', { name: 'Salesforce setup' });
const step = (id: string) => page.locator(`.checklist [data-step="${id}"]`);
/** For what follows a request: this machine may be busy. */
const SLOW = { timeout: 15_000 };
const flagged = async () =>
  page.locator('.checklist .step.flagged').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));

/** A new ECA connection: the fixture key (its certificate is the one "uploaded" to the emulator's app). */
async function newEca(
  environment: 'production' | 'sandbox' | 'mydomain',
  consumerKey = ECA_KEY,
  username = USERNAME,
): Promise<void> {
  await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
  await field('Connection Name').fill('Acme ECA');
  await field('Encryption Option').selectOption({ label: 'Private Key' });
  await field('Consumer Key').fill(consumerKey);
  await field('Private Key').setInputFiles(join(FIXTURES, 'app-combined.pem'));
  await field('Username').fill(username);
  await field('Environment').selectOption(environment);
  if (environment === 'mydomain') await field('My Domain URL').fill(MY_DOMAIN);
}

describe('the Salesforce setup checklist by track', () => {
  it("a new connection shows the External Client App steps in Salesforce's labels; Connected App is the other track, saved with the connection", async () => {
    await open();
    await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
    await expect.poll(() => page.getByRole('radio', { name: 'External Client App' }).isChecked()).toBe(true);
    const text = await checklist().textContent();
    for (const label of [
      'External Client App Manager',
      'New External Client App',
      'Enable OAuth',
      'Enable JWT Bearer Flow',
      'Upload Files',
      'Admin approved users are pre-authorized',
      'App Policies',
      'Manage Assignments',
      'Consumer Key and Secret',
    ])
      expect(text).toContain(label);
    expect(text).not.toContain('Support case');

    await page.getByRole('radio', { name: 'Connected App' }).check();
    await expect.poll(() => checklist().getByRole('note').textContent()).toMatch(/Spring '26.*Support case/);
    expect(await checklist().textContent()).toContain('Use digital signatures');
    expect(await checklist().textContent()).not.toContain('Enable JWT Bearer Flow');

    await field('Connection Name').fill('Old org');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved "Old org".' }).waitFor();
    await app!.reopen();
    page = app!.page;
    await page.locator('.row-main', { hasText: 'Old org' }).click();
    await expect.poll(() => page.getByRole('radio', { name: 'Connected App' }).isChecked()).toBe(true);
  });

  it('a connection saved before tracks existed keeps showing the Connected App checklist', async () => {
    await open();
    const created = await app!.service.createConnection({
      name: 'From last year',
      encryption: 'privateKey',
      consumerKey: 'x',
      username: USERNAME,
      environment: 'production',
    });
    const { setupTrack: _t, ...older } = app!.repository.get(created.id)!;
    app!.repository.put([older]);
    await app!.reopen();
    page = app!.page;
    await page.locator('.row-main', { hasText: 'From last year' }).click();
    await expect.poll(() => page.getByRole('radio', { name: 'Connected App' }).isChecked()).toBe(true);
    expect(await checklist().textContent()).toContain('App Manager');
  });

  it('with the External Client App track, Production and Sandbox show a note next to Environment (not a block)', async () => {
    await open();
    await page.getByRole('button', { name: '+ Add New Connection' }).first().click();
    const note = page.getByRole('note').filter({ hasText: "External Client Apps answer at the org's My Domain" });
    await expect.poll(() => note.count()).toBe(1);
    await field('Environment').selectOption('sandbox');
    expect(await note.count()).toBe(1);
    await field('Environment').selectOption('mydomain');
    await expect.poll(() => note.count()).toBe(0);
    await field('Environment').selectOption('production');
    await page.getByRole('radio', { name: 'Connected App' }).check();
    await expect.poll(() => note.count()).toBe(0);
  });
});

describe("an External Client App's answers", () => {
  it('"not installed" at login.salesforce.com: the hint says My Domain, the form offers the switch and asks for the URL; then the login works', async () => {
    await open();
    await newEca('production');
    await page.getByRole('button', { name: 'Authorise', exact: true }).click();
    const envError = page.locator('.field', { has: field('Environment') }).getByRole('alert');
    await expect.poll(() => envError.textContent(), SLOW).toContain('External client app is not installed in this org');
    expect(await envError.textContent()).toContain('set Environment to My Domain and enter the My Domain URL');
    expect(await flagged()).toEqual(['environment']);

    await page.getByRole('button', { name: 'Switch to My Domain' }).click();
    expect(await field('Environment').inputValue()).toBe('mydomain');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('myDomainUrl');
    await page.keyboard.type(MY_DOMAIN);
    await page.getByRole('button', { name: 'Authorise', exact: true }).click();
    await expect.poll(() => field('Access Token').inputValue(), SLOW).toMatch(/^•+$/);
    expect(await step('environment').getAttribute('class')).toContain('done');
    expect(proxy.requests.map((r) => r.target)).toEqual(
      expect.arrayContaining(['login.salesforce.com:443', 'acme.my.salesforce.com:443']),
    );
  });

  it("a user outside the app's permission set: the hint names the permission set, the checklist highlights App Policies and Manage Assignments", async () => {
    await open();
    await newEca('mydomain', ECA_KEY, OUTSIDER);
    await page.getByRole('button', { name: 'Authorise', exact: true }).click();
    await expect.poll(() => flagged(), SLOW).toEqual(['appPolicies', 'assign']);
    const userError = page.locator('.field', { has: field('Username') }).getByRole('alert');
    expect(await userError.textContent()).toContain('user is not admin approved to access this app');
    expect(await userError.textContent()).toContain(
      "Assign this user the permission set that the External Client App's App Policies name",
    );
    expect(await step('assign').textContent()).toContain(OUTSIDER);
    // Not an answer to wait out: no Keep trying.
    expect(await page.getByRole('button', { name: 'Keep trying' }).count()).toBe(0);
  });
});

describe('Keep trying', () => {
  it('a new app not there yet at the My Domain: Keep trying counts down, lists each attempt, and ends with the token', async () => {
    await open();
    await newEca('mydomain', 'fresh-eca');
    // Created just now: Salesforce takes 6 s (here) to spread it; Keep trying pauses 1 s, 1.5 s, 2 s…
    const fresh: EmulatorApp = {
      kind: 'eca',
      consumerKey: 'fresh-eca',
      certificatePem: fixture('app.crt').toString('utf8'),
      propagation: { delayMs: 6000, answer: 'app_not_found' },
    };
    sf.addApp(fresh);
    await page.getByRole('button', { name: 'Authorise', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'not (yet) in this org' }).count(), SLOW)
      .toBeGreaterThan(0);
    expect(await flagged()).toEqual(['app']);

    await page.getByRole('button', { name: 'Keep trying' }).click();
    const panel = page.getByRole('region', { name: 'Keep trying' });
    await expect
      .poll(() => panel.getByRole('status').first().textContent())
      .toMatch(/Next attempt in 0:\d\d · gives up in 9:\d\d/);
    await expect
      .poll(() => panel.getByRole('list', { name: 'Attempts' }).getByRole('listitem').count())
      .toBeGreaterThanOrEqual(1);
    expect(await panel.getByRole('listitem').first().textContent()).toMatch(
      /0:00 Attempt 1: not installed in this org \(yet\)/,
    );
    await expect.poll(() => field('Access Token').inputValue(), SLOW).toMatch(/^•+$/);
    await expect.poll(() => panel.textContent()).toMatch(/✓ Salesforce accepted attempt \d+, after \d+:\d\d\./);
    expect(await panel.getByRole('listitem').last().textContent()).toMatch(/Attempt \d+: accepted/);
    expect(await panel.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
  });

  it('Cancel stops it at once; the last answer stays', async () => {
    await open();
    await newEca('mydomain', 'never-there');
    await page.getByRole('button', { name: 'Authorise', exact: true }).click();
    await page.getByRole('button', { name: 'Keep trying' }).click(SLOW);
    const panel = page.getByRole('region', { name: 'Keep trying' });
    await panel.getByRole('button', { name: 'Cancel' }).click(SLOW);
    await expect.poll(() => panel.textContent(), SLOW).toMatch(/Stopped after \d+ attempts?/);
    expect(await page.getByRole('alert').filter({ hasText: 'client identifier invalid' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Keep trying' }).count()).toBe(1);
  });
});
