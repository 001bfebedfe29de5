// Keeping logins working against the emulator: a renewed certificate (same key), a key rotation with
// its one fallback per run until Salesforce has the new certificate, a rotation surviving a restart
// and an export/import, an org id change, a sandbox whose app a refresh removed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionDraft } from '../../shared/connection.js';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { inThreadKeyLoader } from '../../electron/connections/key-loader.js';
import type { ConnectionService } from '../../electron/connections/service.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, USERNAME, failure, fixture, startEmulator } from '../support/helpers.js';

const platform = { fetch: globalThis.fetch };
const picked = (name: string) => ({ fileName: name, base64: fixture(name).toString('base64') });
const APP_CERT = fixture('app.crt').toString('utf8');

let emulator: SalesforceEmulator;
let dir: string;
let opened: ReturnType<typeof openNodeServices>;
let service: ConnectionService;

const open = () => {
  opened = openNodeServices({ dataDir: dir, platform, keys: inThreadKeyLoader });
  service = opened.service;
};
/** A new service on the same data directory, as after quitting and starting the app again. */
const restart = () => {
  opened.close();
  open();
};

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-lifecycle-'));
  open();
  emulator.uploadCertificate(CONSUMER_KEY, APP_CERT);
  emulator.orgId = '00D5g000000EMUL8';
  emulator.tokenRequests.length = 0;
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

const pem = (overrides: Partial<ConnectionDraft> = {}): ConnectionDraft => ({
  name: 'Prod reporting',
  encryption: 'privateKey',
  consumerKey: CONSUMER_KEY,
  username: USERNAME,
  environment: 'mydomain',
  myDomainUrl: emulator.url,
  secrets: {},
  keyFile: picked('app-combined.pem'),
  ...overrides,
});
const jks = (overrides: Partial<ConnectionDraft> = {}): ConnectionDraft => ({
  name: 'UAT integration',
  encryption: 'jks',
  consumerKey: CONSUMER_KEY,
  username: USERNAME,
  environment: 'mydomain',
  myDomainUrl: emulator.url,
  certificateName: 'app',
  secrets: { keyStorePassword: 'storepass', keyPassword: 'keypass' },
  keyFile: picked('multi.jks'),
  ...overrides,
});
const certOf = (files: { kind: string; base64: string }[]) =>
  new X509Certificate(Buffer.from(files.find((f) => f.kind === 'certificate')?.base64 ?? '', 'base64'));
const outcomes = () => emulator.tokenRequests.map((r) => r.outcome);

