// jwt-connect.log: unexpected errors with their stack, redacted, in a file only its owner reads,
// rotated at its size cap, never written through a link or into a FIFO.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { LOG_FILE_NAME, openLogFile } from '../../../electron/diagnostics/log-file.js';
import { bugSummary, logUnexpected, useLogFolder } from '../../../electron/diagnostics/unexpected.js';

const TOKEN = '00D5g000004abcDEF!AQ4AQFakeSessionPart1234567890';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function boom(): Error {
  return new Error(`request failed for Authorization: Bearer ${TOKEN} with password=hunter2`);
}

describe('the log file', () => {
  it('writes the error with its stack and context, redacted, mode 0600 whatever the umask', () => {
    const old = process.umask(0o000);
    try {
      openLogFile(dir).write({ context: 'API call authorise', error: boom() });
    } finally {
      process.umask(old);
    }
    const path = join(dir, LOG_FILE_NAME);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT.* API call authorise\nError: request failed/);
    expect(text).toMatch(/\n\s+at boom \(/); // the stack, which the window and the terminal never show
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('hunter2');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('keeps a cause, and a thrown non-Error', () => {
    const log = openLogFile(dir);
    log.write({ context: 'x', error: new Error('outer', { cause: new Error('inner reason') }) });
    log.write({ context: 'y', error: { weird: 'value' } });
    const text = readFileSync(log.path, 'utf8');
    expect(text).toContain('Caused by: Error: inner reason');
    expect(text).toContain('Thrown value: {"weird":"value"}');
  });

  it('rotates past its size cap: the older entries move to jwt-connect.log.1, the file never grows without bound', () => {
    const log = openLogFile(dir, { maxBytes: 2000 });
    for (let i = 0; i < 30; i++) log.write({ context: `entry ${i}`, error: new Error(`failure number ${i}`) });
    expect(statSync(log.path).size).toBeLessThanOrEqual(2000);
    expect(statSync(`${log.path}.1`).size).toBeLessThanOrEqual(2000);
    expect(readFileSync(log.path, 'utf8')).toContain('entry 29');
    expect(readFileSync(`${log.path}.1`, 'utf8')).not.toContain('entry 29');
  });

  it('cuts a huge entry instead of writing it whole', () => {
    const error = new Error('x'.repeat(100_000).replace(/x{50}/g, 'x y '));
    openLogFile(dir).write({ context: 'big', error });
    expect(statSync(join(dir, LOG_FILE_NAME)).size).toBeLessThan(20_000);
  });

  it('never writes through a symbolic link put in its place', () => {
    const target = join(dir, 'victim.txt');
    writeFileSync(target, 'keep me');
    symlinkSync(target, join(dir, LOG_FILE_NAME));
    expect(() => openLogFile(dir).write({ context: 'x', error: boom() })).toThrow();
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('does not block on a FIFO put in its place', () => {
    execFileSync('mkfifo', [join(dir, LOG_FILE_NAME)]);
    expect(() => openLogFile(dir).write({ context: 'x', error: boom() })).toThrow();
  });
});

describe('logging unexpected errors', () => {
  it('logs what is not an AppError in the folder in use and says where; expected failures are not logged', () => {
    useLogFolder(dir);
    expect(logUnexpected(new AppError('BAD_INPUT', 'Consumer Key is required.'), 'x')).toBeUndefined();
    expect(existsSync(join(dir, LOG_FILE_NAME))).toBe(false);
    expect(logUnexpected(boom(), 'API call test')).toBe(join(dir, LOG_FILE_NAME));
    expect(readFileSync(join(dir, LOG_FILE_NAME), 'utf8')).toContain('API call test');
  });

  it('gives a terminal one redacted line, with no stack and no control characters', () => {
    const line = bugSummary(
      new Error(`boom \u001b[2J ${TOKEN}\n    at secretFrame (x.ts:1:1)`),
      '/data/jwt-connect.log',
    );
    expect(line).toBe(`jwt-connect hit a bug: boom ?[2J 00D…![redacted] (details: /data/jwt-connect.log)`);
  });

  it('never fails the caller when the log cannot be written', () => {
    writeFileSync(join(dir, 'a-file'), '');
    useLogFolder(join(dir, 'a-file', 'folder')); // a folder that cannot exist
    expect(logUnexpected(boom(), 'x')).toBeUndefined();
  });
});
