// The metadata file, written by every entry point the same way: temp file in the same folder, fsync,
// rename, fsync the folder; mode 0600 whatever the umask. (Why not electron-store's writer in the
// desktop app: docs/decisions/store-file-writer.md.) Reading is the repository's job (it must tell a
// missing, unreadable and damaged file apart).
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { ENV } from '../../shared/env-vars.js';

export interface StoreFile {
  readonly path: string;
  write(data: Record<string, unknown>): void;
}

export const STORE_NAME = 'connections';

/**
 * Temp names of killed writes: ours, and those of conf's `atomically`, which wrote the desktop app's
 * file in earlier versions (their data folders may still hold such leftovers).
 */
export function isTempName(name: string): boolean {
  return /\.tmp(-[\w-]+)?$/.test(name) || /\.tmp-\d{10}[a-f0-9]{6}$/.test(name);
}

/** Writes a file so that a crash at any moment leaves the old or the new content, never a mix. */
export function writeFileAtomic(path: string, text: string): void {
  const dir = dirname(path);
  const temp = join(dir, `${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  guardWrite(path, () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      chmodSync(temp, 0o600); // the umask cannot loosen it
      renameSync(temp, path);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    fsyncDir(dir);
  });
}

/**
 * Reads a file that must be a regular one. Opened non-blocking, then checked: a FIFO or device put in
 * its place would otherwise block the thread forever on open or read (and a blocked Node process
 * does not even die of SIGTERM while a handler is installed). Throws an ENOTREG error for those.
 */
export function readRegularFile(path: string, maxBytes = Number.MAX_SAFE_INTEGER): string {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    if (stat.size > maxBytes) throw Object.assign(new Error('too large'), { code: 'EFBIG' });
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not supported on this platform (Windows): the rename is still atomic */
  }
}

export function jsonStoreFile(path: string): StoreFile {
  return { path, write: (data) => writeFileAtomic(path, JSON.stringify(data)) };
}

export function openJsonStoreFile(dataDir: string): StoreFile {
  return jsonStoreFile(join(dataDir, `${STORE_NAME}.json`));
}

const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT']);

/** A write the disk refuses is the user's to fix, not a bug: say which folder and why. */
export function guardWrite<T>(path: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code && UNWRITABLE.has(code)) throw unwritableError(dirname(path), code);
    throw error;
  }
}

export function unwritableError(dir: string, code: string): AppError {
  const full = code === 'ENOSPC' || code === 'EDQUOT';
  return new AppError(
    'STORE_UNWRITABLE',
    full
      ? `The disk holding ${dir} is full, so nothing could be saved.`
      : `jwt-connect cannot write to its data folder ${dir} (${code}: it is read-only or not yours).`,
    full
      ? 'Free some space, then save again. Nothing was changed.'
      : `Make the folder writable for your user (or set ${ENV.dataDir.name} to a writable folder), then save again. Nothing was changed.`,
  );
}

/**
 * A data folder that cannot be made at all: a file in its place, a link to nothing, a missing parent
 * that cannot be created. The user's to fix, so said plainly, with the folder's name.
 */
export function unusableFolderError(dir: string, code: string): AppError {
  const notAFolder = code === 'EEXIST' || code === 'ENOTDIR';
  return new AppError(
    'STORE_UNWRITABLE',
    notAFolder
      ? `jwt-connect's data folder ${dir} is not a folder (${code}: a file, or a link to one, is in its place or above it).`
      : `jwt-connect's data folder ${dir} could not be created (${code}: it is a link to something missing, or a folder above it is missing and cannot be made).`,
    `Point ${ENV.dataDir.name} (or --data-dir) at a folder you can write, or ${notAFolder ? 'move that file away' : 'create the folder (or fix the link)'}. Nothing was changed.`,
  );
}

/** Leftovers of killed writes in a folder (ours and, from earlier versions, conf's), removed at start by the lock holder. */
export function removeTempFiles(dir: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    // Ours (connections.json, secrets-password.json: writeFileAtomic's names) and conf's.
    if (
      name.startsWith(`${STORE_NAME}.json.tmp`) ||
      name.startsWith('secrets-password.json.tmp') ||
      (name.startsWith(STORE_NAME) && isTempName(name))
    ) {
      rmSync(join(dir, name), { force: true });
      removed++;
    }
  }
  return removed;
}
