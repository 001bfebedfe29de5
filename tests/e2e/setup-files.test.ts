// The window's External Client App setup files: the dialog next to Download certificate hands the
// project over as one .zip (read back with Python's zipfile), and the Consumer Key field takes the
// key from the global OAuth settings file retrieved after the deploy, picked or dropped.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appForEachTest, type AppHarness } from './harness.js';
import { button, field, fillPem } from './form-helpers.js';
import { fixture, USERNAME } from '../support/helpers.js';

let app: AppHarness;
let page: Page;
appForEachTest({ width: 1480 }, (started) => {
  app = started;
  page = started.page;
});

/** The zip's entries as Python's zipfile reads them (after its CRC check). */
async function unzipped(download: Download): Promise<Record<string, string>> {
  const path = join(app.dataDir, 'setup.zip');
  writeFileSync(path, readFileSync(await download.path()));
  const script =
    'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: z.read(i).decode("utf-8") for i in z.infolist()}))';
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as Record<string, string>;
}

describe('Salesforce setup files', () => {
  it('derives the names as the user types, refuses a bad API name, and downloads the project as one zip', async () => {
    await fillPem(app, 'Nightly CI');
    await button(page, 'Salesforce setup files…').click();
    const dialog = page.getByRole('dialog', { name: 'Salesforce setup files' });
    await expect.poll(() => dialog.getByLabel('API Name').inputValue()).toBe('JWT_Connect');
    await dialog.getByLabel('App Name').fill('Nightly CI (UAT)');
    expect(await dialog.getByLabel('API Name').inputValue()).toBe('Nightly_CI_UAT');
    expect(await dialog.getByLabel('Permission Set').inputValue()).toBe('Nightly_CI_UAT_Access');
    expect(await dialog.getByLabel('Contact Email').getAttribute('placeholder')).toBe(USERNAME);

    await dialog.getByLabel('API Name').fill('Nightly__CI');
    await expect.poll(() => dialog.locator('#sf-apiName-error').textContent()).toMatch(/two underscores/);
    expect(await dialog.getByLabel('API Name').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByRole('button', { name: 'Download .zip' }).isDisabled()).toBe(true);
    await dialog.getByLabel('API Name').fill('Nightly_CI');
    expect(await dialog.getByLabel('Permission Set').inputValue()).toBe('Nightly_CI_Access');

    await dialog.getByRole('button', { name: 'Download .zip' }).click();
    await expect.poll(() => app.downloads.length).toBe(1);
    expect(app.downloads[0]?.suggestedFilename()).toBe('Nightly_CI-salesforce-setup.zip');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByText('Saved Nightly_CI-salesforce-setup.zip: unzip it and follow its README.md').waitFor();

    const entries = await unzipped(app.downloads[0] as Download);
    const root = 'Nightly_CI-salesforce-setup/';
    const d = `${root}force-app/main/default/`;
    expect(Object.keys(entries).sort()).toEqual(
      [
        `${root}README.md`,
        `${d}externalClientApps/Nightly_CI.eca-meta.xml`,
        `${d}extlClntAppGlobalOauthSets/Nightly_CI_glbloauth.ecaGlblOauth-meta.xml`,
        `${d}extlClntAppOauthPolicies/Nightly_CI_oauthPlcy.ecaOauthPlcy-meta.xml`,
        `${d}extlClntAppOauthSettings/Nightly_CI_oauth.ecaOauth-meta.xml`,
        `${d}extlClntAppPolicies/Nightly_CI_plcy.ecaPlcy-meta.xml`,
        `${d}permissionsets/Nightly_CI_Access.permissionset-meta.xml`,
        `${root}manifest/package.xml`,
        `${root}sfdx-project.json`,
      ].sort(),
    );
    // The certificate is the picked key file's; the label is the App Name as typed; the README names the form's user.
    const pem = /<certificate>([\s\S]*?)<\/certificate>/.exec(
      entries[`${d}extlClntAppGlobalOauthSets/Nightly_CI_glbloauth.ecaGlblOauth-meta.xml`] as string,
    )?.[1] as string;
    expect(new X509Certificate(pem).fingerprint256).toBe(new X509Certificate(fixture('app.crt')).fingerprint256);
    expect(entries[`${d}externalClientApps/Nightly_CI.eca-meta.xml`]).toContain('<label>Nightly CI (UAT)</label>');
    expect(entries[`${root}README.md`]).toContain(
      `sf org assign permset --name Nightly_CI_Access --on-behalf-of ${USERNAME}`,
    );
    expect(entries[`${root}README.md`]).toContain("jwt-connect authorise --connection 'Nightly CI'");
  });

  it('takes the Consumer Key from a retrieved settings file, picked or dropped, and says why another file will not do', async () => {
    await fillPem(app, 'From file');
    await field(page, 'Consumer Key').fill('');
    const retrieved =
      '<?xml version="1.0" encoding="UTF-8"?>\n<ExtlClntAppGlobalOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata">\n    <consumerKey>3MVG9.from-file_key</consumerKey>\n    <consumerSecret>SECRET123</consumerSecret>\n</ExtlClntAppGlobalOauthSettings>\n';
    await page.getByLabel('Global OAuth settings file (.ecaGlblOauth-meta.xml)').setInputFiles({
      name: 'JWT_Connect_glbloauth.ecaGlblOauth-meta.xml',
      mimeType: 'text/xml',
      buffer: Buffer.from(retrieved),
    });
    await expect.poll(() => field(page, 'Consumer Key').inputValue()).toBe('3MVG9.from-file_key');
    await page.getByText('Consumer Key taken from JWT_Connect_glbloauth.ecaGlblOauth-meta.xml.').waitFor();

    // Dropped on the field: the OAuth settings file (not the global one) is refused, and the field says why.
    const drop = async (name: string, text: string) => {
      const transfer = await page.evaluateHandle(
        ({ name, text }) => {
          const dt = new DataTransfer();
          dt.items.add(new File([text], name, { type: 'text/xml' }));
          return dt;
        },
        { name, text },
      );
      await page.locator('.consumer-key').dispatchEvent('drop', { dataTransfer: transfer });
    };
    await drop(
      'JWT_Connect_oauth.ecaOauth-meta.xml',
      '<?xml version="1.0"?><ExtlClntAppOauthSettings><label>x</label></ExtlClntAppOauthSettings>',
    );
    await expect.poll(async () => await field(page, 'Consumer Key').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#consumerKey-error').textContent()).toMatch(
      /root element is <ExtlClntAppOauthSettings>.*ecaGlblOauth-meta\.xml/,
    );
    expect(await field(page, 'Consumer Key').inputValue()).toBe('3MVG9.from-file_key'); // kept

    await drop('other.ecaGlblOauth-meta.xml', retrieved.replace('3MVG9.from-file_key', '3MVG9.dropped'));
    await expect.poll(() => field(page, 'Consumer Key').inputValue()).toBe('3MVG9.dropped');
    expect(await page.locator('#consumerKey-error').count()).toBe(0);
  });
});
