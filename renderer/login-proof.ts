// What a token or a test result was obtained with, so the form never shows one as current for
// other settings, and what the form hands to itself across a Save (so what was proven stays shown).
import type { AuthoriseResult, TestConnectionResult } from '../shared/salesforce.js';
import type { FormState } from './form-state.js';

/** The form's fields that decide a login, by their label (names, descriptions and timeouts do not). */
const LOGIN_FIELD_LABELS = {
  encryption: 'Encryption Option',
  consumerKey: 'Consumer Key',
  username: 'Username',
  environment: 'Environment',
  myDomainUrl: 'My Domain URL',
  audience: 'Audience',
  certificateName: 'Certificate Name',
  keyStorePassword: 'Key Store Password',
  keyPassword: 'Key Password',
  passphrase: 'Passphrase',
  keyFile: 'key file',
} as const;
type LoginField = keyof typeof LOGIN_FIELD_LABELS;
export type LoginFields = Record<LoginField, string>;

export function loginFieldsOf(form: FormState): LoginFields {
  const jks = form.encryption === 'jks';
  return {
    encryption: form.encryption,
    consumerKey: form.consumerKey.trim(),
    username: form.username.trim(),
    environment: form.environment,
    myDomainUrl: form.environment === 'mydomain' ? form.myDomainUrl.trim() : '',
    audience: form.audience.trim(),
    certificateName: jks ? form.certificateName.trim().toLowerCase() : '',
    keyStorePassword: jks ? form.keyStorePassword : '',
    keyPassword: jks ? form.keyPassword : '',
    passphrase: jks ? '' : form.passphrase,
    // The bytes themselves: a different file under the same name is another key.
    keyFile: form.pickedKeyFile ? `${form.pickedKeyFile.fileName}:${form.pickedKeyFile.base64}` : '',
  };
}

/** The labels of the login fields that differ, in form order; empty when both are the same. */
export function changedLoginFields(before: LoginFields, now: LoginFields): string[] {
  return (Object.keys(LOGIN_FIELD_LABELS) as LoginField[])
    .filter((k) => before[k] !== now[k])
    .map((k) => LOGIN_FIELD_LABELS[k]);
}

/**
 * What a Save carries over to the form that opens on the saved connection (the app holds it with
 * the selection and hands it to that form). No token: that stays sealed in main.
 */
export interface SavedProof {
  issued?: Pick<AuthoriseResult, 'issuedAt' | 'tokenUrl' | 'audience' | 'elapsedMs' | 'instanceUrl' | 'id'>;
  test?: TestConnectionResult;
}
