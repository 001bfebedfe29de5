// The data folder a command names: an empty --data-dir (an unset shell variable) is refused rather
// than quietly becoming the default folder, and "~/x" is read as a shell would, since a quoted value
// in a CI file or --data-dir=~/x reaches us unexpanded.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../electron/cli/output.js';
import { dataDirOf } from '../../../electron/cli/source.js';

const io = (env: NodeJS.ProcessEnv): CliIo => ({
  stdout: () => {},
  stderr: () => {},
  env,
  platform: { fetch: globalThis.fetch },
  defaultDataDir: '/default/jwt-connect',
});

describe('dataDirOf', () => {
  it('refuses an empty or blank --data-dir', () => {
    for (const given of ['', '  ']) {
      expect(() => dataDirOf({ 'data-dir': given }, io({}))).toThrow(/--data-dir is empty/);
    }
  });

  it('reads a leading ~ as the home folder, in the flag and in JWT_CONNECT_DATA_DIR', () => {
    const env = { HOME: '/home/me' };
    expect(dataDirOf({ 'data-dir': '~/ci/data' }, io(env))).toBe(resolve('/home/me/ci/data'));
    expect(dataDirOf({}, io({ ...env, JWT_CONNECT_DATA_DIR: '~/x' }))).toBe(resolve('/home/me/x'));
    expect(dataDirOf({ 'data-dir': 'rel/~x' }, io(env))).toBe(resolve('rel/~x'));
  });

  it('uses the default folder when nothing names one', () => {
    expect(dataDirOf({}, io({}))).toBe(resolve('/default/jwt-connect'));
    expect(dataDirOf({ 'data-dir': join('/tmp', 'd') }, io({}))).toBe(resolve('/tmp/d'));
  });
});
