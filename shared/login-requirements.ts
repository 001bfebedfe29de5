// What a login needs before anything is sent: one rule for the service (which refuses the run),
// the list (which marks a saved connection "Incomplete") and the form (which names what is missing).
import type { ConnectionFields } from './connection.js';

export type RequiredField = 'consumerKey' | 'username' | 'myDomainUrl' | 'keyFile' | 'keyStorePassword';

export interface MissingDetail {
  field: RequiredField;
  /** The window's name for it ("Consumer Key"), for "Incomplete: …" and "X is missing". */
  label: string;
  message: string;
}

type LoginFieldsIn = Pick<ConnectionFields, 'encryption' | 'consumerKey' | 'username' | 'environment'> & {
  myDomainUrl?: string | undefined;
};

/** Every detail a login lacks (the window focuses the first in its own order); a malformed username counts too (it is never sent). */
export function missingForLogin(
  fields: LoginFieldsIn,
  has: { keyMaterial: boolean; keyStorePassword: boolean },
): MissingDetail[] {
  const jks = fields.encryption === 'jks';
  const missing: MissingDetail[] = [];
  if (!fields.consumerKey.trim())
    missing.push({ field: 'consumerKey', label: 'Consumer Key', message: 'Consumer Key is required.' });
  const username = fields.username.trim();
  if (!username) missing.push({ field: 'username', label: 'Username', message: 'Username is required.' });
  else if (!/^[^@\s]+@[^@\s]+$/.test(username)) {
    missing.push({
      field: 'username',
      label: 'Username',
      message:
        'A Salesforce username looks like an email address (name@company.com, or name@company.com.uat in a sandbox).',
    });
  }
  if (fields.environment === 'mydomain' && !fields.myDomainUrl?.trim())
    missing.push({ field: 'myDomainUrl', label: 'My Domain URL', message: 'My Domain URL is required.' });
  if (!has.keyMaterial)
    missing.push({
      field: 'keyFile',
      label: jks ? 'Key Store' : 'Private Key',
      message: jks ? 'Pick the Key Store file.' : 'Pick the Private Key file.',
    });
  if (jks && !has.keyStorePassword)
    missing.push({
      field: 'keyStorePassword',
      label: 'Key Store Password',
      message: 'Key Store Password is required.',
    });
  return missing;
}

/** "Consumer Key", "Consumer Key and Username", "Consumer Key, Username and Key Store". */
export function andList(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
