// How the CLI ends on an error a command did not expect (a bug): one line and a hint on the terminal,
// never the stack or a secret, and the stack in the data folder's log where the app's bugs go too.
// A typed error (the user's to fix) is said as it is and not logged.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { main, type CliIo } from '../../../electron/cli.js';
import { reportError } from '../../../electron/cli/output.js';
import { LOG_FILE_NAME } from '../../../electron/diagnostics/log-file.js';
import { useLogFolder } from '../../../electron/diagnostics/unexpected.js';

const TOKEN = '00D5g000004abcDEF!AQ4AQFakeSessionPart1234567890';
let dir: string;
let err: string[];
const io = (stdout: (text: string) => void): CliIo => ({
  stdout,
  stderr: (t) => err.push(t),
  env: {},
  platform: { fetch: globalThis.fetch },
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-cli-output-'));
  useLogFolder(dir);
  err = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('an unexpected error in a command', () => {
  it('says it is a bug and where the details are, exits 1, and logs the stack without the token', async () => {
    const code = await main(
      ['--version'],
      io(() => {
        throw new TypeError(`stdout went away holding ${TOKEN}`);
      }),
    );
    expect(code).toBe(1);
    const screen = err.join('\n');
    const log = join(dir, LOG_FILE_NAME);
    expect(screen).toContain('This is a bug in jwt-connect');
    expect(screen).toContain(`The details are in ${log}`);
    expect(screen).not.toContain(TOKEN);
    expect(screen).not.toMatch(/\n\s+at /);
    const text = readFileSync(log, 'utf8');
    expect(text).toContain('CLI: ');
    expect(text).toContain('TypeError: stdout went away');
    expect(text).toMatch(/\n\s+at /);
    expect(text).not.toContain(TOKEN);
  });

  it('names the log in --json answers too', () => {
    const out: string[] = [];
    expect(
      reportError(
        new RangeError('bad length'),
        io((t) => out.push(t)),
        true,
        'list',
      ),
    ).toBe(1);
    expect(JSON.parse(out.join('\n'))).toMatchObject({
      error: { code: 'INTERNAL', hint: expect.stringContaining(join(dir, LOG_FILE_NAME)) },
    });
    expect(readFileSync(join(dir, LOG_FILE_NAME), 'utf8')).toContain('CLI: list');
  });
});

describe('a typed error', () => {
  it('is said as it is, with its own hint, and not logged', () => {
    expect(
      reportError(
        new AppError('NOT_FOUND', 'No connection named "x".', 'Run jwt-connect list.'),
        io(() => {}),
        false,
        'token',
      ),
    ).toBe(2);
    expect(err.join('\n')).toBe('error: No connection named "x".\nhint: Run jwt-connect list.');
    expect(existsSync(join(dir, LOG_FILE_NAME))).toBe(false);
  });
});
