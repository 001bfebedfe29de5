// What the built CLI loads for a login from flags (dist/cli.js, after npm run build): the modules a
// real run loads, recorded by a loader hook, mapped to the sources esbuild put in each chunk
// (dist/cli-meta.json). zod validates files and the window's calls; a login from flags needs neither,
// and loading it costs every CLI login time and memory.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../emulator/salesforce-emulator.js';
import { CONSUMER_KEY, FIXTURES, USERNAME, startEmulator } from '../support/helpers.js';
import { drafts, makeDataDir } from '../support/cli-helpers.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const hook = join(root, 'tests', 'support', 'record-loads.mjs');

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

let emulator: SalesforceEmulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), 'jwt-cli-loads-'));
});
afterAll(async () => {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The sources (as esbuild names them) of every dist/ file a CLI run loaded. */
async function sourcesLoaded(name: string, args: string[]): Promise<string[]> {
  const log = join(dir, `${name}.log`);
  await run(process.execPath, ['--import', hook, join(root, 'dist', 'cli.js'), ...args], {
    env: { PATH: process.env.PATH, HOME: dir, RECORD_LOADS_TO: log },
  }).catch((error: { stderr?: string }) => {
    throw new Error(`${name} failed: ${error.stderr}`);
  });
  const meta = JSON.parse(readFileSync(join(root, 'dist', 'cli-meta.json'), 'utf8')) as Metafile;
  const loaded = readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => relative(root, fileURLToPath(url)).split('\\').join('/'));
  const chunks = loaded.filter((file) => file.startsWith('dist/'));
  expect(chunks.length, 'the run loaded the bundle').toBeGreaterThan(0);
  return chunks.flatMap((file) => Object.keys(meta.outputs[file]?.inputs ?? {}));
}

describe('dist/cli.js', () => {
  it('logs in from flags without loading zod', async () => {
    const sources = await sourcesLoaded('authorise', [
      'authorise',
      '--private-key',
      join(FIXTURES, 'app-pkcs8.pem'),
      '--consumer-key',
      CONSUMER_KEY,
      '--username',
      USERNAME,
      '--my-domain',
      emulator.url,
    ]);
    expect(sources).toContain('electron/salesforce/authorise.ts');
    expect(sources.filter((source) => source.includes('node_modules/zod/'))).toEqual([]);
  });

  it("logs in with sf's line (org login jwt without --alias) without loading zod or the store", async () => {
    const sources = await sourcesLoaded('org-login', [
      'org',
      'login',
      'jwt',
      '-i',
      CONSUMER_KEY,
      '-f',
      join(FIXTURES, 'app-pkcs8.pem'),
      '-o',
      USERNAME,
      '-r',
      emulator.url,
    ]);
    expect(sources).toContain('electron/cli/org-login.ts');
    expect(
      sources.filter((source) => source.includes('node_modules/zod/') || source.includes('electron/connections/')),
    ).toEqual([]);
  });

  it('does load zod where a file is read (saved connections), so the check above can see it', async () => {
    await makeDataDir(join(dir, 'data'), drafts(emulator.url));
    const sources = await sourcesLoaded('list', ['list', '--data-dir', join(dir, 'data')]);
    expect(sources.some((source) => source.includes('node_modules/zod/'))).toBe(true);
  });
});
