import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { SalesforceEmulator, type EmulatorOptions } from '../emulator/salesforce-emulator.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'keys');
export const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

export const CONSUMER_KEY = '3MVG9TEST.consumer-key';
export const USERNAME = 'integration@jwt-connect.test';

/** An emulator whose Connected App trusts the fixture app certificate. */
export async function startEmulator(overrides: Partial<EmulatorOptions> = {}): Promise<SalesforceEmulator> {
  const emulator = new SalesforceEmulator({
    apps: [
      { consumerKey: CONSUMER_KEY, certificatePem: fixture('app.crt').toString('utf8') },
      {
        consumerKey: 'external-app-not-installed',
        certificatePem: fixture('app.crt').toString('utf8'),
        installed: false,
      },
    ],
    users: [
      { username: USERNAME, displayName: 'Integration User' },
      { username: 'unapproved@jwt-connect.test', approved: false },
      { username: 'frozen@jwt-connect.test', active: false },
      { username: 'elsewhere@jwt-connect.test', ipAllowed: false },
      { username: 'not-allowed@jwt-connect.test', appAccess: false },
    ],
    ...overrides,
  });
  await emulator.start();
  return emulator;
}

/** The AppError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a failure');
}

/**
 * A Keep trying clock that runs `scale` times faster than the real one: a 10 s pause takes 10 s / scale
 * of real time, and now() moves on to match, so an emulator's real-time propagation delay and the
 * loop's pauses line up as they would at full length.
 */
export function scaledClock(scale: number): { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void> } {
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * scale,
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        const timer = setTimeout(done, ms / scale);
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        if (signal?.aborted) return done();
        signal?.addEventListener('abort', done, { once: true });
      }),
  };
}
