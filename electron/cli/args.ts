// The command line: which commands and flags exist, the `sf org login jwt` spellings accepted as
// aliases, and a suggestion for a mistyped flag. No engine code here, so `--help` and `--version`
// start without loading any of it.
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors.js';

export const OPTIONS = {
  // login from flags
  'consumer-key': { type: 'string' },
  username: { type: 'string' },
  'private-key': { type: 'string' },
  passphrase: { type: 'string' },
  keystore: { type: 'string' },
  'keystore-password': { type: 'string' },
  alias: { type: 'string' },
  'key-password': { type: 'string' },
  environment: { type: 'string' },
  'my-domain': { type: 'string' },
  audience: { type: 'string' },
  timeout: { type: 'string' },
  // the names `sf org login jwt` uses (see SF_ALIASES)
  'client-id': { type: 'string', short: 'i' },
  'jwt-key-file': { type: 'string', short: 'f' },
  'instance-url': { type: 'string', short: 'r' },
  // saved connections
  connection: { type: 'string', multiple: true },
  'target-org': { type: 'string', multiple: true },
  all: { type: 'boolean' },
  filter: { type: 'string' },
  concurrency: { type: 'string' },
  'data-dir': { type: 'string' },
  from: { type: 'string' },
  env: { type: 'boolean' },
  'url-only': { type: 'boolean' },
  path: { type: 'string' },
  'with-secrets': { type: 'boolean' },
  // create-certificate
  'common-name': { type: 'string' },
  organization: { type: 'string' },
  days: { type: 'string' },
  bits: { type: 'string' },
  'out-dir': { type: 'string' },
  name: { type: 'string' },
  pkcs12: { type: 'boolean' },
  force: { type: 'boolean' },
  // renew-certificate, rotate-key, setup-files, test --all --fail-on-expiring
  out: { type: 'string' },
  'keystore-out': { type: 'string' },
  csr: { type: 'boolean' },
  finish: { type: 'boolean' },
  'app-name': { type: 'string' },
  'fail-on-expiring': { type: 'string' },
  certificate: { type: 'string' },
  'api-name': { type: 'string' },
  'permission-set': { type: 'string' },
  'contact-email': { type: 'string' },
  'api-version': { type: 'string' },
  'admin-org': { type: 'string' },
  'certificate-name': { type: 'string' },
  // everywhere
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export type OptionName = keyof typeof OPTIONS;
type Parsed = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];
/** The values after aliases are folded in: `client-id` is read as `consumer-key`, and so on. */
export type Values = Omit<Parsed, 'client-id' | 'jwt-key-file' | 'instance-url' | 'target-org'>;

/** sf's flag → ours. `--instance-url` is special: it decides the environment or the My Domain. */
const SF_ALIASES = { 'client-id': 'consumer-key', 'jwt-key-file': 'private-key', 'target-org': 'connection' } as const;

const LOGIN = ['consumer-key', 'username', 'private-key', 'passphrase', 'keystore', 'keystore-password', 'alias', 'key-password',
  'environment', 'my-domain', 'audience', 'timeout', 'client-id', 'jwt-key-file', 'instance-url'] as const;
const SOURCE = ['data-dir', 'from'] as const;

/** Which flags each command takes (besides --json and --help). */
export const COMMAND_OPTIONS: Record<string, readonly OptionName[]> = {
  authorise: [...LOGIN, ...SOURCE, 'connection', 'target-org'],
  test: [...LOGIN, ...SOURCE, 'connection', 'target-org', 'all', 'filter', 'concurrency', 'fail-on-expiring'],
  inspect: ['private-key', 'jwt-key-file', 'passphrase', 'keystore', 'keystore-password', 'alias', 'key-password'],
  'create-certificate': ['common-name', 'organization', 'days', 'bits', 'out-dir', 'name', 'passphrase', 'pkcs12', 'keystore-password', 'alias', 'force'],
  list: [...SOURCE, 'filter'],
  token: [...LOGIN, ...SOURCE, 'connection', 'target-org', 'env'],
  open: [...LOGIN, ...SOURCE, 'connection', 'target-org', 'url-only', 'path'],
  export: ['data-dir', 'connection', 'target-org', 'with-secrets', 'force'],
  import: ['data-dir'],
  'renew-certificate': ['data-dir', 'days', 'out', 'keystore-out', 'csr', 'force'],
  'rotate-key': ['data-dir', 'bits', 'days', 'out-dir', 'finish', 'app-name', 'force'],
  'setup-files': [...SOURCE, 'connection', 'target-org', 'certificate', 'keystore-password', 'certificate-name', 'app-name', 'api-name',
    'permission-set', 'contact-email', 'api-version', 'admin-org', 'out', 'force'],
};
export const COMMANDS = Object.keys(COMMAND_OPTIONS);
const COMMAND_ALIASES: Record<string, string> = { authorize: 'authorise' };

