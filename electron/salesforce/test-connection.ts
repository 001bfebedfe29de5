// Test Connection: identity, Organization, limits, each timed; one re-authorise on 401/403.
import { AppError } from '../../shared/errors.js';
import type { AuthoriseResult, TestConnectionResult, TestStep } from '../../shared/salesforce.js';
import { httpRequest, parseJson, serverError, serverWords } from './http.js';
import type { Platform } from './authorise.js';
import { checkTokenUrls, identityIds } from './token-answer.js';

export interface TestConnectionInput {
  /** The stored token, or none: then authorise first. */
  token?: Pick<AuthoriseResult, 'accessToken' | 'instanceUrl' | 'id'> | undefined;
  authorise: () => Promise<AuthoriseResult>;
  timeoutMs: number;
}

export interface TestConnectionOutput {
  result: TestConnectionResult;
  /** Set when a new token was obtained on the way (first authorise or the one retry). */
  newToken?: AuthoriseResult;
}

const ORG_QUERY = 'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, OrganizationType FROM Organization';
const FALLBACK_API_VERSION = '62.0';

class Unauthorised extends Error {}

/** What each step needs from the user, for refusals without a more specific hint. */
const STEP_HINTS: Record<string, string> = {
  identity: 'Check that the user is active and may use the API (API Enabled).',
  organization: 'Check that the user can use the API (API Enabled) and read the Organization object.',
  limits:
    'Reading the org\'s limits may need the "View Setup and Configuration" permission: add it to the user\'s profile or a permission set.',
};

/** Hints for REST errorCodes that say more than the step does. */
const CODE_HINTS: Record<string, string> = {
  API_DISABLED_FOR_ORG: 'The user needs the "API Enabled" permission, and the org\'s edition must include API access.',
  API_CURRENTLY_DISABLED:
    'The user needs the "API Enabled" permission, and the org\'s edition must include API access.',
  REQUEST_LIMIT_EXCEEDED:
    'The org has used up its API request limit for the last 24 hours (Setup → Company Information shows it). Wait for it to recover, or ask Salesforce for a higher limit.',
  INSUFFICIENT_ACCESS: "The user lacks a permission this call needs: check the user's profile and permission sets.",
};

/** Identity answers its refusals in plain words (Bad_Id, Inactive, No_Access…), not JSON. */
const IDENTITY_HINTS: Record<string, string> = {
  Inactive: 'The user or the org is inactive: ask an admin to reactivate the user, or check the org is not expired.',
  No_Access:
    "The user has no access to this information: check the user's profile and that the Connected App's scopes include api or id.",
  Bad_Id: "The identity URL does not belong to this token's user: Authorise again.",
  Wrong_Org: "The identity URL does not belong to this token's org: Authorise again.",
};

function restError(status: number, body: unknown, step: string): AppError {
  const first = Array.isArray(body) ? (body[0] as { message?: unknown; errorCode?: unknown } | undefined) : undefined;
  const code = typeof first?.errorCode === 'string' ? serverWords(first.errorCode, 80) : undefined;
  const text = typeof first?.message === 'string' ? serverWords(first.message, 300) : undefined;
  const words = text ? `${code ?? 'ERROR'}: ${text}` : `HTTP ${status}`;
  return new AppError(
    'SALESFORCE_REFUSED',
    `Salesforce refused the API call: ${words}.`,
    (code && CODE_HINTS[code]) ?? STEP_HINTS[step] ?? 'Check that the user can use the API.',
    { status, ...(code && { errorCode: code }) },
  );
}

