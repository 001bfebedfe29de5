// In a browser (npm run dev:web) there is no preload: build window.api over the loopback bridge,
// generated from the same method table. The per-run token arrives in the URL fragment.
import type { Api } from '../shared/api.js';
import { API_METHODS } from '../shared/api-methods.js';

const TOKEN_KEY = 'jwt-connect-token';

export function installWebBridge(): void {
  const fromHash = /token=([\w-]+)/.exec(location.hash)?.[1];
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  const api = Object.fromEntries(API_METHODS.map((method) => [method, async (input: unknown) => {
    try {
      const response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'x-jwt-connect-token': token },
        body: input === undefined ? '' : JSON.stringify(input),
      });
      if (!response.ok) {
        return { ok: false, error: { code: 'INTERNAL', message: `The dev bridge refused the call (HTTP ${response.status}).`, hint: 'Open the URL npm run dev:web printed, with its #token.' } };
      }
      return await response.json();
    } catch {
      return { ok: false, error: { code: 'NETWORK_REFUSED', message: 'The dev bridge is not running.', hint: 'Start it again with npm run dev:web.' } };
    }
  }]));
  window.api = api as unknown as Api;
}
