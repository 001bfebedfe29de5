// The choices for one set of setup files, checked: API names by Salesforce's rules, every text
// free of control characters and bounded, the certificate a real one. Each refusal is a typed
// error whose details.field names the dialog field (the CLI turns it into its flag).
import { AppError } from '../../../shared/errors.js';
import type { FieldName } from '../../../shared/fields.js';
import {
  API_NAME_LIMITS,
  DEFAULT_API_VERSION,
  DEFAULT_APP_NAME,
  LABEL_MAX,
  apiNameProblem,
  apiVersionProblem,
  defaultPermissionSetName,
  deriveApiName,
  looksLikeEmail,
} from '../../../shared/eca-names.js';
import { LOGIN_HOSTS, type Environment } from '../../../shared/salesforce-constants.js';
import { parseCertificate, summariseCertificate } from '../../keys/certificate.js';
import { normaliseBaseUrl } from '../environment.js';
import { checkedText } from './xml.js';

/** What the README says about the connection the files are for (none with a bare certificate). */
export interface SetupConnectionFacts {
  name?: string | undefined;
  username?: string | undefined;
  environment?: Environment | undefined;
  myDomainUrl?: string | undefined;
}

export interface SetupOptions {
  /** The certificate to upload, PEM (one CERTIFICATE block; anything else in the text is ignored). */
  certificatePem: string;
  appName?: string | undefined;
  apiName?: string | undefined;
  permissionSet?: string | undefined;
  contactEmail?: string | undefined;
  apiVersion?: string | undefined;
  /** The sf CLI alias the README's commands use for an admin login to the org. */
  adminOrg?: string | undefined;
  connection?: SetupConnectionFacts | undefined;
}

export interface ResolvedSetup {
  appName: string;
  apiName: string;
  permissionSet: string;
  contactEmail: string | undefined;
  /** True when the contact e-mail was taken from the connection's username. */
  contactFromUsername: boolean;
  apiVersion: string;
  adminOrg: string;
  certificatePem: string;
  certificateSubject: string;
  certificateFingerprint: string;
  certificateValidTo: string;
  connection: SetupConnectionFacts;
  /** Where an admin logs in with sf, and the project's sfdcLoginUrl. */
  loginUrl: string;
}

export const DEFAULT_ADMIN_ORG = 'jwt-connect-admin';

const bad = (message: string, hint: string, field: FieldName) => new AppError('BAD_INPUT', message, hint, { field });

function checkName(name: string, max: number, field: FieldName, label: string, example: string): string {
  const problem = apiNameProblem(name, max);
  if (problem) {
    throw bad(
      `${label} "${name.slice(0, 100)}" cannot be used: ${problem}.`,
      `Give ${label} of letters, digits and single underscores that starts with a letter, at most ${max} characters (e.g. ${example}).`,
      field,
    );
  }
  return name;
}

function certificateOf(pem: string): { pem: string; subject: string; fingerprint: string; validTo: string } {
  const block = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(pem.slice(0, 1_048_576));
  if (!block)
    throw new AppError(
      'BAD_INPUT',
      'There is no certificate to put into the app.',
      'Pick the key file with its certificate, or give a certificate file.',
      { field: 'keyFile' },
    );
  const cert = parseCertificate(block[0]);
  const summary = summariseCertificate(cert);
  return {
    pem: cert.toString().trim(),
    subject: summary.subject,
    fingerprint: summary.sha256Fingerprint,
    validTo: summary.validTo.slice(0, 10),
  };
}

function loginUrlOf(c: SetupConnectionFacts): string {
  if (c.environment === 'mydomain' && c.myDomainUrl) {
    try {
      return normaliseBaseUrl(c.myDomainUrl, 'myDomainUrl');
    } catch {
      /* the README falls back to the login host */
    }
  }
  return c.environment === 'sandbox' ? LOGIN_HOSTS.sandbox : LOGIN_HOSTS.production;
}

export function resolveSetupOptions(options: SetupOptions): ResolvedSetup {
  const appName = checkedText((options.appName ?? DEFAULT_APP_NAME).trim(), 'appName', 'App Name');
  if (!appName) throw bad('App Name is empty.', `Give the app a name, e.g. "${DEFAULT_APP_NAME}".`, 'appName');
  if (appName.length > LABEL_MAX)
    throw bad(
      `App Name is ${appName.length} characters long; at most ${LABEL_MAX} are allowed.`,
      'Give a shorter App Name.',
      'appName',
    );

  const givenApi = options.apiName?.trim();
  let apiName: string;
  if (givenApi) {
    apiName = checkName(givenApi, API_NAME_LIMITS.app, 'apiName', 'API Name', 'JWT_Connect');
  } else {
    apiName = deriveApiName(appName);
    if (!apiName) {
      throw bad(
        `No API name can be made from the App Name "${appName}": an API name holds only letters A–Z, digits and underscores.`,
        'Give an API Name yourself, e.g. JWT_Connect.',
        'apiName',
      );
    }
  }
  const givenSet = options.permissionSet?.trim();
  const permissionSet = givenSet
    ? checkName(givenSet, API_NAME_LIMITS.permissionSet, 'permissionSet', 'Permission Set', 'JWT_Connect_Access')
    : defaultPermissionSetName(apiName);

  const apiVersion = options.apiVersion?.trim() || DEFAULT_API_VERSION;
  const versionProblem = apiVersionProblem(apiVersion);
  if (versionProblem)
    throw bad(
      `API version "${apiVersion.slice(0, 20)}" cannot be used: ${versionProblem}.`,
      `Give an API version such as ${DEFAULT_API_VERSION}.`,
      'apiVersion',
    );

  const connection = options.connection ?? {};
  const username = connection.username?.trim();
  let contactEmail = options.contactEmail?.trim() || undefined;
  const contactFromUsername = !contactEmail && Boolean(username && looksLikeEmail(username));
  if (contactFromUsername) contactEmail = username;
  if (contactEmail !== undefined) {
    checkedText(contactEmail, 'contactEmail', 'Contact Email');
    if (!looksLikeEmail(contactEmail))
      throw bad(
        `Contact Email "${contactEmail.slice(0, 100)}" is not an e-mail address.`,
        'Give an address like admin@example.com.',
        'contactEmail',
      );
  }

  const adminOrg = options.adminOrg?.trim() || DEFAULT_ADMIN_ORG;
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$/.test(adminOrg)) {
    throw bad(
      `Admin org "${adminOrg.slice(0, 100)}" is not an sf alias or username.`,
      'Give an alias of letters, digits, dots, dashes and underscores.',
      'adminOrg',
    );
  }

  const cert = certificateOf(options.certificatePem);
  return {
    appName,
    apiName,
    permissionSet,
    contactEmail,
    contactFromUsername,
    apiVersion,
    adminOrg,
    certificatePem: cert.pem,
    certificateSubject: cert.subject,
    certificateFingerprint: cert.fingerprint,
    certificateValidTo: cert.validTo,
    connection: { ...connection, ...(username !== undefined && { username }) },
    loginUrl: loginUrlOf(connection),
  };
}
