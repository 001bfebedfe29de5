// HTTP with a deadline and plain-language failures. The fetch is passed in: Electron's net.fetch in
// the app (system proxy and certificates), Node's fetch in the CLI and tests.
import { AppError } from '../../shared/errors.js';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

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
}

function hostOf(url: string): string {
  try { return new URL(url).host; } catch { return url; }
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

/** Node (undici) and Electron (Chromium net::ERR_*) report the same failures in different words. */
export function networkError(error: unknown, url: string, timeoutMs: number, timedOut: boolean): AppError {
  const host = hostOf(url);
  const text = errorCode(error);
  if (timedOut || /ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|ERR_TIMED_OUT|ERR_CONNECTION_TIMED_OUT/.test(text)) {
    return new AppError('NETWORK_TIMEOUT', `No answer from ${host} within ${Math.round(timeoutMs / 1000)} s.`,
      'Check the network or VPN, then try again. A slow link may need a longer Timeout (Advanced).', { host });
  }
  if (/ENOTFOUND|EAI_AGAIN|ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED/.test(text)) {
    return new AppError('NETWORK_DNS', `The address ${host} could not be found (DNS).`,
      'Check the spelling of the My Domain URL, and that this computer is online (and on the VPN if one is needed).', { host });
  }
  if (/ECONNREFUSED|ERR_CONNECTION_REFUSED/.test(text)) {
    return new AppError('NETWORK_REFUSED', `${host} refused the connection.`,
      'Check the URL and port. If you use a local emulator, start it first.', { host });
  }
  if (/CERT|SSL|TLS|UNABLE_TO_(GET|VERIFY)|SELF_SIGNED|DEPTH_ZERO/.test(text)) {
    return new AppError('NETWORK_TLS', `The secure connection to ${host} could not be verified (certificate problem).`,
      'A corporate proxy that inspects HTTPS may be in the way: ask IT to install its root certificate on this computer.', { host });
  }
  if (/PROXY|TUNNEL/.test(text)) {
    return new AppError('NETWORK_ERROR', `The proxy refused or failed the connection to ${host}.`,
      'Check the proxy settings of this computer.', { host });
  }
  if (/ECONNRESET|EPIPE|UND_ERR_SOCKET|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|other side closed/.test(text)) {
    return new AppError('NETWORK_RESET', `The connection to ${host} was cut off before an answer arrived.`,
      'Try again. If it keeps happening, a firewall or proxy may be closing the connection.', { host });
  }
  return new AppError('NETWORK_ERROR', `Could not reach ${host}.`, 'Check the network connection and the URL, then try again.', { host });
}

/** One request, body included, under one deadline. Never throws anything but AppError. */
export async function httpRequest(fetchFn: FetchLike, url: string, options: RequestOptions): Promise<HttpResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, options.timeoutMs);
  try {
    const response = await fetchFn(url, {
      method: options.method ?? 'GET',
      headers: { Accept: 'application/json', ...options.headers },
      ...(options.body !== undefined && { body: options.body }),
      signal: controller.signal,
    });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, url };
  } catch (error) {
    throw networkError(error, url, options.timeoutMs, timedOut);
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
    const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(response.text)?.[1]?.trim();
    throw new AppError('NOT_SALESFORCE',
      looksHtml
        ? `${host} answered with a web page${title ? ` ("${title}")` : ''} instead of Salesforce's reply (HTTP ${response.status}).`
        : `${host} gave an answer that is not Salesforce's (HTTP ${response.status}).`,
      'A proxy, captive portal or wrong URL is in the way: open the URL in a browser, sign in to the network if asked, and check the My Domain URL.',
      { host, status: response.status });
  }
}

export function serverError(response: HttpResponse): AppError {
  const host = hostOf(response.url);
  return new AppError('SERVER_ERROR', `${host} had a problem of its own (HTTP ${response.status}).`,
    'Salesforce may be busy or in maintenance (see status.salesforce.com). Try again in a few minutes.', { host, status: response.status });
}
