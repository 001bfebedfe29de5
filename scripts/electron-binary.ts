// Finding Electron's binary for npm start and npm run demo, the way the electron package does
// (node_modules/electron/path.txt names the executable under dist/, ELECTRON_OVERRIDE_DIST_PATH
// moves it), but without its index.js: that one downloads on require and throws a stack trace when
// it cannot, where we want one plain sentence and the browser mode instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronLookup = { binary: string; reason?: undefined } | { binary?: undefined; reason: string };

function electronPackageDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** The executable if it is on disk, else why not (as the end of a sentence). */
export function installedElectron(env: NodeJS.ProcessEnv = process.env): ElectronLookup {
  const dir = electronPackageDir();
  if (!dir) return { reason: 'the electron package is not installed (run npm install)' };
  const pathTxt = join(dir, 'path.txt');
  const relative = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : undefined;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || defaultExecutable());
    return existsSync(binary)
      ? { binary }
      : {
          reason: `ELECTRON_OVERRIDE_DIST_PATH names a folder without Electron in it (${env.ELECTRON_OVERRIDE_DIST_PATH})`,
        };
  }
  if (relative) {
    const binary = join(dir, 'dist', relative);
    if (existsSync(binary)) return { binary };
  }
  return { reason: "Electron's binary is not installed" };
}

function defaultExecutable(): string {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return process.platform === 'win32' ? 'electron.exe' : 'electron';
}

/**
 * Runs the electron package's own installer (the download electron's index.js would start), with its
 * output captured: on failure the first error line becomes the reason, the stack trace is dropped.
 * Says it is downloading only if that takes long enough to be noticed.
 */
export async function downloadElectron(onSlow: () => void = () => {}): Promise<ElectronLookup> {
  const dir = electronPackageDir();
  if (!dir) return { reason: 'the electron package is not installed (run npm install)' };
  const slow = setTimeout(onSlow, 1500);
  const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [join(dir, 'install.js')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', (error) => resolve({ code: 1, output: error.message }));
    child.on('close', (code) => resolve({ code, output }));
  }).finally(() => clearTimeout(slow));
  const after = installedElectron();
  if (result.code === 0 && after.binary) return after;
  const firstError = /^(?:\w*Error: )?(.+)$/m.exec(result.output.trim())?.[1]?.trim();
  return {
    reason: `Electron's binary is not installed and its download failed${firstError ? ` (${firstError})` : ''}`,
  };
}

/** The binary, downloading it first unless ELECTRON_SKIP_BINARY_DOWNLOAD says not to (as electron does). */
export async function findOrFetchElectron(
  onSlow?: () => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ElectronLookup> {
  const found = installedElectron(env);
  if (found.binary || env.ELECTRON_OVERRIDE_DIST_PATH) return found;
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD && env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '0') {
    return { reason: "Electron's binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD is set)" };
  }
  return downloadElectron(onSlow);
}
