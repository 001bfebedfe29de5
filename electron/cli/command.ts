// What a command declares about itself: its words, summary, flags and run. The parser, the per-command
// allow-lists, --help, the did-you-mean suggestions and docs/cli.md are all made from these
// declarations (cli/args.ts, cli/help.ts), so a command or a flag is added in one place.
// Declarations are plain data and must stay light: a command's `run` loads its engine code with
// import(), so that `--help` and the commands a run does not use cost nothing at start-up.
import type { CliIo } from './output.js';

export interface FlagSpec {
  type: 'string' | 'boolean' | 'integer' | 'number';
  /** One line for --help and docs/cli.md. */
  description: string;
  /** A single letter: -i. */
  short?: string;
  /** How the value is written in help: FILE, URL, N. */
  value?: string;
  /** Read from this environment variable when the flag is not given (flag > environment). */
  env?: string;
  /** The flag may be given more than once; the values are collected in order. */
  multiple?: boolean;
  /** The only values accepted (case-insensitive; the value is passed on in this spelling). */
  choices?: readonly string[];
  /** Numbers: the inclusive range. */
  min?: number;
  max?: number;
  /** Used when neither the flag nor its environment variable is given. */
  default?: string | number | boolean;
  /** Other names accepted for the same flag (sf's spellings, an old name). */
  aliases?: readonly string[];
  /** The heading it is listed under in help. */
  group?: string;
  /** Not listed in help (kept so old scripts keep working). */
  hidden?: boolean;
  /**
   * Refused with this hint rather than taken: a flag that means something else here than where the
   * user knows it from. Listed nowhere, never parsed as a value.
   */
  refuse?: string;
}

export type Flags = Readonly<Record<string, FlagSpec>>;

type ValueOf<F extends FlagSpec> = F['type'] extends 'boolean'
  ? boolean
  : F['type'] extends 'integer' | 'number'
    ? number
    : F['multiple'] extends true
      ? string[]
      : string;

/** The parsed values of a set of flags: each optional, typed by its declaration. */
export type FlagValues<F extends Flags> = { -readonly [K in keyof F]?: ValueOf<F[K]> } & { json?: boolean };

export interface RunContext<F extends Flags> {
  values: FlagValues<F>;
  /** The arguments after the command's words. */
  positionals: string[];
  io: CliIo;
  /** Flags given on the command line (not filled in from the environment or a default). */
  given: ReadonlySet<string>;
  /** For a command with a variadic argument: the words after `--` (undefined when there was no `--`). */
  rest?: string[] | undefined;
}

export interface ArgumentSpec {
  name: string;
  description: string;
  optional?: boolean;
  /** Takes the rest of the line (e.g. the command exec runs). */
  variadic?: boolean;
}

export interface Command<F extends Flags = Flags> {
  /** The words that name it: 'token', 'org login jwt'. */
  name: string;
  /** Other spellings of the same words ('authorize'). */
  aliases?: readonly string[];
  /** One line, for the command list. */
  summary: string;
  /** Usage lines, each without the leading "jwt-connect ". The first is the one in the command list. */
  usage: readonly string[];
  /** What it does, in a paragraph or two (blank lines separate paragraphs). */
  description: string;
  arguments?: readonly ArgumentSpec[];
  /** What to say when more arguments are given than declared. */
  argumentsHint?: string;
  flags: F;
  /** Flags of which at most one may be given on the command line. */
  exclusive?: readonly (readonly ((keyof F | keyof typeof GLOBAL_FLAGS) & string)[])[];
  /** Extra help paragraphs (exit codes, environment). */
  notes?: readonly string[];
  /** Returns the exit code (0 when nothing is returned). */
  run(ctx: RunContext<F>): Promise<number | void>;
}

/**
 * A command with its flags' types forgotten: what the registry, the parser and help handle. (`never`
 * lets every declared command in; the parser's values are handed to `run` as they were declared.)
 */
export interface AnyCommand extends Omit<Command, 'run' | 'exclusive'> {
  exclusive?: readonly (readonly string[])[];
  run(ctx: {
    values: never;
    positionals: string[];
    io: CliIo;
    given: ReadonlySet<string>;
    rest?: string[] | undefined;
  }): Promise<number | void>;
}

/** Declares a command; the flags' types flow into `run`. */
export function defineCommand<const F extends Flags>(command: Command<F>): Command<F> {
  return command;
}

/** A set of flags shared by several commands, its literal types kept. */
export function defineFlags<const F extends Flags>(flags: F): F {
  return flags;
}

/** The flags every command takes. */
export const GLOBAL_FLAGS = defineFlags({
  json: { type: 'boolean', description: 'Print the result (or the error) as JSON on stdout.', group: 'Output' },
  help: { type: 'boolean', short: 'h', description: 'Show this help.', group: 'Output' },
  version: { type: 'boolean', description: 'Print the version.', group: 'Output', hidden: true },
});
