// Each command is declared once (electron/cli/commands/*): the parser, the allow-lists, --help, the
// suggestions and docs/cli.md all come from the declarations.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../electron/cli/args.js';
import { defineCommand, type AnyCommand } from '../../../electron/cli/command.js';
import { COMMANDS } from '../../../electron/cli/commands/index.js';
import { KEY_FLAGS } from '../../../electron/cli/flags.js';
import { commandHelp, markdown, REFERENCE_MARK, usage } from '../../../electron/cli/help.js';
import { FIELDS } from '../../../shared/fields.js';
import { cli } from '../../support/cli-helpers.js';

const root = join(import.meta.dirname, '..', '..', '..');

describe('docs/cli.md', () => {
  it('ends with the reference npm run docs:cli writes from the declarations', () => {
    const page = readFileSync(join(root, 'docs', 'cli.md'), 'utf8');
    const reference = page.slice(Math.max(0, page.indexOf(REFERENCE_MARK)));
    expect(
      reference === markdown(COMMANDS),
      'the command reference in docs/cli.md is stale: run npm run docs:cli and commit it',
    ).toBe(true);
  });

  it('lists every command and every flag it takes', () => {
    const doc = markdown(COMMANDS);
    for (const c of COMMANDS) {
      expect(doc).toContain(`### ${c.name}`);
      for (const [name, spec] of Object.entries(c.flags))
        if (!spec.refuse && !spec.hidden) expect(doc, `${c.name} --${name}`).toContain(`--${name}`);
    }
  });
});

describe('the declarations', () => {
  it('give a flag one meaning everywhere: the same type, short form and environment variable in each command', () => {
    const seen = new Map<string, string>();
    for (const c of COMMANDS) {
      const shorts = new Set<string>();
      for (const [name, spec] of Object.entries(c.flags)) {
        if (spec.refuse) continue;
        expect(spec.description, `${c.name} --${name}`).not.toBe('');
        const shape = `${spec.type}${spec.multiple ? '[]' : ''}`;
        expect(seen.get(name) ?? shape, `--${name} in ${c.name}`).toBe(shape);
        seen.set(name, shape);
        if (spec.short) {
          expect(shorts.has(spec.short), `-${spec.short} twice in ${c.name}`).toBe(false);
          shorts.add(spec.short);
        }
      }
    }
  });

  it('take the environment variables of secret fields from the one field table', () => {
    expect(KEY_FLAGS['keystore-password'].env).toBe(FIELDS.keyStorePassword.env);
    expect(KEY_FLAGS.passphrase.env).toBe(FIELDS.passphrase.env);
    expect(`--${Object.keys(KEY_FLAGS).find((f) => f === 'certificate-name')}`).toBe(FIELDS.certificateName.flag);
  });

  it("make every command's help", async () => {
    for (const c of COMMANDS) {
      const { code, stdout } = await cli([...c.name.split(' '), '--help']);
      expect(code, c.name).toBe(0);
      expect(stdout, c.name).toBe(commandHelp(c));
      expect(usage(COMMANDS)).toContain(`jwt-connect ${c.usage[0]}`);
    }
  });
});

describe('typed flags', () => {
  it('numbers are checked against their range, with the range in the message', async () => {
    const timeout = await cli(['authorise', '--timeout', '0']);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toMatch(/--timeout must be a number from 1 to 600, not "0"/);
    const concurrency = await cli(['test', '--all', '--concurrency', '2.5']);
    expect(concurrency.stderr).toMatch(/--concurrency must be a whole number from 1 to 16, not "2\.5"/);
    const bits = await cli(['create-certificate', '--common-name', 'x', '--bits', '1024']);
    expect(bits.stderr).toMatch(/--bits must be 2048, 3072 or 4096, not "1024"/);
  });

  it('choices are taken in any case, and anything else is refused with the choices', async () => {
    const { code, stderr } = await cli(['authorise', '--environment', 'prod']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--environment must be production, sandbox or mydomain, not "prod"/);
  });

  it("flags of one exclusive group are refused together; sf's spelling and ours of one flag must agree", async () => {
    expect((await cli(['authorise', '--private-key', 'a.pem', '--keystore', 'b.jks'])).stderr).toMatch(
      /Give --private-key or --keystore, not both/,
    );
    expect((await cli(['token', 'X', '--env', '--json'])).stdout).toMatch(/Give --env or --json, not both/);
    expect((await cli(['authorise', '--client-id', 'a', '--consumer-key', 'b'])).stderr).toMatch(
      /--consumer-key and --client-id are the same flag/,
    );
  });

  it('a value from the environment is checked like one from the command line', () => {
    const env = { JWT_CONNECT_PASSPHRASE: 'from env' };
    const line = parseCommandLine(['authorise', '--private-key', 'k.pem'], COMMANDS, env);
    expect(line.values.passphrase).toBe('from env');
    expect(line.given.has('passphrase')).toBe(false);
    expect(parseCommandLine(['authorise', '--passphrase', 'typed'], COMMANDS, env).values.passphrase).toBe('typed');
  });
});

describe('a new command', () => {
  // What another engineer writes: one declaration. Parsing, help and docs follow from it.
  const ran: unknown[] = [];
  const demoLogin = defineCommand({
    name: 'demo login jwt',
    summary: 'Log in as sf does.',
    usage: ['demo login jwt -i KEY -f FILE -o USER'],
    description: 'A stand-in.',
    flags: {
      username: { type: 'string', short: 'o', value: 'USER', description: 'The username.' },
      'set-default': { type: 'boolean', short: 'd', description: 'Use it when a command names none.' },
      tries: { type: 'integer', min: 1, max: 3, default: 1, env: 'TRIES', description: 'How often.' },
    },
    async run({ values }) {
      ran.push(values);
    },
  }) as AnyCommand;
  const commands = [...COMMANDS, demoLogin];

  it('is parsed from its declaration, words, short forms, environment and defaults included', () => {
    const line = parseCommandLine(['demo', 'login', 'jwt', '-o', 'u@x', '-d'], commands, { TRIES: '2' });
    expect(line.command?.name).toBe('demo login jwt');
    expect(line.values).toMatchObject({ username: 'u@x', 'set-default': true, tries: 2 });
    expect(parseCommandLine(['demo', 'login', 'jwt'], commands).values.tries).toBe(1);
  });

  it('gets help, docs and suggestions without further work', () => {
    expect(commandHelp(demoLogin)).toMatch(/-o, --username USER\s+The username\./);
    expect(markdown(commands)).toContain('### demo login jwt');
    expect(() => parseCommandLine(['demo', 'login', 'jwtt'], commands)).toThrow(
      expect.objectContaining({ hint: expect.stringContaining('Did you mean "demo login jwt"?') }),
    );
    expect(() => parseCommandLine(['demo', 'login', 'jwt', '--set-defualt'], commands)).toThrow(
      expect.objectContaining({ hint: expect.stringContaining('Did you mean --set-default?') }),
    );
    expect(() => parseCommandLine(['authorise', '-d'], commands)).toThrow(
      expect.objectContaining({ message: '-d is not an option of "authorise".' }),
    );
  });
});
