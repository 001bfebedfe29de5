// Pipelines can demand a signed file: JWT_CONNECT_REQUIRE_SIGNED=1 refuses any --from or import file
// that is not a signed version-2 export checked with its passphrase.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { startEmulator } from '../support/helpers.js';
import { cli, drafts, tempDir } from '../support/cli-helpers.js';

const PASSPHRASE = 'correct horse battery';
let emulator: SalesforceEmulator;
let work: ReturnType<typeof tempDir>;
const files: Record<'v1' | 'unsigned' | 'signed' | 'signedSecrets', string> = { v1: '', unsigned: '', signed: '', signedSecrets: '' };

beforeAll(async () => {
  emulator = await startEmulator();
  work = tempDir('jwt-require-signed-');
  const s = openNodeServices({ dataDir: join(work.dir, 'source'), platform: { fetch: globalThis.fetch } });
  await s.service.createConnection(drafts(emulator.url)[0]!);
  const write = (name: string, text: string) => { const path = join(work.dir, `${name}.json`); writeFileSync(path, text); return path; };
  files.unsigned = write('unsigned', (await s.service.exportConnections({ includeSecrets: false })).text);
  files.signed = write('signed', (await s.service.exportConnections({ includeSecrets: false, passphrase: PASSPHRASE })).text);
  files.signedSecrets = write('signed-secrets', (await s.service.exportConnections({ includeSecrets: true, passphrase: PASSPHRASE })).text);
  // A version-1 file: the same connections, no signature (version 1 never had one).
  const doc = JSON.parse((await s.service.exportConnections({ includeSecrets: false })).text) as Record<string, unknown>;
  files.v1 = write('v1', JSON.stringify({ ...doc, version: 1 }));
  s.close();
});
afterAll(async () => { await emulator.stop(); work.remove(); });

const env = { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE };
const terminal = { promptSecret: async () => PASSPHRASE };

const REQUIRE = { JWT_CONNECT_REQUIRE_SIGNED: '1' };

describe('JWT_CONNECT_REQUIRE_SIGNED=1', () => {
  it('refuses a version-1 or unsigned --from file, and takes a signed one', async () => {
    for (const [file, why] of [[files.v1, /version-1 export/], [files.unsigned, /exported without a passphrase/]] as const) {
      const json = await cli(['list', '--from', file, '--json'], { ...terminal, env: REQUIRE });
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'EXPORT_NOT_SIGNED', message: expect.stringMatching(why) });
      const run = await cli(['test', '--all', '--from', file], { ...terminal, env: REQUIRE });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/Only a signed export is accepted here/);
      expect(emulator.tokenRequests).toHaveLength(0);
      // Without the variable the same file is taken, with its warning.
      const free = await cli(['list', '--from', file], { ...terminal });
      expect(free.code, free.stderr).toBe(0);
      expect(free.stderr).toMatch(/warning: .*not authenticated/);
    }
    const signed = await cli(['list', '--from', files.signed], { env: { ...env, ...REQUIRE } });
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toMatch(/UAT/);
    const withSecrets = await cli(['test', '--all', '--from', files.signedSecrets], { env: { ...env, ...REQUIRE } });
    expect(withSecrets.code, withSecrets.stderr).toBe(0);
    // A signed file opened without its passphrase is not checked, so it is not taken either.
    const unchecked = await cli(['list', '--from', files.signed], { env: REQUIRE });
    expect(unchecked.code).toBe(2);
  });

  it('refuses to import an unsigned file: nothing is imported', async () => {
    const dir = join(work.dir, 'import-into');
    const run = await cli(['import', files.unsigned, '--data-dir', dir], { env: REQUIRE });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Only a signed export is accepted here/);
    const signed = await cli(['import', files.signed, '--data-dir', dir], { env: { ...env, ...REQUIRE } });
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toMatch(/Imported 1 connection/);
    const list = await cli(['list', '--data-dir', dir, '--json']);
    expect(JSON.parse(list.stdout)).toHaveLength(1); // the signed one only
  });
});
