// The form's model, its conversion to the contract's draft, and where each error belongs.
import type { ConnectionDraft, ConnectionView, EncryptionOption, PickedKeyFile } from '../shared/connection.js';
import { KEY_ERROR_FIELDS, type ErrorCode, type ErrorInfo } from '../shared/errors.js';
import { missingForLogin, type MissingDetail } from '../shared/login-requirements.js';
import type { Environment } from '../shared/salesforce.js';
import { escapeField } from '../shared/safe-text.js';
import { DEFAULT_SETUP_TRACK, setupTrackOf, type SetupTrack } from '../shared/salesforce-setup.js';

export interface FormState {
  name: string;
  description: string;
  encryption: EncryptionOption;
  consumerKey: string;
  username: string;
  environment: Environment;
  myDomainUrl: string;
  audience: string;
  timeoutSeconds: string;
  certificateName: string;
  keyStorePassword: string;
  keyPassword: string;
  passphrase: string;
  /** A file picked in this edit (not yet saved). */
  pickedKeyFile?: PickedKeyFile;
  /** Which Salesforce setup checklist the connection shows (saved with it). */
  setupTrack: SetupTrack;
}

export type FieldName = keyof FormState | 'keyFile' | 'form';

/** Each field's label on the form, for messages that point at it. */
export const FIELD_LABELS: Record<FieldName, string> = {
  name: 'Connection Name',
  description: 'Description',
  encryption: 'Encryption Option',
  consumerKey: 'Consumer Key',
  username: 'Username',
  environment: 'Environment',
  myDomainUrl: 'My Domain URL',
  audience: 'Audience',
  timeoutSeconds: 'Timeout',
  certificateName: 'Certificate Name',
  keyStorePassword: 'Key Store Password',
  keyPassword: 'Key Password',
  passphrase: 'Passphrase',
  pickedKeyFile: 'Key file',
  keyFile: 'Key file',
  form: 'form',
  setupTrack: 'Salesforce setup',
};

export const EMPTY_FORM: FormState = {
  name: '',
  description: '',
  encryption: 'jks',
  consumerKey: '',
  username: '',
  environment: 'production',
  myDomainUrl: '',
  audience: '',
  timeoutSeconds: '',
  certificateName: '',
  keyStorePassword: '',
  keyPassword: '',
  passphrase: '',
  setupTrack: DEFAULT_SETUP_TRACK,
};

export function formFromConnection(c: ConnectionView): FormState {
  return {
    ...EMPTY_FORM,
    // A stored value holding control characters (an old store, a hand-edited file) is shown escaped,
    // visibly, for the user to correct; clean values are unchanged by the escaping.
    name: escapeField(c.name),
    description: c.description.split('\n').map(escapeField).join('\n'),
    encryption: c.encryption,
    consumerKey: escapeField(c.consumerKey),
    username: escapeField(c.username),
    environment: c.environment,
    myDomainUrl: escapeField(c.myDomainUrl ?? ''),
    audience: escapeField(c.audience ?? ''),
    timeoutSeconds: c.timeoutSeconds ? String(c.timeoutSeconds) : '',
    certificateName: escapeField(c.certificateName ?? ''),
    setupTrack: setupTrackOf(c),
  };
}

/** Empty password fields mean "keep what is saved". */
export function draftFromForm(form: FormState): ConnectionDraft {
  const timeout = Number(form.timeoutSeconds);
  const jks = form.encryption === 'jks';
  return {
    name: form.name.trim(),
    description: form.description,
    encryption: form.encryption,
    consumerKey: form.consumerKey.trim(),
    username: form.username.trim(),
    environment: form.environment,
    ...(form.environment === 'mydomain' && form.myDomainUrl.trim() && { myDomainUrl: form.myDomainUrl.trim() }),
    ...(form.audience.trim() && { audience: form.audience.trim() }),
    ...(form.timeoutSeconds.trim() && Number.isFinite(timeout) && timeout > 0 && { timeoutSeconds: timeout }),
    ...(jks && form.certificateName.trim() && { certificateName: form.certificateName.trim() }),
    secrets: jks
      ? {
          ...(form.keyStorePassword && { keyStorePassword: form.keyStorePassword }),
          ...(form.keyPassword && { keyPassword: form.keyPassword }),
        }
      : { ...(form.passphrase && { passphrase: form.passphrase }) },
    ...(form.pickedKeyFile && { keyFile: form.pickedKeyFile }),
    setupTrack: form.setupTrack,
  };
}

export type FieldErrors = Partial<Record<FieldName, string>>;

