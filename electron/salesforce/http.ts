// HTTP with a deadline and plain-language failures. The fetch is passed in: Electron's net.fetch in
// the app (system proxy and certificates), node-fetch.ts (node:https, HTTPS_PROXY) in the CLI.
import { AppError } from '../../shared/errors.js';
import { isLoopbackHost } from '../../shared/salesforce-hosts.js';

/** What we send: a subset of RequestInit, so Electron's net.fetch and Node's fetch fit as they are. */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Always 'manual' from here: a redirect is reported, never followed. */
  redirect?: 'manual' | 'follow' | 'error';
}

/** An answer larger than this is not Salesforce's: token, identity and query answers are a few KB. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

interface BodyReader {
  read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>;
  cancel(reason?: unknown): Promise<void>;
}

/** What we read back: a subset of Response, so node-fetch.ts need not build a real one (undici). */
export interface FetchResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  /** A real Response's stream: read with a cap, so an endless answer cannot fill the memory. */
  body?: { getReader(): BodyReader } | null;
  /** Set by real fetch implementations: true if a redirect was followed anyway. */
  redirected?: boolean;
  /** 'opaqueredirect' when a browser-style fetch hides a manual redirect's target. */
  type?: string;
}

export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

export interface HttpResponse {
  status: number;
  contentType: string;
  text: string;
  url: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** What the request carries, for the redirect message: "the signed assertion", "the access token". */
  carrying?: string;
  /** The DNS hint when the host came from the user (My Domain URL) rather than from us. */
  dnsHint?: string;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function errorCode(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const anyE = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof anyE.code === 'string') parts.push(anyE.code);
    if (typeof anyE.message === 'string') parts.push(anyE.message);
    e = anyE.cause;
  }
  return parts.join(' ');
}

/**
 * A server's own words, fit for a message: control characters (terminal escapes, carriage returns,
 * bidi overrides) become spaces, and the length is bounded. Whatever a server says reaches a terminal
 * or a CI log through the CLI, and the window through the messages.
 */
export function serverWords(text: string, max: number): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function resetError(host: string): AppError {
  return new AppError(
    'NETWORK_RESET',
    `The connection to ${host} was cut off before an answer arrived.`,
    'Try again. If it keeps happening, a firewall or proxy may be closing the connection.',
    { host },
  );
}

export function tooLargeError(host: string): AppError {
  return new AppError(
    'NOT_SALESFORCE',
    `The answer from ${host} is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB: that is not Salesforce's reply.`,
    'A proxy or wrong URL is in the way: check the My Domain URL.',
    { host },
  );
}

/** The body, at most MAX_RESPONSE_BYTES: a declared larger length or a stream that runs on is refused early. */
async function readCapped(response: FetchResponse, host: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '');
  const reader = response.body && typeof response.body.getReader === 'function' ? response.body.getReader() : undefined;
  if (declared > MAX_RESPONSE_BYTES) {
    void reader?.cancel().catch(() => undefined);
    throw tooLargeError(host);
  }
  if (!reader) return response.text();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done || !value) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      void reader.cancel().catch(() => undefined);
      throw tooLargeError(host);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** Node (undici) and Electron (Chromium net::ERR_*) report the same failures in different words. */
export function networkError(
  error: unknown,
  url: string,
  timeoutMs: number,
  timedOut: boolean,
  dnsHint?: string,
): AppError {
  const host = hostOf(url);
  const text = errorCode(error);
  if (
    timedOut ||
    /ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|ERR_TIMED_OUT|ERR_CONNECTION_TIMED_OUT/.test(
      text,
    )
  ) {
    return new AppError(
      'NETWORK_TIMEOUT',
      `No answer from ${host} within ${Math.round(timeoutMs / 1000)} s.`,
      'Check the network or VPN, then try again. A slow link may need a longer Timeout (Advanced).',
      { host },
    );
  }
  if (/ENOTFOUND|EAI_AGAIN|ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED/.test(text)) {
    return new AppError(
      'NETWORK_DNS',
      `The address ${host} could not be found (DNS).`,
      dnsHint ??
        'Check that this computer is online (and on the VPN if one is needed), and that its DNS resolves public names.',
      { host },
    );
  }
  if (/ECONNREFUSED|ERR_CONNECTION_REFUSED/.test(text)) {
    return new AppError(
      'NETWORK_REFUSED',
      `${host} refused the connection.`,
      'Check the URL and port. If you use a local emulator, start it first.',
      { host },
    );
  }
  // Before the TLS words: a connection cut during the handshake says "before secure TLS connection
  // was established", which is no certificate problem.
  if (/ECONNRESET|EPIPE|socket disconnected/.test(text)) return resetError(host);
  if (/CERT|SSL|TLS|UNABLE_TO_(GET|VERIFY)|SELF_SIGNED|DEPTH_ZERO/.test(text)) {
    return new AppError(
      'NETWORK_TLS',
      `The secure connection to ${host} could not be verified (certificate problem).`,
      'A corporate proxy that inspects HTTPS may be in the way: ask IT to install its root certificate on this computer.',
      { host },
    );
  }
  if (/PROXY|TUNNEL/.test(text)) {
    return new AppError(
      'NETWORK_PROXY',
      `The proxy refused or failed the connection to ${host}.`,
      'Check the proxy settings of this computer (system settings, or HTTPS_PROXY for the command line); the proxy may need credentials or may not allow this host.',
      { host },
    );
  }
  if (/UND_ERR_SOCKET|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|other side closed/.test(text))
    return resetError(host);
  return new AppError(
    'NETWORK_ERROR',
    `Could not reach ${host}.`,
    'Check the network connection and the URL, then try again.',
    { host },
  );
}

