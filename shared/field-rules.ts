// What each text field of a connection may hold, checked on the way in wherever a value enters: the
// form, the API, the CLI's flags, an imported file. Names and descriptions are free text without
// control or bidi characters; consumer keys, usernames and URLs keep to their real alphabets. Stored
// values are not checked against these rules when read (an old store or a hand-edited file must not
// make a connection disappear): they are shown escaped and flagged (storedFieldProblems).
import type { z } from 'zod';
import { isFieldName } from './fields.js';
import { AppError } from './errors.js';
import { hasUnsafeText, visibleEscape } from './safe-text.js';

/** The form's labels: messages name the field the way the user sees it. */
export const FIELD_LABELS = {
  name: 'Connection Name',
  description: 'Description',
  consumerKey: 'Consumer Key',
  username: 'Username',
  myDomainUrl: 'My Domain URL',
  audience: 'Audience',
  certificateName: 'Certificate Name',
} as const;
export type CheckedField = keyof typeof FIELD_LABELS;

/** Salesforce shows consumer keys as letters, digits and . _ (3MVG9…); a few more base64-ish signs are let through. */
const CONSUMER_KEY = /^[A-Za-z0-9._~+/=-]*$/;
/** An email address's characters (Salesforce usernames are email-shaped), letters of any script included. */
const USERNAME = /^[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~@-]*$/u;
/** RFC 3986's characters: unreserved, reserved and the percent sign. Nothing else is in a URL. */
const URL_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
/** A description may span lines (it is a multi-line box); every other control is refused. */
const DESCRIPTION_EXTRA = /^\n$/;
/** Characters that show as nothing: in a name they make two names that look the same differ (a spoofed row). */
const INVISIBLE = /^[\u00AD\u180E\u200B-\u200D\u2060\uFEFF]$/u;

/** Why `value` is not fit for `field`, in words that name the field and the character; undefined when fine. */
export function fieldProblem(field: CheckedField, value: string): string | undefined {
  const label = FIELD_LABELS[field];
  const bad = firstBad(field, value);
  if (!bad) return undefined;
  const where = `(${bad.escaped} at character ${bad.position})`;
  if (hasUnsafeText(bad.char))
    return `${label} contains a control or text-direction character ${where}: such characters can rewrite what a terminal shows or runs. Remove it.`;
  if (INVISIBLE.test(bad.char))
    return `${label} contains an invisible character ${where}: two names that look the same would then be different. Remove it.`;
  switch (field) {
    case 'consumerKey':
      return `${label} holds only letters, digits and . _ - as Salesforce shows it; "${bad.escaped}" at character ${bad.position} is not one of them.`;
    case 'username':
      return `A Salesforce username looks like an email address (name@company.com, or name@company.com.uat in a sandbox); "${bad.escaped}" at character ${bad.position} cannot be in one.`;
    default:
      return `${label} holds only the characters of a web address; "${bad.escaped}" at character ${bad.position} is not one of them.`;
  }
}

function firstBad(field: CheckedField, value: string): { char: string; escaped: string; position: number } | undefined {
  const alphabet =
    field === 'consumerKey'
      ? CONSUMER_KEY
      : field === 'username'
        ? USERNAME
        : field === 'myDomainUrl' || field === 'audience'
          ? URL_CHARS
          : undefined;
  let position = 0;
  for (const char of value) {
    position += 1;
    if (field === 'description' && DESCRIPTION_EXTRA.test(char)) continue;
    const invisible = field === 'name' && INVISIBLE.test(char);
    if (hasUnsafeText(char) || invisible || (alphabet && !alphabet.test(char))) {
      return { char, escaped: hasUnsafeText(char) || invisible ? visibleEscape(char) : char, position };
    }
  }
  return undefined;
}

/** A zod string for `field`, refusing what fieldProblem refuses (its message names the field and the character). */
export function checked<S extends z.ZodType<string | undefined>>(field: CheckedField, schema: S): S {
  return schema.superRefine((value, ctx) => {
    if (typeof value !== 'string') return;
    const problem = fieldProblem(field, value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }) as unknown as S;
}

/** A stored connection's fields that would be refused today, with why (shown escaped, flagged, fixable). */
export function storedFieldProblems(
  c: Partial<Record<CheckedField, string | undefined>>,
): { field: CheckedField; message: string }[] {
  return (Object.keys(FIELD_LABELS) as CheckedField[]).flatMap((field) => {
    const value = c[field];
    const message = typeof value === 'string' ? fieldProblem(field, value) : undefined;
    return message ? [{ field, message }] : [];
  });
}

/**
 * Parses input entering the service, a refusal as BAD_INPUT naming its field (the form highlights
 * it, the CLI names its flag) rather than a bare validation error.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.filter((p) => typeof p === 'string').at(-1);
  // zod's "Too big: expected string to have <=200 characters" names no field: say which, as the user sees it.
  const label = typeof field === 'string' && field in FIELD_LABELS ? FIELD_LABELS[field as CheckedField] : undefined;
  const tooLong =
    issue?.code === 'too_big' && label
      ? `${label} is too long: at most ${String(issue.maximum)} characters.`
      : undefined;
  throw new AppError(
    'BAD_INPUT',
    tooLong ?? issue?.message ?? 'Invalid input.',
    field ? 'Correct the highlighted field.' : undefined,
    {
      ...(isFieldName(field) && { field }),
      issues: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
    },
  );
}
