// The CLI's HTTP: node:https/node:http rather than fetch (in a fresh process fetch costs ~110 ms to
// load undici; node:http ~10 ms). Never follows a redirect (the 3xx is handed back, http.ts refuses
// it). Honours HTTPS_PROXY / https_proxy / HTTP_PROXY / ALL_PROXY / NO_PROXY with curl's semantics:
// proxy-from-env decides, https-proxy-agent speaks CONNECT (loaded only when a proxy applies).
// TLS roots are Node's defaults, which include NODE_EXTRA_CA_CERTS: nothing here replaces them
// unless a caller passes `ca` explicitly (tests).
import { request as requestHttp, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as requestHttps } from 'node:https';
import type { Agent } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { getProxyForUrl } from 'proxy-from-env';
import { AppError } from '../../shared/errors.js';
import {
  isLoopbackHost,
  MAX_RESPONSE_BYTES,
  tooLargeError,
  type FetchInit,
  type FetchLike,
  type FetchResponse,
} from './http.js';

export { MAX_RESPONSE_BYTES };

export interface NodeFetchOptions {
  /** Extra trusted roots, replacing Node's defaults (tests only; users set NODE_EXTRA_CA_CERTS). */
  ca?: string | Buffer;
}

/**
 * curl matches a plain NO_PROXY entry as the host itself or any subdomain, and ".example.com" the
 * same way; proxy-from-env matches a plain entry exactly and a dotted one as a suffix only. Giving
 * it both spellings of each entry yields curl's behaviour.
 */
export function curlNoProxy(noProxy: string): string {
  const entries = noProxy
    .split(/[,\s]+/)
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.includes('*')) return '*';
  const out = new Set<string>();
  for (const entry of entries) {
    const bare = entry.replace(/^\*?\.+/, '');
    if (!bare) continue;
    out.add(bare);
    if (!/^\[|^\d+\.\d+\.\d+\.\d+(:\d+)?$/.test(bare)) out.add(`.${bare}`); // not for IP literals
  }
  return [...out].join(',');
}

/** The proxy URL that applies to `url` under `env`, or undefined for a direct connection. */
export function proxyFor(url: string, env: NodeJS.ProcessEnv): string | undefined {
  const target = new URL(url);
  if (isLoopbackHost(target.hostname)) return undefined; // a proxy cannot reach this computer's loopback
  const lowered: NodeJS.ProcessEnv = {};
  for (const name of ['https_proxy', 'http_proxy', 'all_proxy', 'no_proxy']) {
    // curl reads https_proxy/all_proxy/no_proxy in either case, http_proxy lower-case only (httpoxy).
    const value = env[name] ?? (name === 'http_proxy' ? undefined : env[name.toUpperCase()]);
    if (!value) continue;
    // curl reads a proxy given without a scheme as http://; proxy-from-env would borrow the target's.
    lowered[name] =
      name === 'no_proxy' ? curlNoProxy(value) : /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  }
  // proxy-from-env reads process.env; lend it the environment we were given for this one
  // synchronous call, so the decision follows `env` and nothing else can observe the swap.
  const saved = process.env;
  process.env = lowered;
  try {
    return getProxyForUrl(url) || undefined;
  } finally {
    process.env = saved;
  }
}

/** Which variable named the proxy, for messages (never its value: it may hold credentials). */
function proxyVariable(url: string, env: NodeJS.ProcessEnv): string {
  const names = url.startsWith('https:') ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy'];
  return [...names, 'all_proxy', 'ALL_PROXY'].find((n) => env[n]) ?? 'HTTPS_PROXY';
}

function proxyHost(proxy: string): string {
  try {
    const u = new URL(proxy);
    return u.host;
  } catch {
    return 'the proxy';
  }
}

