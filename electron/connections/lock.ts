// One writer per data directory, whatever the entry point (the app, the browser mode, the demo, the
// CLI): a lock file naming its owner (pid, process start time, host, entry point), created atomically
// with link(2) so a reader never sees a half-written lock. A lock whose owner is gone (dead pid, or a
// pid reused by another process: its start time differs) is taken over. Opens of the same directory
// within one process share the lock (tests and the harness reopen a directory to simulate a restart).
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { readRegularFile, unusableFolderError } from './store-file.js';
import { ENV } from '../../shared/env-vars.js';

export const LOCK_NAME = 'jwt-connect.lock';

const LockOwner = z.object({
  pid: z.number().int().positive(),
  /** Process start time in clock ticks since boot (/proc/<pid>/stat field 22), where the system tells it. */
  startTicks: z.string().optional(),
  startedAt: z.string(),
  host: z.string(),
  entry: z.string(),
});
export type LockOwner = z.infer<typeof LockOwner>;

export interface DataDirLock {
  readonly path: string;
  /** Gives the lock up (idempotent). The lock file is removed when the last open in this process closes. */
  release(): void;
  /**
   * Before a write: throws STORE_LOCKED when the lock file now names another process (someone deleted
   * ours, as the refusal's hint invites when a holder seems gone, and another one took the folder).
   * A lock file deleted with nobody in its place is put back.
   */
  verify(): void;
}

export interface LockRefusal {
  holder: LockOwner | undefined;
  message: string;
  hint: string;
}

const held = new Map<string, { count: number; path: string; content: string; created?: boolean }>();
let exitHookInstalled = false;

/** The start time of a process (Linux), to tell a live owner from a reused pid. */
export function processStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command) may hold spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** True when the owner certainly no longer runs: same host, and its pid is dead or now another process. */
export function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false; // cannot tell from here
  if (!alive(owner.pid)) return true;
  if (owner.startTicks === undefined) return false;
  const now = processStartTicks(owner.pid);
  return now !== undefined && now !== owner.startTicks;
}

export function describeHolder(owner: LockOwner | undefined): string {
  if (!owner) return 'Another jwt-connect';
  const since = new Date(owner.startedAt);
  const time = Number.isNaN(since.getTime())
    ? ''
    : `, since ${String(since.getHours()).padStart(2, '0')}:${String(since.getMinutes()).padStart(2, '0')}`;
  const host = owner.host === hostname() ? '' : ` on ${owner.host}`;
  return `jwt-connect (${owner.entry}, pid ${owner.pid}${host}${time})`;
}

