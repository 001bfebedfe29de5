// The one Keep trying loop (window and CLI --wait): which answers it waits out, its pauses, its end
// at the deadline, on another answer or on cancel. A virtual clock: minutes pass in no time.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import type { KeepTryingAttempt } from '../../../shared/keep-trying.js';
import { keepTrying, KeepTryingRun, pauseAfter, type WaitClock } from '../../../electron/salesforce/keep-trying.js';
import { failure } from '../../support/helpers.js';

function virtualClock(): WaitClock & { slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

const notInstalled = () =>
  new AppError(
    'APP_NOT_INSTALLED',
    'Salesforce refused the login: app_not_found: External client app is not installed in this org.',
  );
const badClientId = () =>
  new AppError('INVALID_CLIENT_ID', 'Salesforce refused the login: invalid_client_id: client identifier invalid.');

/** A run that fails with these answers in turn, then succeeds. */
function answers(...errors: AppError[]) {
  let calls = 0;
  const run = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return 'token';
  };
  return { run, calls: () => calls };
}

describe('keepTrying', () => {
  it('waits out "not installed" and "client identifier invalid" with a growing pause, then returns the success', async () => {
    const clock = virtualClock();
    const seen: [KeepTryingAttempt, number | undefined][] = [];
    const { run, calls } = answers(
      notInstalled(),
      badClientId(),
      notInstalled(),
      notInstalled(),
      notInstalled(),
      notInstalled(),
    );
    expect(await keepTrying(run, { forMs: 600_000, clock, onAttempt: (a, next) => seen.push([a, next]) })).toBe(
      'token',
    );
    expect(calls()).toBe(7);
    expect(clock.slept).toEqual([10_000, 15_000, 20_000, 25_000, 30_000, 30_000]);
    expect(seen.map(([a, next]) => [a.number, a.ok, a.code, a.atMs, next])).toEqual([
      [1, false, 'APP_NOT_INSTALLED', 0, 10_000],
      [2, false, 'INVALID_CLIENT_ID', 10_000, 15_000],
      [3, false, 'APP_NOT_INSTALLED', 25_000, 20_000],
      [4, false, 'APP_NOT_INSTALLED', 45_000, 25_000],
      [5, false, 'APP_NOT_INSTALLED', 70_000, 30_000],
      [6, false, 'APP_NOT_INSTALLED', 100_000, 30_000],
      [7, true, undefined, 130_000, undefined],
    ]);
  });

  it('stops at once on any other answer, and that answer is what the caller gets', async () => {
    const clock = virtualClock();
    const refused = new AppError(
      'APP_ACCESS_DENIED',
      'Salesforce refused the login: invalid_app_access: user is not admin approved to access this app.',
    );
    const { run, calls } = answers(notInstalled(), refused, notInstalled());
    const error = await failure(keepTrying(run, { forMs: 600_000, clock }));
    expect(error.code).toBe('APP_ACCESS_DENIED');
    expect(calls()).toBe(2);
    expect(clock.slept).toEqual([10_000]);
  });

  it('does not wait at all when the first answer is not a "not there yet" one', async () => {
    const clock = virtualClock();
    const { run, calls } = answers(new AppError('INVALID_ASSERTION', 'invalid assertion'));
    expect((await failure(keepTrying(run, { forMs: 600_000, clock }))).code).toBe('INVALID_ASSERTION');
    expect(calls()).toBe(1);
    expect(clock.slept).toEqual([]);
  });

  it('gives up at the deadline with the last answer, the last attempt made at the deadline itself', async () => {
    const clock = virtualClock();
    let calls = 0;
    const started = clock.now();
    const at: number[] = [];
    const error = await failure(
      keepTrying(
        async () => {
          calls++;
          at.push(clock.now() - started);
          throw notInstalled();
        },
        { forMs: 90_000, clock },
      ),
    );
    expect(error.code).toBe('APP_NOT_INSTALLED');
    // 0, 10, 25, 45, 70 s, and then the 20 s left: one last try at 90 s.
    expect(at).toEqual([0, 10_000, 25_000, 45_000, 70_000, 90_000]);
    expect(calls).toBe(6);
  });

  it('cancel ends the pause at once and answers with the last answer', async () => {
    const run = new KeepTryingRun({ now: () => Date.now(), sleep: async () => {} }, 600_000);
    let calls = 0;
    const clock: WaitClock = {
      now: () => Date.now(),
      sleep: (_ms, signal) =>
        new Promise((resolve) => {
          signal?.addEventListener('abort', () => resolve(), { once: true });
          run.cancel();
        }),
    };
    const error = await failure(
      keepTrying(
        async () => {
          calls++;
          throw badClientId();
        },
        { forMs: 600_000, clock, signal: run.controller.signal },
      ),
    );
    expect(error.code).toBe('INVALID_CLIENT_ID');
    expect(calls).toBe(1);
  });

  it('the pauses: 10 s, growing by 5 s to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(pauseAfter)).toEqual([10_000, 15_000, 20_000, 25_000, 30_000, 30_000, 30_000]);
  });
});

describe('KeepTryingRun (what the window polls)', () => {
  it('says the attempts so far, the time left and the time to the next attempt', () => {
    const clock = virtualClock();
    const run = new KeepTryingRun(clock, 600_000);
    run.record({ number: 1, atMs: 0, ok: false, code: 'APP_NOT_INSTALLED', message: 'not installed' }, 10_000);
    void clock.sleep(4_000);
    expect(run.progress()).toEqual({
      running: true,
      remainingMs: 596_000,
      nextInMs: 6_000,
      attempts: [{ number: 1, atMs: 0, ok: false, code: 'APP_NOT_INSTALLED', message: 'not installed' }],
    });
    run.cancel();
    run.running = false;
    expect(run.progress()).toMatchObject({ running: false, cancelled: true });
    expect(run.progress().nextInMs).toBeUndefined();
  });
});
