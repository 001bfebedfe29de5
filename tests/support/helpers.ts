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
      { consumerKey: 'external-app-not-installed', certificatePem: fixture('app.crt').toString('utf8'), installed: false },
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
