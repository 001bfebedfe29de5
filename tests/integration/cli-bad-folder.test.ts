// Data folders a user can get wrong, met by the real CLI in child processes: a link to nothing, a
// file in the folder's place, a folder under a file. Each is a plain error naming the folder (exit 2),
// never "This is a bug"; and a refused command leaves no empty folder it created behind.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../support/cli-helpers.js';

vi.setConfig({ testTimeout: 90_000 });

const CLI_BIN = join(import.meta.dirname, '..', '..', 'electron', 'cli-bin.ts');
let work: ReturnType<typeof tempDir>;

beforeAll(() => {
  work = tempDir('jwt-cli-bad-folder-');
});
afterAll(() => work.remove());

type Run = { code: number | null; stdout: string; stderr: string };

function jwtConnect(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_BIN, ...args], {
    env: { HOME: work.dir, PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const password = { JWT_CONNECT_SECRETS_PASSWORD: 'a team secrets password' };

describe('secrets-password on a data folder that cannot be one', () => {
  it('a link to nothing: a plain error naming the folder, exit 2', async () => {
    const link = join(work.dir, 'dangling');
    symlinkSync(join(work.dir, 'nowhere'), link);
    const run = await jwtConnect(['secrets-password', 'set', '--data-dir', link], password);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(link);
    expect(run.stderr).not.toMatch(/bug/i);
  });

  it('a file in its place: set and status both say so, exit 2', async () => {
    const file = join(work.dir, 'a-file');
    writeFileSync(file, 'not a folder');
    for (const args of [['set'], ['status']]) {
      const run = await jwtConnect(['secrets-password', ...args, '--data-dir', file], password);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(`${file} is not a folder`);
      expect(run.stderr).not.toMatch(/bug|disk refused/i);
    }
  });

  it('a folder under a file: a plain error, exit 2', async () => {
    const file = join(work.dir, 'another-file');
    writeFileSync(file, 'not a folder');
    const run = await jwtConnect(['secrets-password', 'set', '--data-dir', join(file, 'data')], password);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).not.toMatch(/bug/i);
  });

  it('a refused set leaves no empty folder it created behind', async () => {
    mkdirSync(join(work.dir, 'parent'));
    const fresh = join(work.dir, 'parent', 'fresh');
    const run = await jwtConnect(['secrets-password', 'set', '--data-dir', fresh]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('No new secrets password');
    expect(existsSync(fresh)).toBe(false);
  });
});

describe('secrets-password set asked on a terminal', () => {
  it('refuses an empty first entry at once, without asking to confirm it', async () => {
    const { cli } = await import('../support/cli-helpers.js');
    const asked: string[] = [];
    const run = await cli(['secrets-password', 'set', '--data-dir', join(work.dir, 'asked')], {
      promptSecret: async (q) => {
        asked.push(q);
        return '';
      },
    });
    expect(run.code).toBe(2);
    expect(asked).toHaveLength(1);
  });
});