/**
 * What the form itself must parse before sending. Which details a login needs is checked by main
 * (all missing fields at once, before any request), so that rule lives in one place.
 */
export function unparsableFields(form: FormState): FieldErrors {
  const t = form.timeoutSeconds.trim();
  return t && !(Number(t) > 0 && Number(t) <= 600)
    ? { timeoutSeconds: 'Timeout is a number of seconds, 1 to 600.' }
    : {};
}

const FIELD_OF_CODE: Partial<Record<ErrorCode, FieldName>> = {
  ...KEY_ERROR_FIELDS,
  KEY_FILE_EMPTY: 'keyFile',
  KEY_FILE_UNRECOGNISED: 'keyFile',
  KEY_FILE_CORRUPT: 'keyFile',
  NO_PRIVATE_KEY: 'keyFile',
  UNSUPPORTED_KEY_TYPE: 'keyFile',
  UNSUPPORTED_KEYSTORE: 'keyFile',
  KEY_CERT_MISMATCH: 'keyFile',
  NAME_TAKEN: 'name',
};

/** Failures to reach the host: with a My Domain, its URL is the likely culprit. */
const HOST_CODES = new Set<ErrorCode>(['NETWORK_DNS', 'NETWORK_REFUSED', 'NETWORK_TLS', 'NOT_SALESFORCE']);

const DETAIL_FIELDS: Record<string, FieldName> = {
  consumerKey: 'consumerKey',
  username: 'username',
  environment: 'environment',
  keyFile: 'keyFile',
  myDomainUrl: 'myDomainUrl',
  name: 'name',
  keyStorePassword: 'keyStorePassword',
  audience: 'audience',
  timeoutSeconds: 'timeoutSeconds',
};

/** The field an error most likely points at, so the message can sit next to it. */
export function fieldOfError(error: ErrorInfo, environment: Environment): FieldName {
  const detail = typeof error.details?.field === 'string' ? DETAIL_FIELDS[error.details.field] : undefined;
  if (detail === 'environment' && environment === 'mydomain') return 'myDomainUrl';
  if (!detail && HOST_CODES.has(error.code)) return environment === 'mydomain' ? 'myDomainUrl' : 'form';
  return detail ?? FIELD_OF_CODE[error.code] ?? 'form';
}

/** Field-by-field messages of a BAD_INPUT that lists several fields. */
export function fieldErrorsOf(error: ErrorInfo): FieldErrors {
  const fields = error.details?.fields;
  if (!Array.isArray(fields)) return {};
  const out: FieldErrors = {};
  for (const f of fields as { field: string; message: string }[]) {
    const name = DETAIL_FIELDS[f.field];
    if (name) out[name] = f.message;
  }
  return out;
}

export async function readPickedFile(file: File): Promise<PickedKeyFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { fileName: file.name, base64: btoa(binary) };
}

/**
 * The labels of what was missing when a run was refused before anything was sent (main checks
 * every required detail first and names them all), or undefined for any other failure.
 */
export function nothingSent(error: ErrorInfo): string[] | undefined {
  const fields = error.details?.fields;
  if (error.code !== 'BAD_INPUT' || !Array.isArray(fields) || fields.length === 0) return undefined;
  return (fields as { field: string; label?: string }[]).map(
    (f) => f.label ?? FIELD_LABELS[DETAIL_FIELDS[f.field] ?? 'form'],
  );
}

/** The saved connection names a key whose bytes are not here (imported without secrets), and none is picked. */
export function keyMissingFrom(form: FormState, connection: ConnectionView | undefined): boolean {
  return Boolean(
    connection?.keyFile &&
    !connection.secretsProblem &&
    connection.secrets.keyMaterial === 'missing' &&
    !form.pickedKeyFile,
  );
}

/** What a login still needs with the form as it is: typed values, else what is saved and readable. */
export function missingInForm(form: FormState, connection: ConnectionView | undefined): MissingDetail[] {
  const savedReadable =
    connection !== undefined && !connection.secretsProblem && connection.encryption === form.encryption;
  return missingForLogin(form, {
    keyMaterial: Boolean(form.pickedKeyFile) || (savedReadable && connection.secrets.keyMaterial === 'saved'),
    keyStorePassword:
      Boolean(form.keyStorePassword) || (savedReadable && connection.secrets.keyStorePassword === 'saved'),
  });
}

/** Field errors for what is missing, by the form's field names. */
export function missingErrors(missing: readonly MissingDetail[]): FieldErrors {
  return Object.fromEntries(missing.map((m) => [m.field, m.message]));
}
