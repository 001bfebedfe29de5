// Files named on the command line are read with a cap, and a named pipe nobody writes to is given
// up on after a bounded wait instead of blocking open() for ever; a pipe that is fed is read whole.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCapped } from '../../../electron/cli/read-capped.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwt-connect-read-capped-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fifo = () => {
  const path = join(dir, 'key.pipe');
  execFileSync('mkfifo', [path]);
  return path;
};

describe('readCapped', () => {
  it('reads a regular file, and refuses one over the cap by its size', () => {
    const path = join(dir, 'key.pem');
    writeFileSync(path, 'x'.repeat(100));
    expect(readCapped(path, 100)).toEqual({ bytes: Buffer.from('x'.repeat(100)) });
    expect(readCapped(path, 99)).toEqual({ tooLarge: true, size: 100 });
  });

  it('gives up on a named pipe nothing writes to, with ETIMEDOUT, instead of hanging', () => {
    const path = fifo();
    const started = Date.now();
    expect(() => readCapped(path, 1000, 300)).toThrow(expect.objectContaining({ code: 'ETIMEDOUT' }));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reads a named pipe whose writer comes a moment later, whole', async () => {
    const path = fifo();
    const body = 'k'.repeat(200_000);
    writeFileSync(join(dir, 'body'), body);
    const writer = spawn('sh', ['-c', `sleep 0.3; cat "${join(dir, 'body')}" > "${path}"`]);
    const done = new Promise((resolve) => writer.on('close', resolve));
    // The read blocks this thread; the writer is another process, so it still runs.
    const read = readCapped(path, 1_000_000, 5000);
    await done;
    expect('bytes' in read && read.bytes.toString()).toBe(body);
  });
});
