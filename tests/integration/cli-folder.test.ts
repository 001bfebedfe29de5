// The CLI as a newcomer meets it, in real child processes whose HOME is a temporary folder (so the
// default data folder, the desktop app's ~/.config/jwt-connect, is a temporary one too): list on a
// folder where nothing was saved yet, inspect FILE, open when no browser can be started, and the
// "not recorded" note said once by the runs that would record, never by the ones that read.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { FIXTURES, startEmulator } from '../support/helpers.js';
import { drafts, makeDataDir, tempDir } from '../support/cli-helpers.js';

// Each run is a fresh Node with tsx (a second or more on a busy machine), several per test.
vi.setConfig({ testTimeout: 90_000 });

const CLI_BIN = join(import.meta.dirname, '..', '..', 'electron', 'cli-bin.ts');
const LOCK_CHILD = join(import.meta.dirname, 'store-lock-child.ts');

let emulator: SalesforceEmulator;
let work: ReturnType<typeof tempDir>;
/** A HOME whose desktop folder holds the saved connections. */
let home: string;
let appFolder: string;
/** Launchers stand-ins: one that fails as xdg-open does without a desktop, one that works. */
let failingBin: string;
let workingBin: string;
let emptyBin: string;

beforeAll(async () => {
  emulator = await startEmulator();
  work = tempDir('jwt-cli-folder-');
  home = join(work.dir, 'home');
  appFolder = join(home, '.config', 'jwt-connect');
  await makeDataDir(appFolder, drafts(emulator.url).slice(0, 1));
  const launcher = process.platform === 'darwin' ? 'open' : 'xdg-open';
  failingBin = join(work.dir, 'failing-bin');
  workingBin = join(work.dir, 'working-bin');
  emptyBin = join(work.dir, 'empty-bin');
  for (const [dir, script] of [
    [failingBin, 'echo "xdg-open: no method available for opening" >&2\nexit 3'],
    [workingBin, `echo "$1" > '${join(work.dir, 'opened.txt')}'\nexit 0`],
    [emptyBin, ''],
  ] as const) {
    mkdirSync(dir);
    if (!script) continue;
    writeFileSync(join(dir, launcher), `#!/bin/sh\n${script}\n`);
    chmodSync(join(dir, launcher), 0o755);
  }
});
afterAll(async () => {
  await emulator.stop();
  work.remove();
});

type Run = { code: number | null; stdout: string; stderr: string };

