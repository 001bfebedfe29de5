// The setup files leaving jwt-connect: as a .zip (checked with the system's unzip and Python's
// zipfile, not with our own reader), into a folder (atomic, --force, no symbolic links), and the
// consumer key read back from the file Salesforce returns after the deploy.
import { execFileSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { buildZip, generateSetupFiles, writeSetupFolder } from '../../electron/salesforce/eca-setup/index.js';
import { consumerKeyFromOauthFile } from '../../shared/eca-consumer-key.js';
import { AppError } from '../../shared/errors.js';
import { fixture, USERNAME } from './helpers.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'jwt-connect-eca-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const CERT = fixture('app.crt').toString('utf8');
const setup = () => generateSetupFiles({ certificatePem: CERT, appName: 'JWT Connect', connection: { username: USERNAME } });

/** What Python's zipfile reads from the archive: {name: text}, after its CRC check of every entry. */
function pythonUnzip(path: string): Record<string, string> {
  const script = 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: z.read(i).decode("utf-8") for i in z.infolist()}))';
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as Record<string, string>;
}

describe('the zip', () => {
  it('holds every file byte for byte, and the system unzip finds no error', () => {
    const files = setup();
    const path = join(dir, 'setup.zip');
    writeFileSync(path, buildZip(files.map((f) => ({ path: `JWT_Connect-salesforce-setup/${f.path}`, content: f.content }))));
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const read = pythonUnzip(path);
    expect(Object.keys(read)).toEqual(files.map((f) => `JWT_Connect-salesforce-setup/${f.path}`));
    for (const f of files) expect(read[`JWT_Connect-salesforce-setup/${f.path}`]).toBe(f.content);
    // Unpacked by unzip, the files are ordinary readable files.
    execFileSync('unzip', ['-q', path, '-d', join(dir, 'out')]);
    const unpacked = join(dir, 'out', 'JWT_Connect-salesforce-setup', 'manifest', 'package.xml');
    expect(readFileSync(unpacked, 'utf8')).toBe(files.find((f) => f.path === 'manifest/package.xml')?.content);
    expect(lstatSync(unpacked).mode & 0o777).toBe(0o644);
  });

  it('stores what deflate cannot shrink, keeps UTF-8 names, and takes empty and binary entries', () => {
    const random = randomBytes(300); // incompressible
    const path = join(dir, 'mixed.zip');
    writeFileSync(path, buildZip([{ path: 'a.txt', content: '' }, { path: 'x', content: 'y' }, { path: 'bin', content: random }, { path: 'dossier/résumé.md', content: 'é'.repeat(1000) }]));
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const listing = execFileSync('python3', ['-c', 'import sys,zipfile\nfor i in zipfile.ZipFile(sys.argv[1]).infolist(): print(i.filename, i.compress_type, i.file_size)', path], { encoding: 'utf8' });
    expect(listing.trim().split('\n')).toEqual(['a.txt 0 0', 'x 0 1', 'bin 0 300', 'dossier/résumé.md 8 2000']);
  });

  it('refuses entry names that would unpack outside the folder', () => {
    for (const bad of ['../evil', '/etc/passwd', 'a/../../b', 'a\\b', '']) expect(() => buildZip([{ path: bad, content: 'x' }]), bad).toThrow();
  });
});

describe('writing to a folder', () => {
  it('creates a new folder whole, with the files in their places', () => {
    const out = join(dir, 'new', 'setup');
    const written = writeSetupFolder(out, setup());
    expect(written).toHaveLength(9);
    expect(readFileSync(join(out, 'force-app/main/default/externalClientApps/JWT_Connect.eca-meta.xml'), 'utf8')).toContain('<label>JWT Connect</label>');
    expect(readdirSync(join(dir, 'new'))).toEqual(['setup']); // no temporary folder left beside it
  });

  it('writes into an existing folder only when it is empty or with force, and never half', () => {
    const out = join(dir, 'existing');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const refused = (() => { try { writeSetupFolder(out, setup()); } catch (e) { return e as AppError; } })();
    expect(refused?.message).toMatch(/not empty/);
    expect(refused?.hint).toMatch(/--force/);
    expect(refused?.details?.field).toBe('out');
    expect(readdirSync(out)).toEqual(['notes.txt']);

    writeFileSync(join(out, 'README.md'), 'old readme');
    writeSetupFolder(out, setup(), { force: true });
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/^# External Client App/);

    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(writeSetupFolder(empty, setup())).toHaveLength(9);
  });

  it('refuses symbolic links: as the folder, inside it, or in place of a file, before writing anything', () => {
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const link = join(dir, 'link');
    symlinkSync(elsewhere, link);
    expect(() => writeSetupFolder(link, setup(), { force: true })).toThrow(/symbolic link/);

    const out = join(dir, 'out');
    mkdirSync(out);
    symlinkSync(elsewhere, join(out, 'force-app'));
    expect(() => writeSetupFolder(out, setup(), { force: true })).toThrow(/force-app is a symbolic link/);
    expect(existsSync(join(out, 'README.md'))).toBe(false); // checked before the first write
    expect(readdirSync(elsewhere)).toEqual([]);

    const out2 = join(dir, 'out2');
    mkdirSync(join(out2, 'manifest'), { recursive: true });
    symlinkSync(join(elsewhere, 'victim.xml'), join(out2, 'manifest', 'package.xml'));
    expect(() => writeSetupFolder(out2, setup(), { force: true })).toThrow(/package\.xml is a symbolic link/);
    expect(existsSync(join(elsewhere, 'victim.xml'))).toBe(false);
  });
});

