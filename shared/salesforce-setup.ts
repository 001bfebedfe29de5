// What to set up in Salesforce for a JWT login, step by step, for the two kinds of app an org can
// have: an External Client App (how new integrations are made since Spring '26) and a Connected App
// (orgs that still have one). Plain data and small functions, no React and no Node: the window's
// "Salesforce setup" checklist renders it and the CLI names the steps a failure points at. It lives
// in shared/ rather than electron/salesforce/ because the renderer may import only shared/, and
// this is the one copy both read.
//
// Texts mark Salesforce's own screen labels with *stars* and things to type with `backticks`, so each
// reader can show them its way (emphasis in the window, quotes on a terminal).
import type { ErrorCode } from './errors.js';
import type { Environment } from './salesforce-constants.js';

export const SETUP_TRACKS = ['eca', 'connectedApp'] as const;
export type SetupTrack = (typeof SETUP_TRACKS)[number];

export const SETUP_TRACK_LABELS: Record<SetupTrack, string> = {
  eca: 'External Client App',
  connectedApp: 'Connected App',
};

/** A new connection is set up the way Salesforce allows today. */
export const DEFAULT_SETUP_TRACK: SetupTrack = 'eca';

/**
 * The track of a saved connection that has none recorded: it was saved before the choice existed,
 * when the checklist was the Connected App one, and most likely it logs in through a Connected App.
 * It keeps showing that checklist until the user picks the other track.
 */
export const SAVED_WITHOUT_TRACK: SetupTrack = 'connectedApp';

export function setupTrackOf(saved: { setupTrack?: SetupTrack | undefined } | undefined): SetupTrack {
  if (!saved) return DEFAULT_SETUP_TRACK;
  return saved.setupTrack ?? SAVED_WITHOUT_TRACK;
}

export type SetupStepId =
  | 'app'
  | 'oauth'
  | 'callback'
  | 'scopes'
  | 'certificate'
  | 'policy'
  | 'appPolicies'
  | 'access'
  | 'assign'
  | 'consumerKey'
  | 'environment';

/** What the form can tell by itself, so the step is ticked without asking. */
export type SetupTick = 'certificate' | 'consumerKey' | 'myDomain' | 'environment';

export interface SetupStep {
  id: SetupStepId;
  title: string;
  text: string;
  tick?: SetupTick;
}

/** Said above the Connected App track: a new one cannot be made any more without Salesforce's help. */
export const CONNECTED_APP_NOTE =
  "Since Spring '26 a new Connected App can be created only through a Salesforce Support case. Use this track for an org that already has one; for a new integration, use an External Client App.";

/** Said next to Environment when the External Client App track logs in at login/test.salesforce.com. */
export const ECA_MY_DOMAIN_NOTE =
  'External Client Apps answer at the org\'s My Domain (https://NAME.my.salesforce.com): at login.salesforce.com or test.salesforce.com they usually answer "External client app is not installed in this org". Some orgs still work here; if yours does not, choose My Domain.';

const ECA_STEPS: SetupStep[] = [
  {
    id: 'app',
    title: 'Create the External Client App',
    text: 'Setup → Quick Find *External Client App Manager* → *New External Client App*; fill in the basic information (name, contact email).',
  },
  {
    id: 'oauth',
    title: 'Enable OAuth',
    text: 'Under *API (Enable OAuth Settings)* tick *Enable OAuth*; any *Callback URL* will do, e.g. `http://localhost:1717/OauthRedirect` (the JWT flow never uses it).',
  },
  {
    id: 'scopes',
    title: 'OAuth Scopes',
    text: 'Add *Manage user data via APIs (api)* and *Perform requests at any time (refresh_token, offline_access)*; for Open in Salesforce also *Manage user data via Web browsers (web)*.',
  },
  {
    id: 'certificate',
    title: 'Enable JWT Bearer Flow',
    tick: 'certificate',
    text: 'Under *Flow Enablement* tick *Enable JWT Bearer Flow*, then *Upload Files*: the certificate made with this key. Then *Create*.',
  },
  {
    id: 'policy',
    title: 'Pre-authorize users',
    text: 'The app → *Edit* → *Policies* tab → *OAuth Policies* → *Permitted Users*: *Admin approved users are pre-authorized*.',
  },
  {
    id: 'appPolicies',
    title: 'App Policies: the permission set',
    text: "In the same *Policies* tab, *App Policies*: select the permission set (or profile) whose users may log in. A permission set is better: its API name does not change with the org's language.",
  },
  {
    id: 'assign',
    title: 'Assign the permission set',
    text: 'Setup → *Permission Sets* → that set → *Manage Assignments* → *Add Assignment*: the Salesforce user of this connection (or `sf org assign permset --name SET`).',
  },
  {
    id: 'consumerKey',
    title: 'Copy the Consumer Key',
    tick: 'consumerKey',
    text: '*External Client App Manager* → the app → *Settings* tab → *OAuth Settings* → *Consumer Key and Secret* (Salesforce emails a code) → *Copy*, into Consumer Key here. A new or changed app can take several minutes to work.',
  },
  {
    id: 'environment',
    title: 'Log in at the My Domain',
    tick: 'myDomain',
    text: "Environment *My Domain* with the org's My Domain URL (Setup → *My Domain*), e.g. `https://acme.my.salesforce.com`; a sandbox's is `https://acme--uat.sandbox.my.salesforce.com`.",
  },
];

