// jwt-connect setup-files end to end: from a saved connection in a data folder and from a
// certificate file, the project written to --out; the certificate in it is the one that lets the
// connection's key log in (an emulator app given that certificate accepts the key).
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { cli, drafts, makeDataDir, tempDir } from '../support/cli-helpers.js';
import { fixture, startEmulator, USERNAME } from '../support/helpers.js';

let emulator: SalesforceEmulator;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  tmp = tempDir('jwt-connect-setup-files-');
});
afterEach(() => tmp.remove());

const GLOBAL = 'force-app/main/default/extlClntAppGlobalOauthSets';
const certificateIn = (out: string, apiName: string) =>
  new X509Certificate(
    /<certificate>([\s\S]*?)<\/certificate>/.exec(
      readFileSync(join(out, GLOBAL, `${apiName}_glbloauth.ecaGlblOauth-meta.xml`), 'utf8'),
    )?.[1] as string,
  );
const APP_CERT = new X509Certificate(fixture('app.crt'));

describe('jwt-connect setup-files --connection', () => {
  it('writes the project for a saved connection, whose certificate then lets its key log in', async () => {
    const data = join(tmp.dir, 'data');
    await makeDataDir(data, [
      {
        name: 'CI Sandbox',
        encryption: 'privateKey',
        username: USERNAME,
        environment: 'mydomain',
        myDomainUrl: emulator.url,
        keyFile: { fileName: 'app.pem', base64: fixture('app-combined.pem').toString('base64') },
      },
    ]);
    const out = join(tmp.dir, 'ci-eca');
    const run = await cli([
      'setup-files',
      '--connection',
      'ci sandbox',
      '--data-dir',
      data,
      '--app-name',
      'CI Sandbox JWT',
      '--out',
      out,
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      dir: out,
      apiName: 'CI_Sandbox_JWT',
      permissionSet: 'CI_Sandbox_JWT_Access',
      contactEmail: USERNAME,
      apiVersion: '64.0',
    });
    expect(result.files).toContain('manifest/package.xml');
    expect(readdirSync(out).sort()).toEqual(['README.md', 'force-app', 'manifest', 'sfdx-project.json']);
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain(`sf org assign permset --name CI_Sandbox_JWT_Access --on-behalf-of ${USERNAME}`);
    expect(readme).toContain(`--instance-url ${emulator.url}`);
    expect(readme).toContain("jwt-connect authorise --connection 'CI Sandbox'");

    // "Deploy" the files to the emulator as an External Client App: its certificate, and App Policies
    // that pre-authorize the permission set's holders (none yet). The README's steps then hold:
    const certificate = certificateIn(out, 'CI_Sandbox_JWT');
    expect(certificate.fingerprint256).toBe(APP_CERT.fingerprint256);
    const holders: string[] = [];
    emulator.options.apps.push({
      consumerKey: 'eca-from-setup-files',
      certificatePem: certificate.toString(),
      kind: 'eca',
      preAuthorized: holders,
    });
    const authorise = () =>
      cli([
        'authorise',
        '--connection',
        'CI Sandbox',
        '--data-dir',
        data,
        '--consumer-key',
        'eca-from-setup-files',
        '--json',
      ]);
    const before = await authorise();
    expect(JSON.parse(before.stdout).error.code).toBe('APP_ACCESS_DENIED'); // deployed, set not assigned yet
    holders.push(USERNAME); // sf org assign permset --name CI_Sandbox_JWT_Access --on-behalf-of USERNAME
    expect((await authorise()).code).toBe(0);
  });

  it('says when the saved key has no certificate, and names the connection that is not there', async () => {
    const data = join(tmp.dir, 'data');
    await makeDataDir(data, drafts(emulator.url));
    const bare = await cli(['setup-files', '--connection', 'UAT', '--data-dir', data, '--out', join(tmp.dir, 'x')]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/holds no certificate/);
    const missing = await cli(['setup-files', '--connection', 'Nope', '--data-dir', data, '--out', join(tmp.dir, 'x')]);
    expect(missing.stderr).toMatch(/No saved connection is named "Nope"/);
    // A keystore connection: its certificate comes from the saved keystore with the saved password.
    const jks = await cli([
      'setup-files',
      '--connection',
      'Prod JKS',
      '--data-dir',
      data,
      '--out',
      join(tmp.dir, 'jks'),
      '--json',
    ]);
    expect(jks.code).toBe(0);
    expect(certificateIn(join(tmp.dir, 'jks'), 'JWT_Connect').fingerprint256).toBe(APP_CERT.fingerprint256);
  });
});

