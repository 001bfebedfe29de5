// jwt-connect exec NAME -- CMD: CMD runs with the session in its environment, against the emulator.
// A stand-in program records what it was given (arguments, its command line as other users see it,
// its environment); real child processes show stdin and stdout untouched and signals passed on.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { startEmulator } from '../support/helpers.js';
import { cli, drafts, makeDataDir, tempDir } from '../support/cli-helpers.js';

const CLI_BIN = join(import.meta.dirname, '..', '..', 'electron', 'cli-bin.ts');
const RECORDER = join(import.meta.dirname, '..', 'support', 'record-child.mjs');
const NODE = process.execPath;

let emulator: SalesforceEmulator;
let data: ReturnType<typeof tempDir>;
let recordTo = '';
beforeAll(async () => {
  emulator = await startEmulator();
  data = tempDir('jwt-cli-exec-');
  await makeDataDir(data.dir, drafts(emulator.url));
  recordTo = join(data.dir, 'record.json');
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
  stdin: string;
}
const recorded = (): Recorded => JSON.parse(readFileSync(recordTo, 'utf8')) as Recorded;
const at = () => ['--data-dir', data.dir];
const baseEnv = () => ({ PATH: process.env.PATH, RECORD_TO: recordTo });

/** The real CLI in a child process (tsx), stdin, stdout and stderr as pipes. */
function realCli(args: string[], env: NodeJS.ProcessEnv, stdin?: string) {
  const proc = spawn(NODE, ['--import', 'tsx', CLI_BIN, ...args], {
    env: { ...baseEnv(), HOME: data.dir, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  if (stdin !== undefined) proc.stdin.end(stdin);
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    proc.on('exit', (code) => {
      // 'exit' can come before the pipes are drained
      setImmediate(() => resolve({ code, stdout, stderr }));
    });
  });
  return { proc, done, stdout: () => stdout };
}

describe('jwt-connect exec', () => {
  it('runs CMD with the token in its environment, never in its argv nor on our output, and passes its exit code', async () => {
    const run = await cli(['exec', 'UAT', ...at(), '--', NODE, RECORDER, 'plain', 'two words', '--json'], {
      env: { ...baseEnv(), SFDX_ACCESS_TOKEN: 'stale-token', KEEP_ME: 'kept' },
    });
    expect(run.code, run.stderr).toBe(0);
    const child = recorded();
    const token = child.env.SF_ACCESS_TOKEN as string;
    expect(token).toMatch(/^00D\w*!/);
    expect(child.env.SF_INSTANCE_URL).toBe(emulator.url);
    expect(child.env.SF_ORG_INSTANCE_URL).toBe(emulator.url);
    expect(child.argv).toEqual(['plain', 'two words', '--json']); // passed on as typed, our --json is not ours after --
    expect(child.cmdline).not.toContain(token);
    expect(child.cmdline).toContain('two words');
    expect(child.env.KEEP_ME).toBe('kept');
    expect(child.env.SFDX_ACCESS_TOKEN).toBeUndefined(); // a stale older spelling would stand beside ours
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain(token);
  });

  it('reuses the stored token while Salesforce accepts it, as token does', async () => {
    await cli(['exec', 'UAT', ...at(), '--', NODE, RECORDER], { env: baseEnv() });
    const first = recorded().env.SF_ACCESS_TOKEN;
    const requests = emulator.tokenRequests.length;
    await cli(['exec', 'UAT', ...at(), '--', NODE, RECORDER], { env: baseEnv() });
    expect(recorded().env.SF_ACCESS_TOKEN).toBe(first);
    expect(emulator.tokenRequests.length).toBe(requests);
    const { stdout } = await cli(['token', 'UAT', ...at()]);
    expect(stdout).toBe(first);
  });

  it('passes 3 on as 3, and a death by SIGTERM as 143 (128+15), as a shell reports it', async () => {
    expect(
      (await cli(['exec', 'UAT', ...at(), '--', NODE, RECORDER], { env: { ...baseEnv(), EXIT_WITH: '3' } })).code,
    ).toBe(3);
    const killed = await cli(
      ['exec', 'UAT', ...at(), '--', NODE, '-e', 'process.kill(process.pid, "SIGTERM"); setTimeout(() => {}, 5000)'],
      { env: baseEnv() },
    );
    expect(killed.code).toBe(143);
  });

  it("keeps jwt-connect's own secrets from CMD", async () => {
    const secrets = {
      JWT_CONNECT_SECRETS_PASSWORD: 'vault-pw',
      JWT_CONNECT_NEW_SECRETS_PASSWORD: 'new-vault-pw',
      JWT_CONNECT_PASSPHRASE: 'key-pw',
      JWT_CONNECT_KEYSTORE_PASSWORD: 'ks-pw',
      JWT_CONNECT_KEY_PASSWORD: 'k-pw',
      JWT_CONNECT_EXPORT_PASSPHRASE: 'exp-pw',
    };
    const run = await cli(['exec', 'UAT', ...at(), '--', NODE, RECORDER], {
      env: { ...baseEnv(), ...secrets, JWT_CONNECT_DATA_DIR: data.dir },
    });
    expect(run.code, run.stderr).toBe(0);
    const { env } = recorded();
    for (const name of Object.keys(secrets)) expect(env[name], name).toBeUndefined();
    expect(env.JWT_CONNECT_DATA_DIR).toBe(data.dir); // not a secret: kept
  });

  it('says plainly when CMD is not there (127, like a shell) or cannot be run (126), and wants -- before it', async () => {
    const missing = await cli(['exec', 'UAT', ...at(), '--', 'no-such-program-jwt'], { env: baseEnv() });
    expect(missing.code).toBe(127);
    expect(missing.stderr).toBe(
      'error: "no-such-program-jwt": command not found.\nhint: Check the name, or give the program\'s full path; it is looked up in $PATH.',
    );
    const script = join(data.dir, 'not-executable.sh');
    writeFileSync(script, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
    const notRunnable = await cli(['exec', 'UAT', ...at(), '--', script], { env: baseEnv() });
    expect(notRunnable.code).toBe(126);
    expect(notRunnable.stderr).toMatch(/could not be run \(EACCES\)\.\nhint: It is not executable/);
    const noDashes = await cli(['exec', 'UAT', ...at(), NODE, RECORDER], { env: baseEnv() });
    expect(noDashes.code).toBe(2);
    expect(noDashes.stderr).toMatch(/^error: Put -- before the command to run/);
    expect(existsSync(recordTo)).toBe(false);
    const nothing = await cli(['exec', 'UAT', ...at(), '--'], { env: baseEnv() });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/Name the command to run after --/);
  });

  it('works in a pipeline from an export file, its passphrase kept from CMD and its temporary folder gone before CMD runs', async () => {
    const file = join(data.dir, 'team.json');
    const passphrase = { JWT_CONNECT_EXPORT_PASSPHRASE: 'pipeline passphrase' };
    expect((await cli(['export', file, '--with-secrets', ...at()], { env: passphrase })).code).toBe(0);
    const tmp = join(data.dir, 'tmp');
    mkdirSync(tmp);
    const list = `require("fs").writeFileSync(process.env.RECORD_TO, JSON.stringify({ argv: require("fs").readdirSync(${JSON.stringify(tmp)}), env: process.env }))`;
    // The private folder is made under os.tmpdir(), which this process reads from its own environment.
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    let run;
    try {
      run = await cli(['exec', '--from', file, 'UAT', '--require-signed', '--', NODE, '-e', list], {
        env: { ...baseEnv(), ...passphrase, CI: 'true' },
      });
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
    expect(run.code, run.stderr).toBe(0);
    const child = recorded();
    expect(child.env.SF_ACCESS_TOKEN).toMatch(/^00D\w*!/);
    expect(child.env.JWT_CONNECT_EXPORT_PASSPHRASE).toBeUndefined();
    expect(child.argv).toEqual([]); // the file's private folder was removed before CMD started
  });

  it("fails before CMD runs when the login fails, with the login's exit code", async () => {
    const run = await cli(['exec', 'Unapproved', ...at(), '--', NODE, RECORDER], { env: baseEnv() });
    expect(run.code).toBe(4);
    expect(existsSync(recordTo)).toBe(false);
  });
});

describe('jwt-connect exec as a real process', () => {
  it('leaves stdin and stdout to CMD, and prints nothing of its own', async () => {
    const input = "line one\nline two with 'quotes' and $VARS\n";
    const run = await realCli(['exec', 'UAT', ...at(), '--', NODE, RECORDER], { ECHO_STDIN: '1' }, input).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(input);
    const token = recorded().env.SF_ACCESS_TOKEN as string;
    expect(run.stderr).not.toContain(token);
    expect(run.stdout).not.toContain(token);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'passes %s on to CMD and exits with what CMD exits with',
    async (signal) => {
      const script = `process.on("${signal}", () => { console.log("got ${signal}"); process.exit(7); }); console.log("ready"); setInterval(() => {}, 1000);`;
      const run = realCli(['exec', 'UAT', ...at(), '--', NODE, '-e', script], {});
      await expect.poll(run.stdout, { timeout: 20_000, interval: 100 }).toContain('ready');
      run.proc.kill(signal);
      const end = await run.done;
      expect(end.stdout).toBe(`ready\ngot ${signal}\n`);
      expect(end.code).toBe(7);
    },
    30_000,
  );
});
