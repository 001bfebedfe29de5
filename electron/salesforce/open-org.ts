// Open in Salesforce: a single-use frontdoor URL from the UI Bridge API, the way `sf org open` does
// since 2025. POST {instance_url}/services/oauth2/singleaccess with the token in the form body
// answers {"frontdoor_uri"}: a URL that signs a browser in once. The access token itself never goes
// into a URL (the old frontdoor.jsp?sid=<token> did exactly that).
import { AppError } from '../../shared/errors.js';
import type { AuthoriseResult } from '../../shared/salesforce.js';
import type { Platform } from './authorise.js';
import { isLoopbackHost, isSalesforceHost } from '../../shared/salesforce-hosts.js';
import { httpRequest, parseJson, serverError, serverWords } from './http.js';
import { checkTokenUrls } from './token-answer.js';

export interface OpenOrgInput {
  /** A stored token: used when identity still accepts it, else a fresh login. */
  token?: Pick<AuthoriseResult, 'accessToken' | 'instanceUrl' | 'id'> | undefined;
  authorise: () => Promise<AuthoriseResult>;
  /** Where to land, relative to the org: /lightning/setup/SetupOneHome/home. */
  path?: string | undefined;
  timeoutMs: number;
}

export interface OpenOrgOutput {
  /** The single-use frontdoor URL. */
  url: string;
  /** The org's host, for "Opened acme.my.salesforce.com". */
  host: string;
  /** Set when a fresh login was needed. */
  newToken?: AuthoriseResult;
}

const MAX_PATH = 2000;

/** A landing path: relative to the org, so a frontdoor can never send the browser elsewhere. */
export function checkLandingPath(path: string | undefined): string | undefined {
  if (path === undefined || path.trim() === '') return undefined;
  const p = path.trim();
  const bad = (why: string) =>
    new AppError(
      'BAD_INPUT',
      `The page to open ${why}.`,
      'Give a path inside the org that starts with one /, e.g. /lightning/setup/SetupOneHome/home',
      { field: 'path' },
    );
  if (p.length > MAX_PATH) throw bad(`is longer than ${MAX_PATH} characters`);
  if (!p.startsWith('/') || p.startsWith('//') || p.includes('\\'))
    throw bad('must be a path inside the org (starting with a single /), not an address');
  if (/[\u0000-\u001f\u007f\s]/.test(p)) throw bad('must not contain spaces or control characters');
  return p;
}

/** Salesforce's own hosts, or this computer (the local emulator): the only places an org is opened from. */
function orgHost(host: string): boolean {
  return isSalesforceHost(host) || isLoopbackHost(host);
}

/**
 * The org's address, from the token answer, before the token is sent there to ask for a sign-in link:
 * a browser is signed in only at one of Salesforce's own hosts (or the emulator on this computer).
 */
export function checkInstanceHost(instanceUrl: string): void {
  const instance = new URL(instanceUrl);
  if (orgHost(instance.hostname)) return;
  throw new AppError(
    'NOT_SALESFORCE',
    `The org's address in the login answer is ${instance.host}, which is not one of Salesforce's hosts: jwt-connect does not ask it for a sign-in link nor open it in the browser.`,
    'Something between you and Salesforce rewrote the login answer, or the My Domain URL is not a Salesforce org. Check the My Domain URL and the network (proxy, VPN), then Authorise again.',
    { host: instance.host },
  );
}

/** The frontdoor URL must lead to the same org's Salesforce host over https (loopback http only for the emulator). */
export function checkFrontdoor(raw: unknown, instanceUrl: string, accessToken: string): URL {
  checkInstanceHost(instanceUrl);
  const instance = new URL(instanceUrl);
  const notOrg = (why: string) =>
    new AppError(
      'NOT_SALESFORCE',
      `${instance.host} answered the single-access request with a sign-in link that ${why}.`,
      'jwt-connect did not open it. A proxy or wrong URL may be in the way: check the My Domain URL and the network.',
      { host: instance.host },
    );
  if (typeof raw !== 'string' || raw.length > 4096) throw notOrg('is missing or not a link');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw notOrg('is not a valid URL');
  }
  const loopbackHttp = url.protocol === 'http:' && isLoopbackHost(url.hostname) && instance.protocol === 'http:';
  if (url.protocol !== 'https:' && !loopbackHttp) throw notOrg(`is not https (${url.protocol}//${url.host})`);
  if (url.username || url.password) throw notOrg('carries a user name or password');
  if (!sameOrgFamily(instance.hostname, url.hostname)) throw notOrg(`points at another site (${url.host})`);
  if (
    raw.includes(accessToken) ||
    decodedOrSelf(raw).includes(accessToken) ||
    decodedOrSelf(url.href).includes(accessToken)
  )
    throw notOrg('carries the access token itself');
  return url;
}