describe('renew a certificate for the same key', () => {
  it('a key file without a certificate gets one named after the connection, its key still under its passphrase', async () => {
    const c = await service.createConnection(
      pem({ keyFile: picked('app-pkcs8-encrypted.pem'), secrets: { passphrase: 'passphrase' } }),
    );
    const renewed = await service.renewCertificate({ id: c.id });
    expect(certOf(renewed.files).subject).toBe('CN=prod-reporting');
    expect(renewed.connection.certificateDaysLeft).toBeGreaterThan(360);
    await service.authorise({ id: c.id });
    expect(outcomes()).toEqual(['ok']);
    // The saved key is still encrypted: without the passphrase it does not open.
    await service.updateConnection({ id: c.id, draft: pem({ keyFile: undefined, secrets: { passphrase: null } }) });
    expect((await failure(service.authorise({ id: c.id }))).code).toBe('PASSPHRASE_REQUIRED');
  });

  it.each([
    ['PEM key', pem],
    ['JKS keystore', jks],
  ])(
    '%s: same subject and key, new serial and dates; logins go on while Salesforce holds the old certificate',
    async (_label, draft) => {
      const c = await service.createConnection(draft());
      const old = new X509Certificate(APP_CERT);
      const renewed = await service.renewCertificate({ id: c.id, days: 400 });
      const cert = certOf(renewed.files);
      expect(cert.subject).toBe(old.subject);
      expect(cert.publicKey.export({ type: 'spki', format: 'pem' })).toBe(
        old.publicKey.export({ type: 'spki', format: 'pem' }),
      );
      expect(cert.serialNumber).not.toBe(old.serialNumber);
      expect(renewed.certificate.daysLeft).toBeGreaterThanOrEqual(399);
      expect(renewed.notice).toMatch(/Nothing has to change in Salesforce/);
      // The connection's certificate health is the new certificate's.
      expect(renewed.connection.certificateDaysLeft).toBe(renewed.certificate.daysLeft);
      expect(renewed.connection.keyFile?.certificate?.sha256Fingerprint).toBe(cert.fingerprint256);
      expect((await service.listRows()).rows[0]?.certificateDaysLeft).toBe(renewed.certificate.daysLeft);
      // Salesforce still has the old certificate: the same key signs, the login works.
      await service.authorise({ id: c.id });
      expect(outcomes()).toEqual(['ok']);
      // The downloadable certificate is the renewed one, and survives a restart.
      restart();
      expect((await service.exportCertificate({ id: c.id })).certificate.sha256Fingerprint).toBe(cert.fingerprint256);
      await service.testConnection({ id: c.id });
    },
  );

  it('a keystore connection hands over a PKCS#12 with the same key and the new certificate, opened by the store password', async () => {
    const c = await service.createConnection(jks());
    const renewed = await service.renewCertificate({ id: c.id });
    const p12 = renewed.files.find((f) => f.kind === 'pkcs12');
    expect(p12?.fileName).toMatch(/\.p12$/);
    const info = await service.inspectKeyFile({
      keyFile: { fileName: 'x.p12', base64: p12?.base64 ?? '' },
      storePassword: 'storepass',
    });
    expect(info.format).toBe('pkcs12');
    expect(info.entries[0]?.alias).toBe('app');
    expect(info.entries[0]?.certificate?.sha256Fingerprint).toBe(certOf(renewed.files).fingerprint256);
  });

  it('a CA-signed certificate is not re-issued; a CSR for the same key is offered', async () => {
    const c = await service.createConnection(pem({ keyFile: picked('app-pkcs8.pem'), secrets: {} }));
    // Made CA-signed for this test: its issuer differs from its subject.
    const { caSignedCombined } = await import('../support/ca-signed.js');
    await service.updateConnection({
      id: c.id,
      draft: {
        ...pem({ secrets: {} }),
        keyFile: { fileName: 'ca.pem', base64: caSignedCombined().toString('base64') },
      },
    });
    const error = await failure(service.renewCertificate({ id: c.id }));
    expect(error.code).toBe('CERTIFICATE_CA_SIGNED');
    expect(error.hint).toMatch(/CSR/);
    const csr = await service.certificateRequest({ id: c.id });
    expect(csr.pem).toMatch(/-----BEGIN CERTIFICATE REQUEST-----/);
    expect(csr.fileName).toMatch(/\.csr$/);
  });
});

