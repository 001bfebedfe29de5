// The CLI over connections that lack their key (imported without secrets), and over export files
// whose details are not authenticated: it says so by name, as the window does.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { startEmulator } from '../support/helpers.js';
import { cli, drafts, makeDataDir, tempDir } from '../support/cli-helpers.js';

let emulator: SalesforceEmulator;
let data: ReturnType<typeof tempDir>;
beforeAll(async () => {
  emulator = await startEmulator();
  data = tempDir('jwt-cli-nokey-');
  const [uat] = drafts(emulator.url);
  const { keyFile: _key, ...noKey } = uat!;
  await makeDataDir(data.dir, [uat!, { ...noKey, name: 'Imported bare' }]);
});
afterAll(async () => {
  data.remove();
  await emulator.stop();
});

describe('connections without their key, and unauthenticated exports', () => {
  it('a run of a connection with no key names it and says why, instead of asking for a flag out of the blue', async () => {
    const run = await cli(['token', 'imported bare', '--data-dir', data.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"Imported bare" has no key saved here');
    expect(run.stderr).toContain('imported without secrets');
    const all = await cli(['test', '--all', '--data-dir', data.dir]);
    expect(all.code).not.toBe(0);
    expect(all.stdout + all.stderr).toContain('"Imported bare" has no key saved here');
    // A key given for the run is enough.
    expect(
      (
        await cli([
          'token',
          'imported bare',
          '--data-dir',
          data.dir,
          '--private-key',
          join(import.meta.dirname, '..', 'fixtures', 'keys', 'app-pkcs8.pem'),
        ])
      ).code,
    ).toBe(0);
  });

  it('--from an export made without a passphrase warns that its details are not authenticated', async () => {
    const file = join(data.dir, '..', `jwt-cli-bare-${process.pid}.json`);
    const exported = await cli(['export', file, '--data-dir', data.dir, '--connection', 'UAT']);
    expect(exported.code).toBe(0);
    // A run without a terminal takes such a file only when told to.
    const listed = await cli(['list', '--from', file, '--allow-unsigned']);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toMatch(/warning: .*not authenticated/);
    rmSync(file, { force: true });
  });
});
