// The private temporary folder `--from` reads an export into. It holds the file's connections (and,
// sealed with a key that dies with the process, their secrets): it is removed on every way out — the
// command's end, an error, `exit`, and Ctrl-C, SIGTERM or SIGHUP — not only when the command returns.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface TempFolder {
  readonly dir: string;
  /** Removes the folder and its handlers (idempotent). */
  remove(): void;
}

export function privateTempFolder(prefix: string): TempFolder {
  const dir = mkdtempSync(join(tmpdir(), prefix)); // mode 0700
  const wipe = () => rmSync(dir, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    wipe();
    forget();
    // Another handler (the data-folder lock's) may still have to run and end the process; alone,
    // end it as the signal's default action would, so the shell sees the usual "killed by" status.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const forget = () => {
    process.off('exit', wipe);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  process.on('exit', wipe);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return {
    dir,
    remove: () => {
      wipe();
      forget();
    },
  };
}
