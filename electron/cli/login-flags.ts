// authorise / test / inspect with everything given as flags (no saved connection).
import { AppError } from '../../shared/errors.js';
import type { AuthoriseResult, LoginTarget, TestConnectionResult } from '../../shared/salesforce.js';
import type { KeyFileInfo } from '../../shared/keys.js';
import { inspectKeyFile, loadSigningKey, type KeySource } from '../keys/load.js';
import { LIMITS } from '../keys/limits.js';
import { authorise, timeoutMs } from '../salesforce/authorise.js';
import { planLogin } from '../salesforce/environment.js';
import { testConnection } from '../salesforce/test-connection.js';
import type { Values } from './args.js';
import { reword } from './flag-hints.js';
import { print, usageError, type CliIo } from './output.js';
import { readCapped, type CappedRead } from './read-capped.js';

const ENVIRONMENTS = ['production', 'sandbox', 'mydomain'] as const;


/**
 * A key file or keystore named by a flag, read up to the loader's cap for keystores (the loader then
 * holds a bare key to its own, smaller cap): a bigger "key" is a wrong path (a disk image, a log,
 * /dev/urandom), refused before it is read whole.
 */
export function readKeyFile(path: string): Buffer {
  let read: CappedRead;
  try {
    read = readCapped(path, LIMITS.maxKeystoreBytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'cannot be read (permission denied)' : 'cannot be read';
    throw new AppError('BAD_INPUT', `The key file ${path} ${what}.`, 'Check the path given to --private-key or --keystore.');
  }
  if ('tooLarge' in read) {
    const kb = (b: number) => `${Math.ceil(b / 1024).toLocaleString('en-US')} KB`;
    throw new AppError('KEY_FILE_TOO_LARGE', `${path} ${read.size === undefined ? 'goes on past' : `is ${kb(read.size)}, more than`} ${kb(LIMITS.maxKeystoreBytes)}: far too big for a key file or keystore.`,
      'Check the path given to --private-key or --keystore.', { field: 'keyFile', limit: LIMITS.maxKeystoreBytes, ...(read.size !== undefined && { size: read.size }) });
  }
  return read.bytes;
}

export function keySource(values: Values, env: NodeJS.ProcessEnv): KeySource {
  if (values['private-key'] && values.keystore) throw usageError('Give either --private-key or --keystore, not both.');
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
  throw usageError('A key is needed: --private-key FILE or --keystore FILE.');
}

export function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) throw usageError('--timeout must be a number of seconds between 1 and 600.');
  return seconds;
}

export function parseEnvironment(value: string | undefined): (typeof ENVIRONMENTS)[number] | undefined {
  if (value === undefined) return undefined;
  const found = ENVIRONMENTS.find((e) => e === value.toLowerCase());
  if (!found) throw usageError(`--environment must be production or sandbox (or use --my-domain URL), not "${value}".`);
  return found;
}

function loginTarget(values: Values): LoginTarget {
  if (values['my-domain'] && values.environment && values.environment !== 'mydomain') {
    throw usageError('Give either --environment or --my-domain, not both.');
  }
  const timeoutSeconds = parseTimeout(values.timeout);
  const environment = values['my-domain'] ? 'mydomain' : parseEnvironment(values.environment) ?? 'production';
  return {
    environment,
    ...(values['my-domain'] && { myDomainUrl: values['my-domain'] }),
    ...(values.audience && { audience: values.audience }),
    ...(timeoutSeconds !== undefined && { timeoutSeconds }),
  };
}

async function login(values: Values, io: CliIo) {
  const missing = [!values['consumer-key'] && '--consumer-key', !values.username && '--username'].filter(Boolean);
  if (missing.length) throw usageError(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required (the Connected App's Consumer Key and the Salesforce username), or give --connection NAME.`);
  const target = loginTarget(values);
  planLogin(target); // bad URLs and the audience rule, before a key file is read
  const signingKey = await loadSigningKey(keySource(values, io.env));
  for (const warning of signingKey.warnings) io.stderr(`warning: ${warning}`);
  const input = { ...target, key: signingKey.key, consumerKey: values['consumer-key'] as string, username: values.username as string };
  return { target, run: () => authorise(input, io.platform) };
}

export function authorisedText(result: AuthoriseResult): string {
  return [
    `Authorised in ${result.elapsedMs} ms.`,
    `Instance:     ${result.instanceUrl}`,
    `Audience:     ${result.audience}`,
    ...(result.audienceNote ? [`Note:         ${reword(result.audienceNote)}`] : []),
    `Access token: ${result.accessToken}`,
  ].join('\n');
}

export function testedText(result: TestConnectionResult): string {
  return [
    `Connection OK (${result.totalMs} ms).`,
    `User:         ${result.identity.displayName} <${result.identity.username}> (${result.identity.userId})`,
    `Organization: ${result.organization.name} (${result.identity.orgId}), ${result.organization.type}${result.organization.isSandbox ? ', sandbox' : ''}, instance ${result.organization.instanceName}`,
    `API requests: ${result.limits.dailyApiRequests.remaining} of ${result.limits.dailyApiRequests.max} left today`,
    `Steps:        ${result.steps.map((s) => `${s.name} ${s.elapsedMs} ms`).join(', ')}`,
  ].join('\n');
}

function inspectedText(info: KeyFileInfo): string {
  const lines = [`Format: ${info.formatLabel}${info.verified ? ' (integrity verified)' : ''}`];
  if (info.locked) lines.push('Locked: give --keystore-password or --passphrase to see its keys.');
  for (const entry of info.entries) {
    lines.push(`${entry.alias ? `Alias "${entry.alias}"` : 'Private key'}: ${entry.kind === 'privateKey' ? 'private key' : entry.kind === 'trustedCertificate' ? 'trusted certificate' : 'secret key'}`);
    const c = entry.certificate;
    if (c) {
      lines.push(`  Subject:     ${c.subject}`, `  Issuer:      ${c.issuer}`, `  Serial:      ${c.serialNumber}`,
        `  SHA-256:     ${c.sha256Fingerprint}`, `  Valid:       ${c.validFrom.slice(0, 10)} to ${c.validTo.slice(0, 10)} (${c.daysLeft < 0 ? 'EXPIRED' : `${c.daysLeft} days left`})`);
    }
  }
  for (const warning of info.warnings) lines.push(`Warning: ${warning}`);
  return lines.join('\n');
}

export async function runFromFlags(command: string, values: Values, io: CliIo): Promise<void> {
  if (command === 'inspect') {
    const info = await inspectKeyFile(keySource(values, io.env));
    print(io, values.json, inspectedText(info), info);
    return;
  }
  const { target, run } = await login(values, io);
  if (command === 'authorise') {
    const result = await run();
    print(io, values.json, authorisedText(result), result.audienceNote ? { ...result, audienceNote: reword(result.audienceNote) } : result);
    return;
  }
  const { result } = await testConnection({ authorise: run, timeoutMs: timeoutMs(target) }, io.platform);
  print(io, values.json, testedText(result), result);
}
