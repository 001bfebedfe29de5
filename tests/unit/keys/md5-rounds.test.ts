// The JCEKS MD5 rounds in plain JS (md5-rounds.ts) must give exactly what node:crypto gives.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { iteratedMd5 } from '../../../electron/keys/md5-rounds.js';

it.each([0, 1, 9, 39, 40, 47, 48, 55, 56, 100, 200])(
  'iterated MD5 matches createHash for a %i-byte password',
  async (length) => {
    const password = Buffer.from(Array.from({ length }, (_, i) => (i * 37 + 11) & 0xff));
    const salt = Buffer.from([0xde, 0xad, 0xbe, 0xef]);
    let expected = createHash('md5').update(salt).update(password).digest();
    for (let i = 1; i < 1000; i++) expected = createHash('md5').update(expected).update(password).digest();
    expect((await iteratedMd5(salt, password, 1000)).toString('hex')).toBe(expected.toString('hex'));
    expect(
      (await iteratedMd5(salt, password, 1)).equals(createHash('md5').update(salt).update(password).digest()),
    ).toBe(true);
  },
);