/** The proxy answered CONNECT with something other than 200: its own message and hint per status. */
export function proxyRefusal(status: number, proxy: string, variable: string, target: string): AppError {
  const where = `${proxyHost(proxy)} (${variable})`;
  const details = { proxy: proxyHost(proxy), host: target, status };
  if (status === 407) {
    return new AppError(
      'NETWORK_PROXY',
      `The proxy ${where} wants credentials (HTTP 407) before it connects to ${target}.`,
      `The proxy wants credentials: put them in ${variable} as http://user:pass@host:port (URL-encode special characters), or ask IT for a proxy account.`,
      details,
    );
  }
  if (status === 403) {
    return new AppError(
      'NETWORK_PROXY',
      `The proxy ${where} does not allow connections to ${target} (HTTP 403).`,
      `Ask IT to allow ${target} through the proxy, or add it to NO_PROXY if it is reachable directly.`,
      details,
    );
  }
  if (status === 502 || status === 503 || status === 504) {
    return new AppError(
      'NETWORK_PROXY',
      `The proxy ${where} could not reach ${target} (HTTP ${status}).`,
      'Check the spelling of the host, and that the proxy can reach Salesforce; try again if Salesforce was briefly unreachable.',
      details,
    );
  }
  return new AppError(
    'NETWORK_PROXY',
    `The proxy ${where} refused the connection to ${target} (HTTP ${status}).`,
    `Check the proxy named in ${variable}, or ask IT whether ${target} is allowed.`,
    details,
  );
}

function unsupportedProxy(proxy: string, variable: string): AppError {
  let scheme = 'this';
  try {
    scheme = new URL(proxy).protocol.replace(':', '');
  } catch {
    /* keep "this" */
  }
  return new AppError(
    'NETWORK_PROXY',
    `${variable} names a ${scheme} proxy; jwt-connect speaks to http:// and https:// proxies only.`,
    `Set ${variable} to the HTTP proxy's address, e.g. http://proxy.example.com:8080`,
    { proxy: proxyHost(proxy) },
  );
}

function unreachableProxy(error: unknown, proxy: string, variable: string, target: string): AppError {
  const code = (error as { code?: unknown }).code;
  return new AppError(
    'NETWORK_PROXY',
    `Could not reach the proxy ${proxyHost(proxy)} (${variable}) on the way to ${target}${typeof code === 'string' ? ` (${code})` : ''}.`,
    `Check the proxy address in ${variable}, and that the proxy is running and reachable from here.`,
    { proxy: proxyHost(proxy), host: target },
  );
}

function isCertificateError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|DEPTH_ZERO|ERR_TLS_CERT/.test(code);
}

/** Node trusts its own roots, not the system's: the corporate root goes in NODE_EXTRA_CA_CERTS. */
function certificateError(host: string, viaProxy: boolean): AppError {
  return new AppError(
    'NETWORK_TLS',
    `The secure connection to ${host} could not be verified (certificate problem${viaProxy ? ', through the proxy' : ''}).`,
    'A corporate proxy that inspects HTTPS may be in the way: set NODE_EXTRA_CA_CERTS to a PEM file holding its root certificate (ask IT for it), then run the command again.',
    { host },
  );
}

let agentModule: Promise<typeof import('https-proxy-agent')> | undefined;

async function proxyAgent(proxy: string, ca: NodeFetchOptions['ca'], signal: AbortSignal | undefined): Promise<Agent> {
  agentModule ??= import('https-proxy-agent');
  // Node's own loader names a CommonJS module's exports; a bundle (esbuild, dist/cli.js) hands them
  // over as `default` only: without this, every proxied request of the built CLI failed.
  const loaded = (await agentModule) as typeof import('https-proxy-agent') & {
    default?: typeof import('https-proxy-agent');
  };
  const HttpsProxyAgent = loaded.HttpsProxyAgent ?? loaded.default?.HttpsProxyAgent;
  // The signal reaches the socket to the proxy (net.connect takes it): a proxy that never answers
  // CONNECT is cut off at the deadline instead of keeping the process alive.
  return new HttpsProxyAgent(proxy, {
    keepAlive: false,
    ...(ca !== undefined && { ca }),
    ...(signal && { signal }),
  }) as unknown as Agent;
}