const CONNECTED_APP_STEPS: SetupStep[] = [
  {
    id: 'app',
    title: 'Open the Connected App',
    text: 'Setup → *App Manager* → the Connected App → *Edit*, with *Enable OAuth Settings* ticked. (A new one needs a Salesforce Support case.)',
  },
  {
    id: 'callback',
    title: 'Callback URL',
    text: 'Any https URL, e.g. `https://login.salesforce.com/services/oauth2/success`. The JWT flow never uses it.',
  },
  {
    id: 'certificate',
    title: 'Use digital signatures',
    tick: 'certificate',
    text: 'Tick *Use digital signatures* and upload the certificate made with this key.',
  },
  {
    id: 'scopes',
    title: 'OAuth scopes',
    text: 'Add *Manage user data via APIs (api)* and *Perform requests at any time (refresh_token, offline_access)*; for Open in Salesforce, also *Access content resources over the web (web)*.',
  },
  {
    id: 'policy',
    title: 'Pre-authorize users',
    text: '*Manage* → *Edit Policies* → *Permitted Users*: *Admin approved users are pre-authorized*.',
  },
  {
    id: 'access',
    title: 'Give the user access',
    text: '*Manage* → *Profiles* or *Permission Sets*: add the one the Salesforce user of this connection has.',
  },
  {
    id: 'consumerKey',
    title: 'Copy the Consumer Key',
    tick: 'consumerKey',
    text: '*Manage Consumer Details* → copy the *Consumer Key* into this form. A new app can take up to 10 minutes to work.',
  },
  {
    id: 'environment',
    title: 'Pick the environment',
    tick: 'environment',
    text: "*Sandbox* for sandboxes, *Production* for production and Developer Edition, or *My Domain* with the org's My Domain URL.",
  },
];

export const SETUP_STEPS: Record<SetupTrack, readonly SetupStep[]> = {
  eca: ECA_STEPS,
  connectedApp: CONNECTED_APP_STEPS,
};

const ECA_ERROR_STEPS: Partial<Record<ErrorCode, SetupStepId[]>> = {
  USER_NOT_APPROVED: ['policy', 'appPolicies', 'assign'],
  APP_ACCESS_DENIED: ['appPolicies', 'assign'],
  INVALID_CLIENT_ID: ['consumerKey', 'app'],
  INVALID_ASSERTION: ['certificate'],
  INVALID_CLIENT_CREDENTIALS: ['certificate'],
  AUDIENCE_INVALID: ['environment'],
  APP_NOT_INSTALLED: ['environment'],
};

const CONNECTED_APP_ERROR_STEPS: Partial<Record<ErrorCode, SetupStepId[]>> = {
  USER_NOT_APPROVED: ['policy', 'access'],
  APP_ACCESS_DENIED: ['access'],
  INVALID_CLIENT_ID: ['consumerKey', 'app'],
  INVALID_ASSERTION: ['certificate'],
  INVALID_CLIENT_CREDENTIALS: ['certificate'],
  AUDIENCE_INVALID: ['environment'],
  APP_NOT_INSTALLED: ['environment'],
};

/** The steps a Salesforce refusal points at, in this track, for a login at this environment. */
export function stepsForError(track: SetupTrack, code: ErrorCode | undefined, environment: Environment): SetupStepId[] {
  if (!code) return [];
  // At the My Domain, "not installed" means the app is not (yet) in this org: its creation is the step.
  if (code === 'APP_NOT_INSTALLED' && environment === 'mydomain') return ['app'];
  return (track === 'eca' ? ECA_ERROR_STEPS : CONNECTED_APP_ERROR_STEPS)[code] ?? [];
}

/** What the form knows, for ticking steps. */
export interface SetupFacts {
  certificateKnown: boolean;
  consumerKeyFilled: boolean;
  environment: Environment;
  myDomainUrlFilled: boolean;
}

export function stepTicked(step: SetupStep, facts: SetupFacts): boolean {
  switch (step.tick) {
    case 'certificate':
      return facts.certificateKnown;
    case 'consumerKey':
      return facts.consumerKeyFilled;
    case 'myDomain':
      return facts.environment === 'mydomain' && facts.myDomainUrlFilled;
    case 'environment':
      return facts.environment !== 'mydomain' || facts.myDomainUrlFilled;
    default:
      return false;
  }
}

export type TextPart = { kind: 'text' | 'label' | 'code'; text: string };

/** A step's text cut into plain words, Salesforce labels (*…*) and things to type (`…`). */
export function textParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  const pattern = /\*([^*]+)\*|`([^`]+)`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    parts.push(match[1] !== undefined ? { kind: 'label', text: match[1] } : { kind: 'code', text: match[2] as string });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** A step as one line of terminal text: labels in quotes, no markup. */
export function plainText(text: string): string {
  return textParts(text)
    .map((p) => (p.kind === 'label' ? `"${p.text}"` : p.text))
    .join('');
}
