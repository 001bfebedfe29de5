// Open in Salesforce: a single-use frontdoor URL from the UI Bridge API, the way `sf org open` does
// since 2025. POST {instance_url}/services/oauth2/singleaccess with the token in the form body
// answers {"frontdoor_uri"}: a URL that signs a browser in once. The access token itself never goes
// into a URL (the old frontdoor.jsp?sid=<token> did exactly that).
import { AppError } from '../../shared/errors.js';
import type { AuthoriseResult } from '../../shared/salesforce.js';
import type { Platform } from './authorise.js';
import { httpRequest, isLoopbackHost, parseJson, serverError, serverWords } from './http.js';
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
/** Domains Salesforce serves an org's pages from; a frontdoor URL elsewhere is not the org's. */
const SALESFORCE_DOMAINS = /\.(salesforce\.com|force\.com|salesforce\.mil|cloudforce\.com|sfcrmproducts\.cn|salesforce-setup\.com|site\.com)$/i;

/** A landing path: relative to the org, so a frontdoor can never send the browser elsewhere. */
export function checkLandingPath(path: string | undefined): string | undefined {
  if (path === undefined || path.trim() === '') return undefined;
  const p = path.trim();
  const bad = (why: string) => new AppError('BAD_INPUT', `The page to open ${why}.`,
    'Give a path inside the org that starts with one /, e.g. /lightning/setup/SetupOneHome/home', { field: 'path' });
  if (p.length > MAX_PATH) throw bad(`is longer than ${MAX_PATH} characters`);
  if (!p.startsWith('/') || p.startsWith('//') || p.includes('\\')) throw bad('must be a path inside the org (starting with a single /), not an address');
  if (/[\u0000-\u001f\u007f\s]/.test(p)) throw bad('must not contain spaces or control characters');
  return p;
}

/** The frontdoor URL must lead to the same org over https (loopback http only for the emulator). */
export function checkFrontdoor(raw: unknown, instanceUrl: string, accessToken: string): URL {
  const instance = new URL(instanceUrl);
  const notOrg = (why: string) => new AppError('NOT_SALESFORCE', `${instance.host} answered the single-access request with a sign-in link that ${why}.`,
    'jwt-connect did not open it. A proxy or wrong URL may be in the way: check the My Domain URL and the network.', { host: instance.host });
  if (typeof raw !== 'string' || raw.length > 4096) throw notOrg('is missing or not a link');
  let url: URL;
  try { url = new URL(raw); } catch { throw notOrg('is not a valid URL'); }
  const loopbackHttp = url.protocol === 'http:' && isLoopbackHost(url.hostname) && instance.protocol === 'http:';
  if (url.protocol !== 'https:' && !loopbackHttp) throw notOrg(`is not https (${url.protocol}//${url.host})`);
  if (url.username || url.password) throw notOrg('carries a user name or password');
  if (!sameOrgFamily(instance.hostname, url.hostname)) throw notOrg(`points at another site (${url.host})`);
  if (raw.includes(accessToken) || decodedOrSelf(raw).includes(accessToken) || decodedOrSelf(url.href).includes(accessToken)) throw notOrg('carries the access token itself');
  return url;
}

/** A link with a malformed %-escape is checked as it is (decodeURIComponent would throw). */
function decodedOrSelf(text: string): string {
  try { return decodeURIComponent(text.replace(/\+/g, ' ')); } catch { return text; }
}

/** acme.my.salesforce.com ↔ acme.lightning.force.com: same first label, both Salesforce's domains. */
function sameOrgFamily(instanceHost: string, host: string): boolean {
  if (instanceHost.toLowerCase() === host.toLowerCase()) return true;
  const first = (h: string) => h.toLowerCase().split('.')[0];
  return SALESFORCE_DOMAINS.test(instanceHost) && SALESFORCE_DOMAINS.test(host) && first(instanceHost) === first(host);
}

function refusal(status: number, body: unknown): AppError {
  const obj = (Array.isArray(body) ? body[0] : body) as { error?: unknown; error_description?: unknown; errorCode?: unknown; message?: unknown } | undefined;
  const code = typeof obj?.error === 'string' ? obj.error : typeof obj?.errorCode === 'string' ? obj.errorCode : `HTTP ${status}`;
  const text = typeof obj?.error_description === 'string' ? obj.error_description : typeof obj?.message === 'string' ? obj.message : '';
  const words = serverWords(text ? `${code}: ${text}` : code, 300);
  return new AppError('SALESFORCE_REFUSED', `Salesforce refused to open the org in a browser (${words}).`,
    'The Connected App\'s OAuth scopes may need "Access content resources over the web (web)" or "Full access (full)": add one, wait a few minutes, then Authorise again. The user also needs to be allowed to log in to the UI (not an API-only user).',
    { status, error: code });
}

/** Does identity still accept this token? 401/403 → no; anything else is reported as it is. */
async function stillAccepted(token: NonNullable<OpenOrgInput['token']>, platform: Platform, timeoutMs: number): Promise<boolean> {
  checkTokenUrls(token);
  const response = await httpRequest(platform.fetch, token.id, { headers: { Authorization: `Bearer ${token.accessToken}` }, timeoutMs, carrying: 'the access token' });
  if (response.status === 401 || response.status === 403) return false;
  if (response.status >= 500) throw serverError(response);
  return response.status === 200;
}

export async function openOrg(input: OpenOrgInput, platform: Platform): Promise<OpenOrgOutput> {
  const path = checkLandingPath(input.path);
  let newToken: AuthoriseResult | undefined;
  let token = input.token;
  if (!token || !(await stillAccepted(token, platform, input.timeoutMs))) {
    newToken = await input.authorise();
    token = newToken;
  }
  checkTokenUrls(token);
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
