// Where jwt-connect keeps its data. One default for every entry point a user runs: the desktop app,
// the browser mode that npm start falls back to, and the CLI all open the app's own folder, so a
// connection saved in one is there in the others. Only npm run dev:web keeps a development folder.
// JWT_CONNECT_DATA_DIR overrides them all.
import { homedir } from 'node:os';
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The name Electron gives the app's folder: package.json's productName if present, else its name. */
const APP_FOLDER_NAME = 'jwt-connect';

/** npm run dev:web's own folder (in the checkout), kept apart from the app's real connections. */
export const DEV_DATA_DIR = '.dev-data';

/** Electron's app.getPath('userData') for this OS, computed the way Electron does. */
export function desktopDataDir(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_FOLDER_NAME);
}

/** Whether `dir` is the desktop app's own folder (the one a packaged app opens, and the CLI by default). */
export function isDesktopDataDir(dir: string, env: NodeJS.ProcessEnv): boolean {
  // Compared where they really lie: a symlink to the app's folder (or to a folder above it) is that folder.
  return realPath(dir) === realPath(desktopDataDir(env));
}

/** The real path of `path`: of the longest part that exists, the missing rest added to it as written. */
function realPath(path: string): string {
  const full = resolve(path);
  try {
    return realpathSync.native(full);
  } catch {
    const parent = dirname(full);
    return parent === full ? full : join(realPath(parent), basename(full));
  }
}