describe('rotate the key without a gap', () => {
  it('falls back to the previous key once per run until the new certificate is uploaded; the first success ends the fallback', async () => {
    const c = await service.createConnection(pem());
    const rotated = await service.rotateKey({ id: c.id, bits: 2048, days: 30 });
    const newCert = certOf(rotated.files);
    expect(newCert.fingerprint256).not.toBe(new X509Certificate(APP_CERT).fingerprint256);
    expect(rotated.connection.rotation?.newKeyProvenAt).toBeUndefined();
    expect((await service.listRows()).rows[0]?.rotation).toBe('pending');

    // Salesforce still has the old certificate: the new key is refused, the previous one works, once.
    const first = await service.authorise({ id: c.id });
    expect(first.rotation).toBe('previousKey');
    expect(first.notices?.join(' ')).toMatch(/Salesforce still has the previous certificate: upload the new one/);
    expect(outcomes()).toEqual(['invalid_grant: invalid assertion', 'ok']);
    emulator.tokenRequests.length = 0;
    emulator.revokeAllTokens();
    const test = await service.testConnection({ id: c.id });
    expect(test.rotation).toBe('previousKey');
    expect(outcomes()).toEqual(['invalid_grant: invalid assertion', 'ok']);

    // The upload: the first success with the new key ends the fallback.
    emulator.uploadCertificate(CONSUMER_KEY, newCert.toString());
    emulator.tokenRequests.length = 0;
    const proven = await service.authorise({ id: c.id });
    expect(proven.rotation).toBe('newKeyProven');
    expect(proven.notices?.join(' ')).toMatch(/new key worked/);
    expect(outcomes()).toEqual(['ok']);
    expect((await service.getConnection({ id: c.id })).rotation?.newKeyProvenAt).toBeDefined();

    // From now on no fallback, even if Salesforce went back to the old certificate: one request, refused.
    emulator.uploadCertificate(CONSUMER_KEY, APP_CERT);
    emulator.tokenRequests.length = 0;
    expect((await failure(service.authorise({ id: c.id }))).code).toBe('INVALID_ASSERTION');
    expect(outcomes()).toEqual(['invalid_grant: invalid assertion']);
  });

  it('only a certificate refusal falls back: another refusal is one request', async () => {
    const c = await service.createConnection(pem({ username: 'frozen@jwt-connect.test' }));
    await service.rotateKey({ id: c.id });
    emulator.uploadCertificate(CONSUMER_KEY, certOf((await service.renewCertificate({ id: c.id })).files).toString());
    emulator.tokenRequests.length = 0;
    expect((await failure(service.authorise({ id: c.id }))).code).toBe('INACTIVE_USER');
    expect(outcomes()).toHaveLength(1);
  });

  it('the previous key is removed only once the new one is proven, or when forced; cancelling keeps it', async () => {
    const c = await service.createConnection(jks());
    const rotated = await service.rotateKey({ id: c.id });
    expect((await failure(Promise.resolve().then(() => service.finishRotation({ id: c.id })))).message).toMatch(
      /No login with the new key/,
    );
    // A second rotation waits for the first.
    expect((await failure(service.rotateKey({ id: c.id }))).message).toMatch(/under way/);
    emulator.uploadCertificate(CONSUMER_KEY, certOf(rotated.files).toString());
    await service.testConnection({ id: c.id });
    // The user cancelled the confirm: the previous key is still there, but not used.
    restart();
    expect((await service.getConnection({ id: c.id })).rotation?.newKeyProvenAt).toBeDefined();
    const done = service.finishRotation({ id: c.id });
    expect(done.rotation).toBeUndefined();
    emulator.uploadCertificate(CONSUMER_KEY, APP_CERT);
    emulator.tokenRequests.length = 0;
    await failure(service.authorise({ id: c.id }));
    expect(outcomes()).toHaveLength(1); // no previous key left to try
    // Forced, before any success.
    const c2 = await service.createConnection(pem({ name: 'Other' }));
    await service.rotateKey({ id: c2.id });
    expect(service.finishRotation({ id: c2.id, force: true }).rotation).toBeUndefined();
  });

  it('a rotation survives a restart, and an export and import with secrets', async () => {
    const c = await service.createConnection(jks());
    const rotated = await service.rotateKey({ id: c.id });
    restart();
    emulator.tokenRequests.length = 0;
    expect((await service.authorise({ id: c.id })).rotation).toBe('previousKey');
    expect(outcomes()).toEqual(['invalid_grant: invalid assertion', 'ok']);

    const exported = await service.exportConnections({ includeSecrets: true, passphrase: 'correct horse' });
    opened.close();
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'jwt-connect-lifecycle-'));
    open();
    const summary = await service.importConnections({ text: exported.text, passphrase: 'correct horse' });
    const id = summary.imported[0]?.id as string;
    expect((await service.getConnection({ id })).rotation?.startedAt).toBeDefined();
    emulator.tokenRequests.length = 0;
    expect((await service.authorise({ id })).rotation).toBe('previousKey');
    emulator.uploadCertificate(CONSUMER_KEY, certOf(rotated.files).toString());
    expect((await service.authorise({ id })).rotation).toBe('newKeyProven');
  });

  it('an export made before rotations existed still imports', async () => {
    const c = await service.createConnection(pem());
    const exported = JSON.parse((await service.exportConnections({ includeSecrets: false })).text) as {
      connections: Record<string, unknown>[];
    };
    expect(exported.connections[0]).not.toHaveProperty('rotation');
    const summary = await service.importConnections({ text: JSON.stringify(exported) });
    expect(summary.imported).toHaveLength(1);
    expect(c.rotation).toBeUndefined();
  });
});

