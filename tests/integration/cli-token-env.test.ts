// `eval "$(jwt-connect token NAME --env)"` in a real bash, with a real jwt-connect process: the token
// comes out as the same bytes, exported to the programs the shell starts next.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { startEmulator } from '../support/helpers.js';
import { drafts, makeDataDir, tempDir } from '../support/cli-helpers.js';

const CLI_BIN = join(import.meta.dirname, '..', '..', 'electron', 'cli-bin.ts');
const run = promisify(execFile);

let emulator: SalesforceEmulator;
let data: ReturnType<typeof tempDir>;
beforeAll(async () => {
  emulator = await startEmulator();
  data = tempDir('jwt-cli-token-env-');
  await makeDataDir(data.dir, drafts(emulator.url).slice(0, 1));
});
afterAll(async () => {
  await emulator.stop();
  data.remove();
});

describe('token --env through bash eval', () => {
  it('sets and exports the exact token, whatever of the characters a token may hold it uses', async () => {
    // Every character Salesforce's tokens may hold, and a leading ~ that an unquoted assignment
    // would turn into the home folder.
    const awkward = '~/00D5g000000EMUL8!AQ+/=~._-x~';
    emulator.fault = { tokenAnswer: { access_token: awkward } };
    const jwtConnect = `${process.execPath} --import tsx ${CLI_BIN}`;
    const script = `set -e; eval "$(${jwtConnect} token UAT --env --data-dir "$DATA")"; printf '%s\\n' "$SF_ACCESS_TOKEN" "$SF_INSTANCE_URL"; sh -c 'printf %s "$SF_ORG_INSTANCE_URL|$SF_ACCESS_TOKEN"'`;
    const { stdout, stderr } = await run('bash', ['-c', script], {
      env: { PATH: process.env.PATH, HOME: data.dir, DATA: data.dir },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(stdout, stderr).toBe(`${awkward}\n${emulator.url}\n${emulator.url}|${awkward}`);
  }, 40_000);
});
