// Every failure that reaches a user carries one of these codes, a message that says what is wrong
// and, where there is one, a hint that says what to change. No Node or DOM imports here.
import type { FieldName } from './fields.js';
import { redactSecrets } from './redact.js';

/** Salesforce refused the login (as opposed to input or network problems). */
const SALESFORCE_REFUSALS = [
  'USER_NOT_APPROVED',
  'INVALID_CLIENT_ID',
  'AUDIENCE_INVALID',
  'INVALID_ASSERTION',
  'INVALID_CLIENT_CREDENTIALS',
  'ASSERTION_EXPIRED',
  'INACTIVE_USER',
  'IP_RESTRICTED',
  'APP_ACCESS_DENIED',
  'APP_NOT_INSTALLED',
  'UNSUPPORTED_GRANT_TYPE',
  'SALESFORCE_REFUSED',
  'SESSION_INVALID',
] as const;

export const ERROR_CODES = [
  // input
  'BAD_INPUT',
  'NOT_FOUND',
  'NAME_TAKEN',
  // an Audience for one site with the token host of another (refused before anything is signed)
  'AUDIENCE_HOST_MISMATCH',
  // key files
  'KEY_FILE_EMPTY',
  'KEY_FILE_UNRECOGNISED',
  'KEY_FILE_CORRUPT',
  'PASSWORD_REQUIRED',
  'WRONG_PASSWORD',
  'KEY_PASSWORD_REQUIRED',
  'WRONG_KEY_PASSWORD',
  'PASSPHRASE_REQUIRED',
  'WRONG_PASSPHRASE',
  'ALIAS_REQUIRED',
  'ALIAS_NOT_FOUND',
  'ALIAS_NOT_A_KEY',
  'NO_PRIVATE_KEY',
  'UNSUPPORTED_KEY_TYPE',
  'UNSUPPORTED_KEYSTORE',
  'KEY_CERT_MISMATCH',
  'KEY_FILE_TOO_LARGE',
  'KEY_FILE_TOO_COSTLY',
  /** A certificate signed by a CA: its CA re-issues it (from a CSR), we do not. */
  'CERTIFICATE_CA_SIGNED',
  // Salesforce said no
  ...SALESFORCE_REFUSALS,
  // the way there
  'NOT_SALESFORCE',
  'SERVER_ERROR',
  'NETWORK_DNS',
  'NETWORK_REFUSED',
  'NETWORK_RESET',
  'NETWORK_TIMEOUT',
  'NETWORK_TLS',
  'NETWORK_ERROR',
  'NETWORK_PROXY',
  'REDIRECT_REFUSED',
  'TOKEN_ANSWER_UNSAFE',
  // saved connections
  'STORE_CORRUPT',
  'STORE_TOO_NEW',
  'STORE_UNREADABLE',
  'STORE_UNWRITABLE',
  'STORE_LOCKED',
  'VAULT_UNAVAILABLE',
  'SECRETS_PASSWORD_WRONG',
  'SECRETS_LOCKED',
  'EXPORT_PASSPHRASE_WRONG',
  'EXPORT_FILE_INVALID',
  'EXPORT_TAMPERED',
  'EXPORT_NOT_SIGNED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The field a key-file error is about when it names none itself: the window highlights that field,
 * the CLI names its flag.
 */
export const KEY_ERROR_FIELDS: Partial<
  Record<ErrorCode, 'keyStorePassword' | 'keyPassword' | 'passphrase' | 'certificateName'>
> = {
  PASSWORD_REQUIRED: 'keyStorePassword',
  WRONG_PASSWORD: 'keyStorePassword',
  KEY_PASSWORD_REQUIRED: 'keyPassword',
  WRONG_KEY_PASSWORD: 'keyPassword',
  PASSPHRASE_REQUIRED: 'passphrase',
  WRONG_PASSPHRASE: 'passphrase',
  ALIAS_REQUIRED: 'certificateName',
  ALIAS_NOT_FOUND: 'certificateName',
  ALIAS_NOT_A_KEY: 'certificateName',
};

/** What an error is about, for whoever shows it: the window highlights the field, the CLI names its flag. */
export interface ErrorDetails {
  field?: FieldName;
  /** Several fields at once (everything a login lacks), each with its own message. */
  fields?: { field: FieldName; message?: string; label?: string }[];
  [key: string]: unknown;
}

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  hint?: string;
  details?: ErrorDetails;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly details?: ErrorDetails;

  constructor(code: ErrorCode, message: string, hint?: string, details?: ErrorDetails) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (hint !== undefined) this.hint = hint;
    if (details !== undefined) this.details = details;
  }

  toInfo(): ErrorInfo {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint !== undefined && { hint: this.hint }),
      ...(this.details !== undefined && { details: this.details }),
    };
  }
}

/**
 * Anything thrown, as something safe to show: unknown errors keep their message, with any secret a
 * library put in it taken out (shared/redact.ts), and never a stack.
 */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof AppError) return error.toInfo();
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'INTERNAL',
    message: `Unexpected problem: ${redactSecrets(message)}`,
    hint: 'This is a bug in jwt-connect. Please report it with the steps that led here.',
  };
}

export const SALESFORCE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(SALESFORCE_REFUSALS);

export const NETWORK_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'NOT_SALESFORCE',
  'SERVER_ERROR',
  'NETWORK_DNS',
  'NETWORK_REFUSED',
  'NETWORK_RESET',
  'NETWORK_TIMEOUT',
  'NETWORK_TLS',
  'NETWORK_ERROR',
  'NETWORK_PROXY',
  'REDIRECT_REFUSED',
  'TOKEN_ANSWER_UNSAFE',
]);
