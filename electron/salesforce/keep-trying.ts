// The one loop that waits for a new Salesforce app, for the window's Keep trying and the CLI's
// --wait: try, and on an answer that means "not there yet" pause (10 s, growing to 30 s) and try
// again until it works, another answer comes, time is up or the caller cancels. The last answer is
// what the caller gets. The clock is passed in, so tests run minutes of waiting in no time.
import { AppError, toErrorInfo } from '../../shared/errors.js';
import { KEEP_TRYING_CODES, type KeepTryingAttempt, type KeepTryingProgress } from '../../shared/keep-trying.js';

export interface WaitClock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: WaitClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

const FIRST_PAUSE_MS = 10_000;
const PAUSE_STEP_MS = 5_000;
const LONGEST_PAUSE_MS = 30_000;

/** The pause after the n-th failed attempt (1-based): 10 s, 15 s, 20 s, 25 s, then 30 s. */
export function pauseAfter(attempt: number): number {
  return Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS + (attempt - 1) * PAUSE_STEP_MS);
}

export interface KeepTryingOptions {
  forMs: number;
  clock?: WaitClock | undefined;
  signal?: AbortSignal | undefined;
  /** After each attempt; `nextInMs` when another one follows. */
  onAttempt?: ((attempt: KeepTryingAttempt, nextInMs: number | undefined) => void) | undefined;
}

export async function keepTrying<T>(run: () => Promise<T>, options: KeepTryingOptions): Promise<T> {
  const clock = options.clock ?? realClock;
  const started = clock.now();
  const deadline = started + options.forMs;
  for (let number = 1; ; number++) {
    const atMs = clock.now() - started;
    try {
      const result = await run();
      options.onAttempt?.({ number, atMs, ok: true }, undefined);
      return result;
    } catch (error) {
      const info = toErrorInfo(error);
      const remaining = deadline - clock.now();
      const waitable = error instanceof AppError && KEEP_TRYING_CODES.has(error.code);
      const again = waitable && remaining > 0 && !options.signal?.aborted;
      const pause = Math.min(pauseAfter(number), remaining);
      options.onAttempt?.(
        { number, atMs, ok: false, code: info.code, message: info.message },
        again ? pause : undefined,
      );
      if (!again) throw error;
      await clock.sleep(pause, options.signal);
      if (options.signal?.aborted) throw error;
    }
  }
}

/** What the window polls while the loop runs: the attempts so far and the time left. */
export class KeepTryingRun {
  readonly attempts: KeepTryingAttempt[] = [];
  readonly controller = new AbortController();
  running = true;
  private readonly started: number;
  private nextAt: number | undefined;

  constructor(
    private readonly clock: WaitClock,
    readonly forMs: number,
  ) {
    this.started = clock.now();
  }

  record(attempt: KeepTryingAttempt, nextInMs: number | undefined): void {
    this.attempts.push(attempt);
    this.nextAt = nextInMs === undefined ? undefined : this.clock.now() + nextInMs;
  }

  cancel(): void {
    this.controller.abort();
  }

  progress(): KeepTryingProgress {
    const now = this.clock.now();
    const paused = this.running && this.nextAt !== undefined && this.nextAt > now;
    return {
      running: this.running,
      attempts: [...this.attempts],
      remainingMs: Math.max(0, this.started + this.forMs - now),
      ...(paused && { nextInMs: (this.nextAt as number) - now }),
      ...(this.controller.signal.aborted && { cancelled: true }),
    };
  }
}
