// Which command a command line names, read from the commands' declarations: the words before any
// flag, the longest command they start with, the topics ("org login") they lead to, and, for a word
// that names nothing, the nearest one as a did-you-mean.
import { AppError } from '../../shared/errors.js';
import { GLOBAL_FLAGS, type AnyCommand, type FlagSpec } from './command.js';

export const badInput = (
  message: string,
  hint = 'Run jwt-connect --help for the commands, or jwt-connect COMMAND --help for its flags.',
) => new AppError('BAD_INPUT', message, hint);

/** Damerau–Levenshtein distance (optimal string alignment): a swapped pair of letters counts once. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(
        ((d[i - 1] as number[])[j] as number) + 1,
        (row[j - 1] as number) + 1,
        ((d[i - 1] as number[])[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The nearest known word, if it is near enough to be a typo (or the typed word is a prefix of it). */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = name.startsWith(word) && word.length >= 3 ? 1 : editDistance(word, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(word.length / 3)) ? best.name : undefined;
}

/** A command's flags as the parser sees them: its own, then the global ones. */
export function flagsOf(command: AnyCommand): [string, FlagSpec][] {
  return [...Object.entries(command.flags), ...Object.entries(GLOBAL_FLAGS)];
}

/** Flags that take a value, under any command: to skip a flag's value while looking for the command's words. */
export function valueFlags(commands: readonly AnyCommand[]): { long: Set<string>; short: Set<string> } {
  const long = new Set<string>();
  const short = new Set<string>();
  for (const c of commands) {
    for (const [name, spec] of flagsOf(c)) {
      if (spec.type === 'boolean') continue;
      long.add(name);
      for (const alias of spec.aliases ?? []) long.add(alias);
      if (spec.short) short.add(spec.short);
    }
  }
  return { long, short };
}

/** The words before any flag's value and before `--`: the command's name and its arguments. */
export function leadingWords(argv: string[], commands: readonly AnyCommand[]): string[] {
  const takesValue = valueFlags(commands);
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') {
      words.push(arg);
      continue;
    }
    if (arg.includes('=')) continue;
    if (
      arg.startsWith('--') ? takesValue.long.has(arg.slice(2)) : arg.length === 2 && takesValue.short.has(arg.slice(1))
    )
      i++;
  }
  return words;
}

/** The commands whose names start with these words and go on ("org login" → "org login jwt"). */
export function topicOf(words: string[], commands: readonly AnyCommand[]): AnyCommand[] {
  return commands.filter((c) => {
    const parts = c.name.split(' ');
    return parts.length > words.length && words.every((w, i) => parts[i] === w);
  });
}

/** The command whose words the line starts with (the longest that fits). */
export function findCommand(
  words: string[],
  commands: readonly AnyCommand[],
): { command: AnyCommand; length: number } | undefined {
  let found: { command: AnyCommand; length: number } | undefined;
  for (const command of commands) {
    for (const name of [command.name, ...(command.aliases ?? [])]) {
      const parts = name.split(' ');
      if (parts.every((p, i) => words[i] === p) && (!found || parts.length > found.length))
        found = { command, length: parts.length };
    }
  }
  return found;
}

export function unknownCommand(words: string[], commands: readonly AnyCommand[]): AppError {
  const names = commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
  // A command of several words: compare as many words as it has.
  const typed = words.slice(0, 3);
  let guess: string | undefined;
  for (let n = Math.min(3, typed.length); n >= 1 && !guess; n--) {
    const phrase = typed.slice(0, n).join(' ');
    const sameLength = names.filter((name) => name.split(' ').length === n);
    guess = nearest(phrase, sameLength);
  }
  const shown = names.some((name) => name.startsWith(`${words[0]} `)) ? typed.join(' ') : words[0];
  return badInput(
    `Unknown command "${shown}".`,
    guess ? `Did you mean "${guess}"? Run jwt-connect --help for the commands.` : undefined,
  );
}