/** A link with a malformed %-escape is checked as it is (decodeURIComponent would throw). */
function decodedOrSelf(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * The org's own host (Salesforce's, or the emulator's on this computer), or acme.my.salesforce.com ↔
 * acme.lightning.force.com: same first label, both Salesforce's hosts.
 */
function sameOrgFamily(instanceHost: string, host: string): boolean {
  if (!orgHost(host)) return false;
  if (instanceHost.toLowerCase() === host.toLowerCase()) return true;
  const first = (h: string) => h.toLowerCase().split('.')[0];
  return isSalesforceHost(instanceHost) && isSalesforceHost(host) && first(instanceHost) === first(host);
}

function refusal(status: number, body: unknown): AppError {
  const obj = (Array.isArray(body) ? body[0] : body) as
    { error?: unknown; error_description?: unknown; errorCode?: unknown; message?: unknown } | undefined;
  const code =
    typeof obj?.error === 'string' ? obj.error : typeof obj?.errorCode === 'string' ? obj.errorCode : `HTTP ${status}`;
  const text =
    typeof obj?.error_description === 'string'
      ? obj.error_description
      : typeof obj?.message === 'string'
        ? obj.message
        : '';
  const words = serverWords(text ? `${code}: ${text}` : code, 300);
  return new AppError(
    'SALESFORCE_REFUSED',
    `Salesforce refused to open the org in a browser (${words}).`,
    'The Connected App\'s OAuth scopes may need "Access content resources over the web (web)" or "Full access (full)": add one, wait a few minutes, then Authorise again. The user also needs to be allowed to log in to the UI (not an API-only user).',
    { status, error: code },
  );
}

/** Does identity still accept this token? 401/403 → no; anything else is reported as it is. */
async function stillAccepted(
  token: NonNullable<OpenOrgInput['token']>,
  platform: Platform,
  timeoutMs: number,
): Promise<boolean> {
  checkTokenUrls(token);
  const response = await httpRequest(platform.fetch, token.id, {
    headers: { Authorization: `Bearer ${token.accessToken}` },
    timeoutMs,
    carrying: 'the access token',
  });
  if (response.status === 401 || response.status === 403) return false;
  if (response.status >= 500) throw serverError(response);
  return response.status === 200;
}

export async function openOrg(input: OpenOrgInput, platform: Platform): Promise<OpenOrgOutput> {
  const path = checkLandingPath(input.path);
  let newToken: AuthoriseResult | undefined;
  let token = input.token;
  if (token) checkInstanceHost(token.instanceUrl);
  if (!token || !(await stillAccepted(token, platform, input.timeoutMs))) {
    newToken = await input.authorise();
    token = newToken;
  }
  checkTokenUrls(token);
  checkInstanceHost(token.instanceUrl);
  const instanceUrl = token.instanceUrl.replace(/\/+$/, '');
  const form = new URLSearchParams({ access_token: token.accessToken, ...(path && { redirect_uri: path }) });
  // The token travels in the form body of a POST, never in the URL.
  const response = await httpRequest(platform.fetch, `${instanceUrl}/services/oauth2/singleaccess`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    timeoutMs: input.timeoutMs,
    carrying: 'the access token',
  });
  if (response.status >= 500) throw serverError(response);
  const body = parseJson(response);
  if (response.status !== 200) throw refusal(response.status, body);
  const url = checkFrontdoor((body as { frontdoor_uri?: unknown }).frontdoor_uri, instanceUrl, token.accessToken);
  return { url: url.toString(), host: new URL(instanceUrl).host, ...(newToken && { newToken }) };
}
