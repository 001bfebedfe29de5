// Where the access token may go. The token answer names two URLs (`instance_url`, `id`) that later
// receive `Authorization: Bearer`; a token answer is outside input, so both are checked before any
// Bearer is sent: https (plain http only for this computer, the local emulator), no user or port
// tricks, and an identity URL shaped as Salesforce's /id/<org id>/<user id>.
import { AppError } from '../../shared/errors.js';
import { isLoopbackHost, isSalesforceHost } from '../../shared/salesforce-hosts.js';
import { hasUnsafeText } from '../../shared/safe-text.js';

/** Salesforce ids are 15 or 18 characters; the emulator's are 15-18 too. */
const IDENTITY_PATH = /^\/id\/([A-Za-z0-9]{15,18})\/([A-Za-z0-9]{15,18})\/?$/;
const MAX_URL_LENGTH = 2048;

export interface TokenUrls {
  instanceUrl: string;
  id: string;
}

function unsafe(field: string, shown: string, why: string): AppError {
  return new AppError(
    'TOKEN_ANSWER_UNSAFE',
    `The login answer names ${shown} as its ${field}: ${why}. jwt-connect does not send the access token there.`,
    'Something between you and Salesforce rewrote the answer, or the URL is not a Salesforce org. Check the My Domain URL and the network (proxy, VPN), and try again.',
    { answerField: field },
  );
}

function check(raw: string, field: string, allowHttpLoopback: boolean): URL {
  if (raw.length > MAX_URL_LENGTH)
    throw unsafe(field, "an address too long to be Salesforce's", 'it is not a sane URL');
  // The URL parser drops a leading ESC or a newline and would pass the rest; the raw text is what is
  // stored and later copied or printed, so a control character anywhere in it is refused.
  if (hasUnsafeText(raw))
    throw unsafe(field, 'an address with control or text-direction characters in it', 'it is not a sane URL');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw unsafe(field, 'something that is not a URL', 'it is not a sane URL');
  }
  const shown = `${url.protocol}//${url.host}`;
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname))
      throw unsafe(field, shown, 'it is plain http://, so the token would travel unencrypted');
    if (!allowHttpLoopback)
      throw unsafe(field, shown, 'it is plain http:// on this computer, though the login itself was over https');
  } else if (url.protocol !== 'https:') {
    throw unsafe(
      field,
      shown.length > 60 ? `a ${url.protocol} address` : shown,
      'only https:// addresses receive the token',
    );
  }
  if (url.username || url.password) throw unsafe(field, shown, 'it carries a user name or password');
  if (url.search || url.hash) throw unsafe(field, shown, 'it carries a query or fragment');
  return url;
}

/**
 * Checks both URLs; returns the org and user ids the identity URL names. `loginUrl` is the token
 * URL that gave the answer, when known: plain-http loopback is accepted only if the login was too.
 */
export function checkTokenUrls(urls: TokenUrls, loginUrl?: string): { orgId: string; userId: string } {
  let loginWasLoopbackHttp = true; // a stored token from before: the scheme rule alone applies
  if (loginUrl) {
    try {
      const l = new URL(loginUrl);
      loginWasLoopbackHttp = l.protocol === 'http:' && isLoopbackHost(l.hostname);
    } catch {
      loginWasLoopbackHttp = false;
    }
  }
  const instance = check(urls.instanceUrl, 'instance_url', loginWasLoopbackHttp);
  if (instance.pathname.replace(/\/+$/, '') !== '')
    throw unsafe(
      'instance_url',
      `${instance.protocol}//${instance.host}${instance.pathname.slice(0, 40)}`,
      'an instance URL is a bare site address',
    );
  const ids = identityIds(urls.id, loginWasLoopbackHttp);
  if (loginUrl) {
    // Salesforce names its identity service on the login host, the org's own host or another of its
    // own domains (login.salesforce.com for a My Domain login): never on a stranger's host.
    const idHost = new URL(urls.id).hostname.toLowerCase();
    const known = [new URL(loginUrl).hostname, instance.hostname].map((h) => h.toLowerCase());
    if (!known.includes(idHost) && !isSalesforceHost(idHost)) {
      throw unsafe(
        'identity URL (id)',
        `https://${new URL(urls.id).host}`,
        "it is neither the login host, the org's host nor one of Salesforce's domains",
      );
    }
  }
  return ids;
}

/** The org and user ids an identity URL names (checked as above). */
export function identityIds(id: string, allowHttpLoopback = true): { orgId: string; userId: string } {
  const identity = check(id, 'identity URL (id)', allowHttpLoopback);
  const match = IDENTITY_PATH.exec(identity.pathname);
  if (!match)
    throw unsafe(
      'identity URL (id)',
      `${identity.protocol}//${identity.host}${identity.pathname.slice(0, 40)}`,
      "it is not shaped like Salesforce's /id/<org id>/<user id>",
    );
  return { orgId: match[1] as string, userId: match[2] as string };
}
