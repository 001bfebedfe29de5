// The browser dev bridge: serves the built UI and answers POST /api/<method> through the same
// dispatcher as IPC. Loopback only; every call must carry this run's random token.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ApiResult, ApiService } from '../shared/api.js';
import type { ErrorCode } from '../shared/errors.js';
import { dispatch, isApiMethod } from './api.js';
import { CONTENT_SECURITY_POLICY } from './app-protocol.js';

export const TOKEN_HEADER = 'x-jwt-connect-token';
const MAX_BODY = 60 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

export interface WebBridge {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Compared as bytes: a header with non-ASCII characters has more bytes than characters. */
function sameToken(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The body as text, or null when it is past MAX_BODY (read to its end and dropped, so the page gets the answer). */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY) chunks.push(chunk as Buffer);
    else chunks.length = 0;
  }
  return size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8');
}

/** A body past MAX_BODY, answered in the API's envelope: the window shows it like any refusal. */
export const bodyTooLarge: ApiResult<never> = {
  ok: false,
  error: {
    code: 'BAD_INPUT',
    message: `The request is larger than ${MAX_BODY / 1024 / 1024} MB, more than jwt-connect takes.`,
    hint: 'A key file is a few KB and a keystore or an export file a few MB at most: check that the right file was picked.',
  },
};

/**
 * Every answer: the window's own policy (as the app:// protocol sends it), and no page may frame this
 * one (a framing page could overlay the form and have the user click through it).
 */
const BRIDGE_CSP = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': BRIDGE_CSP,
    'X-Frame-Options': 'DENY',
  });
  res.end(body);
}

/** A refusal in the API's envelope, whatever was asked: the page shows it like any other answer. */
function refuse(res: ServerResponse, status: number, code: ErrorCode, message: string, hint?: string): void {
  const answer: ApiResult<never> = { ok: false, error: { code, message, ...(hint && { hint }) } };
  send(res, status, 'application/json', JSON.stringify(answer));
}

/**
 * The 401 answer, as the API's envelope: a page opened without the token (or kept from an earlier
 * run, whose token is void) shows where the right URL comes from instead of a bare "HTTP 401".
 */
export function tokenRefusal(given: string | string[] | undefined): ApiResult<never> {
  const message =
    typeof given === 'string' && given
      ? 'This page holds the token of an earlier run of the browser mode; the bridge running now has a new one.'
      : "This page was opened without the browser mode's token, so the bridge refuses its calls.";
  return {
    ok: false,
    error: {
      code: 'BAD_INPUT',
      message,
      hint: 'Open the URL with #token=… that the terminal running npm run dev:web (or npm start, npm run demo) printed under "Open:". Each run prints a new one.',
    },
  };
}

/** The npm command that runs this process ("npm start", "npm run dev:web"), from npm's own variable. */
export function npmCommand(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const script = env.npm_lifecycle_event;
  if (!script || !/^[\w:.-]{1,40}$/.test(script)) return undefined;
  return script === 'start' || script === 'test' ? `npm ${script}` : `npm run ${script}`;
}

/** The page learns at load which command started its bridge, so "start it again" names the right one. */
export function withStartedBy(html: string, command: string | undefined): string {
  if (!command) return html;
  return html.replace(
    '</head>',
    `<meta name="jwt-connect-started-by" content="${command.replace(/[^\w :.-]/g, '')}">\n</head>`,
  );
}

export async function startWebBridge(options: {
  service: ApiService;
  staticDir: string;
  token: string;
  port?: number;
  startedBy?: string | undefined;
}): Promise<WebBridge> {
  const root = normalize(options.staticDir);
  const server = createServer((req, res) => {
    void (async () => {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://127.0.0.1');
      } catch {
        return refuse(res, 400, 'BAD_INPUT', 'The address asked for is not a valid URL.');
      }
      // Refuse other hosts: a DNS-rebinding page would send its own Host header.
      const host = req.headers.host ?? '';
      if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) return send(res, 403, 'text/plain', 'Forbidden host');
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return refuse(res, 405, 'BAD_INPUT', 'The bridge answers POST only.');
        if (!sameToken(req.headers[TOKEN_HEADER], options.token))
          return send(res, 401, 'application/json', JSON.stringify(tokenRefusal(req.headers[TOKEN_HEADER])));
        const method = url.pathname.slice(5);
        if (!isApiMethod(method)) return refuse(res, 404, 'NOT_FOUND', 'The bridge has no such method.');
        let input: unknown;
        try {
          const text = await readBody(req);
          if (text === null) return send(res, 200, 'application/json', JSON.stringify(bodyTooLarge));
          input = text ? JSON.parse(text) : undefined;
        } catch {
          return refuse(res, 400, 'BAD_INPUT', 'The request body must be JSON.');
        }
        return send(res, 200, 'application/json', JSON.stringify(await dispatch(options.service, method, input)));
      }
      if (req.method !== 'GET') return refuse(res, 405, 'BAD_INPUT', 'The bridge serves its pages with GET only.');
      let relative: string;
      try {
        relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      } catch {
        return refuse(res, 400, 'BAD_INPUT', 'The address asked for has a malformed %-escape.');
      }
      const file = normalize(join(root, relative));
      if (relative.includes('\0') || !file.startsWith(root + sep))
        return refuse(res, 403, 'BAD_INPUT', 'The bridge serves only the files of the built UI.');
      try {
        const body = await readFile(file);
        if (extname(file) === '.html')
          return send(res, 200, TYPES['.html'] as string, withStartedBy(body.toString('utf8'), options.startedBy));
        return send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', body);
      } catch {
        return refuse(res, 404, 'NOT_FOUND', 'The bridge has no such file.');
      }
    })().catch(() => {
      if (!res.headersSent)
        refuse(
          res,
          500,
          'INTERNAL',
          'The bridge failed to answer.',
          'This is a bug in jwt-connect. Please report it with the steps that led here.',
        );
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/#token=${options.token}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
