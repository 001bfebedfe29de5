// The last net under the key-file readers: whatever a parser library throws that the readers did not
// anticipate still reaches the user as a typed AppError with a hint, never as a bare TypeError or an
// OpenSSL code. The original error is kept as `cause` (not shown, not sent over IPC) so that the fuzzer
// (scripts/fuzz.ts) can count and report these as gaps to close with a specific message.
import { AppError } from '../../shared/errors.js';

const REEXPORT =
  'Copy or export the key file again. If it comes from an unusual tool, re-export it with openssl or keytool: ' +
  'openssl pkcs8 -topk8 -v2 aes-256-cbc -in <key> -out key.pem, or keytool -importkeystore -srckeystore <file> -destkeystore new.p12 -deststoretype PKCS12.';

export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  let mapped: AppError;
  if (typeof code === 'string' && code.startsWith('ERR_OSSL')) {
    // OpenSSL's own codes (ERR_OSSL_UNSUPPORTED, ERR_OSSL_ASN1_...) mean "cannot decode this": say that.
    mapped = new AppError(
      'KEY_FILE_CORRUPT',
      "The key file could not be decoded: it is damaged, or it uses an algorithm this computer's crypto library does not support.",
      REEXPORT,
    );
  } else if (error instanceof RangeError && /call stack/i.test(error.message)) {
    mapped = new AppError('KEY_FILE_CORRUPT', 'The key file is nested deeper than any real key file.', REEXPORT);
  } else {
    mapped = new AppError(
      'KEY_FILE_CORRUPT',
      'The key file could not be read: it is damaged or in a form jwt-connect does not know.',
      REEXPORT,
    );
  }
  Object.defineProperty(mapped, 'cause', { value: error, enumerable: false });
  return mapped;
}

export function typedSync<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw asAppError(error);
  }
}

export async function typedAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw asAppError(error);
  }
}