const badInput = (message: string, hint = 'Run jwt-connect --help for the commands, or jwt-connect COMMAND --help for its flags.') =>
  new AppError('BAD_INPUT', message, hint);

/** Damerau–Levenshtein distance (optimal string alignment): a swapped pair of letters counts once. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((d[i - 1] as number[])[j] as number + 1, row[j - 1] as number + 1, (d[i - 1] as number[])[j - 1] as number + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, (d[i - 2] as number[])[j - 2] as number + 1);
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

const SHORT = new Map<string, OptionName>(Object.entries(OPTIONS).flatMap(([name, o]) => ('short' in o ? [[o.short, name as OptionName]] : [])));

/** Refuses an unknown flag before parseArgs does, so the error can name the flag meant. */
function checkFlagNames(argv: string[], command: string | undefined): void {
  const allowed = command ? COMMAND_OPTIONS[command] : undefined;
  for (const arg of argv) {
    if (arg === '--') return;
    let name: string | undefined;
    if (arg.startsWith('--')) name = arg.slice(2).split('=')[0] ?? '';
    else if (/^-[A-Za-z]$/.test(arg)) {
      name = SHORT.get(arg.slice(1));
      if (!name) throw badInput(`Unknown option "${arg}".`);
    }
    if (name === undefined || name === 'json' || name === 'help' || name === 'version') continue;
    if (!(name in OPTIONS)) {
      const within = allowed ?? (Object.keys(OPTIONS) as OptionName[]);
      const guess = nearest(name, within) ?? nearest(name, Object.keys(OPTIONS));
      throw badInput(`Unknown option "--${name}".`, guess ? `Did you mean --${guess}? Run jwt-connect ${command ?? ''}${command ? ' ' : ''}--help for the flags.` : undefined);
    }
    if (allowed && !allowed.includes(name as OptionName)) {
      throw badInput(`--${name} is not an option of "${command}".`, `Run jwt-connect ${command} --help for its flags.`);
    }
  }
}

export interface CommandLine {
  command: string | undefined;
  positionals: string[];
  values: Values;
}

/** The command is the first word that is not a flag or a flag's value. */
function findCommand(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return argv[i + 1];
    if (!arg.startsWith('-')) return arg;
    const name = arg.startsWith('--') ? arg.slice(2) : SHORT.get(arg.slice(1));
    const option = name && !name.includes('=') ? OPTIONS[name as OptionName] : undefined;
    if (option?.type === 'string') i++;
  }
  return undefined;
}

export function parseCommandLine(argv: string[]): CommandLine {
  const first = findCommand(argv);
  const command = first === undefined ? undefined : COMMAND_ALIASES[first] ?? first;
  const known = command === undefined || command === 'help' || COMMANDS.includes(command);
  checkFlagNames(argv, known && command !== 'help' ? command : undefined);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw badInput(error instanceof Error ? error.message.replace(/\. To specify.*$/s, '.') : 'Bad arguments.');
  }
  const positionals = parsed.positionals.slice(1);
  if (!known && !parsed.values.help) {
    const guess = nearest(first as string, [...COMMANDS, 'authorize']);
    throw badInput(`Unknown command "${first}".`, guess ? `Did you mean "${guess}"? Run jwt-connect --help for the commands.` : undefined);
  }
  return { command, positionals, values: foldAliases(parsed.values) };
}

function foldAliases(parsed: Parsed): Values {
  const { 'client-id': _c, 'jwt-key-file': _j, 'instance-url': instanceUrl, 'target-org': _t, ...values } = parsed;
  for (const [theirs, ours] of Object.entries(SF_ALIASES) as [keyof typeof SF_ALIASES, 'consumer-key' | 'private-key' | 'connection'][]) {
    const given = parsed[theirs];
    if (given === undefined) continue;
    if (ours === 'connection') {
      values.connection = [...(values.connection ?? []), ...(given as string[])];
    } else {
      if (values[ours] !== undefined && values[ours] !== given) throw badInput(`--${theirs} and --${ours} are the same flag; give one.`);
      values[ours] = given as string;
    }
  }
  if (instanceUrl !== undefined) {
    if (values.environment || values['my-domain']) throw badInput('Give --instance-url or --environment / --my-domain, not both.');
    let host: string;
    try { host = new URL(instanceUrl).hostname.toLowerCase(); } catch { host = ''; }
    // As sf reads it: the two login hosts name an environment; any other address is the org's own.
    if (host === 'login.salesforce.com') values.environment = 'production';
    else if (host === 'test.salesforce.com') values.environment = 'sandbox';
    else values['my-domain'] = instanceUrl;
  }
  return values;
}
