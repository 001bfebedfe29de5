// Where the CLI's connections and keys come from, on every way out: --from's temporary folder is
// removed after a normal end, an error, Ctrl-C, SIGTERM and SIGHUP (real signals to a real child);
// files named on the command line are refused by size before they are read whole; --from without
// secrets takes --private-key; import takes the export passphrase from the environment; the browser
// launcher gets no secret from the environment.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { launcherEnv, openInBrowser } from '../../electron/cli/terminal.js';
import type { ConnectionDraft } from '../../shared/connection.js';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { FIXTURES, startEmulator } from '../support/helpers.js';
import { cli, drafts, tempDir } from '../support/cli-helpers.js';

const PASSPHRASE = 'correct horse battery';
const CLI_BIN = join(import.meta.dirname, '..', '..', 'electron', 'cli-bin.ts');

let emulator: SalesforceEmulator;
let hanging: Server;
let hangingUrl = '';
const requests: string[] = [];
let work: ReturnType<typeof tempDir>;

/** An export file of `list` made through the service, with or without secrets. */
async function exportOf(list: ConnectionDraft[], withSecrets: boolean, name: string): Promise<string> {
  const dir = join(work.dir, `src-${name}`);
  const s = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
  try {
    for (const d of list) await s.service.createConnection(d);
    const { text } = await s.service.exportConnections({
      includeSecrets: withSecrets,
      ...(withSecrets && { passphrase: PASSPHRASE }),
    });
    const file = join(work.dir, `${name}.json`);
    writeFileSync(file, text);
    return file;
  } finally {
    s.close();
  }
}