/** gzip/deflate/br answers are unpacked (as fetch does), the cap counting unpacked bytes: no bomb gets through. */
function decoded(res: IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const unpack =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  return unpack ? res.pipe(unpack) : res;
}

function readBody(res: IncomingMessage, limit: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stream = decoded(res);
    stream.on('data', (chunk: Buffer) => {
      if (size > limit) return; // already refused; the stream is being destroyed
      size += chunk.length;
      if (size > limit) {
        // Reject first: destroying the stream emits 'aborted', whose reason would come first.
        setImmediate(() => {
          res.destroy();
          if (stream !== res) stream.destroy();
        });
        reject(tooLargeError(host));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    if (stream !== res) {
      stream.on('error', () =>
        reject(
          new AppError(
            'NOT_SALESFORCE',
            `The answer from ${host} says it is compressed but could not be unpacked: that is not Salesforce's reply.`,
            'A proxy or wrong URL is in the way: check the My Domain URL and the network.',
            { host },
          ),
        ),
      );
    }
    res.on('aborted', () => reject(Object.assign(new Error('the connection was cut off'), { code: 'ECONNRESET' })));
  });
}

export function createNodeFetch(env: NodeJS.ProcessEnv, options: NodeFetchOptions = {}): FetchLike {
  return async (url: string, init: FetchInit): Promise<FetchResponse> => {
    const target = new URL(url);
    if (target.protocol !== 'https:' && target.protocol !== 'http:')
      throw new TypeError(`unsupported scheme ${target.protocol}`);
    const proxy = proxyFor(url, env);
    const variable = proxy ? proxyVariable(url, env) : '';
    if (proxy && !/^https?:\/\//i.test(proxy)) throw unsupportedProxy(proxy, variable);
    if (proxy && !URL.canParse(proxy)) {
      throw new AppError(
        'NETWORK_PROXY',
        `${variable} is not a valid proxy address.`,
        `Set ${variable} like http://proxy.example.com:8080 (or http://user:pass@proxy.example.com:8080).`,
      );
    }
    const agent = proxy ? await proxyAgent(proxy, options.ca, init.signal) : undefined;
    init.signal?.throwIfAborted();

    const body = init.body !== undefined ? Buffer.from(init.body, 'utf8') : undefined;
    const requestOptions: RequestOptions & { ca?: string | Buffer } = {
      method: init.method ?? 'GET',
      headers: { ...init.headers, ...(body && { 'Content-Length': String(body.length) }) },
      ...(init.signal && { signal: init.signal }),
      ...(agent && { agent }),
      ...(options.ca !== undefined && { ca: options.ca }),
    };
    const send = target.protocol === 'https:' ? requestHttps : requestHttp;

    return new Promise<FetchResponse>((resolve, reject) => {
      let proxyAnswered = false;
      const req = send(target, requestOptions, (res) => {
        readBody(res, MAX_RESPONSE_BYTES, target.host).then((text) => {
          resolve({
            status: res.statusCode ?? 0,
            headers: {
              get: (name: string) => {
                const v = res.headers[name.toLowerCase()];
                return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
              },
            },
            text: () => Promise.resolve(text),
          });
        }, reject);
      });
      init.signal?.addEventListener(
        'abort',
        () => {
          reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }));
          req.destroy();
        },
        { once: true },
      );
      // https-proxy-agent replays a refused CONNECT's answer as if the server had sent it; catch it
      // first, so a proxy's 407 is never read as Salesforce's. The request body never reaches the proxy.
      req.on('proxyConnect', (connect: { statusCode: number }) => {
        proxyAnswered = true;
        if (connect.statusCode !== 200) {
          reject(proxyRefusal(connect.statusCode, proxy as string, variable, target.host));
          req.destroy();
        }
      });
      req.on('error', (error) => {
        const aborted = (error as { name?: string }).name === 'AbortError';
        if (proxy && !proxyAnswered && !aborted) return reject(unreachableProxy(error, proxy, variable, target.host));
        reject(isCertificateError(error) ? certificateError(target.host, proxy !== undefined) : error);
      });
      req.end(body);
    });
  };
}
