// authorise / test / inspect with everything given as flags (no saved connection).
import { AppError } from '../../shared/errors.js';
import type { AuthoriseResult, LoginTarget, TestConnectionResult } from '../../shared/salesforce.js';
import type { KeyFileInfo } from '../../shared/keys.js';
import { inspectKeyFile, loadSigningKey, type KeySource } from '../keys/load.js';
import { LIMITS } from '../keys/limits.js';
import { authorise, timeoutMs } from '../salesforce/authorise.js';
import { planLogin } from '../salesforce/environment.js';
import { testConnection } from '../salesforce/test-connection.js';
import { loginTargetFlags, type KeyValues, type LoginValues, type WaitValues } from './flags.js';
import { print, usageError, type CliIo } from './output.js';
import { PIPE_WAIT_MS, readCapped, type CappedRead } from './read-capped.js';
import { parseWait, withWait } from './wait.js';

/**
 * A key file or keystore named by a flag, read up to the loader's cap for keystores (the loader then
 * holds a bare key to its own, smaller cap): a bigger "key" is a wrong path (a disk image, a log,
 * /dev/urandom), refused before it is read whole.
 */
export function readKeyFile(path: string, given = '--private-key or --keystore'): Buffer {
  let read: CappedRead;
  try {
    read = readCapped(path, LIMITS.maxKeystoreBytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : code === 'EACCES'
            ? 'cannot be read (permission denied)'
            : code === 'ETIMEDOUT'
              ? `is a pipe nothing wrote to within ${PIPE_WAIT_MS / 1000} s`
              : 'cannot be read';
    throw new AppError('BAD_INPUT', `The key file ${path} ${what}.`, `Check the path given to ${given}.`);
  }
  if ('tooLarge' in read) {
    const kb = (b: number) => `${Math.ceil(b / 1024).toLocaleString('en-US')} KB`;
    throw new AppError(
      'KEY_FILE_TOO_LARGE',
      `${path} ${read.size === undefined ? 'goes on past' : `is ${kb(read.size)}, more than`} ${kb(LIMITS.maxKeystoreBytes)}: far too big for a key file or keystore.`,
      `Check the path given to ${given}.`,
      { field: 'keyFile', limit: LIMITS.maxKeystoreBytes, ...(read.size !== undefined && { size: read.size }) },
    );
  }
  return read.bytes;
}

/** The key the flags name (passwords from the flags or their environment variables, filled in by the parser). */
export function keySource(values: KeyValues): KeySource {
  if (values['private-key']) {
    return { bytes: readKeyFile(values['private-key']), passphrase: values.passphrase };
  }
  if (values.keystore) {
    return {
      bytes: readKeyFile(values.keystore),
      storePassword: values['keystore-password'],
      alias: values['certificate-name'],
      keyPassword: values['key-password'],
    };
  }
  throw usageError('A key is needed: --private-key FILE or --keystore FILE.');
}

function loginTarget(values: LoginValues): LoginTarget {
  const { environment = 'production', myDomainUrl } = loginTargetFlags(values);
  return {
    environment,
    ...(myDomainUrl && { myDomainUrl }),
    ...(values.audience && { audience: values.audience }),
    ...(values.timeout !== undefined && { timeoutSeconds: values.timeout }),
  };
}

/** The login the flags describe, checked (fields, URLs, audience rule) before the key is read; `run` sends it. */
export async function login(values: LoginValues, io: CliIo) {
  const missing = [!values['consumer-key'] && '--consumer-key', !values.username && '--username'].filter(Boolean);
  if (missing.length)
    throw usageError(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required (the Connected App's Consumer Key and the Salesforce username), or give --connection NAME.`,
    );
  const target = loginTarget(values);
  planLogin(target); // bad URLs and the audience rule, before a key file is read
  const signingKey = await loadSigningKey(keySource(values));
  for (const warning of signingKey.warnings) io.stderr(`warning: ${warning}`);
  const input = {
    ...target,
    key: signingKey.key,
    consumerKey: values['consumer-key'] as string,
    username: values.username as string,
  };
  return { target, run: () => authorise(input, io.platform) };
}

/**
 * After a My Domain refused as audience and the login host worked (the result's audienceNote), the
 * terminal's own words: the flag that saves the second request next time.
 */
export function audienceNote(result: AuthoriseResult): string | undefined {
  if (!result.audienceNote) return undefined;
  return `The My Domain was refused as audience; ${result.audience} worked. Give it with --audience ${result.audience} to log in with one request.`;
}

/** The result as the terminal shows it (--json included): its note in the terminal's words. */
export const forTerminalResult = (result: AuthoriseResult): AuthoriseResult =>
  result.audienceNote ? { ...result, audienceNote: audienceNote(result) as string } : result;

export function authorisedText(result: AuthoriseResult): string {
  return [
    `Authorised in ${result.elapsedMs} ms.`,
    `Instance:     ${result.instanceUrl}`,
    `Audience:     ${result.audience}`,
    ...(result.audienceNote ? [`Note:         ${audienceNote(result)}`] : []),
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
    lines.push(
      `${entry.alias ? `Alias "${entry.alias}"` : 'Private key'}: ${entry.kind === 'privateKey' ? 'private key' : entry.kind === 'trustedCertificate' ? 'trusted certificate' : 'secret key'}`,
    );
    const c = entry.certificate;
    if (c) {
      lines.push(
        `  Subject:     ${c.subject}`,
        `  Issuer:      ${c.issuer}`,
        `  Serial:      ${c.serialNumber}`,
        `  SHA-256:     ${c.sha256Fingerprint}`,
        `  Valid:       ${c.validFrom.slice(0, 10)} to ${c.validTo.slice(0, 10)} (${c.daysLeft < 0 ? 'EXPIRED' : `${c.daysLeft} days left`})`,
      );
    }
  }
  for (const warning of info.warnings) lines.push(`Warning: ${warning}`);
  return lines.join('\n');
}

/**
 * inspect FILE or inspect --private-key FILE / --keystore FILE. A file named as an argument may be of
 * any kind (the loader reads which from its content), so every password given goes with it.
 */
export async function inspectCommand(
  values: KeyValues & { json?: boolean },
  positionals: string[],
  io: CliIo,
): Promise<void> {
  const [file] = positionals;
  if (file !== undefined && (values['private-key'] || values.keystore)) {
    throw usageError(
      'Name the key file once: as the argument, or with --private-key / --keystore.',
      'jwt-connect inspect FILE',
    );
  }
  const source: KeySource =
    file === undefined
      ? keySource(values)
      : {
          bytes: readKeyFile(file, 'jwt-connect inspect'),
          passphrase: values.passphrase,
          storePassword: values['keystore-password'],
          alias: values['certificate-name'],
          keyPassword: values['key-password'],
        };
  const info = await inspectKeyFile(source);
  print(io, values.json, inspectedText(info), info);
}

export async function runFromFlags(
  command: 'authorise' | 'test',
  values: LoginValues & WaitValues,
  io: CliIo,
): Promise<void> {
  const wait = parseWait(values.wait); // a bad duration is refused before a key is read
  const { target, run } = await login(values, io);
  if (command === 'authorise') {
    const result = await withWait(run, wait, io);
    print(io, values.json, authorisedText(result), forTerminalResult(result));
    return;
  }
  const { result } = await withWait(
    () => testConnection({ authorise: run, timeoutMs: timeoutMs(target) }, io.platform),
    wait,
    io,
  );
  print(io, values.json, testedText(result), result);
}
