// `jwt-connect --help`, `jwt-connect COMMAND --help` and docs/cli.md, all written from the commands'
// declarations.
import { flagsOf } from './command-words.js';
import type { AnyCommand, FlagSpec } from './command.js';

export const EXIT_CODES = 'Exit codes: 0 ok, 2 bad input, 3 network, 4 Salesforce refused, 1 unexpected.';
const TITLE = 'jwt-connect: Salesforce logins with the OAuth 2.0 JWT bearer flow.';

/** The flag as typed: `-i, --consumer-key KEY`. */
function flagSyntax(name: string, spec: FlagSpec): string {
  const value = spec.type === 'boolean' ? '' : ` ${spec.value ?? (spec.type === 'string' ? 'VALUE' : 'N')}`;
  return `${spec.short ? `-${spec.short}, ` : ''}--${name}${value}`;
}

/** What follows the description: other names, environment variable, range, default. */
function flagFacts(spec: FlagSpec): string[] {
  const facts: string[] = [];
  if (spec.aliases?.length) facts.push(`or ${spec.aliases.map((a) => `--${a}`).join(', ')}`);
  if (spec.env) facts.push(`env ${spec.env}`);
  if (spec.choices && spec.type !== 'string') facts.push(`one of ${spec.choices.join(', ')}`);
  if (spec.min !== undefined || spec.max !== undefined) facts.push(`${spec.min ?? ''}–${spec.max ?? ''}`);
  if (spec.default !== undefined) facts.push(`default ${String(spec.default)}`);
  if (spec.multiple) facts.push('may be repeated');
  return facts;
}

function visibleFlags(command: AnyCommand): [string, FlagSpec][] {
  return flagsOf(command).filter(([, spec]) => !spec.hidden && !spec.refuse);
}

function groups(command: AnyCommand): Map<string, [string, FlagSpec][]> {
  const out = new Map<string, [string, FlagSpec][]>();
  for (const entry of visibleFlags(command)) {
    const group = entry[1].group ?? 'Flags';
    out.set(group, [...(out.get(group) ?? []), entry]);
  }
  // Output (--json, --help) last.
  const output = out.get('Output');
  if (output) {
    out.delete('Output');
    out.set('Output', output);
  }
  return out;
}

/** Words wrapped at `width`, each line after the first indented by `indent`. */
function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

const paragraphs = (text: string, width = 100) =>
  text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => wrap(p, width, 0))
    .join('\n\n');

/** `Not together: --a and --b; --c and --d.` */
function exclusiveText(groups: readonly (readonly string[])[], name: (flag: string) => string): string {
  return `Not together: ${groups.map((g) => g.map(name).join(' and ')).join('; ')}.`;
}

export function commandHelp(command: AnyCommand): string {
  const out = ['Usage:', ...command.usage.map((u) => `  jwt-connect ${u}`), '', paragraphs(command.description)];
  if (command.arguments?.length) {
    const width = Math.max(...command.arguments.map((a) => a.name.length)) + 2;
    out.push(
      '',
      'Arguments:',
      ...command.arguments.map((a) => `  ${a.name.padEnd(width)}${wrap(a.description, 96 - width, width + 2)}`),
    );
  }
  for (const [group, entries] of groups(command)) {
    const width = Math.min(34, Math.max(...entries.map(([n, s]) => flagSyntax(n, s).length)) + 2);
    out.push('', `${group}:`);
    for (const [name, spec] of entries) {
      const syntax = flagSyntax(name, spec);
      const facts = flagFacts(spec);
      const text = `${spec.description}${facts.length ? ` (${facts.join('; ')})` : ''}`;
      const pad = syntax.length + 2 > width ? `\n${' '.repeat(width + 2)}` : ' '.repeat(width - syntax.length);
      out.push(`  ${syntax}${pad}${wrap(text, 98 - width, width + 2)}`);
    }
  }
  if (command.exclusive?.length)
    out.push(
      '',
      wrap(
        exclusiveText(command.exclusive, (n) => `--${n}`),
        100,
        2,
      ),
    );
  for (const note of command.notes ?? []) out.push('', paragraphs(note));
  out.push('', EXIT_CODES);
  return out.join('\n');
}

