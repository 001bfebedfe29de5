// The application menu and the one rule for links the app hands to the user's browser. Kept apart from
// main.ts so both are plain data and functions the tests can read without Electron.
import type { MenuItemConstructorOptions } from 'electron';

/** The app's own documentation (the user guide beside the code). */
export const DOCS_URL = 'https://github.com/jwt-connect/jwt-connect/blob/main/docs/user-guide.md';
const JWT_FLOW_URL = 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm';

/**
 * A link the app may open in the user's browser, as parsed; undefined for anything else. https only:
 * a plain http page can be changed by anyone on the way (a hotel network, a proxy) into a lookalike
 * sign-in page, and other schemes start other programs. No user info in front of the host.
 */
export function externalLink(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || !parsed.hostname || parsed.username || parsed.password) return undefined;
  return parsed.href;
}

/**
 * The menu. An installed app has no Developer Tools (nor Reload, which would drop unsaved changes
 * without the form's question): those are for development builds, where Electron's View menu stays.
 */
export function menuTemplate(options: {
  packaged: boolean;
  platform: NodeJS.Platform;
  open: (url: string) => void;
}): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions = options.packaged
    ? {
        label: 'View',
        submenu: [
          { role: 'resetZoom' },
          { role: 'zoomIn' },
          { role: 'zoomOut' },
          { type: 'separator' },
          { role: 'togglefullscreen' },
        ],
      }
    : { role: 'viewMenu' };
  return [
    ...(options.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'jwt-connect User Guide', click: () => options.open(DOCS_URL) },
        { label: 'Salesforce: OAuth 2.0 JWT Bearer Flow', click: () => options.open(JWT_FLOW_URL) },
      ],
    },
  ];
}
