// The signed JWT bearer assertion: RS256, the claims Salesforce expects, verifiable with the certificate.
import { X509Certificate, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadSigningKey } from '../../../electron/keys/load.js';
import { signAssertion } from '../../../electron/salesforce/assertion.js';
import { fixture } from '../../support/helpers.js';

const { key } = await loadSigningKey({ bytes: fixture('app-pkcs8.pem') });

describe('the assertion', () => {
  it('is RS256 with iss, sub, aud and exp = now + 180 s, verifiable with the certificate', async () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const jwt = await signAssertion(
      key,
      { consumerKey: 'ck', username: 'u@x.com', audience: 'https://login.salesforce.com' },
      now,
    );
    const [h, p, s] = jwt.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toMatchObject({ alg: 'RS256' });
    expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toEqual({
      iss: 'ck',
      sub: 'u@x.com',
      aud: 'https://login.salesforce.com',
      exp: now.getTime() / 1000 + 180,
    });
    expect(
      verify(
        'sha256',
        Buffer.from(`${h}.${p}`),
        new X509Certificate(fixture('app.crt')).publicKey,
        Buffer.from(s, 'base64url'),
      ),
    ).toBe(true);
  });
});
