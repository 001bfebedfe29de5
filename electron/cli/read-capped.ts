// Files named on the command line (key files, keystores, export files) are read with their cap
// decided first: a regular file by its size (fstat) before a byte is read, anything else (a pipe
// from a secret manager, a device such as /dev/urandom) by reading at most cap + 1 bytes. A wrong
// path never makes the CLI swallow gigabytes.
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

const CHUNK = 64 * 1024;
/** A named pipe nothing writes to would block open() forever: it is opened without blocking and waited for this long. */
export const PIPE_WAIT_MS = 10_000;
const PIPE_POLL_MS = 20;
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export type CappedRead = { bytes: Buffer } | { tooLarge: true; size: number | undefined };

/** Throws the open/read error (ENOENT, EACCES, EISDIR…) as is: callers word it for their flag. */
export function readCapped(path: string, cap: number, pipeWaitMs = PIPE_WAIT_MS): CappedRead {
  if (isNamedPipe(path)) return readPipe(path, cap, pipeWaitMs);
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
    if (stat.isFile() && stat.size > cap) return { tooLarge: true, size: stat.size };
    const parts: Buffer[] = [];
    let total = 0;
    while (total <= cap) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, cap + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      parts.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
    }
    if (total > cap) return { tooLarge: true, size: stat.isFile() ? stat.size : undefined };
    return { bytes: Buffer.concat(parts, total) };
  } finally {
    closeSync(fd);
  }
}

function isNamedPipe(path: string): boolean {
  try {
    return statSync(path).isFIFO();
  } catch {
    return false; // openSync below reports a missing or unreadable path in its own words
  }
}

/**
 * A named pipe (mkfifo, or a shell's <(…)), read without blocking: waits at most `waitMs` for a writer
 * and its bytes, then gives up with an error that says so, instead of hanging on a pipe nobody feeds.
 */
function readPipe(path: string, cap: number, waitMs: number): CappedRead {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const parts: Buffer[] = [];
    let total = 0;
    let wroteOnce = false;
    const deadline = Date.now() + waitMs;
    while (total <= cap) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, cap + 1 - total));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        wroteOnce = true; // a writer holds the pipe open and has not written yet
        n = -1;
      }
      if (n > 0) {
        parts.push(n === chunk.length ? chunk : chunk.subarray(0, n));
        total += n;
        wroteOnce = true;
        continue;
      }
      if (n === 0 && wroteOnce) break; // the writer closed its end: the whole content is in
      if (Date.now() > deadline) {
        throw Object.assign(
          new Error(`nothing was written to the pipe ${path} within ${Math.round(waitMs / 1000)} s`),
          { code: 'ETIMEDOUT' },
        );
      }
      pause(PIPE_POLL_MS);
    }
    if (total > cap) return { tooLarge: true, size: undefined };
    return { bytes: Buffer.concat(parts, total) };
  } finally {
    closeSync(fd);
  }
}
