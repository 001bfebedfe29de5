// jwt-connect from a terminal: the same engine as the app, for pipelines that need a token.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError, NETWORK_CODES, SALESFORCE_CODES, toErrorInfo, type ErrorInfo } from '../shared/errors.js';
import { Environment, type LoginTarget } from '../shared/salesforce.js';
import { createCertificate, fileBaseName } from './keys/create-certificate.js';
import { inspectKeyFile, loadSigningKey, type KeySource } from './keys/load.js';
import { authorise, timeoutMs, type Platform } from './salesforce/authorise.js';
import { testConnection } from './salesforce/test-connection.js';

const USAGE = `Usage:
  jwt-connect authorise --consumer-key KEY --username USER <key> [<login>] [--json]
  jwt-connect test      --consumer-key KEY --username USER <key> [<login>] [--json]
  jwt-connect inspect   <key> [--json]
  jwt-connect create-certificate --common-name CN [--organization O] [--days 365] [--bits 2048|3072|4096]
                        [--out-dir DIR] [--name BASENAME] [--passphrase P] [--pkcs12 --keystore-password P [--alias NAME]]
                        [--force] [--json]
      writes BASENAME.key (PKCS#8, encrypted with --passphrase if given), BASENAME.crt (upload it to the
      Connected App) and, with --pkcs12, BASENAME.p12

<key>, one of:
  --private-key FILE [--passphrase P]
  --keystore FILE --keystore-password P [--alias NAME] [--key-password P]
<login>:
  --environment production|sandbox     (default: production)
  --my-domain URL                      token host and first audience
  --audience URL                       explicit audience, no retry
  --timeout SECONDS                    default 30

Passwords may come from the environment instead of the command line:
  JWT_CONNECT_KEYSTORE_PASSWORD, JWT_CONNECT_KEY_PASSWORD, JWT_CONNECT_PASSPHRASE

Exit codes: 0 ok, 2 bad input, 3 network, 4 Salesforce refused, 1 unexpected.`;

const OPTIONS = {
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
  json: { type: 'boolean' },
  'common-name': { type: 'string' },
  organization: { type: 'string' },
  days: { type: 'string' },
  bits: { type: 'string' },
  'out-dir': { type: 'string' },
  name: { type: 'string' },
  pkcs12: { type: 'boolean' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  platform: Platform;
}

const usage = (message: string) => new AppError('BAD_INPUT', message, 'Run jwt-connect --help for the options.');

function readKeyFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'cannot be read (permission denied)' : 'cannot be read';
    throw new AppError('BAD_INPUT', `The key file ${path} ${what}.`, 'Check the path given to --private-key or --keystore.');
  }
}

function keySource(values: Values, env: NodeJS.ProcessEnv): KeySource {
  if (values['private-key'] && values.keystore) throw usage('Give either --private-key or --keystore, not both.');
  if (values['private-key']) {
    return { bytes: readKeyFile(values['private-key']), passphrase: values.passphrase ?? env.JWT_CONNECT_PASSPHRASE };
  }
  if (values.keystore) {
    return {
      bytes: readKeyFile(values.keystore),
      storePassword: values['keystore-password'] ?? env.JWT_CONNECT_KEYSTORE_PASSWORD,
      alias: values.alias,
      keyPassword: values['key-password'] ?? env.JWT_CONNECT_KEY_PASSWORD,
    };
  }
  throw usage('A key is needed: --private-key FILE or --keystore FILE.');
}

function loginTarget(values: Values): LoginTarget {
  if (values['my-domain'] && values.environment && values.environment !== 'mydomain') {
    throw usage('Give either --environment or --my-domain, not both.');
  }
  let timeoutSeconds: number | undefined;
  if (values.timeout !== undefined) {
    timeoutSeconds = Number(values.timeout);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > 600) throw usage('--timeout must be a number of seconds between 1 and 600.');
  }
  let environment: Environment = 'mydomain';
  if (!values['my-domain']) {
    const parsed = Environment.safeParse(values.environment ?? 'production');
    if (!parsed.success) throw usage(`--environment must be production or sandbox (or use --my-domain URL), not "${values.environment}".`);
    environment = parsed.data;
  }
  return {
    environment,
    ...(values['my-domain'] && { myDomainUrl: values['my-domain'] }),
    ...(values.audience && { audience: values.audience }),
    ...(timeoutSeconds !== undefined && { timeoutSeconds }),
  };
}

