// Writing the setup files to a folder: a new folder whole, an existing one only when empty or with
// force, and never through a symbolic link (checked before the first byte is written).
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSetupFiles, writeSetupFolder } from '../../../../electron/salesforce/eca-setup/index.js';
import type { AppError } from '../../../../shared/errors.js';
import { fixture, USERNAME } from '../../../support/helpers.js';

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

describe('writing to a folder', () => {
  it('creates a new folder whole, with the files in their places', () => {
    const out = join(dir, 'new', 'setup');
    const written = writeSetupFolder(out, setup());
    expect(written).toHaveLength(9);
    expect(
      readFileSync(join(out, 'force-app/main/default/externalClientApps/JWT_Connect.eca-meta.xml'), 'utf8'),
    ).toContain('<label>JWT Connect</label>');
    expect(readdirSync(join(dir, 'new'))).toEqual(['setup']); // no temporary folder left beside it
  });

  it('writes into an existing folder only when it is empty or with force, and never half', () => {
    const out = join(dir, 'existing');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const refused = (() => {
      try {
        writeSetupFolder(out, setup());
      } catch (e) {
        return e as AppError;
      }
    })();
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
