import { AppError } from '../../shared/errors.js';
import { isSandboxMyDomainHost, LOGIN_HOSTS } from '../../shared/salesforce-constants.js';
import type { LoginTarget } from '../../shared/salesforce.js';
import { audienceFitsTokenHost, hostName, isLoopbackHost, isSalesforceHost } from '../../shared/salesforce-hosts.js';
import { FIELDS } from '../../shared/fields.js';

export interface LoginPlan {
  tokenUrl: string;
  /** The audience to sign for first. */
  audience: string;
  /**
   * My Domain on one of Salesforce's own hosts only: the one audience to retry with when Salesforce
   * says "audience is invalid" (an assertion for login/test is good at Salesforce: never a stranger's).
   */
  retryAudience?: string;
}

/** A base URL the user typed: https, or http for loopback only (tests and the local emulator). */
export function normaliseBaseUrl(raw: string, field: 'myDomainUrl' | 'audience'): string {
  const label = field === 'audience' ? 'Audience' : FIELDS[field].label;
  let text = raw.trim();
  if (!/^[a-z]+:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError(
      'BAD_INPUT',
      `${label} "${raw}" is not a valid URL.`,
      'Enter it like https://yourcompany.my.salesforce.com',
      { field },
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new AppError(
      'BAD_INPUT',
      `${label} must use https:// (http:// is only allowed for this computer, e.g. a local emulator).`,
      `Use https://${url.host}`,
      { field },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError(
      'BAD_INPUT',
      `${label} must be an https:// address.`,
      'Enter it like https://yourcompany.my.salesforce.com',
      { field },
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new AppError(
      'BAD_INPUT',
      `${label} must be just the site address, with no user, query or #fragment.`,
      'Enter it like https://yourcompany.my.salesforce.com',
      { field },
    );
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * An Audience whose host is not the token host's: an assertion for one site handed to another. Allowed
 * between Salesforce's own hosts (a My Domain login for an Experience Cloud site) and on this computer
 * (the emulator); anything else could hand a stranger a credential that works at Salesforce, or Salesforce
 * one meant for a stranger.
 */
function audienceMismatch(tokenUrl: string, audience: string): AppError {
  const tokenHost = hostName(tokenUrl) ?? tokenUrl;
  const audienceHost = hostName(audience) ?? audience;
  const kind = (host: string) =>
    isSalesforceHost(host) ? 'a Salesforce host' : isLoopbackHost(host) ? 'this computer' : 'not a Salesforce host';
  return new AppError(
    'AUDIENCE_HOST_MISMATCH',
    `The Audience is ${audienceHost} (${kind(audienceHost)}) but the login goes to ${tokenHost} (${kind(tokenHost)}): jwt-connect sends an assertion only to the site it is signed for, or from one of Salesforce's own hosts to another. Nothing was signed or sent.`,
    "Clear the Audience (Advanced) to sign for the login host itself, or check the My Domain URL (a Salesforce org's ends in .my.salesforce.com; Setup → My Domain). If this connection came from a shared file, check who made it.",
    { field: 'audience', tokenHost, audienceHost },
  );
}

/** Token host and audience per environment, as docs/logging-in.md tables them, and the audience rule: what is signed for whom, decided before anything is signed. */
export function planLogin(target: LoginTarget): LoginPlan {
  const explicitAudience = target.audience ? normaliseBaseUrl(target.audience, 'audience') : undefined;
  let tokenBase: string;
  let retryAudience: string | undefined;
  if (target.environment === 'mydomain') {
    if (!target.myDomainUrl) {
      throw new AppError(
        'BAD_INPUT',
        'My Domain needs its URL.',
        'Enter the My Domain URL, e.g. https://yourcompany.my.salesforce.com (Setup → My Domain).',
        { field: 'myDomainUrl' },
      );
    }
    tokenBase = normaliseBaseUrl(target.myDomainUrl, 'myDomainUrl');
    const host = new URL(tokenBase).host;
    // An explicit audience is used as given, with no retry; the retry signs for login/test, which only
    // Salesforce may receive.
    if (!explicitAudience && isSalesforceHost(host))
      retryAudience = isSandboxMyDomainHost(host) ? LOGIN_HOSTS.sandbox : LOGIN_HOSTS.production;
  } else {
    tokenBase = LOGIN_HOSTS[target.environment];
  }
  const tokenUrl = `${tokenBase}/services/oauth2/token`;
  if (explicitAudience && !audienceFitsTokenHost(tokenUrl, explicitAudience))
    throw audienceMismatch(tokenUrl, explicitAudience);
  return { tokenUrl, audience: explicitAudience ?? tokenBase, ...(retryAudience && { retryAudience }) };
}
