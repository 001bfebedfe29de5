// renew-certificate, rotate-key (and --finish) and test --all --fail-on-expiring from the terminal,
// over a data folder and the emulator.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, fixture, startEmulator } from '../support/helpers.js';
import { cli, drafts, makeDataDir, tempDir } from '../support/cli-helpers.js';

let emulator: SalesforceEmulator;
let data: ReturnType<typeof tempDir>;
let out: ReturnType<typeof tempDir>;
const APP_CERT = fixture('app.crt').toString('utf8');

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(async () => {
  data = tempDir('jwt-cli-lifecycle-');
  out = tempDir('jwt-cli-lifecycle-out-');
  const [uat, jks] = drafts(emulator.url);
  await makeDataDir(data.dir, [uat!, jks!]);
  emulator.uploadCertificate(CONSUMER_KEY, APP_CERT);
  emulator.tokenRequests.length = 0;
});
afterEach(() => {
  data.remove();
  out.remove();
});

const at = () => ['--data-dir', data.dir];
const daysLeftOf = (name: string) => {
  const services = openNodeServices({ dataDir: data.dir, platform: { fetch: globalThis.fetch } });
  const found = services.service.listConnections({}).find((c) => c.name === name);
  services.close();
  return found;
};

describe('renew-certificate', () => {
  it('writes a new certificate for the same key, saves it with the connection; logins go on', async () => {
    const file = join(out.dir, 'uat.crt');
    const run = await cli(['renew-certificate', 'uat', '--days', '90', '--out', file, ...at()]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Nothing has to change in Salesforce/);
    const cert = new X509Certificate(readFileSync(file));
    expect(cert.publicKey.export({ type: 'spki', format: 'pem' })).toBe(
      new X509Certificate(APP_CERT).publicKey.export({ type: 'spki', format: 'pem' }),
    );
    expect(daysLeftOf('UAT')?.certificateDaysLeft).toBe(90);
    // Refuses to overwrite without --force.
    expect((await cli(['renew-certificate', 'uat', '--out', file, ...at()])).code).toBe(2);
    expect((await cli(['test', '--connection', 'UAT', ...at()])).code).toBe(0);
    expect(emulator.tokenRequests.map((r) => r.outcome)).toEqual(['ok']);
  });

  it('a keystore connection: --keystore-out writes the PKCS#12 (owner-only); --json says what was written', async () => {
    const p12 = join(out.dir, 'prod.p12');
    const run = await cli([
      'renew-certificate',
      'Prod JKS',
      '--out',
      join(out.dir, 'prod.crt'),
      '--keystore-out',
      p12,
      '--json',
      ...at(),
    ]);
    expect(run.code, run.stdout).toBe(0);
    const json = JSON.parse(run.stdout) as { files: string[]; certificate: { daysLeft: number } };
    expect(json.files).toEqual([join(out.dir, 'prod.crt'), p12]);
    expect(json.certificate.daysLeft).toBe(365);
    expect(statSync(p12).mode & 0o777).toBe(0o600);
    expect((await cli(['inspect', '--keystore', p12, '--keystore-password', 'storepass'])).stdout).toMatch(/app/);
  });

  it('--csr writes a certificate signing request for the key', async () => {
    const file = join(out.dir, 'uat.csr');
    expect((await cli(['renew-certificate', 'UAT', '--csr', '--out', file, ...at()])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
  });
});

describe('rotate-key', () => {
  it('writes the new certificate and the setup files; falls back until the upload; --finish removes the previous key', async () => {
    const run = await cli(['rotate-key', 'UAT', '--bits', '2048', '--days', '200', '--out-dir', out.dir, ...at()]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/rotate-key "UAT" --finish/);
    const crt = readFileSync(join(out.dir, readdirSync(out.dir).find((f) => f.endsWith('.crt')) as string), 'utf8');
    expect(existsSync(join(out.dir, 'salesforce-setup'))).toBe(true);
    // The setup files carry the new certificate.
    const setup = join(out.dir, 'salesforce-setup');
    const glbl = (readdirSync(setup, { recursive: true }) as string[]).find((f) =>
      f.endsWith('.ecaGlblOauth-meta.xml'),
    ) as string;
    const inFile = /<certificate>([^<]+)<\/certificate>/.exec(readFileSync(join(setup, glbl), 'utf8'))?.[1] ?? '';
    expect(
      new X509Certificate(
        inFile.includes('BEGIN') ? inFile : `-----BEGIN CERTIFICATE-----\n${inFile}\n-----END CERTIFICATE-----`,
      ).fingerprint256,
    ).toBe(new X509Certificate(crt).fingerprint256);
    // Before --finish has anything to finish: refused (no login with the new key yet).
    expect((await cli(['rotate-key', 'UAT', '--finish', ...at()])).code).toBe(2);
    emulator.tokenRequests.length = 0;
    const before = await cli(['authorise', '--connection', 'UAT', ...at()]);
    expect(before.code).toBe(0);
    expect(emulator.tokenRequests.map((r) => r.outcome)).toEqual(['invalid_grant: invalid assertion', 'ok']);

    emulator.uploadCertificate(CONSUMER_KEY, crt);
    emulator.tokenRequests.length = 0;
    expect((await cli(['authorise', '--connection', 'UAT', ...at()])).code).toBe(0);
    expect(emulator.tokenRequests.map((r) => r.outcome)).toEqual(['ok']);
    const finish = await cli(['rotate-key', 'UAT', '--finish', ...at()]);
    expect(finish.code, finish.stderr).toBe(0);
    expect(daysLeftOf('UAT')?.rotation).toBeUndefined();
  });
});

describe('test --all --fail-on-expiring', () => {
  it('names expiring certificates in the summary and exits 5 when all passed but one ends within DAYS', async () => {
    await cli(['renew-certificate', 'UAT', '--days', '10', '--out', join(out.dir, 'uat.crt'), ...at()]);
    const plain = await cli(['test', '--all', ...at()]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/Certificates: 1 ends within 30 days \(UAT\)/);
    const ci = await cli(['test', '--all', '--fail-on-expiring', '30', ...at()]);
    expect(ci.code).toBe(5);
    expect((await cli(['test', '--all', '--fail-on-expiring', '5', ...at()])).code).toBe(0);
    const json = JSON.parse((await cli(['test', '--all', '--fail-on-expiring', '30', '--json', ...at()])).stdout) as {
      certificates: { expiring: string[] };
    };
    expect(json.certificates.expiring).toEqual(['UAT']);
  });
});
