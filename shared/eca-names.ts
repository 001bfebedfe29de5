// Names for the External Client App setup files, shared by the window (which shows the derived API
// name as the user types) and main (which checks every name again before writing a file).
// No Node or DOM imports here.

export const DEFAULT_APP_NAME = 'JWT Connect';
export const DEFAULT_API_VERSION = '64.0';
/** The certificate field of the global OAuth settings exists from API 60.0 on (FACTS: the floor). */
export const MIN_API_VERSION = 60;

/** Salesforce's limits: an External Client App's API name 40 characters, a permission set's 80. */
export const API_NAME_LIMITS = { app: 40, permissionSet: 80 } as const;
/** Labels: long enough for any real app name, short enough for Setup's list columns. */
export const LABEL_MAX = 80;
export const EMAIL_MAX = 80;

/**
 * An API name made from a label the way Setup does it: accents dropped, every other run of
 * characters that cannot be in a name becomes one underscore, a leading digit gets an "X" in front.
 * '' when nothing usable is left (e.g. a label of only symbols or of non-Latin letters).
 */
export function deriveApiName(label: string, max: number = API_NAME_LIMITS.app): string {
  const latin = label.normalize('NFKD').replace(/\p{M}/gu, '');
  let name = latin.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (/^[0-9]/.test(name)) name = `X${name}`;
  return name.slice(0, max).replace(/_+$/, '');
}

/** The permission set a new app pre-authorizes: the app's API name with _Access. */
export function defaultPermissionSetName(appApiName: string): string {
  return `${appApiName}_Access`.slice(0, API_NAME_LIMITS.permissionSet);
}

/**
 * What is wrong with an API name by Salesforce's rules, in words, or undefined when it is fine:
 * letters, digits and single underscores, starting with a letter, not ending with an underscore.
 */
export function apiNameProblem(name: string, max: number): string | undefined {
  if (name === '') return 'it is empty';
  if (name.length > max) return `it is ${name.length} characters long; at most ${max} are allowed`;
  if (!/^[A-Za-z]/.test(name)) return 'it must start with a letter';
  if (/[^A-Za-z0-9_]/.test(name)) return 'it may hold only letters (A–Z), digits and underscores';
  if (name.includes('__')) return 'it may not hold two underscores in a row';
  if (name.endsWith('_')) return 'it may not end with an underscore';
  return undefined;
}

/** Text that can go into an XML file: no control characters other than tab and line breaks. */
export function hasControlCharacters(text: string): boolean {
  // XML 1.0 cannot hold most C0 controls at all, and the others (DEL, C1, bidi overrides) only
  // confuse whoever reads the file in Setup.
  return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/.test(text);
}

/**
 * A plain check for an e-mail address: one @, something on both sides, a dot in the domain, none of
 * the characters an address cannot hold unquoted (an apostrophe or & can be in one: o'brien@…).
 */
export function looksLikeEmail(text: string): boolean {
  return text.length <= EMAIL_MAX && /^[^\s@<>"(),;:\\[\]]+@[^\s@<>"(),;:\\[\]]+\.[^\s@<>"(),;:\\[\]]+$/.test(text);
}

/** `NN.0` at or above the floor. */
export function apiVersionProblem(version: string): string | undefined {
  const match = /^(\d{2,3})\.0$/.exec(version);
  if (!match) return 'write it like 64.0';
  if (Number(match[1]) < MIN_API_VERSION)
    return `External Client Apps with a certificate need ${MIN_API_VERSION}.0 or later`;
  return undefined;
}