function exitCodeFor(error: ErrorInfo): number {
  if (SALESFORCE_CODES.has(error.code)) return 4;
  if (NETWORK_CODES.has(error.code)) return 3;
  if (error.code === 'INTERNAL') return 1;
  return 2;
}

async function login(values: Values, io: CliIo) {
  if (!values['consumer-key']) throw usage('--consumer-key is required (the Connected App\'s Consumer Key).');
  if (!values.username) throw usage('--username is required (the Salesforce username to log in as).');
  const signingKey = await loadSigningKey(keySource(values, io.env));
  for (const warning of signingKey.warnings) io.stderr(`warning: ${warning}`);
  const target = loginTarget(values);
  const input = { ...target, key: signingKey.key, consumerKey: values['consumer-key'], username: values.username };
  return { target, run: () => authorise(input, io.platform) };
}

function integerOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw usage(`--${name} must be a whole number, not "${value}".`);
  return n;
}

async function createCertificateFiles(values: Values, io: CliIo): Promise<{ human: string; data: unknown }> {
  if (!values['common-name']) throw usage('--common-name is required (the certificate\'s CN).');
  const passphrase = values.passphrase ?? io.env.JWT_CONNECT_PASSPHRASE;
  const pkcs12Password = values.pkcs12 ? values['keystore-password'] ?? io.env.JWT_CONNECT_KEYSTORE_PASSWORD : undefined;
  if (values.pkcs12 && !pkcs12Password) throw usage('--pkcs12 needs --keystore-password (or JWT_CONNECT_KEYSTORE_PASSWORD).');
  const bits = integerOption(values.bits, 'bits', 2048);
  const outDir = resolve(values['out-dir'] ?? '.');
  const base = values.name ?? fileBaseName(values['common-name']);
  const paths = { privateKey: join(outDir, `${base}.key`), certificate: join(outDir, `${base}.crt`), ...(values.pkcs12 && { pkcs12: join(outDir, `${base}.p12`) }) };
  const existing = Object.values(paths).filter((p) => existsSync(p));
  if (existing.length && !values.force) {
    throw new AppError('BAD_INPUT', `Not overwriting ${existing.join(', ')}.`, 'Choose another --name or --out-dir, or add --force to replace them.');
  }
  const created = await createCertificate({
    commonName: values['common-name'], organization: values.organization, days: integerOption(values.days, 'days', 365),
    bits: bits as 2048 | 3072 | 4096, passphrase, pkcs12Password, alias: values.alias,
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(paths.privateKey, created.privateKeyPem, { mode: 0o600 });
  writeFileSync(paths.certificate, created.certificatePem);
  if (paths.pkcs12 && created.pkcs12) writeFileSync(paths.pkcs12, created.pkcs12, { mode: 0o600 });
  const c = created.certificate;
  return {
    data: { files: paths, alias: created.alias, keyEncrypted: Boolean(passphrase), certificate: c },
    human: [
      `Created a ${bits}-bit RSA key and a self-signed certificate.`,
      `Private key:  ${paths.privateKey}${passphrase ? ' (encrypted)' : ''}`,
      `Certificate:  ${paths.certificate}   <- upload this to the Connected App ("Use digital signatures")`,
      ...(paths.pkcs12 ? [`Keystore:     ${paths.pkcs12} (alias "${created.alias}")`] : []),
      `Subject:      ${c.subject}`,
      `Valid until:  ${c.validTo.slice(0, 10)} (${c.daysLeft} days)`,
      `SHA-256:      ${c.sha256Fingerprint}`,
    ].join('\n'),
  };
}

async function run(command: string | undefined, values: Values, io: CliIo): Promise<void> {
  const print = (human: string, data: unknown) => io.stdout(values.json ? JSON.stringify(data, null, 2) : human);
  if (command === 'create-certificate') {
    const { human, data } = await createCertificateFiles(values, io);
    print(human, data);
    return;
  }
  if (command === 'inspect') {
    const source = keySource(values, io.env);
    const info = inspectKeyFile(source);
    const lines = [`Format: ${info.formatLabel}${info.verified ? ' (integrity verified)' : ''}`];
    if (info.locked) lines.push('Locked: give the password or passphrase to see its keys.');
    for (const entry of info.entries) {
      lines.push(`${entry.alias ? `Alias "${entry.alias}"` : 'Private key'}: ${entry.kind === 'privateKey' ? 'private key' : entry.kind === 'trustedCertificate' ? 'trusted certificate' : 'secret key'}`);
      const c = entry.certificate;
      if (c) {
        lines.push(`  Subject:     ${c.subject}`, `  Issuer:      ${c.issuer}`, `  Serial:      ${c.serialNumber}`,
          `  SHA-256:     ${c.sha256Fingerprint}`, `  Valid:       ${c.validFrom.slice(0, 10)} to ${c.validTo.slice(0, 10)} (${c.daysLeft < 0 ? 'EXPIRED' : `${c.daysLeft} days left`})`);
      }
    }
    for (const warning of info.warnings) lines.push(`Warning: ${warning}`);
    print(lines.join('\n'), info);
    return;
  }
  if (command === 'authorise' || command === 'authorize') {
    const result = await (await login(values, io)).run();
    print([
      `Authorised in ${result.elapsedMs} ms.`,
      `Instance:     ${result.instanceUrl}`,
      `Audience:     ${result.audience}`,
      ...(result.audienceNote ? [`Note:         ${result.audienceNote}`] : []),
      `Access token: ${result.accessToken}`,
    ].join('\n'), result);
    return;
  }
  if (command === 'test') {
    const { target, run: authoriseNow } = await login(values, io);
    const { result } = await testConnection({ authorise: authoriseNow, timeoutMs: timeoutMs(target) }, io.platform);
    print([
      `Connection OK (${result.totalMs} ms).`,
      `User:         ${result.identity.displayName} <${result.identity.username}> (${result.identity.userId})`,
      `Organization: ${result.organization.name} (${result.identity.orgId}), ${result.organization.type}${result.organization.isSandbox ? ', sandbox' : ''}, instance ${result.organization.instanceName}`,
      `API requests: ${result.limits.dailyApiRequests.remaining} of ${result.limits.dailyApiRequests.max} left today`,
      `Steps:        ${result.steps.map((s) => `${s.name} ${s.elapsedMs} ms`).join(', ')}`,
    ].join('\n'), result);
    return;
  }
  throw usage(command ? `Unknown command "${command}".` : 'No command given.');
}

/** Runs one command; returns the exit code. Never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json');
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
      throw usage(error instanceof Error ? error.message.replace(/\. To specify.*$/s, '.') : 'Bad arguments.');
    }
    json = parsed.values.json === true;
    if (parsed.values.help || parsed.positionals[0] === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    if (parsed.positionals.length > 1) throw usage(`Unexpected argument "${parsed.positionals[1]}".`);
    await run(parsed.positionals[0], parsed.values, io);
    return 0;
  } catch (error) {
    const info = toErrorInfo(error);
    if (json) {
      io.stdout(JSON.stringify({ error: { code: info.code, message: info.message, ...(info.hint && { hint: info.hint }) } }, null, 2));
    } else {
      io.stderr(`error: ${info.message}${info.hint ? `\nhint: ${info.hint}` : ''}`);
    }
    return exitCodeFor(info);
  }
}