/** Where a redirect pointed, short and without its query (which is the server's, not ours to echo). */
function describeLocation(location: string | null, from: string): string {
  if (!location) return 'an address it did not name';
  try {
    const url = new URL(location, from);
    const shown = `${url.protocol}//${url.host}${url.pathname}`;
    return shown.length > 120 ? `${shown.slice(0, 119)}…` : shown;
  } catch {
    return 'an address that is not a valid URL';
  }
}

/** A 3xx is never followed: the request may carry the signed assertion or the access token. */
export function redirectError(url: string, location: string | null, carrying: string): AppError {
  const host = hostOf(url);
  const to = describeLocation(location, url);
  let toHost = '';
  let clear = false;
  try {
    const t = new URL(location ?? '', url);
    toHost = t.host;
    clear = t.protocol === 'http:' && !isLoopbackHost(t.hostname);
  } catch {
    /* described above */
  }
  const hint = clear
    ? 'The redirect leads to an unencrypted http:// address: something between you and Salesforce is rewriting traffic. Check the URL, and ask IT about the proxy or gateway.'
    : toHost && toHost !== host
      ? 'A proxy, single sign-on gateway or captive portal may be in the way (open the URL in a browser and sign in to the network if asked), or the address moved: then enter the new address as the My Domain URL.'
      : 'A proxy, single sign-on gateway or wrong URL is in the way: open the URL in a browser, sign in to the network if asked, and check the My Domain URL.';
  return new AppError(
    'REDIRECT_REFUSED',
    `${host} answered with a redirect to ${to} instead of Salesforce's reply; jwt-connect does not send ${carrying} on.`,
    hint,
    { host, redirectTo: to },
  );
}

/** Loopback (shared/salesforce-hosts.ts): the only hosts plain http:// is allowed for (tests and the local emulator). */
export { isLoopbackHost };

/** One request, body included, under one deadline. Never follows a redirect. Never throws anything but AppError. */
export async function httpRequest(fetchFn: FetchLike, url: string, options: RequestOptions): Promise<HttpResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  try {
    const response = await fetchFn(url, {
      method: options.method ?? 'GET',
      headers: { Accept: 'application/json', ...options.headers },
      ...(options.body !== undefined && { body: options.body }),
      signal: controller.signal,
      redirect: 'manual',
    });
    // A fetch that hides a manual redirect (status 0, 'opaqueredirect') or followed one anyway is
    // refused the same way as a visible 3xx.
    if (
      (response.status >= 300 && response.status < 400) ||
      response.status === 0 ||
      response.type === 'opaqueredirect' ||
      response.redirected === true
    ) {
      throw redirectError(url, response.headers.get('location'), options.carrying ?? 'the request');
    }
    const text = await readCapped(response, hostOf(url));
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, url };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw networkError(error, url, options.timeoutMs, timedOut, options.dnsHint);
  } finally {
    clearTimeout(timer);
  }
}

/** Parse a JSON answer; an HTML page (proxy, captive portal, wrong host) gets its own message. */
export function parseJson(response: HttpResponse): unknown {
  const host = hostOf(response.url);
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    const looksHtml = /html/i.test(response.contentType) || /^\s*</.test(response.text);
    const rawTitle = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(response.text)?.[1];
    const title = rawTitle === undefined ? undefined : serverWords(rawTitle, 120);
    throw new AppError(
      'NOT_SALESFORCE',
      looksHtml
        ? `${host} answered with a web page${title ? ` ("${title}")` : ''} instead of Salesforce's reply (HTTP ${response.status}).`
        : `${host} gave an answer that is not Salesforce's (HTTP ${response.status}).`,
      'A proxy, captive portal or wrong URL is in the way: open the URL in a browser, sign in to the network if asked, and check the My Domain URL.',
      { host, status: response.status },
    );
  }
}

export function serverError(response: HttpResponse): AppError {
  const host = hostOf(response.url);
  return new AppError(
    'SERVER_ERROR',
    `${host} had a problem of its own (HTTP ${response.status}).`,
    'Salesforce may be busy or in maintenance (see status.salesforce.com). Try again in a few minutes.',
    { host, status: response.status },
  );
}
