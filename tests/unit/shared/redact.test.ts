// The redaction rules every log entry and diagnostics text passes through: each kind of secret the
// app holds, written the ways errors and libraries write them, comes out as [redacted].
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, redactValue } from '../../../shared/redact.js';

const TOKEN = '00D5g000004abcDEF!AQ4AQFakeSessionPart.With_Dots-And-Dashes1234567890';
const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJjayIsInN1YiI6InVAeC5jb20ifQ.c2lnbmF0dXJlLWJ5dGVz';

describe('redactSecrets', () => {
  it('takes out access tokens, bearer headers, assertions and PEM key material', () => {
    const text = `GET https://x.my.salesforce.com/id?oauth_token=${TOKEN}\nAuthorization: Bearer ${TOKEN}\nassertion ${JWT}\n${PEM}\ncut: -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA`;
    const out = redactSecrets(text);
    for (const secret of [
      TOKEN,
      'AQ4AQFakeSessionPart',
      JWT,
      'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
      'MIIEpAIBAAKCAQEA',
    ])
      expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
    expect(out).toContain('https://x.my.salesforce.com/id'); // what is not secret stays readable
  });

  it('takes out passwords and passphrases in JSON, form bodies and key: value lines', () => {
    const text = [
      '{"keyStorePassword":"storepass","passphrase":"open \\"sesame\\"","username":"u@x.com"}',
      'grant_type=jwt&assertion=abc.def.ghi&password=hunter2',
      'password: hunter3, secret: s3cr3t',
      'https://x.my.salesforce.com/secur/frontdoor.jsp?sid=SESSIONID123',
    ].join('\n');
    const out = redactSecrets(text);
    for (const secret of ['storepass', 'sesame', 'abc.def.ghi', 'hunter2', 'hunter3', 's3cr3t', 'SESSIONID123'])
      expect(out, secret).not.toContain(secret);
    expect(out).toContain('"username":"u@x.com"');
  });

  it('takes out long base64 (key material, keystores), keeps prose that only mentions a token', () => {
    const blob = 'A'.repeat(300);
    expect(redactSecrets(`bytes ${blob} end`)).toBe(`bytes ${REDACTED} base64 end`);
    expect(redactSecrets('No token: the last Authorise failed.')).toBe('No token: the last Authorise failed.');
  });

  it('redacts structured values by key and by content', () => {
    expect(redactValue({ user: 'u', password: 'p', nested: [{ accessToken: TOKEN, note: `t=${TOKEN}` }] })).toEqual({
      user: 'u',
      password: REDACTED,
      nested: [{ accessToken: REDACTED, note: `t=00D…!${REDACTED}` }],
    });
  });
});
