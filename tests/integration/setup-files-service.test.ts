// setupFiles through the connection service: the certificate read in main from a saved connection's
// key (in the key worker), zipped with the README naming the connection's user.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { fixture, USERNAME } from '../support/helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-eca-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const CERT = fixture('app.crt').toString('utf8');

/** What Python's zipfile reads from the archive: {name: text}, after its CRC check of every entry. */
function pythonUnzip(path: string): Record<string, string> {
  const script =
    'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: z.read(i).decode("utf-8") for i in z.infolist()}))';
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as Record<string, string>;
}

describe('setupFiles in the service', () => {
  it("zips the project for a saved connection's certificate, with the README naming its user", async () => {
    const { service, close } = openNodeServices({ dataDir: join(dir, 'data'), platform: { fetch: globalThis.fetch } });
    try {
      const saved = await service.createConnection({
        name: 'UAT',
        encryption: 'privateKey',
        username: USERNAME,
        environment: 'mydomain',
        myDomainUrl: 'https://acme--uat.sandbox.my.salesforce.com',
        keyFile: { fileName: 'app.pem', base64: fixture('app-combined.pem').toString('base64') },
      });
      const result = await service.setupFiles({ id: saved.id, appName: 'UAT JWT' });
      expect(result).toMatchObject({
        fileName: 'UAT_JWT-salesforce-setup.zip',
        folder: 'UAT_JWT-salesforce-setup',
        apiName: 'UAT_JWT',
        permissionSet: 'UAT_JWT_Access',
      });
      const path = join(dir, result.fileName);
      writeFileSync(path, Buffer.from(result.base64, 'base64'));
      const read = pythonUnzip(path);
      const global = read[
        'UAT_JWT-salesforce-setup/force-app/main/default/extlClntAppGlobalOauthSets/UAT_JWT_glbloauth.ecaGlblOauth-meta.xml'
      ] as string;
      const pem = /<certificate>([\s\S]*?)<\/certificate>/.exec(global)?.[1] as string;
      expect(new X509Certificate(pem).fingerprint256).toBe(new X509Certificate(CERT).fingerprint256);
      const readme = read['UAT_JWT-salesforce-setup/README.md'] as string;
      expect(readme).toContain(`--on-behalf-of ${USERNAME}`);
      expect(readme).toContain('--instance-url https://acme--uat.sandbox.my.salesforce.com');
      // No private key material in any file.
      for (const text of Object.values(read)) expect(text).not.toMatch(/PRIVATE KEY/);

      // A key without a certificate cannot make the files, and says so.
      const bare = await service.createConnection({
        name: 'Bare',
        encryption: 'privateKey',
        keyFile: { fileName: 'k.pem', base64: fixture('app-pkcs8.pem').toString('base64') },
      });
      await expect(service.setupFiles({ id: bare.id, appName: 'X' })).rejects.toThrow(/holds no certificate/);
      // A bad name is refused with its field.
      await expect(service.setupFiles({ id: saved.id, appName: 'X', apiName: 'bad name' })).rejects.toMatchObject({
        details: { field: 'apiName' },
      });
    } finally {
      close();
    }
  });
});
