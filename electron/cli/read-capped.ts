// Files named on the command line (key files, keystores, export files) are read with their cap
// decided first: a regular file by its size (fstat) before a byte is read, anything else (a pipe
// from a secret manager, a device such as /dev/urandom) by reading at most cap + 1 bytes. A wrong
// path never makes the CLI swallow gigabytes.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const CHUNK = 64 * 1024;

export type CappedRead = { bytes: Buffer } | { tooLarge: true; size: number | undefined };

/** Throws the open/read error (ENOENT, EACCES, EISDIR…) as is: callers word it for their flag. */
export function readCapped(path: string, cap: number): CappedRead {
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
