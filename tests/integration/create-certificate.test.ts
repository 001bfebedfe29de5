import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli.js';
import { createCertificate } from '../../electron/keys/create-certificate.js';
import { loadSigningKey } from '../../electron/keys/load.js';
import { openNodeServices } from '../../electron/connections/open-node.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { fixture, startEmulator } from '../support/helpers.js';

let emulator: SalesforceEmulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-cert-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
    platform: { fetch: globalThis.fetch },
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('creating a key and certificate', () => {
  it('makes an RSA key, a self-signed certificate that fits it, and a PKCS#12 keystore', async () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const created = await createCertificate(
      {
        commonName: 'Acme UAT',
        organization: 'Acme',
        days: 730,
        bits: 2048,
        passphrase: 'key-pass',
        pkcs12Password: 'store-pass',
      },
      now,
    );
    const cert = new X509Certificate(created.certificatePem);
    expect(cert.subject).toBe('CN=Acme UAT\nO=Acme');
    expect(created.certificate.daysLeft).toBe(730);
    expect(created.privateKeyPem).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    const fromPem = await loadSigningKey({ bytes: Buffer.from(created.privateKeyPem), passphrase: 'key-pass' });
    expect(cert.checkPrivateKey(fromPem.key)).toBe(true);
    expect(fromPem.key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const fromP12 = await loadSigningKey({ bytes: created.pkcs12 as Buffer, storePassword: 'store-pass' });
    expect(fromP12.alias).toBe('acme-uat');
    expect(fromP12.certificate?.sha256Fingerprint).toBe(cert.fingerprint256);
  });

  it('refuses a missing CN, silly validity and short keystore passwords', async () => {
    await expect(createCertificate({ commonName: ' ', days: 365, bits: 2048 })).rejects.toMatchObject({
      details: { field: 'commonName' },
    });
    await expect(createCertificate({ commonName: 'x', days: 0, bits: 2048 })).rejects.toMatchObject({
      details: { field: 'days' },
    });
    await expect(
      createCertificate({ commonName: 'x', days: 365, bits: 2048, pkcs12Password: '123' }),
    ).rejects.toMatchObject({ details: { field: 'pkcs12Password' } });
  });
});

describe('jwt-connect create-certificate', () => {
  it('writes the files, which then log in once the certificate is on the Connected App', async () => {
    const { code, stdout } = await cli([
      'create-certificate',
      '--common-name',
      'CI pipeline',
      '--out-dir',
      dir,
      '--pkcs12',
      '--keystore-password',
      'storepass',
      '--json',
    ]);
    expect(code).toBe(0);
    const data = JSON.parse(stdout);
    expect(data.files).toEqual({
      privateKey: join(dir, 'ci-pipeline.key'),
      certificate: join(dir, 'ci-pipeline.crt'),
      pkcs12: join(dir, 'ci-pipeline.p12'),
    });
    expect(statSync(data.files.privateKey).mode & 0o077).toBe(0); // the key is readable by its owner only
    expect(readFileSync(data.files.privateKey, 'utf8')).toContain('BEGIN PRIVATE KEY');

    // "upload" the certificate to a Connected App of the emulator
    emulator.options.apps.push({ consumerKey: 'ci-app', certificatePem: readFileSync(data.files.certificate, 'utf8') });
    const login = [
      '--my-domain',
      emulator.url,
      '--consumer-key',
      'ci-app',
      '--username',
      'integration@jwt-connect.test',
      '--json',
    ];
    expect((await cli(['authorise', ...login, '--private-key', data.files.privateKey])).code).toBe(0);
    expect(
      (await cli(['authorise', ...login, '--keystore', data.files.pkcs12, '--keystore-password', 'storepass'])).code,
    ).toBe(0);
    // and the old app certificate does not accept the new key
    const refused = await cli([
      'authorise',
      '--my-domain',
      emulator.url,
      '--consumer-key',
      '3MVG9TEST.consumer-key',
      '--username',
      'integration@jwt-connect.test',
      '--private-key',
      data.files.privateKey,
      '--json',
    ]);
    expect(JSON.parse(refused.stdout).error.code).toBe('INVALID_ASSERTION');
  });

  it('never overwrites existing files unless told to', async () => {
    expect((await cli(['create-certificate', '--common-name', 'Twice', '--out-dir', dir])).code).toBe(0);
    const before = readFileSync(join(dir, 'twice.key'), 'utf8');
    const again = await cli(['create-certificate', '--common-name', 'Twice', '--out-dir', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/Not overwriting .*twice\.key.*\nhint: .*--force/);
    expect(readFileSync(join(dir, 'twice.key'), 'utf8')).toBe(before);
    expect(
      (
        await cli([
          'create-certificate',
          '--common-name',
          'Twice',
          '--out-dir',
          dir,
          '--force',
          '--passphrase',
          'secret-pass',
        ])
      ).code,
    ).toBe(0);
    expect(readFileSync(join(dir, 'twice.key'), 'utf8')).toContain('ENCRYPTED');
    expect(existsSync(join(dir, 'twice.p12'))).toBe(false);
  });
});

describe('certificate health and export in the service', () => {
  it('filters connections by certificate health and exports the certificate to upload', async () => {
    const { service } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
    const soon = await createCertificate({ commonName: 'Soon', days: 10, bits: 2048 });
    const pem = (name: string, bytes: Buffer) =>
      service.createConnection({
        name,
        encryption: 'privateKey',
        keyFile: { fileName: `${name}.pem`, base64: bytes.toString('base64') },
      });
    await pem('Fine', fixture('app-combined.pem'));
    await pem('Expired', fixture('expired-combined.pem'));
    await pem('Soon', Buffer.from(soon.privateKeyPem + soon.certificatePem));
    await pem('No certificate', fixture('app-pkcs8.pem'));
    const names = (certificate: 'all' | 'expiring' | 'expired' | 'attention') =>
      service.listConnections({ certificate }).map((c) => c.name);
    expect(names('expired')).toEqual(['Expired']);
    expect(names('expiring')).toEqual(['Soon']);
    expect(names('attention')).toEqual(['Expired', 'Soon']);
    expect(names('all')).toHaveLength(4);
    expect(service.listConnections({ search: 'soon' })[0]?.certificateDaysLeft).toBe(10);

    const fine = service.listConnections({ search: 'fine' })[0]!;
    const exported = await service.exportCertificate({ id: fine.id });
    expect(new X509Certificate(exported.pem).fingerprint256).toBe(
      new X509Certificate(fixture('app.crt')).fingerprint256,
    );
    expect(exported.fileName).toBe('app.jwt-connect.test.crt');
    const bare = service.listConnections({ search: 'no certificate' })[0]!;
    await expect(service.exportCertificate({ id: bare.id })).rejects.toThrow(/holds no certificate/);
  });
});
