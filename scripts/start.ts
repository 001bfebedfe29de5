// npm start (after npm run build): the desktop app, or, where Electron's binary is missing and cannot
// be downloaded, one sentence saying so and the same UI in the browser (npm run dev:web) instead of
// the stack trace electron's own launcher prints. --web asks for the browser mode directly. Both
// open the desktop app's data folder.
import { spawn } from 'node:child_process';
import { findOrFetchElectron } from './electron-binary.js';

const wantsWeb = process.argv.includes('--web');
const electron = wantsWeb
  ? undefined
  : await findOrFetchElectron(() => {
      process.stdout.write("Downloading Electron's binary (first start only)…\n");
    });

if (electron?.binary) {
  // What electron's cli.js does: the app in this folder, our stdio, its exit code, signals passed on.
  const child = spawn(electron.binary, ['.'], { stdio: 'inherit', windowsHide: false });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(
      `Electron could not be started (${error.message}); npm start -- --web opens the browser mode.\n`,
    );
    process.exit(1);
  });
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  if (electron)
    process.stdout.write(
      `The desktop window cannot open because ${electron.reason}, so jwt-connect runs in your browser instead.\n`,
    );
  // The browser mode prints its URL (with this run's token) and serves until Ctrl+C, on the app's own
  // folder: what a user saves here is there in the app and the CLI too.
  await (await import('./browser-mode.js')).startBrowserMode('app');
}
