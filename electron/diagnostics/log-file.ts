// jwt-connect.log in the data folder: unexpected errors with their stack, for the user to attach to a
// bug report. Every entry is redacted (shared/redact.ts) before it reaches the disk. The file is
// 0600 from its creation, never written through a symbolic link or into a FIFO, one entry is one
// append (O_APPEND: entries from two processes do not interleave inside a line), and past a size
// cap it is renamed to jwt-connect.log.1 (replacing the older one), so it never grows without bound.
import { closeSync, constants, fstatSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { redactSecrets } from '../../shared/redact.js';

export const LOG_FILE_NAME = 'jwt-connect.log';
/** Past this the file is rotated: a few hundred reports, small enough to attach anywhere. */
export const LOG_MAX_BYTES = 1024 * 1024;
/** One entry's cap: a stack of a thousand frames is not worth more. */
export const LOG_ENTRY_MAX_CHARS = 16 * 1024;

export interface LogEntry {
  /** What was running: "desktop app", "CLI", an API method… */
  context: string;
  error: unknown;
}

export interface LogFile {
  readonly path: string;
  write(entry: LogEntry): void;
}

/** The error as text: its stack when it has one (the message is its first line), else its message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const stack =
      typeof error.stack === 'string' && error.stack.includes(error.message)
        ? error.stack
        : `${error.name}: ${error.message}\n${error.stack ?? ''}`;
    const cause = (error as { cause?: unknown }).cause;
    return cause === undefined ? stack : `${stack}\nCaused by: ${describeError(cause)}`;
  }
  try {
    return `Thrown value: ${typeof error === 'string' ? error : JSON.stringify(error)}`;
  } catch {
    return `Thrown value: ${String(error)}`;
  }
}

export function formatEntry(entry: LogEntry, now: Date): string {
  const text = redactSecrets(`${now.toISOString()} ${entry.context}\n${describeError(entry.error)}`);
  const capped =
    text.length > LOG_ENTRY_MAX_CHARS
      ? `${text.slice(0, LOG_ENTRY_MAX_CHARS)}\n… (cut at ${LOG_ENTRY_MAX_CHARS} characters)`
      : text;
  return `${capped.trimEnd()}\n\n`;
}

export function openLogFile(dir: string, options: { maxBytes?: number; now?: () => Date } = {}): LogFile {
  const path = join(dir, LOG_FILE_NAME);
  const maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
  const now = options.now ?? (() => new Date());
  return {
    path,
    write(entry) {
      const text = formatEntry(entry, now());
      // A bug can come before the data folder is first used (a CLI login from flags): make it as the app would.
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      rotateIfFull(path, maxBytes, Buffer.byteLength(text));
      const flags =
        constants.O_WRONLY |
        constants.O_APPEND |
        constants.O_CREAT |
        (constants.O_NOFOLLOW ?? 0) |
        (constants.O_NONBLOCK ?? 0);
      const fd = openSync(path, flags, 0o600);
      try {
        if (!fstatSync(fd).isFile())
          throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTREG' });
        writeSync(fd, text);
      } finally {
        closeSync(fd);
      }
    },
  };
}

function rotateIfFull(path: string, maxBytes: number, adding: number): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return;
  }
  if (size + adding <= maxBytes) return;
  // A rename is atomic: a reader sees the old file whole under one name or the other.
  try {
    renameSync(path, `${path}.1`);
  } catch {
    /* another process rotated it first */
  }
}
