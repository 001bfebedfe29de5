// The JWT bearer token exchange: sign, POST, map the answer. One failed login is one request, except
// the single audience retry a My Domain login is allowed (docs/logging-in.md).
import type { KeyObject } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import type { FieldName } from '../../shared/fields.js';
import { DEFAULT_TIMEOUT_SECONDS } from '../../shared/salesforce-constants.js';
import type { AuthoriseResult, LoginTarget } from '../../shared/salesforce.js';
import { signAssertion } from './assertion.js';
import { planLogin } from './environment.js';
import { httpRequest, parseJson, serverError, type FetchLike } from './http.js';
import { oauthError } from './oauth-errors.js';
import type { WaitClock } from './keep-trying.js';
import { checkTokenUrls } from './token-answer.js';

export interface Platform {
  fetch: FetchLike;
  now?: () => Date;
  /** Opens an https URL in the user's browser (Electron: shell.openExternal). Absent in the browser mode and the CLI. */
  openExternal?: (url: string) => Promise<void>;
  /** The clock Keep trying / --wait pause on (tests pass a fast one); the real clock when absent. */
  waitClock?: WaitClock;
}

export interface AuthoriseInput extends LoginTarget {
  key: KeyObject;
  consumerKey: string;
  username: string;
}

export const JWT_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export function timeoutMs(target: Pick<LoginTarget, 'timeoutSeconds'>): number {
  return (target.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
}

function required(value: string, field: FieldName, label: string, hint: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new AppError('BAD_INPUT', `${label} is required.`, hint, { field });
  return trimmed;
}

interface TokenAnswer {
  access_token: string;
  instance_url: string;
  id: string;
  scope?: string;
}

/** A DNS failure on a host the user typed is most likely a typo; on login/test.salesforce.com it is not. */
const MY_DOMAIN_DNS_HINT =
  'Check the spelling of the My Domain URL (Setup → My Domain shows it), and that this computer is online (and on the VPN if one is needed).';

async function exchange(
  input: AuthoriseInput,
  platform: Platform,
  tokenUrl: string,
  audience: string,
): Promise<TokenAnswer> {
  const now = platform.now?.() ?? new Date();
  const assertion = await signAssertion(
    input.key,
    { consumerKey: input.consumerKey.trim(), username: input.username.trim(), audience },
    now,
  );
  const response = await httpRequest(platform.fetch, tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: JWT_GRANT_TYPE, assertion }).toString(),
    timeoutMs: timeoutMs(input),
    carrying: 'the signed assertion',
    ...(input.environment === 'mydomain' && { dnsHint: MY_DOMAIN_DNS_HINT }),
  });
  if (response.status >= 500) throw serverError(response);
  const body = parseJson(response);
  if (response.status !== 200) throw oauthError(response.status, body, { environment: input.environment, audience });
  const answer = body as Partial<TokenAnswer>;
  if (
    typeof answer.access_token !== 'string' ||
    typeof answer.instance_url !== 'string' ||
    typeof answer.id !== 'string'
  ) {
    throw new AppError(
      'NOT_SALESFORCE',
      'The token endpoint answered, but not with a Salesforce access token.',
      'Check the My Domain URL points at a Salesforce org.',
    );
  }
  // A token is printed by the CLI, put in environment lines and headers: Salesforce's are letters,
  // digits and ! . _ - (base64 characters allowed); anything else (escapes, newlines, quotes) is not one.
  if (!/^[A-Za-z0-9!._~+/=-]{1,4096}$/.test(answer.access_token)) {
    throw new AppError(
      'NOT_SALESFORCE',
      'The token endpoint answered with something that is not a Salesforce access token (unexpected characters or length).',
      'Check the My Domain URL points at a Salesforce org, and the network (proxy, VPN).',
    );
  }
  checkTokenUrls({ instanceUrl: answer.instance_url, id: answer.id }, tokenUrl);
  return answer as TokenAnswer;
}

export async function authorise(input: AuthoriseInput, platform: Platform): Promise<AuthoriseResult> {
  required(
    input.consumerKey,
    'consumerKey',
    'Consumer Key',
    'Copy the Consumer Key from the Connected App (App Manager → View → Manage Consumer Details).',
  );
  required(
    input.username,
    'username',
    'Username',
    'Enter the Salesforce username of the integration user, e.g. integration@yourcompany.com',
  );
  const plan = planLogin(input);
  const started = performance.now();
  let audience = plan.audience;
  let audienceNote: string | undefined;
  let answer: TokenAnswer;
  try {
    answer = await exchange(input, platform, plan.tokenUrl, audience);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'AUDIENCE_INVALID' || !plan.retryAudience) throw error;
    audience = plan.retryAudience;
    try {
      answer = await exchange(input, platform, plan.tokenUrl, audience);
    } catch (retryError) {
      // The retry's answer is the more telling one unless it too refused the audience.
      if (retryError instanceof AppError && retryError.code !== 'AUDIENCE_INVALID') throw retryError;
      throw error;
    }
    audienceNote = `The My Domain URL was refused as audience; ${audience} worked. Set it as the Audience (Advanced) to log in with one request.`;
  }
  return {
    accessToken: answer.access_token,
    // As the URL parser reads it (a Unicode look-alike host shown as the xn-- host it really is).
    instanceUrl: new URL(answer.instance_url).origin,
    id: answer.id,
    ...(answer.scope !== undefined && { scope: answer.scope }),
    tokenUrl: plan.tokenUrl,
    audience,
    ...(audienceNote && { audienceNote }),
    issuedAt: (platform.now?.() ?? new Date()).toISOString(),
    elapsedMs: Math.round(performance.now() - started),
  };
}