beforeAll(async () => {
  emulator = await startEmulator();
  work = tempDir('jwt-cli-source-');
  // A Salesforce that takes the request and never answers: the command is then mid-run.
  hanging = createServer((req) => {
    requests.push(req.url ?? '');
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as { port: number }).port}`;
});
afterAll(async () => {
  hanging.closeAllConnections();
  await new Promise((resolve) => hanging.close(resolve));
  await emulator.stop();
  work.remove();
});

/** Runs the real CLI in a child whose temporary folder is `tmp`. */
function child(args: string[], tmp: string, passphrase = PASSPHRASE) {
  const proc = spawn(process.execPath, ['--import', 'tsx', CLI_BIN, ...args], {
    env: { ...process.env, TMPDIR: tmp, JWT_CONNECT_EXPORT_PASSPHRASE: passphrase },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    proc.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
  return { proc, done };
}

const leftovers = (tmp: string) => readdirSync(tmp).filter((n) => n.startsWith('jwt-connect-from-'));

describe('--from removes its temporary folder on every way out', () => {
  it('after a normal end and after an error', async () => {
    const ok = await exportOf([drafts(emulator.url)[0]!], true, 'ok');
    const tmp = join(work.dir, 'tmp-normal');
    mkdirSync(tmp);
    const normal = await child(['test', '--all', '--from', ok], tmp).done;
    expect(normal.code, normal.stderr).toBe(0);
    expect(leftovers(tmp)).toEqual([]);
    // An error after the folder was made: the file's secrets do not open with this passphrase.
    const failed = await child(['test', '--all', '--from', ok], tmp, 'not the passphrase').done;
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/passphrase/i);
    expect(leftovers(tmp)).toEqual([]);
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`after ${signal} in the middle of a login`, async () => {
      const file = await exportOf([{ ...drafts(hangingUrl)[0]!, name: `Hangs ${signal}` }], true, `hang-${signal}`);
      const tmp = join(work.dir, `tmp-${signal}`);
      mkdirSync(tmp);
      const before = requests.length;
      const run = child(['test', '--all', '--from', file], tmp);
      // Wait until the token request reached the server: the folder exists and the command is mid-run.
      for (let i = 0; i < 400 && requests.length === before; i++) await new Promise((r) => setTimeout(r, 25));
      expect(requests.length, 'the child never reached the server').toBeGreaterThan(before);
      expect(leftovers(tmp)).toHaveLength(1);
      run.proc.kill(signal);
      const ended = await run.done;
      expect(ended.signal).toBe(signal); // ended as the signal would end it
      expect(leftovers(tmp)).toEqual([]);
    }, 30_000);
  }
});

describe('files named on the command line are capped before they are read', () => {
  it('--private-key /dev/urandom and /dev/zero fail fast with KEY_FILE_TOO_LARGE', async () => {
    for (const device of ['/dev/urandom', '/dev/zero']) {
      if (!existsSync(device)) continue;
      const run = await cli(['inspect', '--private-key', device, '--json']);
      expect(run.code, device).toBe(2);
      expect(JSON.parse(run.stdout).error.code, device).toBe('KEY_FILE_TOO_LARGE');
    }
    const big = join(work.dir, 'big.key');
    writeFileSync(big, Buffer.alloc(5 * 1024 * 1024, 0x41));
    const sized = await cli(['inspect', '--keystore', big]);
    expect(sized.stderr).toMatch(/is 5,120 KB, more than 4,096 KB/);
  });

  it('--from /dev/zero is refused as no export, not read to the end', async () => {
    const run = await cli(['list', '--from', '/dev/zero']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/larger than any jwt-connect export/);
  });
});

describe('--from and import with what the hint says', () => {
  it('--from a file without secrets takes --private-key for the run', async () => {
    const file = await exportOf([drafts(emulator.url)[0]!], false, 'nosecrets');
    // Exported without a passphrase: a run without a terminal takes it only with --allow-unsigned.
    const without = await cli(['authorise', '--from', file, '--connection', 'UAT', '--allow-unsigned']);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/exported without secrets[\s\S]*--private-key/);
    const withKey = await cli([
      'authorise',
      '--from',
      file,
      '--connection',
      'UAT',
      '--allow-unsigned',
      '--private-key',
      join(FIXTURES, 'app-pkcs8.pem'),
    ]);
    expect(withKey.code, withKey.stderr).toBe(0);
    expect(withKey.stdout).toMatch(/00D/);
  });

  it('import takes a signed file without secrets with $JWT_CONNECT_EXPORT_PASSPHRASE', async () => {
    const dir = join(work.dir, 'src-signed');
    const s = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
    await s.service.createConnection({ ...drafts(emulator.url)[0]!, keyFile: undefined });
    const { text } = await s.service.exportConnections({ includeSecrets: false, passphrase: PASSPHRASE });
    s.close();
    const file = join(work.dir, 'signed.json');
    writeFileSync(file, text);
    const run = await cli(['import', file, '--data-dir', join(work.dir, 'into')], {
      env: { JWT_CONNECT_EXPORT_PASSPHRASE: PASSPHRASE },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Imported 1 connection/);
    expect(run.stderr).toBe(''); // checked, so no "not authenticated" warning
  });
});

describe('open', () => {
  it("starts the browser launcher without the CLI's secrets in its environment", async () => {
    const bin = join(work.dir, 'bin');
    mkdirSync(bin);
    const dump = join(work.dir, 'launcher-env.txt');
    const launcher = process.platform === 'darwin' ? 'open' : 'xdg-open';
    writeFileSync(join(bin, launcher), `#!/bin/sh\nenv > '${dump}.tmp' && mv '${dump}.tmp' '${dump}'\n`);
    chmodSync(join(bin, launcher), 0o755);
    const env = {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: '/home/u',
      DISPLAY: ':0',
      JWT_CONNECT_SECRETS_PASSWORD: 'vault-pw',
      JWT_CONNECT_EXPORT_PASSPHRASE: 'export-pw',
      JWT_CONNECT_KEYSTORE_PASSWORD: 'ks-pw',
      JWT_CONNECT_PASSPHRASE: 'key-pw',
      SF_ACCESS_TOKEN: '00D!token',
      GITHUB_TOKEN: 'ghp_x',
      MY_API_SECRET: 's',
    };
    await openInBrowser('https://acme.my.salesforce.com/secur/x', env);
    for (let i = 0; i < 200 && !existsSync(dump); i++) await new Promise((r) => setTimeout(r, 25));
    const seen = readFileSync(dump, 'utf8');
    expect(seen).toMatch(/^DISPLAY=:0$/m);
    for (const secret of [
      'vault-pw',
      'export-pw',
      'ks-pw',
      'key-pw',
      '00D!token',
      'ghp_x',
      'JWT_CONNECT_',
      'SF_ACCESS',
    ])
      expect(seen).not.toContain(secret);
    expect(Object.keys(launcherEnv(env)).sort()).toEqual(['DISPLAY', 'HOME', 'PATH']);
  });
});
