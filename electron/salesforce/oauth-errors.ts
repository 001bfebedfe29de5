// Salesforce's token endpoint errors, each mapped to a code and to what the user should change.
import { AppError, type ErrorCode } from '../../shared/errors.js';
import type { Environment } from '../../shared/salesforce-constants.js';
import type { FieldName } from '../../shared/fields.js';
import { serverWords } from './http.js';

interface Rule {
  error?: string;
  description: RegExp;
  code: ErrorCode;
  hint: string;
  /** The form field the error most likely points at. */
  field?: FieldName;
}

/** At login/test.salesforce.com: the ECA wants the org's own host. */
const APP_NOT_INSTALLED_AT_LOGIN_HOST =
  "External Client Apps answer at the org's My Domain, not at login.salesforce.com or test.salesforce.com: set Environment to My Domain and enter the My Domain URL (Setup → My Domain, e.g. https://acme.my.salesforce.com).";
/** At the My Domain itself: the app is not (yet) there. */
const APP_NOT_INSTALLED_AT_MY_DOMAIN =
  'The app is not (yet) in this org: a new or changed External Client App can take several minutes to start working, so keep trying for a few minutes; after a sandbox refresh the app is gone from the sandbox, so deploy it there again and assign its permission set. Check also that the My Domain URL and the Consumer Key belong to the same org.';

const RULES: Rule[] = [
  {
    description: /user hasn'?t approved this consumer/i,
    code: 'USER_NOT_APPROVED',
    field: 'username',
    // Salesforce says the same words for a username it does not know: name the likelier cause first.
    hint: "Salesforce says this for a username it does not know as well as for a user who is not pre-authorized. First check the Username's spelling and the Environment: a sandbox username ends in .sandboxname (e.g. name@company.com.uat) and logs in at test.salesforce.com or the sandbox's My Domain; production and Developer Edition at login.salesforce.com. Then pre-authorization: in the Connected App, set Permitted Users to \"Admin approved users are pre-authorized\" and add this user's profile or a permission set that includes them (Manage Policies → Profiles / Permission Sets).",
  },
  {
    description: /client identifier invalid/i,
    code: 'INVALID_CLIENT_ID',
    field: 'consumerKey',
    hint: 'Check the Consumer Key (copy it again from the External Client App or Connected App) and that the app is in this org. A new or changed app can take several minutes to start working: keep trying for a few minutes.',
  },
  {
    description: /audience is invalid/i,
    code: 'AUDIENCE_INVALID',
    field: 'environment',
    hint: "Check the Environment: Sandbox for sandboxes, Production for production and Developer Edition, or My Domain with the org's My Domain URL.",
  },
  {
    description: /invalid assertion/i,
    code: 'INVALID_ASSERTION',
    field: 'keyFile',
    hint: 'The certificate uploaded to the Connected App ("Use digital signatures") does not match this private key. Upload the certificate made with this key, or pick the key that belongs to the uploaded certificate.',
  },
  {
    description: /invalid client credentials/i,
    code: 'INVALID_CLIENT_CREDENTIALS',
    field: 'keyFile',
    hint: "Salesforce could not verify the signature with the Connected App's certificate. Upload the certificate that belongs to this key, and check the Consumer Key names the right app.",
  },
  {
    description: /expired authorization code|expired/i,
    code: 'ASSERTION_EXPIRED',
    field: 'clock',
    hint: "This computer's clock is probably wrong: the login expired before Salesforce saw it. Turn on automatic date and time, then try again.",
  },
  {
    description: /inactive user|user is inactive|frozen/i,
    code: 'INACTIVE_USER',
    field: 'username',
    hint: 'The user is deactivated or frozen. Ask an admin to reactivate or unfreeze the user, or use another integration user.',
  },
  {
    description: /ip restricted|ip_restricted/i,
    code: 'IP_RESTRICTED',
    field: 'network',
    hint: "This computer's IP address is outside the user's Login IP Ranges. Add the range to the profile, or set the Connected App's IP Relaxation to \"Relax IP restrictions\".",
  },
  {
    description: /not admin approved to access this app|api access control/i,
    code: 'APP_ACCESS_DENIED',
    field: 'username',
    hint: 'Assign this user the permission set that the External Client App\'s App Policies name (Setup → Permission Sets → the set → Manage Assignments): the user is not pre-authorized for the app. Check also that the app\'s Permitted Users is "Admin approved users are pre-authorized". For a Connected App: Manage → Profiles or Permission Sets. If the org has API Access Control on, the app must be allowed there too.',
  },
  {
    description: /external client app is not installed|app_not_found/i,
    code: 'APP_NOT_INSTALLED',
    field: 'environment',
    hint: APP_NOT_INSTALLED_AT_LOGIN_HOST,
  },
  {
    description: /grant type not supported/i,
    code: 'UNSUPPORTED_GRANT_TYPE',
    hint: 'The request was not understood as a JWT bearer login. If a proxy rewrites requests, bypass it for Salesforce.',
  },
];

/** Where the refused login went: some answers mean different things at the My Domain and at login/test. */
export interface LoginPlace {
  environment: Environment;
  audience?: string;
}

const LOGIN_HOST_AUDIENCE = /^https:\/\/(login|test)\.salesforce\.com\/?$/i;

function appNotInstalled(rule: Rule, place: LoginPlace | undefined): Pick<Rule, 'hint' | 'field'> {
  if (place?.environment !== 'mydomain') return rule;
  if (place.audience && LOGIN_HOST_AUDIENCE.test(place.audience)) {
    return {
      field: 'audience',
      hint: `The Audience (Advanced) is ${place.audience}: External Client Apps want the My Domain URL there. Clear the Audience to use the My Domain URL.`,
    };
  }
  // Not a field to change: the banner says it, with the offer to keep trying.
  return { hint: APP_NOT_INSTALLED_AT_MY_DOMAIN };
}

/** Salesforce's own words are kept in the message; the hint says what to change. */
export function oauthError(status: number, body: unknown, place?: LoginPlace): AppError {
  const obj = (body && typeof body === 'object' ? body : {}) as { error?: unknown; error_description?: unknown };
  // A server's words are kept, but not without bound: a hostile answer could fill the window or a log.
  const error = typeof obj.error === 'string' ? serverWords(obj.error, 80) : 'unknown_error';
  const description = typeof obj.error_description === 'string' ? serverWords(obj.error_description, 300) : '';
  const words = description ? `${error}: ${description}` : error;
  const rule = RULES.find((r) => r.description.test(description) || r.description.test(error));
  if (!rule) {
    return new AppError(
      'SALESFORCE_REFUSED',
      `Salesforce refused the login (${words}).`,
      "Check the Consumer Key, Username, Environment and the Connected App's certificate.",
      { status, error, description },
    );
  }
  const { hint, field } = rule.code === 'APP_NOT_INSTALLED' ? appNotInstalled(rule, place) : rule;
  return new AppError(rule.code, `Salesforce refused the login: ${words}.`, hint, {
    status,
    error,
    description,
    ...(field && { field }),
  });
}