describe('the consumer key from a retrieved global OAuth settings file', () => {
  const retrieved = (inside: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<!-- retrieved -->\n<ExtlClntAppGlobalOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata">\n    <callbackUrl>http://localhost:1717/OauthRedirect</callbackUrl>\n${inside}\n    <externalClientApplication>JWT_Connect</externalClientApplication>\n</ExtlClntAppGlobalOauthSettings>\n`;

  it('takes the key and nothing else (the file may hold the secret too)', () => {
    const text = retrieved('    <consumerKey>3MVG9rZjd7MXFdLi.Ab_cd</consumerKey>\n    <consumerSecret>ABCDEF0123456789</consumerSecret>');
    expect(consumerKeyFromOauthFile(text)).toBe('3MVG9rZjd7MXFdLi.Ab_cd');
    expect(consumerKeyFromOauthFile(`\uFEFF${text.replace(/\n/g, '\r\n')}`)).toBe('3MVG9rZjd7MXFdLi.Ab_cd');
  });

  it('says what is wrong with other files, naming the Consumer Key field', () => {
    const why = (text: string) => { try { consumerKeyFromOauthFile(text); } catch (e) { expect((e as AppError).details?.field).toBe('consumerKey'); return (e as AppError).message; } throw new Error('expected a refusal'); };
    // The file jwt-connect wrote, before the deploy: no key yet.
    const generated = setup().find((f) => f.path.endsWith('.ecaGlblOauth-meta.xml'))?.content as string;
    expect(why(generated)).toMatch(/no consumer key.*before the deploy/);
    const oauthSettings = setup().find((f) => f.path.endsWith('.ecaOauth-meta.xml'))?.content as string;
    expect(why(oauthSettings)).toMatch(/root element is <ExtlClntAppOauthSettings>/);
    expect(why(fixture('app.crt').toString('utf8'))).toMatch(/no XML found/);
    expect(why(retrieved('<consumerKey>a</consumerKey><consumerKey>b</consumerKey>'))).toMatch(/more than one/);
    expect(why(retrieved('<consumerKey>has space &amp; &lt;tag&gt;</consumerKey>'))).toMatch(/does not look like one/);
    expect(why(retrieved(`<consumerKey>${'k'.repeat(300_000)}</consumerKey>`))).toMatch(/too large/);
  });
});

describe('setupFiles in the service', () => {
  it('zips the project for a saved connection\'s certificate, with the README naming its user', async () => {
    const { service, close } = openNodeServices({ dataDir: join(dir, 'data'), platform: { fetch: globalThis.fetch } });
    try {
      const saved = await service.createConnection({ name: 'UAT', encryption: 'privateKey', username: USERNAME, environment: 'mydomain', myDomainUrl: 'https://acme--uat.sandbox.my.salesforce.com', keyFile: { fileName: 'app.pem', base64: fixture('app-combined.pem').toString('base64') } });
      const result = await service.setupFiles({ id: saved.id, appName: 'UAT JWT' });
      expect(result).toMatchObject({ fileName: 'UAT_JWT-salesforce-setup.zip', folder: 'UAT_JWT-salesforce-setup', apiName: 'UAT_JWT', permissionSet: 'UAT_JWT_Access' });
      const path = join(dir, result.fileName);
      writeFileSync(path, Buffer.from(result.base64, 'base64'));
      const read = pythonUnzip(path);
      const global = read['UAT_JWT-salesforce-setup/force-app/main/default/extlClntAppGlobalOauthSets/UAT_JWT_glbloauth.ecaGlblOauth-meta.xml'] as string;
      const pem = /<certificate>([\s\S]*?)<\/certificate>/.exec(global)?.[1] as string;
      expect(new X509Certificate(pem).fingerprint256).toBe(new X509Certificate(CERT).fingerprint256);
      const readme = read['UAT_JWT-salesforce-setup/README.md'] as string;
      expect(readme).toContain(`--on-behalf-of ${USERNAME}`);
      expect(readme).toContain('--instance-url https://acme--uat.sandbox.my.salesforce.com');
      // No private key material in any file.
      for (const text of Object.values(read)) expect(text).not.toMatch(/PRIVATE KEY/);

      // A key without a certificate cannot make the files, and says so.
      const bare = await service.createConnection({ name: 'Bare', encryption: 'privateKey', keyFile: { fileName: 'k.pem', base64: fixture('app-pkcs8.pem').toString('base64') } });
      await expect(service.setupFiles({ id: bare.id, appName: 'X' })).rejects.toThrow(/holds no certificate/);
      // A bad name is refused with its field.
      await expect(service.setupFiles({ id: saved.id, appName: 'X', apiName: 'bad name' })).rejects.toMatchObject({ details: { field: 'apiName' } });
    } finally {
      close();
    }
  });
});
