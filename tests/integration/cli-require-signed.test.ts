// Pipelines can demand a signed file: --require-signed (or JWT_CONNECT_REQUIRE_SIGNED=1) refuses any
// --from or import file that is not a signed version-2 export; and --from in a run without a terminal
// (or with CI set) refuses a file whose details are not authenticated unless --allow-unsigned is given.
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
const files: Record<'v1' | 'unsigned' | 'signed' | 'signedSecrets', string> = {
  v1: '',
  unsigned: '',
  signed: '',
  signedSecrets: '',
};

beforeAll(async () => {
  emulator = await startEmulator();
  work = tempDir('jwt-require-signed-');
  const s = openNodeServices({ dataDir: join(work.dir, 'source'), platform: { fetch: globalThis.fetch } });
  await s.service.createConnection(drafts(emulator.url)[0]!);
  const write = (name: string, text: string) => {
    const path = join(work.dir, `${name}.json`);
    writeFileSync(path, text);
    return path;
  };
  files.unsigned = write('unsigned', (await s.service.exportConnections({ includeSecrets: false })).text);
  files.signed = write(
    'signed',
    (await s.service.exportConnections({ includeSecrets: false, passphrase: PASSPHRASE })).text,
  );
  files.signedSecrets = write(
    'signed-secrets',
    (await s.service.exportConnections({ includeSecrets: true, passphrase: PASSPHRASE })).text,
  );
  // A version-1 file: the same connections, no signature (version 1 never had one).
  const doc = JSON.parse((await s.service.exportConnections({ includeSecrets: false })).text) as Record<
    string,
    unknown
  >;
  files.v1 = write('v1', JSON.stringify({ ...doc, version: 1 }));
  s.close();
});
afterAll(async () => {
  await emulator.stop();
  work.remove();
});

const env = { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE };
const terminal = { promptSecret: async () => PASSPHRASE };

describe('--require-signed and JWT_CONNECT_REQUIRE_SIGNED=1', () => {
  it('refuse a version-1 or unsigned --from file, and take a signed one', async () => {
    for (const [file, why] of [
      [files.v1, /version-1 export/],
      [files.unsigned, /exported without a passphrase/],
    ] as const) {
      const flag = await cli(['list', '--from', file, '--require-signed', '--json'], { ...terminal });
      expect(flag.code).toBe(2);
      expect(JSON.parse(flag.stdout).error).toMatchObject({
        code: 'EXPORT_NOT_SIGNED',
        message: expect.stringMatching(why),
      });
      const fromEnv = await cli(['test', '--all', '--from', file], {
        ...terminal,
        env: { JWT_CONNECT_REQUIRE_SIGNED: '1' },
      });
      expect(fromEnv.code).toBe(2);
      expect(fromEnv.stderr).toMatch(/Only a signed export is accepted here/);
      expect(emulator.tokenRequests).toHaveLength(0);
    }
    const signed = await cli(['list', '--from', files.signed, '--require-signed'], { env });
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toMatch(/UAT/);
    const withSecrets = await cli(['test', '--all', '--from', files.signedSecrets], {
      env: { ...env, JWT_CONNECT_REQUIRE_SIGNED: '1' },
    });
    expect(withSecrets.code, withSecrets.stderr).toBe(0);
  });

  it('refuse to import an unsigned file: nothing is imported', async () => {
    const dir = join(work.dir, 'import-into');
    const run = await cli(['import', files.unsigned, '--data-dir', dir, '--require-signed']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Only a signed export is accepted here/);
    const signed = await cli(['import', files.signed, '--data-dir', dir], {
      env: { ...env, JWT_CONNECT_REQUIRE_SIGNED: '1' },
    });
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toMatch(/Imported 1 connection/);
    const list = await cli(['list', '--data-dir', dir, '--json']);
    expect(JSON.parse(list.stdout)).toHaveLength(1); // the signed one only
  });
});

describe('--from in a run without a terminal', () => {
  it('refuses a file whose details are not authenticated unless --allow-unsigned is given', async () => {
    for (const file of [files.v1, files.unsigned]) {
      const run = await cli(['list', '--from', file]); // no promptSecret: stdin is not a terminal
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/not authenticated/);
      expect(run.stderr).toMatch(/--allow-unsigned/);
      const allowed = await cli(['list', '--from', file, '--allow-unsigned']);
      expect(allowed.code, allowed.stderr).toBe(0);
      expect(allowed.stderr).toMatch(/warning: .*not authenticated/);
    }
  });

  it('CI set counts as a run without a terminal; on a terminal the file is taken with its warning', async () => {
    const ci = await cli(['list', '--from', files.unsigned], { ...terminal, env: { CI: 'true' } });
    expect(ci.code).toBe(2);
    const onTerminal = await cli(['list', '--from', files.unsigned], { ...terminal });
    expect(onTerminal.code, onTerminal.stderr).toBe(0);
    expect(onTerminal.stderr).toMatch(/warning: .*not authenticated/);
    // A signed file is authenticated: taken without a terminal.
    const signed = await cli(['list', '--from', files.signed], { env });
    expect(signed.code, signed.stderr).toBe(0);
  });
});