function refusal(dataDir: string, owner: LockOwner | undefined): LockRefusal {
  return {
    holder: owner,
    message: `${describeHolder(owner)} is using this data folder.`,
    hint: `Close it first, or set ${ENV.dataDir.name} to another folder. If that program is no longer running, delete ${join(dataDir, LOCK_NAME)}.`,
  };
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const parsed = LockOwner.safeParse(JSON.parse(readRegularFile(path)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const releaseAll = () => {
    for (const entry of held.values()) removeIfOurs(entry.path, entry.content);
    held.clear();
  };
  process.on('exit', releaseAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      releaseAll();
      // Others (dev-web's own handler) decide how to stop; alone, behave as the default would.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

function lockFileIs(path: string, content: string): boolean {
  try {
    return readRegularFile(path) === content;
  } catch {
    return false;
  }
}

function removeIfOurs(path: string, content: string): void {
  try {
    if (readRegularFile(path) === content) rmSync(path, { force: true });
  } catch {
    /* already gone */
  }
}

/**
 * Takes the data directory's lock, or answers why not. Throws STORE_UNWRITABLE / other fs errors
 * only for directories that cannot be written at all (the caller may then open read-only).
 */
export function acquireDataDirLock(dataDir: string, entry: string): DataDirLock | LockRefusal {
  const dir = resolve(dataDir);
  const path = join(dir, LOCK_NAME);
  const mine = held.get(dir);
  if (mine && lockFileIs(path, mine.content)) {
    mine.count += 1;
    return lockHandle(dir, mine);
  }
  if (mine) held.delete(dir); // the folder was deleted or the file removed under us: take it anew
  const created = makeFolder(dir);
  const owner: LockOwner = {
    pid: process.pid,
    ...(processStartTicks(process.pid) !== undefined && { startTicks: processStartTicks(process.pid) as string }),
    startedAt: new Date().toISOString(),
    host: hostname(),
    entry,
  };
  const content = `${JSON.stringify(owner)}\n`;
  const temp = join(dir, `${LOCK_NAME}.${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(temp, content, { mode: 0o600 });
  } catch (error) {
    if (created) removeIfEmpty(dir);
    throw error;
  }
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(temp, path); // atomic: fails if a lock exists
        const entryState = { count: 1, path, content, created };
        held.set(dir, entryState);
        installExitHook();
        return lockHandle(dir, entryState);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = readOwner(path);
      if (current && !isStale(current)) return refusal(dir, current);
      if (!current) {
        // Unparsable: maybe being written by a non-atomic writer; or debris. Give it a moment's benefit.
        if (attempt < 2) {
          sleep(50);
          continue;
        }
      }
      takeOverStale(path, current);
    }
    return refusal(dir, readOwner(path));
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Moves a stale lock out of the way, checking it is still the stale one (not a newcomer's fresh lock). */
function takeOverStale(path: string, judged: LockOwner | undefined): void {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = readOwner(aside);
  const same =
    judged === undefined
      ? moved === undefined
      : moved !== undefined && JSON.stringify(moved) === JSON.stringify(judged);
  if (!same) {
    try {
      linkSync(aside, path);
    } catch {
      /* a third owner already: it wins */
    }
  }
  // A folder or other non-file in the lock's place stays moved aside: it is not ours to delete.
  try {
    rmSync(aside, { force: true });
  } catch {
    /* left as debris */
  }
}

/**
 * Creates the data folder if missing; says whether it did. A folder that cannot be made (a file or a
 * dangling link in its place, a missing parent on a read-only disk) is a typed error naming it;
 * refusals to write (EACCES, EROFS…) are thrown as they are, for the caller to open read-only.
 */
function makeFolder(dir: string): boolean {
  const existed = existsSync(dir);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EEXIST' || code === 'ENOTDIR') throw unusableFolderError(dir, code);
    throw error;
  }
  return !existed;
}

/** A folder this process created and left with nothing in it (a refused command): not left behind. */
function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    /* something was saved there, or it is gone: either way it stays as it is */
  }
}

function lockHandle(
  dir: string,
  state: { count: number; path: string; content: string; created?: boolean },
): DataDirLock {
  let released = false;
  return {
    path: state.path,
    verify() {
      if (released || lockFileIs(state.path, state.content)) return;
      const temp = `${state.path}.${process.pid}-${randomBytes(4).toString('hex')}`;
      try {
        writeFileSync(temp, state.content, { mode: 0o600 });
        linkSync(temp, state.path);
      } catch {
        /* another process's lock is there, or the folder is gone: judged below */
      } finally {
        rmSync(temp, { force: true });
      }
      if (!lockFileIs(state.path, state.content)) throw lockedError(refusal(dir, readOwner(state.path)));
    },
    release() {
      if (released) return;
      released = true;
      state.count -= 1;
      if (state.count > 0) return;
      if (held.get(dir) === state) held.delete(dir);
      removeIfOurs(state.path, state.content);
      if (state.created) removeIfEmpty(dir);
    },
  };
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Temp and moved-aside lock files a killed process left (named with its pid): removed once that pid is gone. */
export function removeLockLeftovers(dataDir: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const pid = /^jwt-connect\.lock\.(?:stale-)?(\d+)-[0-9a-f]+$/.exec(name)?.[1];
    if (!pid || Number(pid) === process.pid || alive(Number(pid))) continue;
    const path = join(dataDir, name);
    try {
      if (!lstatSync(path).isFile()) continue; // a folder moved out of the lock's place stays
      rmSync(path, { force: true });
      removed++;
    } catch {
      /* gone already */
    }
  }
  return removed;
}

export function isLockRefusal(value: DataDirLock | LockRefusal): value is LockRefusal {
  return 'message' in value;
}

export function lockedError(refused: LockRefusal): AppError {
  return new AppError('STORE_LOCKED', refused.message, refused.hint);
}