/** `jwt-connect org --help`: the commands that start with these words. */
export function topicHelp(words: string[], commands: readonly AnyCommand[]): string {
  return [
    `Commands under "${words.join(' ')}":`,
    '',
    ...commands.map((c) => `  jwt-connect ${c.usage[0] ?? c.name}\n      ${c.summary}`),
    '',
    "Run jwt-connect COMMAND --help for a command's flags.",
  ].join('\n');
}

export function usage(commands: readonly AnyCommand[]): string {
  return [
    TITLE,
    '',
    'Usage:',
    ...commands.map((c) => `  jwt-connect ${c.usage[0] ?? c.name}\n      ${c.summary}`),
    '',
    "Run jwt-connect COMMAND --help for a command's flags. jwt-connect --version prints the version.",
    'Run with no arguments, jwt-connect prints this text and exits 0 (as sf does).',
    '',
    'Passwords are best given in the environment, where process lists do not show them: each flag',
    "that takes one names its variable in the command's help.",
    '',
    EXIT_CODES,
  ].join('\n');
}

/** Paragraphs with their source line breaks taken out (markdown wraps them itself). */
const unwrap = (text: string) =>
  text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' '))
    .join('\n\n');
const code = (text: string) => `\`${text.replace(/`/g, '\\`')}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** Where the generated part of docs/cli.md starts; the guide above it is written by hand. */
export const REFERENCE_MARK = '<!-- command reference: generated by npm run docs:cli from here to the end -->';

/** The generated part of docs/cli.md: every command, its usage, arguments and flags. */
export function markdown(commands: readonly AnyCommand[]): string {
  const out = [
    REFERENCE_MARK,
    '',
    '## Command reference',
    '',
    "Written by `npm run docs:cli` from the commands' declarations (`electron/cli/commands/*.ts`): edit",
    'those, not this part of the page. Every command takes `--json` (the result, or `{"error": {code,',
    'message, hint}}`, on stdout) and `--help`. Flags that take a password also read it from an',
    'environment variable, which process lists do not show.',
    '',
    EXIT_CODES,
    '',
    '| command | what it does |',
    '|---|---|',
    ...commands.map((c) => `| [${code(c.name)}](#${c.name.replace(/ /g, '-')}) | ${cell(c.summary)} |`),
  ];
  for (const c of commands) {
    out.push(
      '',
      `### ${c.name}`,
      '',
      c.summary,
      '',
      '```',
      ...c.usage.map((u) => `jwt-connect ${u}`),
      '```',
      '',
      unwrap(c.description),
    );
    if (c.aliases?.length) out.push('', `Also spelled ${c.aliases.map(code).join(', ')}.`);
    if (c.arguments?.length) {
      out.push(
        '',
        '| argument | |',
        '|---|---|',
        ...c.arguments.map((a) => `| ${code(a.name)}${a.optional ? ' (optional)' : ''} | ${cell(a.description)} |`),
      );
    }
    const flags = visibleFlags(c).filter(([name]) => name !== 'help');
    if (flags.length) {
      out.push('', '| flag | environment | |', '|---|---|---|');
      for (const [name, spec] of flags) {
        const facts = flagFacts(spec).filter((f) => !f.startsWith('env '));
        out.push(
          `| ${code(flagSyntax(name, spec))} | ${spec.env ? code(spec.env) : ''} | ${cell(spec.description)}${facts.length ? ` (${cell(facts.join('; '))})` : ''} |`,
        );
      }
    }
    if (c.exclusive?.length)
      out.push(
        '',
        exclusiveText(c.exclusive, (n) => code(`--${n}`)),
      );
    for (const note of c.notes ?? []) out.push('', unwrap(note));
  }
  return `${out.join('\n')}\n`;
}
