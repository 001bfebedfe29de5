// Unexpected errors nothing caught, in real processes: the built CLI (dist/cli.js, after npm run
// build) ends with one redacted line naming the log and exit code 1, and the log in the data folder
// holds the stack; a call through the API contract that hits a bug is logged the same way and
// names the log file in its answer (what the window's Copy diagnostics includes).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api.js';
import { openNodeServices } from '../../electron/connections/open-node.js';
import { LOG_FILE_NAME } from '../../electron/diagnostics/log-file.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const TOKEN = '00D5g000004abcDEF!AQ4AQFakeSessionPart1234567890';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-crash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI', () => {
  for (const [kind, code] of [
    [
      'unhandled rejection',
      `process.once('beforeExit', () => { Promise.reject(new Error('lost promise with ${TOKEN}')); });`,
    ],
    [
      'uncaught exception',
      `process.once('beforeExit', () => { setTimeout(() => { throw new Error('thrown with ${TOKEN}'); }); });`,
    ],
  ] as const) {
    it(`${kind}: one line naming the log, exit 1, no stack or token on screen; the stack in the log`, async () => {
      const preload = join(dir, 'crash.mjs');
      // A bug that surfaces once the command has run (when the process would otherwise exit).
      writeFileSync(preload, `${code}\n`);
      const data = join(dir, 'data');
      const result = await run(process.execPath, ['--import', preload, join(root, 'dist', 'cli.js'), '--version'], {
        env: { PATH: process.env.PATH, HOME: dir, JWT_CONNECT_DATA_DIR: data },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(result.code).toBe(1);
      const log = join(data, LOG_FILE_NAME);
      expect(result.stderr).toContain(`jwt-connect hit a bug: `);
      expect(result.stderr).toContain(`(details: ${log})`);
      expect(result.stderr).not.toContain(TOKEN);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr.trim().split('\n')).toHaveLength(2); // the error line and its hint
      const text = readFileSync(log, 'utf8');
      expect(text).toContain(`CLI: ${kind}`);
      expect(text).toMatch(/\n\s+at /);
      expect(text).not.toContain(TOKEN);
      expect(statSync(log).mode & 0o777).toBe(0o600);
    });
  }
});

describe('a call through the contract that hits a bug', () => {
  it('answers INTERNAL without the stack, logs the stack in the data folder, and names the log', async () => {
    const { service, close } = openNodeServices({ dataDir: dir, platform: { fetch: globalThis.fetch } });
    try {
      service.listConnections = () => {
        throw new TypeError(`Cannot read properties of undefined (token ${TOKEN})`);
      };
      const answer = await dispatch(service, 'listConnections', {});
      expect(answer).toMatchObject({
        ok: false,
        error: {
          code: 'INTERNAL',
          hint: expect.stringContaining('This is a bug'),
          details: { logFile: join(dir, LOG_FILE_NAME) },
        },
      });
      expect(JSON.stringify(answer)).not.toMatch(/\n\s+at /);
      const text = readFileSync(join(dir, LOG_FILE_NAME), 'utf8');
      expect(text).toContain('API call listConnections');
      expect(text).toContain('TypeError: Cannot read properties of undefined');
      expect(text).not.toContain(TOKEN);
    } finally {
      close();
    }
  });
});
