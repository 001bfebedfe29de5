// The CLI on a data folder whose secrets are protected by a secrets password: the
// password from JWT_CONNECT_SECRETS_PASSWORD or a prompt on a terminal, never a flag.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { startEmulator } from '../support/helpers.js';
import { cli, drafts, tempDir } from '../support/cli-helpers.js';

const PASSWORD = 'our team secrets password';
let emulator: SalesforceEmulator;
let data: ReturnType<typeof tempDir>;

beforeAll(async () => {
  emulator = await startEmulator();
  data = tempDir('jwt-cli-secpw-');
  const opened = openNodeServices({ dataDir: data.dir, platform: { fetch: globalThis.fetch }, secretsPassword: true });
  await opened.service.createConnection(drafts(emulator.url)[0]!);
  await opened.service.setSecretsPassword({ password: PASSWORD });
  opened.close();
  // What the desktop leaves behind: the password file and sealed secrets, no key file the CLI could use instead.
  rmSync(join(data.dir, 'dev-vault.key'), { force: true });
});
afterAll(async () => {
  await emulator.stop();
  data.remove();
});

const at = () => ['--data-dir', data.dir];

describe('a data folder protected by a secrets password', () => {
  it('lists its connections without the password', async () => {
    const { code, stdout } = await cli(['list', ...at()]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/UAT\s.*\sok$/m);
  });

  it('logs in with the password from JWT_CONNECT_SECRETS_PASSWORD, and records the result', async () => {
    const { code, stdout, stderr } = await cli(['test', '--connection', 'UAT', ...at(), '--json'], {
      env: { JWT_CONNECT_SECRETS_PASSWORD: PASSWORD },
    });
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout).identity.username).toBe('integration@jwt-connect.test');
    const rows = JSON.parse((await cli(['list', ...at(), '--json'])).stdout) as {
      name: string;
      lastTest?: { ok: boolean };
    }[];
    expect(rows[0]?.lastTest?.ok).toBe(true);
    expect(existsSync(join(data.dir, 'dev-vault.key'))).toBe(false);
  });

  it('asks for it on a terminal, without echo', async () => {
    const asked: string[] = [];
    const { code } = await cli(['token', 'uat', ...at()], {
      promptSecret: async (q) => {
        asked.push(q);
        return PASSWORD;
      },
    });
    expect(code).toBe(0);
    expect(asked).toEqual([`Secrets password for ${data.dir}: `]);
  });

  it('on a pipe without the variable, says what to set (exit 2)', async () => {
    const sent = emulator.tokenRequests.length;
    const { code, stdout } = await cli(['authorise', '--connection', 'UAT', ...at(), '--json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error).toMatchObject({
      code: 'SECRETS_LOCKED',
      hint: expect.stringContaining('JWT_CONNECT_SECRETS_PASSWORD'),
    });
    expect(emulator.tokenRequests).toHaveLength(sent);
  });

  it('refuses a wrong password, pointing at the variable', async () => {
    const { code, stderr } = await cli(['authorise', '--connection', 'UAT', ...at()], {
      env: { JWT_CONNECT_SECRETS_PASSWORD: 'not it at all' },
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: .*secrets password/);
    expect(stderr).toMatch(/hint: .*\$JWT_CONNECT_SECRETS_PASSWORD/);
  });
});
