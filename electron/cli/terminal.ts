// The real terminal and desktop behind CliIo: a prompt that does not echo, and the user's browser.
import { spawn } from 'node:child_process';
import { AppError } from '../../shared/errors.js';
import { PromptCancelled } from './cancelled.js';

/** The user stopped a prompt (Ctrl+C, Ctrl+D, SIGINT): said as "Cancelled.", exit 130, never as a bug. */
export { PromptCancelled };

type PromptInput = Pick<NodeJS.ReadStream, 'setRawMode' | 'resume' | 'pause' | 'setEncoding' | 'on' | 'off'>;

/**
 * Reads one line from a TTY stdin without echoing it; the question goes to stderr. Ctrl+C, Ctrl+D and
 * a SIGINT sent meanwhile cancel it; on every way out the terminal is put back as it was (echo on).
 */
export function promptSecret(
  question: string,
  stdin: PromptInput = process.stdin,
  stderr: Pick<NodeJS.WriteStream, 'write'> = process.stderr,
  signals: Pick<NodeJS.Process, 'on' | 'off'> = process,
): Promise<string> {
  return new Promise((resolvePrompt, reject) => {
    stderr.write(question);
    let typed = '';
    let done = false;
    const restore = () => stdin.setRawMode(false);
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      restore();
      stdin.pause();
      stdin.off('data', onData);
      signals.off('SIGINT', onSignal);
      signals.off('exit', restore);
      stderr.write('\n');
      if (error) reject(error);
      else resolvePrompt(typed);
    };
    const onSignal = () => finish(new PromptCancelled());
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new PromptCancelled());
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else if (typed.length < 1000) typed += ch;
      }
    };
    signals.on('SIGINT', onSignal);
    signals.on('exit', restore);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
  });
}

/** Names a launcher (xdg-open, open, rundll32 and the browser they start) never needs and must not inherit. */
const SECRET_ENV = /^(JWT_CONNECT_|SF_|SFDX_)|PASSWORD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL/i;

/**
 * The environment for the browser launcher: ours less every secret the CLI may have been given (the
 * secrets password, the export passphrase, keystore passwords, SF_ACCESS_TOKEN…). The browser runs
 * long after this command ends, and its children (helpers, extensions' hosts) would inherit them.
 */
export function launcherEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !SECRET_ENV.test(name)));
}

/** How long a launcher may take to say whether it started a browser: xdg-open, open and rundll32 end within a second or two once the browser is on its way. */
const LAUNCHER_WAIT_MS = 5000;

const noBrowser = (why: string) =>
  new AppError(
    'BAD_INPUT',
    `No browser could be started: ${why}.`,
    'Run the same command with --url-only: it prints the single-use sign-in link for you to open in a browser yourself.',
  );

/**
 * Opens an https URL in the default browser. The URL is one argument of a program, never part of a
 * shell string: on Windows rundll32's URL handler rather than `cmd /c start`, which would parse & and ^.
 * Waits (at most `waitMs`) for the launcher's exit code: a missing launcher, or one that found no
 * browser (xdg-open without a desktop ends with 3 or 4), is said as such, never reported as opened.
 * A launcher still running at the bound is taken to be running the browser itself, and left to it.
 */
export function openInBrowser(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  waitMs = LAUNCHER_WAIT_MS,
): Promise<void> {
  const parsed = new URL(url);
  if (
    parsed.protocol !== 'https:' &&
    !(parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname))
  ) {
    return Promise.reject(new Error(`Refusing to open a non-https URL (${parsed.protocol}).`));
  }
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [parsed.href]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', parsed.href]]
        : ['xdg-open', [parsed.href]];
  return new Promise((resolveOpen, reject) => {
    const child = spawn(command, args as string[], {
      stdio: 'ignore',
      detached: true,
      shell: false,
      env: launcherEnv(env),
    });
    const timer = setTimeout(() => {
      child.unref();
      resolveOpen();
    }, waitMs);
    timer.unref();
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        noBrowser(
          error.code === 'ENOENT'
            ? `${command} is not installed here (or not on PATH)`
            : `${command} could not be started (${error.code ?? error.message})`,
        ),
      );
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolveOpen();
      else reject(noBrowser(`${command} ended with ${signal ? `signal ${signal}` : `exit code ${code}`}`));
    });
  });
}
