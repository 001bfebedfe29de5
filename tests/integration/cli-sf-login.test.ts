// jwt-connect sf-login NAME: the session handed to the Salesforce CLI. A stand-in `sf`, first on PATH,
// records its arguments, its command line as other users see it and its environment.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { startEmulator } from '../support/helpers.js';
import { cli, drafts, makeDataDir, tempDir } from '../support/cli-helpers.js';

const RECORDER = join(import.meta.dirname, '..', 'support', 'record-child.mjs');

let emulator: SalesforceEmulator;
let data: ReturnType<typeof tempDir>;
let recordTo = '';
let withSf = '';
let withoutSf = '';
beforeAll(async () => {
  emulator = await startEmulator();
  data = tempDir('jwt-cli-sf-login-');
  await makeDataDir(data.dir, drafts(emulator.url));
  recordTo = join(data.dir, 'record.json');
  const bin = join(data.dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'sf'), `#!/bin/sh\nexec '${process.execPath}' '${RECORDER}' "$@"\n`);
  chmodSync(join(bin, 'sf'), 0o755);
  withSf = `${bin}:${process.env.PATH}`;
  // A PATH with nothing on it: whatever this machine has installed, sf is not found.
  withoutSf = join(data.dir, 'empty-bin');
  mkdirSync(withoutSf);
});
afterAll(async () => {
  await emulator.stop();
  data.remove();
});
beforeEach(() => {
  emulator.tokenRequests.length = 0;
  rmSync(recordTo, { force: true });
});

interface Recorded {
  argv: string[];
  cmdline: string;
  env: Record<string, string>;
}
const recorded = (): Recorded => JSON.parse(readFileSync(recordTo, 'utf8')) as Recorded;
const at = () => ['--data-dir', data.dir];

describe('jwt-connect sf-login', () => {
  it("runs sf org login access-token with the token in sf's environment, never in its argv or our output", async () => {
    const run = await cli(['sf-login', 'UAT', ...at(), '--alias', 'uat', '--set-default'], {
      env: { PATH: withSf, RECORD_TO: recordTo, JWT_CONNECT_SECRETS_PASSWORD: 'vault-pw' },
    });
    expect(run.code, run.stderr).toBe(0);
    const sf = recorded();
    expect(sf.argv).toEqual([
      'org',
      'login',
      'access-token',
      '--instance-url',
      emulator.url,
      '--no-prompt',
      '--alias',
      'uat',
      '--set-default',
    ]);
    const token = sf.env.SF_ACCESS_TOKEN as string;
    expect(token).toMatch(/^00D\w*!/);
    expect(sf.cmdline).toContain('access-token');
    expect(sf.cmdline).not.toContain(token);
    expect(sf.env.JWT_CONNECT_SECRETS_PASSWORD).toBeUndefined();
    expect(run.stdout).not.toContain(token);
    expect(run.stderr).not.toContain(token);
    // The token sf got is the connection's current one (stored, reused by the next command).
    expect((await cli(['token', 'UAT', ...at()])).stdout).toBe(token);
  });

  it('takes -a and -s as sf does, and passes neither when not given', async () => {
    await cli(['sf-login', 'UAT', ...at(), '-a', 'my-org', '-s'], { env: { PATH: withSf, RECORD_TO: recordTo } });
    expect(recorded().argv.slice(-4)).toEqual(['--no-prompt', '--alias', 'my-org', '--set-default']);
    await cli(['sf-login', '--connection', 'UAT', ...at()], { env: { PATH: withSf, RECORD_TO: recordTo } });
    expect(recorded().argv).toEqual(['org', 'login', 'access-token', '--instance-url', emulator.url, '--no-prompt']);
  });

  it('hands on the default connection when none is named, and says which', async () => {
    const services = openNodeServices({ dataDir: data.dir, platform: { fetch: globalThis.fetch } });
    try {
      const uat = services.service.listConnections({}).find((c) => c.name === 'UAT');
      services.service.setDefaultConnection(uat?.id ?? null);
    } finally {
      services.close?.();
    }
    const run = await cli(['sf-login', ...at(), '-a', 'uat'], { env: { PATH: withSf, RECORD_TO: recordTo } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Using the default connection "UAT"');
    expect(recorded().env.SF_ACCESS_TOKEN).toMatch(/^00D\w*!/);
  });

  it("passes sf's failure on with its exit code", async () => {
    const run = await cli(['sf-login', 'UAT', ...at()], { env: { PATH: withSf, RECORD_TO: recordTo, EXIT_WITH: '1' } });
    expect(run.code).toBe(1);
    expect(existsSync(recordTo)).toBe(true);
  });

  it('says how to install sf when it is not there (exit 127)', async () => {
    const run = await cli(['sf-login', 'UAT', ...at()], { env: { PATH: withoutSf } });
    expect(run.code).toBe(127);
    expect(run.stderr).toMatch(
      /^error: "sf": command not found\.\nhint: Install the Salesforce CLI \(npm install --global @salesforce\/cli/,
    );
  });

  it('refuses an alias sf or cmd.exe would read as its own, before logging in', async () => {
    const run = await cli(['sf-login', 'UAT', ...at(), '--alias=--set-default-dev-hub'], {
      env: { PATH: withSf, RECORD_TO: recordTo },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--alias must be letters, digits and _ \. @ \+ - \(not starting with "-"/);
    expect(existsSync(recordTo)).toBe(false);
    expect(emulator.tokenRequests).toHaveLength(0);
    // What cmd.exe (which starts sf on Windows) would read as its own: refused on every system alike.
    expect(
      (await cli(['sf-login', 'UAT', ...at(), '--alias', 'uat&calc'], { env: { PATH: withSf, RECORD_TO: recordTo } }))
        .code,
    ).toBe(2);
    expect(existsSync(recordTo)).toBe(false);
  });

  it('does not run sf when the login fails', async () => {
    const run = await cli(['sf-login', 'Unapproved', ...at()], { env: { PATH: withSf, RECORD_TO: recordTo } });
    expect(run.code).toBe(4);
    expect(existsSync(recordTo)).toBe(false);
  });
});
