// In a browser (npm run dev:web) there is no preload: build window.api over the loopback bridge,
// generated from the same method table. The per-run token arrives in the URL fragment; a token
// pasted into the same tab later (only the # changes, no reload) is picked up on hashchange.
import type { Api } from '../shared/api.js';
import { API_METHODS } from '../shared/api-methods.js';
import { BRIDGE_TOKEN_EVENT } from './api-client.js';

const TOKEN_KEY = 'jwt-connect-token';
const WHERE_FROM =
  'Open the URL printed in the terminal that started jwt-connect (npm start, npm run dev:web or npm run demo; it ends with #token=…), or paste it into this tab.';

/** The bridge's tokens are base64url; anything else is not one (and could not travel in a header). */
const TOKEN_SHAPE = /^[\w-]{16,200}$/;

/**
 * Takes a #token=… fragment out of the address bar (history, bookmarks, a screen share) as soon as
 * the page reads it, whatever it holds; a well-formed one goes to session storage. True when it did.
 */
function takeTokenFromHash(): boolean {
  const match = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (!match) return false;
  history.replaceState(history.state, '', location.pathname + location.search);
  let token = '';
  try {
    token = decodeURIComponent(match[1] ?? '');
  } catch {
    /* a malformed escape is no token */
  }
  if (!TOKEN_SHAPE.test(token)) return false;
  sessionStorage.setItem(TOKEN_KEY, token);
  return true;
}

/** The command that started this page's bridge, as the bridge wrote it into the page; unknown for an older bridge. */
function startedBy(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="jwt-connect-started-by"]')?.content || undefined;
}

export function installWebBridge(): void {
  const command = startedBy();
  document.documentElement.dataset.bridge = 'web'; // downloads go to the browser's folder: the UI says so
  takeTokenFromHash();
  window.addEventListener('hashchange', () => {
    if (takeTokenFromHash()) window.dispatchEvent(new Event(BRIDGE_TOKEN_EVENT));
  });
  const api = Object.fromEntries(
    API_METHODS.map((method) => [
      method,
      async (input: unknown) => {
        const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
        try {
          const response = await fetch(`/api/${method}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'x-jwt-connect-token': token },
            body: input === undefined ? '' : JSON.stringify(input),
          });
          if (response.status === 401) {
            return {
              ok: false,
              error: {
                code: 'INTERNAL',
                message: token
                  ? "The dev bridge refused this page's token (HTTP 401): it belongs to another run of npm run dev:web."
                  : 'The dev bridge refused this page: it has no token (HTTP 401).',
                hint: WHERE_FROM,
              },
            };
          }
          const answer: unknown = await response.json().catch(() => undefined);
          if (!response.ok) {
            // The bridge refuses in the API's envelope; a proxy or an older bridge may not.
            if (answer && typeof answer === 'object' && (answer as { ok?: unknown }).ok === false) return answer;
            return {
              ok: false,
              error: {
                code: 'INTERNAL',
                message: `The dev bridge refused the call (HTTP ${response.status}).`,
                hint: WHERE_FROM,
              },
            };
          }
          if (answer === undefined)
            return {
              ok: false,
              error: {
                code: 'INTERNAL',
                message: "The dev bridge answered with something that is not the API's answer.",
                hint: WHERE_FROM,
              },
            };
          return answer;
        } catch {
          return {
            ok: false,
            error: {
              code: 'NETWORK_REFUSED',
              message:
                "The browser mode's bridge is not running any more (its terminal was closed or stopped), so nothing was done.",
              hint: command
                ? `Start it again with ${command} in the project folder, then open the URL it prints.`
                : `Start it again the way you started it (npm start or npm run dev:web), then open the URL it prints.`,
            },
          };
        }
      },
    ]),
  );
  window.api = api as unknown as Api;
}
