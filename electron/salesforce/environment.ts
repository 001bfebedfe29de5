import { AppError } from '../../shared/errors.js';
import { LOGIN_HOSTS } from '../../shared/salesforce-constants.js';
import type { LoginTarget } from '../../shared/salesforce.js';
import { isLoopbackHost } from './http.js';

export interface LoginPlan {
  tokenUrl: string;
  /** The audience to sign for first. */
  audience: string;
  /** My Domain only: the one audience to retry with when Salesforce says "audience is invalid". */
  retryAudience?: string;
}

/** A base URL the user typed: https, or http for loopback only (tests and the local emulator). */
export function normaliseBaseUrl(raw: string, field: string): string {
  let text = raw.trim();
  if (!/^[a-z]+:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('BAD_INPUT', `${field} "${raw}" is not a valid URL.`, 'Enter it like https://yourcompany.my.salesforce.com', { field });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new AppError('BAD_INPUT', `${field} must use https:// (http:// is only allowed for this computer, e.g. a local emulator).`,
      `Use https://${url.host}`, { field });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('BAD_INPUT', `${field} must be an https:// address.`, 'Enter it like https://yourcompany.my.salesforce.com', { field });
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new AppError('BAD_INPUT', `${field} must be just the site address, with no user, query or #fragment.`, 'Enter it like https://yourcompany.my.salesforce.com', { field });
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** Sandbox My Domains look like <name>--<sandbox>.sandbox.my.salesforce.com. */
function looksLikeSandbox(host: string): boolean {
  return /\.sandbox\.my\.salesforce\.com$/i.test(host) || /--/.test(host);
}

/** Token host and audience per environment, as docs/logging-in.md tables them. */
export function planLogin(target: LoginTarget): LoginPlan {
  const explicitAudience = target.audience ? normaliseBaseUrl(target.audience, 'Audience') : undefined;
  if (target.environment === 'mydomain') {
    if (!target.myDomainUrl) {
      throw new AppError('BAD_INPUT', 'My Domain needs its URL.', 'Enter the My Domain URL, e.g. https://yourcompany.my.salesforce.com (Setup → My Domain).', { field: 'myDomainUrl' });
    }
    const base = normaliseBaseUrl(target.myDomainUrl, 'My Domain URL');
    const host = new URL(base).host;
    return {
      tokenUrl: `${base}/services/oauth2/token`,
      audience: explicitAudience ?? base,
      // An explicit audience is used as given, with no retry.
      ...(!explicitAudience && { retryAudience: looksLikeSandbox(host) ? LOGIN_HOSTS.sandbox : LOGIN_HOSTS.production }),
    };
  }
  const host = LOGIN_HOSTS[target.environment];
  return { tokenUrl: `${host}/services/oauth2/token`, audience: explicitAudience ?? host };
}
