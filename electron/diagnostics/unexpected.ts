// Where an unexpected error goes: into the data folder's jwt-connect.log, with its stack, redacted.
// The folder is the one the process opened (openDataDir says so), else the fallback its entry point
// named. Expected failures (AppError: a wrong password, a refused login) are the user's to fix and
// are not logged; anything else is a bug, and its stack is what a report needs.
import { AppError } from '../../shared/errors.js';
import { redactSecrets } from '../../shared/redact.js';
import { openLogFile, type LogFile } from './log-file.js';

let folder: string | undefined;
let fallback: (() => string | undefined) | undefined;

/** The data folder this process works in: its log goes there. */
export function useLogFolder(dir: string): void {
  folder = dir;
}

/** Where to log before (or without) a data folder being opened, e.g. a CLI login from flags. */
export function useFallbackLogFolder(dir: () => string | undefined): void {
  fallback = dir;
}

function logFile(): LogFile | undefined {
  const dir = folder ?? fallback?.();
  return dir ? openLogFile(dir) : undefined;
}

/**
 * Logs `error` if it is unexpected. Returns the log file's path when an entry was written; never
 * throws (a full disk must not turn a bug report into a second failure).
 */
export function logUnexpected(error: unknown, context: string): string | undefined {
  return error instanceof AppError ? undefined : logCrash(error, context);
}

/** Logs `error` whatever it is (a crash is a bug even when it carries a code). Never throws. */
export function logCrash(error: unknown, context: string): string | undefined {
  try {
    const file = logFile();
    file?.write({ context, error });
    return file?.path;
  } catch {
    return undefined;
  }
}

/** One line for a terminal or a dialog: the error's first line, redacted, and where the details went. */
export function bugSummary(error: unknown, logPath: string | undefined): string {
  const first = (error instanceof Error ? error.message : String(error)).split(/\r?\n/, 1)[0] ?? '';
  // Control characters shown as '?': a message from outside must not drive the terminal.
  const short = redactSecrets(first)
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
    .slice(0, 300);
  return `jwt-connect hit a bug: ${short}${logPath ? ` (details: ${logPath})` : ''}`;
}

/**
 * unhandledRejection and uncaughtException, handed to the entry point's own ending (the CLI logs and
 * exits 1 with one line; the app logs and shows a dialog). Without them an unexpected error ended
 * the process, or vanished, without its stack anywhere.
 */
export function installCrashHandlers(
  onCrash: (error: unknown, kind: 'unhandled rejection' | 'uncaught exception') => void,
  target: NodeJS.Process = process,
): void {
  target.on('unhandledRejection', (reason) => onCrash(reason, 'unhandled rejection'));
  target.on('uncaughtException', (error) => onCrash(error, 'uncaught exception'));
}
