// The real binary (dist/cli.js, after npm run build): version baked in, lazy chunks present, and the
// pipeline path end to end in a separate process.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { startEmulator } from '../support/helpers.js';
import { cli, drafts, makeDataDir, tempDir } from '../support/cli-helpers.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'cli.js');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const PASSPHRASE = 'pipeline passphrase';

let emulator: SalesforceEmulator;
let data: ReturnType<typeof tempDir>;
beforeAll(async () => {
  emulator = await startEmulator();
  data = tempDir('jwt-cli-bin-');
  await makeDataDir(data.dir, drafts(emulator.url));
});
afterAll(async () => {
  await emulator.stop();
  data.remove();
});

type Failure = { code: number; stdout: string; stderr: string };
const node = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, HOME: data.dir, ...env } }).then(
    (r) => ({ code: 0, ...r }),
    (e: Failure) => e,
  );

describe('dist/cli.js', () => {
  it('is built', () => expect(existsSync(bin), 'run npm run build first').toBe(true));

  it('prints usage with exit 0 when run bare, and the version from package.json', async () => {
    const bare = await node([]);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toMatch(/^jwt-connect: /);
    expect((await node(['--version'])).stdout.trim()).toMatch(
      new RegExp(`^jwt-connect/${version.replace(/\./g, '\\.')} `),
    );
  });

  it('runs a program with the session in its environment (exec), its exit code passed on', async () => {
    const show =
      'process.stdout.write(process.env.SF_INSTANCE_URL + " " + /^00D\\w*!/.test(process.env.SF_ACCESS_TOKEN)); process.exitCode = 3';
    const run = await node(['exec', 'UAT', '--data-dir', data.dir, '--', process.execPath, '-e', show]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toBe(`${emulator.url} true`);
  });

  it('keeps exit codes and the {"error":…} shape', async () => {
    const typo = await node(['authorise', '--client-idd', 'x', '--json']);
    expect(typo.code).toBe(2);
    expect(JSON.parse(typo.stdout).error).toMatchObject({
      code: 'BAD_INPUT',
      hint: expect.stringContaining('--client-id'),
    });
  });

  it('a CI job: export with secrets, then token --from the file with the passphrase from the environment', async () => {
    const file = join(data.dir, 'team.json');
    expect(
      (
        await cli(['export', file, '--with-secrets', '--data-dir', data.dir], {
          env: { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE },
        })
      ).code,
    ).toBe(0);
    const token = await node(['token', '--from', file, 'UAT'], { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE });
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout.trim()).toMatch(/^00D\S+$/);
    const env = await node(['token', '--from', file, 'UAT', '--env'], { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE });
    expect(env.stdout).toMatch(/^export SF_ACCESS_TOKEN='00D/);
    const all = await node(['test', '--all', '--from', file], { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE });
    expect(all.code).toBe(4); // "Unapproved" is refused by Salesforce
    expect(all.stdout).toMatch(/Unapproved\s+\S+\s+USER_NOT_APPROVED/);
    const noPass = await node(['token', '--from', file, 'UAT']);
    expect(noPass.code).toBe(2);
    expect(noPass.stderr).toMatch(/JWT_CONNECT_EXPORT_PASSPHRASE/);
  });
});
