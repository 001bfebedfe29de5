// Waiting for a new or changed Salesforce app: for a few minutes after it is created (or a sandbox
// is refreshed) it answers "not installed" or "client identifier invalid" while Salesforce spreads
// it. Only those answers are worth waiting out; any other answer stops the waiting at once.
// Shared by main (the engine in electron/salesforce/keep-trying.ts), the window and the CLI.
import type { ErrorCode } from './errors.js';

/** The answers of an app that may not be there yet. */
export const KEEP_TRYING_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['APP_NOT_INSTALLED', 'INVALID_CLIENT_ID']);

/** The window's Keep trying: tools that wait for a new app give it about this long. */
export const KEEP_TRYING_WINDOW_SECONDS = 600;
/** The CLI's --wait at most (a pipeline step should not hang longer on an app that never comes). */
export const KEEP_TRYING_MAX_SECONDS = 1800;

/** One try, as the user sees it in the list of attempts. */
export interface KeepTryingAttempt {
  number: number;
  /** Since the waiting began. */
  atMs: number;
  ok: boolean;
  code?: ErrorCode;
  message?: string;
}

/** The waiting under way (or just ended), as the window polls it. */
export interface KeepTryingProgress {
  running: boolean;
  attempts: KeepTryingAttempt[];
  /** Until the waiting gives up. */
  remainingMs: number;
  /** Until the next attempt, while paused between two. */
  nextInMs?: number;
  cancelled?: boolean;
}

/** "9:05" for a countdown. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
