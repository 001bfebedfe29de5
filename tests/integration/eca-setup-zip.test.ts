// The setup files as one .zip, checked with the system's unzip and Python's zipfile (child
// processes), not with a reader of our own.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildZip, generateSetupFiles } from '../../electron/salesforce/eca-setup/index.js';
import { fixture, USERNAME } from '../support/helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-eca-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const setup = () =>
  generateSetupFiles({
    certificatePem: fixture('app.crt').toString('utf8'),
    appName: 'JWT Connect',
    connection: { username: USERNAME },
  });

/** What Python's zipfile reads from the archive: {name: text}, after its CRC check of every entry. */
function pythonUnzip(path: string): Record<string, string> {
  const script =
    'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: z.read(i).decode("utf-8") for i in z.infolist()}))';
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as Record<string, string>;
}

describe('the zip', () => {
  it('holds every file byte for byte, and the system unzip finds no error', () => {
    const files = setup();
    const path = join(dir, 'setup.zip');
    writeFileSync(
      path,
      buildZip(files.map((f) => ({ path: `JWT_Connect-salesforce-setup/${f.path}`, content: f.content }))),
    );
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
    writeFileSync(
      path,
      buildZip([
        { path: 'a.txt', content: '' },
        { path: 'x', content: 'y' },
        { path: 'bin', content: random },
        { path: 'dossier/résumé.md', content: 'é'.repeat(1000) },
      ]),
    );
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const listing = execFileSync(
      'python3',
      [
        '-c',
        'import sys,zipfile\nfor i in zipfile.ZipFile(sys.argv[1]).infolist(): print(i.filename, i.compress_type, i.file_size)',
        path,
      ],
      { encoding: 'utf8' },
    );
    expect(listing.trim().split('\n')).toEqual(['a.txt 0 0', 'x 0 1', 'bin 0 300', 'dossier/résumé.md 8 2000']);
  });

  it('refuses entry names that would unpack outside the folder', () => {
    for (const bad of ['../evil', '/etc/passwd', 'a/../../b', 'a\\b', ''])
      expect(() => buildZip([{ path: bad, content: 'x' }]), bad).toThrow();
  });
});
