// Which hosts are Salesforce's own, and which are this computer. One home for the question: the login
// (audience retry and override), the token answer's identity URL, Open in Salesforce and the window's
// "not a Salesforce host" mark all ask here. Pure: the WHATWG URL parser (in Node and in the browser)
// does the hard part of reading a host (IDN to punycode, case, userinfo, ports, IPv4 shorthands).

/**
 * The domains Salesforce serves orgs from (commercial, Experience Cloud sites, government and military,
 * China). A host is Salesforce's only if it is one of these or ends with one after a dot.
 */
export const SALESFORCE_HOST_SUFFIXES = [
  'salesforce.com',
  'force.com',
  'cloudforce.com',
  'salesforce-setup.com',
  'visualforce.com',
  'site.com',
  'salesforce.mil',
  'force.mil',
  'cloudforce.mil',
  'visualforce.mil',
  'crmforce.mil',
  'sfcrmproducts.cn',
  'sfcrmapps.cn',
] as const;

const MAX_HOST_INPUT = 2048;

/**
 * The host name a URL or a bare host names, as the network will resolve it: lower case, punycode
 * for international names, no port, no user info, no trailing dot, IPv6 without brackets.
 * Undefined when there is no host to be read.
 */
export function hostName(urlOrHost: string): string | undefined {
  const text = urlOrHost.trim();
  if (!text || text.length > MAX_HOST_INPUT) return undefined;
  // A bare IPv6 address (::1) has colons a URL would read as a port.
  const bareIpv6 = /^[0-9a-f:.]+$/i.test(text) && (text.match(/:/g)?.length ?? 0) >= 2;
  // Read under https whatever the scheme: other schemes' hosts are opaque to the parser (no IDN, no case).
  const asUrl = bareIpv6 ? `https://[${text}]` : `https://${text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')}`;
  let host: string;
  try {
    host = new URL(asUrl).hostname;
  } catch {
    return undefined;
  }
  if (host.startsWith('[') && host.endsWith(']')) return host.slice(1, -1);
  host = host.replace(/\.$/, '');
  // An empty label (a..b, .a) is no host anyone serves; refuse it rather than let a suffix match it.
  if (!host || host.split('.').some((label) => label === '')) return undefined;
  return host;
}

/** This computer: 127.0.0.0/8, ::1 and localhost (the local emulator and tests). */
export function isLoopbackHost(urlOrHost: string): boolean {
  const host = hostName(urlOrHost);
  if (host === undefined) return false;
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** One of Salesforce's own hosts: a suffix of SALESFORCE_HOST_SUFFIXES at a dot boundary, or one exactly. */
export function isSalesforceHost(urlOrHost: string): boolean {
  const host = hostName(urlOrHost);
  if (host === undefined) return false;
  return SALESFORCE_HOST_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

/**
 * Whether an assertion signed for `audience` may be sent to `tokenHost`: the same host always; two
 * different hosts only when both are Salesforce's or both this computer. An assertion whose audience is
 * Salesforce is a credential at Salesforce for three minutes: it must never reach anyone else.
 */
export function audienceFitsTokenHost(tokenHost: string, audience: string): boolean {
  const token = hostName(tokenHost);
  const aud = hostName(audience);
  if (token === undefined || aud === undefined) return false;
  if (token === aud) return true;
  return (isSalesforceHost(token) && isSalesforceHost(aud)) || (isLoopbackHost(token) && isLoopbackHost(aud));
}

/**
 * The host of a My Domain URL that is neither Salesforce's nor this computer's, for the window's
 * warning mark; undefined for Salesforce, loopback, empty or unreadable input.
 */
export function foreignLoginHost(myDomainUrl: string | undefined): string | undefined {
  if (!myDomainUrl?.trim()) return undefined;
  const host = hostName(myDomainUrl);
  if (host === undefined || isSalesforceHost(host) || isLoopbackHost(host)) return undefined;
  return host;
}
