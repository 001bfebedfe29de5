// The text "Copy diagnostics" puts on the clipboard: what a report needs, and no secret, however
// the error's message or details carry one.
import { describe, expect, it } from 'vitest';
import { diagnosticsText, isBug } from '../../../renderer/diagnostics.js';

const TOKEN = '00D5g000004abcDEF!AQ4AQFakeSessionPart1234567890';
const facts = { action: 'Authorise', at: new Date('2026-12-06T03:00:00Z'), userAgent: 'Chromium/140' };

describe('diagnosticsText', () => {
  it('says what was done, the error as shown, where the stack is, and the window', () => {
    const text = diagnosticsText(
      {
        code: 'INTERNAL',
        message: 'Unexpected problem: x is undefined',
        hint: 'This is a bug in jwt-connect.',
        details: { logFile: '/home/u/.config/jwt-connect/jwt-connect.log' },
      },
      facts,
    );
    expect(text).toBe(
      [
        'jwt-connect diagnostics',
        'time: 2026-12-06T03:00:00.000Z',
        'while: Authorise',
        'error: INTERNAL: Unexpected problem: x is undefined',
        'hint: This is a bug in jwt-connect.',
        'window: Chromium/140',
        'The stack is in /home/u/.config/jwt-connect/jwt-connect.log (secrets taken out); attach it to the report.',
      ].join('\n'),
    );
  });

  it('carries no secret from the message or the details', () => {
    const text = diagnosticsText(
      {
        code: 'INTERNAL',
        message: `Unexpected problem: fetch failed for Authorization: Bearer ${TOKEN} body password=hunter2 -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQ\n-----END PRIVATE KEY-----`,
        details: { accessToken: TOKEN, request: { keyStorePassword: 'storepass', note: `token ${TOKEN}` } },
      },
      facts,
    );
    for (const secret of [TOKEN, 'AQ4AQFakeSessionPart', 'hunter2', 'MIIEvQIBADANBgkqhkiG9w0BAQ', 'storepass'])
      expect(text, secret).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('is offered only for bugs, not for failures the user can fix', () => {
    expect(isBug({ code: 'INTERNAL', message: 'x' })).toBe(true);
    expect(isBug({ code: 'USER_NOT_APPROVED', message: 'x' })).toBe(false);
  });
});
