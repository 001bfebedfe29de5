// Running another program with a session in its environment (exec, sf-login): its stdin, stdout and
// stderr are the terminal's own, untouched; its exit code comes back as a shell reports it (a death by
// signal N is 128+N); Ctrl+C and a TERM sent to jwt-connect reach it too, and jwt-connect waits for it
// to end rather than leaving it behind. The program is started directly, never through a shell, so
// no word of its line is read twice (on Windows, a .cmd script the caller names goes through cmd.exe).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { ENV } from '../../shared/env-vars.js';
import { SESSION_VARIABLES, sessionVariables, type SessionFacts } from '../../shared/session-env.js';

/** Ours to keep: the secrets jwt-connect reads from its environment (passwords, passphrases). */
const OUR_SECRETS = new Set<string>(
  Object.values(ENV)
    .filter((v) => 'secret' in v && v.secret)
    .map((v) => v.name),
);
const OUR_SECRET_PATTERN = /^JWT_CONNECT_.*(PASSWORD|PASSPHRASE|SECRET)/i;
/** The older spellings sf also reads: a stale one from the caller must not stand beside ours. */
const OLD_SPELLINGS = ['SFDX_ACCESS_TOKEN', 'SFDX_INSTANCE_URL'];

/**
 * The caller's environment less jwt-connect's own secrets, with the session's variables set. The
 * child gets only what a program acting as the connection's user needs, never the key's passwords
 * or the secrets password that opened the vault.
 */
export function childEnvironment(env: NodeJS.ProcessEnv, session: SessionFacts): NodeJS.ProcessEnv {
  const kept = Object.entries(env).filter(
    ([name]) =>
      !OUR_SECRETS.has(name.toUpperCase()) &&
      !OUR_SECRET_PATTERN.test(name) &&
      !OLD_SPELLINGS.includes(name.toUpperCase()) &&
      !(SESSION_VARIABLES as readonly string[]).includes(name.toUpperCase()),
  );
  return { ...Object.fromEntries(kept), ...sessionVariables(session) };
}

export type ChildEnd = { exitCode: number } | { notStarted: 'ENOENT' | 'EACCES' | string };

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `file` with `args`; resolves when it has ended (or could not start), never rejects.
 * `windowsScript`: on Windows the program is a .cmd script (sf is), which only cmd.exe can start; the
 * caller vouches that every argument is a plain word cmd.exe reads as written.
 */
export function runChild(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { windowsScript?: boolean } = {},
): Promise<ChildEnd> {
  return new Promise((resolveEnd) => {
    let child;
    try {
      const shell = options.windowsScript === true && process.platform === 'win32';
      child = spawn(file, args, { stdio: 'inherit', env, shell, windowsHide: false });
    } catch (error) {
      resolveEnd({ notStarted: (error as NodeJS.ErrnoException).code ?? 'EINVAL' });
      return;
    }
    // While the child runs, a signal to jwt-connect is passed on instead of ending jwt-connect: the
    // child decides how to stop, and its exit code is the one the caller sees.
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    let settled = false;
    const done = (end: ChildEnd) => {
      if (settled) return; // 'exit' may follow 'error'
      settled = true;
      for (const signal of FORWARDED) process.off(signal, forward);
      resolveEnd(end);
    };
    child.once('error', (error: NodeJS.ErrnoException) => done({ notStarted: error.code ?? 'UNKNOWN' }));
    child.once('exit', (code, signal) => {
      done({ exitCode: code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1) });
    });
  });
}
