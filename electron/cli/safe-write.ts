// Writing a file the user asked for (a key, a certificate, an export) without the two classic
// mistakes: writing through a symbolic link someone placed there, and keeping the old file's loose
// mode when it is replaced. The bytes go to a new temporary file (O_EXCL | O_NOFOLLOW, the mode set
// explicitly whatever the umask) that is renamed over the target: a rename replaces a link, never
// follows it.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../shared/errors.js';

/** What is at `path` now: nothing, a regular file, or something we must not replace. */
export function existingKind(path: string): 'none' | 'file' | 'symlink' | 'other' {
  try {
    const stat = lstatSync(path);
    return stat.isSymbolicLink() ? 'symlink' : stat.isFile() ? 'file' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw error;
  }
}

export function refuseLink(path: string, flagHint: string): AppError {
  return new AppError(
    'BAD_INPUT',
    `${path} is a symbolic link; jwt-connect does not write through links.`,
    `Remove the link, or ${flagHint}.`,
    { path, reason: 'symlink' },
  );
}

/** Writes `data` to `path` with exactly `mode`. `replace`: an existing regular file may be replaced. */
export function writeFileSafely(
  path: string,
  data: string | Buffer,
  mode: number,
  replace: boolean,
  flagHint = 'choose another file name',
): void {
  const kind = existingKind(path);
  if (kind === 'symlink') throw refuseLink(path, flagHint);
  if (kind === 'other')
    throw new AppError('BAD_INPUT', `${path} exists and is not a regular file.`, `Remove it, or ${flagHint}.`, {
      path,
    });
  if (kind === 'file' && !replace)
    throw new AppError('BAD_INPUT', `Not overwriting ${path}.`, `Add --force to replace it, or ${flagHint}.`, { path });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
    mode,
  );
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fchmodSync(fd, mode); // the umask may have narrowed or the platform ignored the mode given to open
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    rmSync(temp, { force: true });
    throw error;
  }
}
