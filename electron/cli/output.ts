// What the CLI writes: human text or --json, errors in one documented shape, exit codes, tables.
import { PromptCancelled } from './cancelled.js';
import { escapeField, escapeForTerminal, escapeJson } from '../../shared/safe-text.js';
import {
  AppError,
  NETWORK_CODES,
  SALESFORCE_CODES,
  toErrorInfo,
  type ErrorCode,
  type ErrorInfo,
} from '../../shared/errors.js';
import { logUnexpected } from '../diagnostics/unexpected.js';
import type { Platform } from '../salesforce/authorise.js';
import { forTerminal } from './flag-hints.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  platform: Platform;
  /** stdout is a terminal: live progress is shown (on a pipe, only the result). */
  isTTY?: boolean;
  /** stderr is a terminal: --wait shows each attempt there. */
  stderrIsTTY?: boolean;
  /** Asks on the terminal without echo; absent when stdin is not a terminal. */
  promptSecret?: (question: string) => Promise<string>;
  /** Opens a URL in the user's browser (tests pass a recorder). */
  openUrl?: (url: string) => Promise<void>;
  /** Where the desktop app keeps its data on this OS (tests pass a folder). */
  defaultDataDir?: string;
}

/**
 * The last line before the terminal: every write (results, warnings, errors, prompts) passes the one
 * sanitiser, whatever module produced it, so no field or server answer reaches the terminal raw.
 */
export function terminalIo(io: CliIo): CliIo {
  const prompt = io.promptSecret;
  return {
    ...io,
    stdout: (text) => io.stdout(escapeForTerminal(text)),
    stderr: (text) => io.stderr(escapeForTerminal(text)),
    ...(prompt && { promptSecret: (question: string) => prompt(escapeForTerminal(question)) }),
  };
}

export const usageError = (message: string, hint = 'Run jwt-connect --help for the options.') =>
  new AppError('BAD_INPUT', message, hint);

/** 0 ok, 2 bad input, 3 network, 4 Salesforce refused, 1 unexpected. */
export function exitCodeFor(code: ErrorCode): number {
  if (SALESFORCE_CODES.has(code)) return 4;
  if (NETWORK_CODES.has(code)) return 3;
  if (code === 'INTERNAL') return 1;
  return 2;
}

/** Several failures (test --all): a refusal outranks the network, the network outranks input. */
export function worstExitCode(codes: ErrorCode[]): number {
  const exits = codes.map(exitCodeFor);
  for (const wanted of [4, 3, 2, 1]) if (exits.includes(wanted)) return wanted;
  return 0;
}

/**
 * Prints the error (stderr, or `{"error":…}` on stdout with --json) and returns the exit code. A bug
 * (anything but our typed errors) is logged with its stack, redacted, where the app's bugs go (the
 * data folder's jwt-connect.log), and the hint says where: the terminal never shows a stack.
 */
export function reportError(error: unknown, io: CliIo, json: boolean, command?: string): number {
  if (error instanceof PromptCancelled) {
    io.stderr('Cancelled.');
    return 130;
  }
  const logFile = logUnexpected(error, `CLI: ${command ?? 'reading the command line'}`);
  const typed = forTerminal(toErrorInfo(error), command);
  const info: ErrorInfo = logFile
    ? {
        ...typed,
        hint: `${typed.hint ?? ''} The details are in ${logFile} (secrets taken out): attach it to the report.`.trim(),
      }
    : typed;
  if (json) {
    io.stdout(
      escapeJson(
        JSON.stringify(
          { error: { code: info.code, message: info.message, ...(info.hint && { hint: info.hint }) } },
          null,
          2,
        ),
      ),
    );
  } else {
    io.stderr(`error: ${info.message}${info.hint ? `\nhint: ${info.hint}` : ''}`);
  }
  return exitCodeFor(info.code);
}

/** A plain text table, columns padded to their widest cell. */
export function textTable(header: string[], cells: string[][]): string {
  // Each cell is one field: escaped whole, so a stored name cannot end its row or draw another.
  const rows = cells.map((r) => r.map(escapeField));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function print(io: CliIo, json: boolean | undefined, human: string, data: unknown): void {
  io.stdout(json ? escapeJson(JSON.stringify(data, null, 2)) : human);
}