/** The real CLI in a child: HOME (and so the default folder) as given, PATH as given (only that), nothing else of ours. */
function jwtConnect(args: string[], options: { home?: string; path?: string } = {}): Promise<Run> {
  const env = { HOME: options.home ?? home, PATH: options.path ?? process.env.PATH ?? '' };
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_BIN, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('list where nothing is saved yet', () => {
  it('exits 0 with a sentence saying there are none and how to add one, and creates no folder', async () => {
    const fresh = join(work.dir, 'fresh-home');
    mkdirSync(fresh);
    const run = await jwtConnect(['list'], { home: fresh });
    expect(run.code, run.stderr).toBe(0);
    const where = join(fresh, '.config', 'jwt-connect');
    expect(run.stdout).toContain(`No saved connections in ${where} yet. Add one:`);
    expect(run.stdout).toMatch(
      /jwt-connect window \(npm start\)[\s\S]*jwt-connect org login jwt .*--alias NAME[\s\S]*jwt-connect import FILE\.$/m,
    );
    expect(run.stderr).toBe('');
    expect(existsSync(where)).toBe(false);
    const json = await jwtConnect(['list', '--json'], { home: fresh });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
  });

  it("reads the desktop app's folder under HOME by default", async () => {
    const run = await jwtConnect(['list']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^NAME\s+ENVIRONMENT/);
    expect(run.stdout).toContain('UAT');
  });
});

describe('inspect FILE', () => {
  it('takes the key file as an argument, whatever its kind; the flag forms still work', async () => {
    const pem = await jwtConnect(['inspect', join(FIXTURES, 'app-pkcs8.pem')]);
    expect(pem.code, pem.stderr).toBe(0);
    expect(pem.stdout).toMatch(/^Format: /);
    const jks = await jwtConnect([
      'inspect',
      join(FIXTURES, 'multi.jks'),
      '--keystore-password',
      'storepass',
      '--json',
    ]);
    expect(jks.code, jks.stderr).toBe(0);
    expect((JSON.parse(jks.stdout) as { entries: { alias?: string }[] }).entries.map((e) => e.alias)).toContain('app');
    const flag = await jwtConnect(['inspect', '--private-key', join(FIXTURES, 'app-pkcs8.pem')]);
    expect(flag.code, flag.stderr).toBe(0);
    expect(flag.stdout).toBe(pem.stdout);
  });

  it('refuses a file named twice, and a missing file names the argument', async () => {
    const twice = await jwtConnect([
      'inspect',
      join(FIXTURES, 'app-pkcs8.pem'),
      '--private-key',
      join(FIXTURES, 'app-pkcs8.pem'),
    ]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/Name the key file once/);
    const missing = await jwtConnect(['inspect', join(work.dir, 'nope.pem')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.pem does not exist\.\nhint: Check the path given to jwt-connect inspect\./);
  });
});

describe.skipIf(process.platform === 'win32')('open when no browser can be started', () => {
  it('says so, with what to do, when the launcher fails or is not there at all; never "Opened"', async () => {
    for (const path of [failingBin, emptyBin]) {
      const run = await jwtConnect(['open', 'UAT'], { path });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).not.toMatch(/Opened/);
      expect(run.stderr).toMatch(
        path === failingBin
          ? /^error: No browser could be started: (xdg-)?open ended with exit code 3\./m
          : /^error: No browser could be started: (xdg-)?open is not installed here \(or not on PATH\)\./m,
      );
      expect(run.stderr).toMatch(/^hint: .*--url-only/m);
      expect(run.stderr).not.toMatch(/frontdoor|secur|00D/); // the sign-in link is not printed unasked
    }
  });

  it('says "Opened" when the launcher worked, and --url-only never starts one', async () => {
    const run = await jwtConnect(['open', 'UAT'], { path: workingBin });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Opened 127\.0\.0\.1:\d+ in the browser/);
    const printed = await jwtConnect(['open', 'UAT', '--url-only'], { path: failingBin });
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });
});

describe('beside the window (another process holds the folder)', () => {
  it('the runs that would record say once that they are not recorded; reads and overridden runs say nothing', async () => {
    // A token saved first: `token` then reuses it, and reads only.
    expect((await jwtConnect(['authorise', '--connection', 'UAT'])).code).toBe(0);
    const window = spawn(process.execPath, ['--import', 'tsx', LOCK_CHILD, appFolder, 'window', '0'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const note = /note: results are not recorded on the connections: .*test window/g;
    try {
      await new Promise<void>((resolve) =>
        window.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('ready')) resolve();
        }),
      );
      for (const args of [
        ['authorise', '--connection', 'UAT'],
        ['test', '--connection', 'UAT'],
        ['test', '--all'],
      ]) {
        const run = await jwtConnect(args);
        expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
        expect(run.stderr.match(note), args.join(' ')).toHaveLength(1);
      }
      for (const args of [
        ['list'],
        ['token', 'UAT'],
        ['authorise', '--connection', 'UAT', '--username', 'integration@jwt-connect.test'],
        ['open', 'UAT', '--url-only', '--username', 'integration@jwt-connect.test'],
      ]) {
        const run = await jwtConnect(args);
        expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
        expect(run.stderr, args.join(' ')).not.toMatch(/not recorded/);
      }
    } finally {
      window.stdin.end();
      await new Promise((resolve) => window.on('exit', resolve));
    }
  });
});
