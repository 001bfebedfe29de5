// The command line, read from the commands' declarations (cli/commands/*): which command, which of
// its flags (long, short, sf's spellings), typed and checked against their ranges, choices and
// exclusive groups, with the environment filling in what was not given. A mistyped command or flag
// gets the nearest one suggested. No engine code here, so --help and --version start without it.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AnyCommand, FlagSpec } from './command.js';
import { badInput, flagsOf, findCommand, leadingWords, nearest, topicOf, unknownCommand } from './command-words.js';

/** Every name a flag answers to (its own and its aliases) → the flag's name. */
function namesOf(command: AnyCommand): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, spec] of flagsOf(command)) {
    names.set(name, name);
    for (const alias of spec.aliases ?? []) names.set(alias, name);
  }
  return names;
}

function shortsOf(command: AnyCommand): Map<string, string> {
  return new Map(
    flagsOf(command).flatMap(([name, spec]) =>
      spec.short && !spec.refuse ? [[spec.short, name] as [string, string]] : [],
    ),
  );
}

export interface CommandLine {
  command: AnyCommand | undefined;
  /** The words as typed (for an unknown command). */
  words: string[];
  positionals: string[];
  values: Record<string, unknown>;
  given: ReadonlySet<string>;
  /** For a command that runs another program: the words after `--`, untouched (undefined without `--`). */
  rest?: string[];
}

/** Refuses a flag the command does not take before parseArgs does, so the error can name the flag meant. */
function checkFlagNames(argv: string[], command: AnyCommand, commands: readonly AnyCommand[]): void {
  const names = namesOf(command);
  const shorts = shortsOf(command);
  const everywhere = new Map(commands.flatMap((c) => [...namesOf(c)]));
  const otherShorts = new Set(commands.flatMap((c) => [...shortsOf(c).keys()]));
  const specs = new Map(flagsOf(command));
  for (const arg of argv) {
    if (arg === '--') return;
    let name: string | undefined;
    if (arg.startsWith('--')) name = arg.slice(2).split('=')[0] ?? '';
    else if (/^-[A-Za-z]$/.test(arg)) {
      const letter = arg.slice(1);
      name = shorts.get(letter);
      const refusedFlag = name ? undefined : flagsOf(command).find(([, spec]) => spec.short === letter && spec.refuse);
      if (refusedFlag)
        throw badInput(`${arg} (--${refusedFlag[0]}) is not an option of "${command.name}".`, refusedFlag[1].refuse);
      if (!name) {
        if (otherShorts.has(letter))
          throw badInput(
            `${arg} is not an option of "${command.name}".`,
            `Run jwt-connect ${command.name} --help for its flags.`,
          );
        throw badInput(`Unknown option "${arg}".`, `Run jwt-connect ${command.name} --help for its flags.`);
      }
    }
    if (name === undefined) continue;
    const own = names.get(name);
    const refused = own ? specs.get(own)?.refuse : undefined;
    if (refused) throw badInput(`--${name} is not an option of "${command.name}".`, refused);
    if (own) continue;
    if (everywhere.has(name))
      throw badInput(
        `--${name} is not an option of "${command.name}".`,
        `Run jwt-connect ${command.name} --help for its flags.`,
      );
    const mine = [...names.keys()].filter((n) => !specs.get(names.get(n) as string)?.refuse);
    const guess = nearest(name, mine) ?? nearest(name, [...everywhere.keys()]);
    throw badInput(
      `Unknown option "--${name}".`,
      guess ? `Did you mean --${guess}? Run jwt-connect ${command.name} --help for the flags.` : undefined,
    );
  }
}

/** A value typed by its declaration: numbers in range, one of the choices. */
function typed(name: string, spec: FlagSpec, raw: string, from: string): string | number {
  const said = from === 'flag' ? `--${name}` : `$${from}`;
  if (spec.type === 'integer' || spec.type === 'number') {
    const n = raw.trim() === '' ? NaN : Number(raw);
    const whole = spec.type === 'integer';
    const inRange =
      Number.isFinite(n) &&
      (!whole || Number.isInteger(n)) &&
      (spec.min === undefined || n >= spec.min) &&
      (spec.max === undefined || n <= spec.max);
    if (!inRange) {
      const range =
        spec.min !== undefined && spec.max !== undefined
          ? ` from ${spec.min} to ${spec.max}`
          : spec.min !== undefined
            ? ` of at least ${spec.min}`
            : '';
      throw badInput(
        `${said} must be ${whole ? 'a whole number' : 'a number'}${range}, not "${raw}".`,
        `Run jwt-connect --help for the flags.`,
      );
    }
    if (spec.choices && !spec.choices.includes(String(n)))
      throw badInput(`${said} must be ${orList(spec.choices)}, not "${raw}".`);
    return n;
  }
  if (spec.choices) {
    const found = spec.choices.find((c) => c.toLowerCase() === raw.trim().toLowerCase());
    if (!found) throw badInput(`${said} must be ${orList(spec.choices)}, not "${raw}".`);
    return found;
  }
  return raw;
}

