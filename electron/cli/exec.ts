// jwt-connect exec NAME -- CMD [ARGS…]: a program run with the connection's session in its environment
// (SF_ACCESS_TOKEN, SF_INSTANCE_URL, SF_ORG_INSTANCE_URL), so a token is used without being printed:
// not on a terminal, not in a CI log, not in the program's argv where `ps` shows it to every user.
import { AppError } from '../../shared/errors.js';
import { quoted } from '../../shared/safe-text.js';
import type { SavedLoginValues, WaitValues } from './flags.js';
import { reportError, usageError, type CliIo } from './output.js';
import { childEnvironment, runChild, type ChildEnd } from './run-child.js';
import { sessionFor } from './session.js';

/** What a shell answers when a command cannot be run: 127 not found, 126 found but not runnable. */
export const NOT_FOUND_EXIT = 127;
export const NOT_RUNNABLE_EXIT = 126;

export async function execCommand(
  values: SavedLoginValues & WaitValues,
  positionals: string[],
  rest: string[] | undefined,
  io: CliIo,
): Promise<number> {
  if (rest === undefined) {
    throw usageError(
      'Put -- before the command to run: jwt-connect exec NAME -- CMD [ARGS…].',
      'Everything after -- is the command and its own flags, passed on as typed.',
    );
  }
  const [file, ...args] = rest;
  if (!file) throw usageError('Name the command to run after --: jwt-connect exec NAME -- CMD [ARGS…].');
  const { token } = await sessionFor(values, positionals, io, 'exec');
  const end = await runChild(file, args, childEnvironment(io.env, token));
  return exitOf(end, file, io, values.json === true);
}

/** The child's own exit code; a command that could not start gets the shell's code and a plain message. */
export function exitOf(end: ChildEnd, file: string, io: CliIo, json: boolean, notFoundHint?: string): number {
  if ('exitCode' in end) return end.exitCode;
  if (end.notStarted === 'ENOENT') {
    reportError(
      new AppError(
        'NOT_FOUND',
        `${quoted(file)}: command not found.`,
        notFoundHint ??
          (file.includes('/')
            ? 'Check the path.'
            : "Check the name, or give the program's full path; it is looked up in $PATH."),
      ),
      io,
      json,
    );
    return NOT_FOUND_EXIT;
  }
  reportError(
    new AppError(
      'BAD_INPUT',
      `${quoted(file)} could not be run (${end.notStarted}).`,
      end.notStarted === 'EACCES'
        ? 'It is not executable: check its permissions (chmod +x), or run it through its interpreter.'
        : 'Check the command.',
    ),
    io,
    json,
  );
  return NOT_RUNNABLE_EXIT;
}
