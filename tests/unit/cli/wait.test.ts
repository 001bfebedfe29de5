// --wait's duration and its lines on stderr.
import { describe, expect, it } from 'vitest';
import { attemptLine, parseWait } from '../../../electron/cli/wait.js';
import { AppError } from '../../../shared/errors.js';

describe('--wait DURATION', () => {
  it('takes seconds and minutes, up to 30 minutes', () => {
    expect(parseWait(undefined)).toBeUndefined();
    expect(parseWait('90s')).toBe(90);
    expect(parseWait('10m')).toBe(600);
    expect(parseWait('30m')).toBe(1800);
    expect(parseWait('1800s')).toBe(1800);
    expect(parseWait(' 2M ')).toBe(120);
  });

  it.each([
    ['31m', /at most 30m/],
    ['0s', /a duration such as 90s or 10m/],
    ['10', /a duration such as/],
    ['ten minutes', /a duration such as/],
    ['-5m', /a duration/],
    ['1h', /a duration/],
  ])('refuses %s with a clear error naming the flag', (value, words) => {
    let error: unknown;
    try {
      parseWait(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_INPUT');
    expect((error as AppError).message).toMatch(words);
    expect((error as AppError).message).toContain('--wait');
    expect((error as AppError).details?.field).toBe('wait');
  });

  it('says each attempt, its answer and when the next comes', () => {
    expect(attemptLine({ number: 1, atMs: 0, ok: false, code: 'APP_NOT_INSTALLED', message: 'x' }, 10_000)).toBe(
      'wait: attempt 1 at 0:00: app not installed in this org (yet); next attempt in 0:10',
    );
    expect(attemptLine({ number: 3, atMs: 25_000, ok: true }, undefined)).toBe('wait: attempt 3 at 0:25: accepted');
  });
});