const orList = (items: readonly string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;

/** parseArgs' options for one command: each flag under its own name and under each alias. */
function parseOptions(command: AnyCommand): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, spec] of flagsOf(command)) {
    if (spec.refuse) continue;
    const type = spec.type === 'boolean' ? 'boolean' : 'string';
    options[name] = { type, ...(spec.multiple && { multiple: true }), ...(spec.short && { short: spec.short }) };
    for (const alias of spec.aliases ?? []) options[alias] = { type, ...(spec.multiple && { multiple: true }) };
  }
  return options;
}

/** The values under each flag's own name: aliases folded in, the environment and defaults filled in, all typed. */
function resolveValues(
  command: AnyCommand,
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): { values: Record<string, unknown>; given: Set<string> } {
  const values: Record<string, unknown> = {};
  const given = new Set<string>();
  for (const [name, spec] of flagsOf(command)) {
    if (spec.refuse) continue;
    let value: unknown;
    let spelled: string | undefined;
    for (const n of [name, ...(spec.aliases ?? [])]) {
      const v = raw[n];
      if (v === undefined) continue;
      if (spec.multiple) value = [...((value as string[] | undefined) ?? []), ...(v as string[])];
      else if (value !== undefined && value !== v)
        throw badInput(`--${spelled} and --${n} are the same flag; give one.`);
      else value = v;
      spelled ??= n;
    }
    if (value !== undefined) {
      given.add(name);
      values[name] = spec.multiple
        ? (value as string[]).map((v) => typed(name, spec, v, 'flag'))
        : typeof value === 'string'
          ? typed(name, spec, value, 'flag')
          : value;
      continue;
    }
    const fromEnv = spec.env ? env[spec.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '') {
      values[name] =
        spec.type === 'boolean' ? /^(1|true|yes)$/i.test(fromEnv) : typed(name, spec, fromEnv, spec.env as string);
    } else if (spec.default !== undefined) {
      values[name] = spec.default;
    }
  }
  for (const group of command.exclusive ?? []) {
    const both = group.filter((name) => given.has(name));
    if (both.length > 1)
      throw badInput(
        `Give ${both.map((n) => `--${n}`).join(' or ')}, not ${both.length > 2 ? 'several' : 'both'}.`,
        `Run jwt-connect ${command.name} --help for its flags.`,
      );
  }
  return { values, given };
}

/** Reads the command line. `commands`: the declarations (cli/commands/index.ts). */
export function parseCommandLine(
  argv: string[],
  commands: readonly AnyCommand[],
  env: NodeJS.ProcessEnv = {},
): CommandLine {
  const words = leadingWords(argv, commands);
  const found = findCommand(words, commands);
  if (!found && words.length && topicOf(words, commands).length) {
    // The first words of commands ("org", "org login"): their list, as sf shows a topic.
    return {
      command: undefined,
      words: ['help', ...words],
      positionals: words,
      values: { help: true, version: false, json: argv.includes('--json') },
      given: new Set(),
    };
  }
  if (!found) {
    // --help and --version need no command; help for an unknown one is the general help.
    if (words.length && !argv.includes('--help') && !argv.includes('-h') && words[0] !== 'help')
      throw unknownCommand(words, commands);
    return {
      command: undefined,
      words,
      positionals: words,
      values: {
        help: argv.includes('--help') || argv.includes('-h'),
        version: argv.includes('--version'),
        json: argv.includes('--json'),
      },
      given: new Set(),
    };
  }
  const { command, length } = found;
  // A command that runs another program (exec): what follows `--` is that program's line, never our flags.
  const split = command.arguments?.some((a) => a.variadic) ? argv.indexOf('--') : -1;
  const ours = split < 0 ? argv : argv.slice(0, split);
  const rest = split < 0 ? undefined : argv.slice(split + 1);
  checkFlagNames(ours, command, commands);
  let parsed;
  try {
    parsed = parseArgs({ args: ours, options: parseOptions(command), allowPositionals: true, strict: true });
  } catch (error) {
    throw badInput(error instanceof Error ? error.message.replace(/\. To specify.*$/s, '.') : 'Bad arguments.');
  }
  const { values, given } = resolveValues(command, parsed.values, env);
  const positionals = parsed.positionals.slice(length);
  const declared = command.arguments ?? [];
  if (!values.help && !declared.some((a) => a.variadic) && positionals.length > declared.length) {
    throw badInput(
      `Unexpected argument "${positionals[declared.length]}".`,
      command.argumentsHint ?? `Run jwt-connect ${command.name} --help.`,
    );
  }
  return { command, words, positionals, values, given, ...(rest && { rest }) };
}
