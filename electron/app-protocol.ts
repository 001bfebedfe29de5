// The app:// protocol that serves the built UI to the window, instead of file://. A file:// page
// may read other local files (Electron's GrantFileProtocolExtraPrivileges), shares one opaque origin
// with every other local file, and would let a navigation to any file:// path pass an origin check.
// app://jwt-connect/ is an origin of its own that can only ever show files of the renderer folder.
// Plain Node (fetch's Request/Response): main.ts registers it, tests call it directly.
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'jwt-connect';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/**
 * Sent as a header with every answer, the same policy as the <meta> in renderer/index.html (a test
 * keeps the two equal): the header also covers files the meta tag cannot, such as a navigation to a
 * stray .svg.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'";

// Module scripts are refused unless served with a JavaScript type, so every type is explicit.
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** True for a URL of the app's own origin (any path): what navigation and IPC checks compare with. */
export function isAppOrigin(url: string): boolean {
  try {
    // new URL(...).origin is "null" for schemes Node does not know as special, so compare the parts.
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

function answer(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/**
 * The handler for protocol.handle('app', …): GET of a file under rendererDir, nothing else.
 * Paths are resolved and must stay inside the folder (no ../, no encoded %2F or backslashes out).
 */
export function createAppProtocolHandler(
  rendererDir: string,
  read: (path: string) => Promise<Uint8Array<ArrayBuffer>> = readFile,
): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return answer(400, 'Bad URL');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return answer(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'GET only');
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname);
    } catch {
      return answer(400, 'Bad URL');
    }
    if (relative === '/' || relative === '') relative = '/index.html';
    if (relative.includes('\0') || relative.includes('\\')) return answer(403, 'Forbidden');
    const file = resolve(root, `.${relative}`);
    if (!file.startsWith(root + sep)) return answer(403, 'Forbidden');
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await read(file);
    } catch {
      return answer(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  };
}
