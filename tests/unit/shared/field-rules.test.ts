// What each text field may hold, checked wherever a value enters: the refusals name the field as the
// form shows it, so the window highlights it and the terminal names its flag.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { checked, fieldProblem, parseInput } from '../../../shared/field-rules.js';

describe('fieldProblem', () => {
  it('refuses invisible characters in a connection name, so two rows that look the same cannot differ', () => {
    for (const ch of ['\u200b', '\u200d', '\u2060', '\ufeff', '\u00ad']) {
      expect(fieldProblem('name', `u${ch}at`), JSON.stringify(ch)).toMatch(
        /^Connection Name contains an invisible character \(\\/,
      );
    }
    expect(fieldProblem('name', 'UAT – Ünïcödé 東京')).toBeUndefined();
  });

  it('still refuses control and text-direction characters, and lets a description span lines', () => {
    expect(fieldProblem('name', 'a\u001b[2Jb')).toMatch(/control or text-direction character/);
    expect(fieldProblem('description', 'line one\nline two')).toBeUndefined();
    expect(fieldProblem('username', 'me@acme.com')).toBeUndefined();
    expect(fieldProblem('username', 'me @acme.com')).toMatch(/looks like an email address/);
  });
});

describe('parseInput', () => {
  const Draft = z.object({ name: checked('name', z.string().min(1).max(200)) });

  it("says which field is too long, as the form names it, instead of zod's words", () => {
    const refusal = (() => {
      try {
        parseInput(Draft, { name: 'x'.repeat(5000) });
      } catch (error) {
        return error as AppError;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal?.message).toBe('Connection Name is too long: at most 200 characters.');
    expect(refusal?.details).toMatchObject({ field: 'name' });
  });
});
