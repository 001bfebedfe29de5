// create-certificate --force: replaced files get tight modes, links are never written through.
import { chmodSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../../support/cli-helpers.js';

let out: ReturnType<typeof tempDir>;
beforeEach(() => {
  out = tempDir('jwt-cli-cert-');
});
afterEach(() => out.remove());

const create = (...extra: string[]) =>
  cli([
    'create-certificate',
    '--common-name',
    'ci.example',
    '--name',
    'app',
    '--out-dir',
    out.dir,
    '--pkcs12',
    '--keystore-password',
    'storepass',
    ...extra,
  ]);
const mode = (name: string) => statSync(join(out.dir, name)).mode & 0o777;

describe.skipIf(process.platform === 'win32')('jwt-connect create-certificate', () => {
  it('keeps existing files unless --force', async () => {
    writeFileSync(join(out.dir, 'app.key'), 'old');
    const { code, stderr } = await create();
    expect(code).toBe(2);
    expect(stderr).toMatch(/Not overwriting .*app\.key/);
    expect(readFileSync(join(out.dir, 'app.key'), 'utf8')).toBe('old');
  });

  it('--force replaces loose files with the key and keystore readable by the owner only', async () => {
    for (const name of ['app.key', 'app.crt', 'app.p12']) {
      writeFileSync(join(out.dir, name), 'old');
      chmodSync(join(out.dir, name), 0o666);
    }
    const { code, stderr } = await create('--force');
    expect(code, stderr).toBe(0);
    expect(mode('app.key')).toBe(0o600);
    expect(mode('app.p12')).toBe(0o600);
    expect(mode('app.crt')).toBe(0o644);
    expect(readFileSync(join(out.dir, 'app.key'), 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
    expect(readdirSync(out.dir).sort()).toEqual(['app.crt', 'app.key', 'app.p12']); // no temp files left
  });

  it('never writes through a symbolic link, even with --force', async () => {
    const victim = join(out.dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(out.dir, 'app.key'));
    for (const extra of [[], ['--force']]) {
      const { code, stdout } = await create(...extra, '--json');
      expect(code).toBe(2);
      expect(JSON.parse(stdout).error).toMatchObject({
        code: 'BAD_INPUT',
        message: expect.stringMatching(/app\.key is a symbolic link/),
      });
    }
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(statSync(join(out.dir, 'app.crt'), { throwIfNoEntry: false })).toBeUndefined();
  });

  it('writes new files with the key at 0600 whatever the umask', async () => {
    const old = process.umask(0o000);
    try {
      expect((await create()).code).toBe(0);
    } finally {
      process.umask(old);
    }
    expect(mode('app.key')).toBe(0o600);
    expect(mode('app.crt')).toBe(0o644);
  });
});
