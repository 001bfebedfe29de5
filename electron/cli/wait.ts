// --wait DURATION on authorise, test and token: the window's Keep trying for a terminal. The same
// loop (electron/salesforce/keep-trying.ts) retries only the answers of an app that may not be there
// yet; each attempt is shown on stderr when stderr is a terminal (a pipeline's log gets the result
// only), and the exit code is the last answer's.
import { AppError } from '../../shared/errors.js';
import { clockText, KEEP_TRYING_MAX_SECONDS, type KeepTryingAttempt } from '../../shared/keep-trying.js';
import { keepTrying } from '../salesforce/keep-trying.js';
import type { CliIo } from './output.js';

const UNITS: Record<string, number> = { s: 1, m: 60 };

/** "90s", "10m" → seconds; undefined when not given; a typed error naming the flag otherwise. */
export function parseWait(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d{1,6})\s*([sm])\s*$/i.exec(value);
  const seconds = match ? Number(match[1]) * (UNITS[(match[2] as string).toLowerCase()] as number) : NaN;
  if (!match || seconds <= 0 || seconds > KEEP_TRYING_MAX_SECONDS) {
    const why =
      match && seconds > KEEP_TRYING_MAX_SECONDS ? 'at most 30m' : 'a duration such as 90s or 10m (at most 30m)';
    throw new AppError(
      'BAD_INPUT',
      `--wait takes ${why}, not "${value.slice(0, 40)}".`,
      'Give the time to keep trying while a new app answers "not installed" or "client identifier invalid", e.g. --wait 10m.',
      { field: 'wait' },
    );
  }
  return seconds;
}

const ANSWERS: Record<string, string> = {
  APP_NOT_INSTALLED: 'app not installed in this org (yet)',
  INVALID_CLIENT_ID: 'client identifier invalid (the app may not be there yet)',
};

/** One line per attempt, for stderr. */
export function attemptLine(attempt: KeepTryingAttempt, nextInMs: number | undefined): string {
  const answer = attempt.ok ? 'accepted' : ((attempt.code && ANSWERS[attempt.code]) ?? attempt.code ?? 'refused');
  const next = nextInMs === undefined ? '' : `; next attempt in ${clockText(nextInMs)}`;
  return `wait: attempt ${attempt.number} at ${clockText(attempt.atMs)}: ${answer}${next}`;
}

/** What the service needs to show each attempt: a stderr line when stderr is a terminal. */
export function waitHooks(io: CliIo): {
  onAttempt?: (attempt: KeepTryingAttempt, nextInMs: number | undefined) => void;
} {
  return io.stderrIsTTY ? { onAttempt: (attempt, nextInMs) => io.stderr(attemptLine(attempt, nextInMs)) } : {};
}

/** `run`, kept trying for `seconds` when --wait was given. */
export function withWait<T>(run: () => Promise<T>, seconds: number | undefined, io: CliIo): Promise<T> {
  if (seconds === undefined) return run();
  return keepTrying(run, { forMs: seconds * 1000, clock: io.platform.waitClock, ...waitHooks(io) });
}