describe('the org id of the last login', () => {
  it('a login naming another org id is reported in the result and the list row, and the new id kept', async () => {
    const c = await service.createConnection(pem());
    await service.authorise({ id: c.id });
    expect((await service.getConnection({ id: c.id })).orgId).toBe('00D5g000000EMUL8');
    emulator.orgId = '00D5g000000SBX02';
    const result = await service.authorise({ id: c.id });
    expect(result.orgChange).toMatchObject({ from: '00D5g000000EMUL8', to: '00D5g000000SBX02' });
    expect(result.notices?.join(' ')).toMatch(/This org's id changed \(a sandbox refresh\?\)/);
    expect((await service.listRows()).rows[0]?.orgChange?.to).toBe('00D5g000000SBX02');
    expect((await service.getConnection({ id: c.id })).orgId).toBe('00D5g000000SBX02');
    // Test Connection sees it too; the same org again is no change.
    emulator.revokeAllTokens();
    const again = await service.testConnection({ id: c.id });
    expect(again.orgChange).toBeUndefined();
    expect((await service.listRows()).rows[0]?.orgChange).toBeUndefined();
  });

  it('a sandbox that worked and now answers app_not_found is told the refresh removed the app', async () => {
    emulator.options.org = { isSandbox: true };
    const c = await service.createConnection(pem());
    const before = await failure(
      service.authorise({
        id: c.id,
        draft: { ...pem({ keyFile: undefined }), consumerKey: 'external-app-not-installed' },
      }),
    );
    expect(before.details?.sandboxRefresh).toBeUndefined(); // never worked: the usual hint, several causes
    await service.testConnection({ id: c.id });
    // The refresh: the app is gone from the sandbox.
    emulator.options.apps[0]!.installed = false;
    try {
      const after = await failure(service.authorise({ id: c.id }));
      expect(after.code).toBe('APP_NOT_INSTALLED');
      expect(after.details?.sandboxRefresh).toBe(true);
      expect(after.hint).toMatch(
        /^A sandbox refresh removes the External Client App.*deploy the Salesforce setup files.*permission set/,
      );
    } finally {
      emulator.options.apps[0]!.installed = true;
      emulator.options.org = undefined;
    }
  });
});

describe('New sandbox connection', () => {
  it('proposes the sandbox My Domain and username, keeps the key, leaves the consumer key empty', async () => {
    const prod = await service.createConnection(
      pem({
        keyFile: picked('app-pkcs8-encrypted.pem'),
        secrets: { passphrase: 'passphrase' },
        myDomainUrl: 'https://acme.my.salesforce.com',
        environment: 'mydomain',
        username: 'int@acme.com',
      }),
    );
    const sbx = service.createSandboxConnection({ id: prod.id, sandboxName: 'UAT' });
    expect(sbx.myDomainUrl).toBe('https://acme--uat.sandbox.my.salesforce.com');
    expect(sbx.username).toBe('int@acme.com.uat');
    expect(sbx.consumerKey).toBe('');
    expect(sbx.secrets.keyMaterial).toBe('saved');
    expect(sbx.secrets.passphrase).toBe('saved');
    expect(sbx.notice).toMatch(/Consumer Key/);
    // The same key: logging in to the emulator with the sandbox's own app (here: the same one) works.
    await service.updateConnection({
      id: sbx.id,
      draft: { ...pem({ keyFile: undefined, secrets: {} }), name: sbx.name, consumerKey: CONSUMER_KEY },
    });
    await service.authorise({ id: sbx.id });
    expect(() => service.createSandboxConnection({ id: prod.id, sandboxName: 'no spaces' })).toThrow(
      /letters and digits/,
    );
  });
});