function identityRefusal(status: number, word: string): AppError {
  return new AppError(
    'SALESFORCE_REFUSED',
    `Salesforce's identity service refused the token: ${word} (HTTP ${status}).`,
    IDENTITY_HINTS[word] ?? 'Authorise again; if it keeps happening, check the user is active and may use the API.',
    { status, error: word },
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const sameId = (a: string, b: string) => a.slice(0, 15) === b.slice(0, 15); // 15- and 18-character forms

/** "Works" only if identity named the user, and named the org and user the login answer named. */
function namedUser(
  body: unknown,
  idUrl: string,
): Record<string, unknown> & { username: string; user_id: string; organization_id: string } {
  const identity = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const { orgId, userId } = identityIds(idUrl);
  if (!nonEmpty(identity.username) || !nonEmpty(identity.user_id) || !nonEmpty(identity.organization_id)) {
    throw new AppError(
      'NOT_SALESFORCE',
      `${hostOf(idUrl)} answered the identity request without naming the user (username, user id and org id).`,
      "This is not Salesforce's identity service: a proxy or wrong URL is in the way. Check the My Domain URL and the network, then try again.",
      { host: hostOf(idUrl) },
    );
  }
  if (!sameId(identity.user_id, userId) || !sameId(identity.organization_id, orgId)) {
    throw new AppError(
      'NOT_SALESFORCE',
      `${hostOf(idUrl)} named a different user or org than the login answer did.`,
      'This is not the org that issued the token: a proxy or wrong URL is in the way. Check the My Domain URL and the network, then try again.',
      { host: hostOf(idUrl) },
    );
  }
  return identity as Record<string, unknown> & { username: string; user_id: string; organization_id: string };
}

/** The Organization query must return the org, with its name. */
function namedOrg(body: unknown, instanceUrl: string): Record<string, unknown> & { Name: string } {
  const records = body && typeof body === 'object' ? (body as { records?: unknown }).records : undefined;
  const first = Array.isArray(records) ? (records[0] as Record<string, unknown> | undefined) : undefined;
  if (!first || typeof first !== 'object' || !nonEmpty(first.Name)) {
    throw new AppError(
      'NOT_SALESFORCE',
      `${hostOf(instanceUrl)} answered the Organization query without the org.`,
      'Salesforce always returns the org to this query: this is not a Salesforce org, or a proxy is in the way. Check the My Domain URL and the network, then try again.',
      { host: hostOf(instanceUrl) },
    );
  }
  return first as Record<string, unknown> & { Name: string };
}

export async function testConnection(input: TestConnectionInput, platform: Platform): Promise<TestConnectionOutput> {
  const started = performance.now();
  const steps: TestStep[] = [];
  let newToken: AuthoriseResult | undefined;
  let reauthorised = false;
  let token = input.token;

  async function timed<T>(name: TestStep['name'], run: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      const value = await run();
      steps.push({ name, ok: true, elapsedMs: Math.round(performance.now() - t0) });
      return value;
    } catch (error) {
      steps.push({ name, ok: false, elapsedMs: Math.round(performance.now() - t0) });
      throw error;
    }
  }

  async function getJson(url: string, step: string): Promise<unknown> {
    const current = token as NonNullable<typeof token>;
    // The URLs come from a token answer (maybe one stored earlier): checked before any Bearer leaves.
    checkTokenUrls(current);
    const response = await httpRequest(platform.fetch, url, {
      headers: { Authorization: `Bearer ${current.accessToken}` },
      timeoutMs: input.timeoutMs,
      carrying: 'the access token',
    });
    // REST answers a bad token with 401 INVALID_SESSION_ID, identity with 403 "Bad_OAuth_Token";
    // other 403s (API disabled, no access) are real refusals, reported below.
    if (
      response.status === 401 ||
      (response.status === 403 && /Bad_OAuth_Token|INVALID_SESSION_ID|Session expired/i.test(response.text))
    ) {
      throw new Unauthorised();
    }
    if (response.status >= 500) throw serverError(response);
    if (step === 'identity' && response.status !== 200 && /^\s*[A-Za-z_]{2,40}\s*$/.test(response.text))
      throw identityRefusal(response.status, response.text.trim());
    const body = parseJson(response);
    if (response.status !== 200) throw restError(response.status, body, step);
    return body;
  }

  /** One step with the one allowed re-authorise. */
  async function call(name: TestStep['name'], url: () => string): Promise<unknown> {
    return timed(name, async () => {
      try {
        return await getJson(url(), name);
      } catch (error) {
        if (!(error instanceof Unauthorised)) throw error;
        if (!reauthorised) {
          reauthorised = true;
          newToken = await input.authorise();
          token = newToken;
          try {
            return await getJson(url(), name);
          } catch (retryError) {
            if (!(retryError instanceof Unauthorised)) throw retryError;
          }
        }
        throw new AppError(
          'SESSION_INVALID',
          'Salesforce did not accept a freshly issued access token.',
          "An admin may have revoked the session, or the user lacks API access. Check Setup → Session Management and the user's API Enabled permission.",
        );
      }
    });
  }

  if (!token) {
    newToken = await timed('authorise', input.authorise);
    token = newToken;
  }

  const identity = namedUser(
    await call('identity', () => (token as NonNullable<typeof token>).id),
    (token as NonNullable<typeof token>).id,
  );
  const instanceUrl = () => (token as NonNullable<typeof token>).instanceUrl.replace(/\/+$/, '');

  // The versions list needs no auth; the newest version is used for the next two calls.
  let apiVersion = FALLBACK_API_VERSION;
  try {
    const versions = parseJson(
      await httpRequest(platform.fetch, `${instanceUrl()}/services/data/`, { timeoutMs: input.timeoutMs }),
    );
    const last = Array.isArray(versions) ? (versions.at(-1) as { version?: string } | undefined) : undefined;
    // Only a version goes into the next URLs, never whatever else the answer holds.
    if (typeof last?.version === 'string' && /^\d{1,3}\.\d{1,2}$/.test(last.version)) apiVersion = last.version;
  } catch {
    /* keep the fallback version; the next calls report any real problem */
  }

  const org = namedOrg(
    await call(
      'organization',
      () => `${instanceUrl()}/services/data/v${apiVersion}/query?q=${encodeURIComponent(ORG_QUERY)}`,
    ),
    instanceUrl(),
  );
  const limits = (await call('limits', () => `${instanceUrl()}/services/data/v${apiVersion}/limits`)) as {
    DailyApiRequests?: { Max?: number; Remaining?: number };
  };

  const result: TestConnectionResult = {
    // What the servers named is shown in the window and printed by the CLI: without control characters.
    identity: {
      username: serverWords(identity.username, 255),
      userId: serverWords(identity.user_id, 18),
      orgId: serverWords(identity.organization_id, 18),
      displayName: serverWords(String(identity.display_name ?? ''), 255),
      ...(typeof identity.email === 'string' && { email: serverWords(identity.email, 255) }),
    },
    organization: {
      name: serverWords(org.Name, 255),
      type: serverWords(String(org.OrganizationType ?? ''), 80),
      isSandbox: org.IsSandbox === true,
      instanceName: serverWords(String(org.InstanceName ?? ''), 40),
      trialExpirationDate:
        typeof org.TrialExpirationDate === 'string' ? serverWords(org.TrialExpirationDate, 40) : null,
    },
    limits: {
      dailyApiRequests: {
        max: Number(limits.DailyApiRequests?.Max ?? 0),
        remaining: Number(limits.DailyApiRequests?.Remaining ?? 0),
      },
    },
    apiVersion,
    instanceUrl: instanceUrl(),
    reauthorised,
    steps,
    totalMs: Math.round(performance.now() - started),
  };
  return { result, ...(newToken && { newToken }) };
}