describe('jwt-connect setup-files --certificate', () => {
  it('takes a PEM certificate, a DER one, a key file beside its certificate, or a keystore entry', async () => {
    const der = join(tmp.dir, 'app.der');
    writeFileSync(der, APP_CERT.raw);
    const p12 = [
      '--certificate',
      join(import.meta.dirname, '..', 'fixtures', 'keys', 'multi.jks'),
      '--keystore-password',
      'storepass',
      '--certificate-name',
      'app',
    ];
    const cases: [string, string[]][] = [
      ['pem', ['--certificate', join(import.meta.dirname, '..', 'fixtures', 'keys', 'app.crt')]],
      ['der', ['--certificate', der]],
      ['combined', ['--certificate', join(import.meta.dirname, '..', 'fixtures', 'keys', 'app-combined.pem')]],
      ['keystore', p12],
    ];
    for (const [name, args] of cases) {
      const out = join(tmp.dir, name);
      const run = await cli(['setup-files', ...args, '--app-name', 'JWT Connect', '--out', out]);
      expect(run.code, `${name}: ${run.stderr}`).toBe(0);
      expect(certificateIn(out, 'JWT_Connect').fingerprint256, name).toBe(APP_CERT.fingerprint256);
      expect(run.stdout).toContain('sf project deploy start --manifest manifest/package.xml');
      // No connection: the README says what to put in place of the username.
      expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('--on-behalf-of USERNAME');
    }
    const notCert = await cli([
      'setup-files',
      '--certificate',
      join(import.meta.dirname, '..', 'fixtures', 'keys', 'app-pkcs8.pem'),
      '--out',
      join(tmp.dir, 'none'),
    ]);
    expect(notCert.code).toBe(2);
    expect(notCert.stderr).toMatch(/no certificate/i);
  });

  it('names the flag of a bad name, and needs --force for a folder that is not empty', async () => {
    const cert = ['--certificate', join(import.meta.dirname, '..', 'fixtures', 'keys', 'app.crt')];
    const badName = await cli(['setup-files', ...cert, '--api-name', 'Bad__Name', '--out', join(tmp.dir, 'a')]);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/two underscores/);
    expect(badName.stderr).toContain('--api-name');
    const badSet = await cli([
      'setup-files',
      ...cert,
      '--permission-set',
      '9lives',
      '--out',
      join(tmp.dir, 'a'),
      '--json',
    ]);
    expect(JSON.parse(badSet.stdout).error.hint).toContain('--permission-set');
    const badMail = await cli(['setup-files', ...cert, '--contact-email', 'nobody', '--out', join(tmp.dir, 'a')]);
    expect(badMail.stderr).toContain('--contact-email');

    const out = join(tmp.dir, 'used');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const refused = await cli(['setup-files', ...cert, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/not empty[\s\S]*--force/);
    expect(readdirSync(out)).toEqual(['keep.txt']);
    expect((await cli(['setup-files', ...cert, '--out', out, '--force'])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['README.md', 'force-app', 'keep.txt', 'manifest', 'sfdx-project.json']);
  });

  it('wants exactly one of --connection and --certificate, and --out', async () => {
    const cert = ['--certificate', join(import.meta.dirname, '..', 'fixtures', 'keys', 'app.crt')];
    expect((await cli(['setup-files', '--out', tmp.dir])).stderr).toMatch(/--connection NAME .*or --certificate FILE/);
    expect((await cli(['setup-files', ...cert, '--connection', 'X', '--out', join(tmp.dir, 'b')])).code).toBe(2);
    expect((await cli(['setup-files', ...cert])).stderr).toMatch(/--out/);
  });
});
