// The External Client App that allows the JWT bearer flow, as source-format metadata: which types,
// in which folders, with which suffixes, and the fields that make it work (FACTS.md, "Metadata for
// a deployable JWT ECA"). Never a consumer secret, a consumer key or an oauthLink: Salesforce makes
// the key, and a wrong oauthLink fails the deploy.
import { metadataFile, METADATA_NS, xmlText } from './xml.js';

export const SOURCE_ROOT = 'force-app/main/default';

/** Any URL will do: the JWT flow never redirects. The sf CLI's own default. */
export const CALLBACK_URL = 'http://localhost:1717/OauthRedirect';
/** Metadata API spelling of api, web, refresh_token/offline_access. */
export const OAUTH_SCOPES = 'Api, Web, RefreshToken';

interface MetadataKind {
  type: string;
  folder: string;
  suffix: string;
  /** The component's name (fullName) for the app's API name. */
  member: (appApiName: string) => string;
}

/** The five parts of the app, in the order a reader meets them. */
export const ECA_PARTS = {
  app: {
    type: 'ExternalClientApplication',
    folder: 'externalClientApps',
    suffix: '.eca-meta.xml',
    member: (n: string) => n,
  },
  globalOauth: {
    type: 'ExtlClntAppGlobalOauthSettings',
    folder: 'extlClntAppGlobalOauthSets',
    suffix: '.ecaGlblOauth-meta.xml',
    member: (n: string) => `${n}_glbloauth`,
  },
  oauth: {
    type: 'ExtlClntAppOauthSettings',
    folder: 'extlClntAppOauthSettings',
    suffix: '.ecaOauth-meta.xml',
    member: (n: string) => `${n}_oauth`,
  },
  oauthPolicies: {
    type: 'ExtlClntAppOauthConfigurablePolicies',
    folder: 'extlClntAppOauthPolicies',
    suffix: '.ecaOauthPlcy-meta.xml',
    member: (n: string) => `${n}_oauthPlcy`,
  },
  policies: {
    type: 'ExtlClntAppConfigurablePolicies',
    folder: 'extlClntAppPolicies',
    suffix: '.ecaPlcy-meta.xml',
    member: (n: string) => `${n}_plcy`,
  },
} as const satisfies Record<string, MetadataKind>;

export const PERMISSION_SET: Omit<MetadataKind, 'member'> = {
  type: 'PermissionSet',
  folder: 'permissionsets',
  suffix: '.permissionset-meta.xml',
};

/** Where a component's file goes inside the project. */
export function componentPath(kind: Omit<MetadataKind, 'member'>, member: string): string {
  return `${SOURCE_ROOT}/${kind.folder}/${member}${kind.suffix}`;
}

export interface EcaFacts {
  apiName: string;
  label: string;
  description: string;
  contactEmail: string | undefined;
  /** The certificate, PEM: having it is what switches on the JWT bearer flow. */
  certificatePem: string;
  permissionSet: string;
  permissionSetLabel: string;
  permissionSetDescription: string;
}

export function appFile(f: EcaFacts): string {
  return metadataFile(ECA_PARTS.app.type, [
    ['contactEmail', f.contactEmail],
    ['description', f.description],
    ['distributionState', 'Local'],
    ['isProtected', false],
    ['label', f.label],
  ]);
}

/** The certificate lives here; the consumer key is left out (Salesforce generates it: retrieve this type to read it). */
export function globalOauthFile(f: EcaFacts): string {
  return metadataFile(ECA_PARTS.globalOauth.type, [
    ['callbackUrl', CALLBACK_URL],
    ['certificate', f.certificatePem],
    ['externalClientApplication', f.apiName],
    ['isConsumerSecretOptional', true],
    ['isPkceRequired', false],
    ['shouldRotateConsumerKey', false],
    ['shouldRotateConsumerSecret', false],
  ]);
}

export function oauthSettingsFile(f: EcaFacts): string {
  return metadataFile(ECA_PARTS.oauth.type, [
    ['commaSeparatedOauthScopes', OAUTH_SCOPES],
    ['externalClientApplication', f.apiName],
    ['label', f.label],
  ]);
}

/** Admin-approved users only, pre-authorized through the permission set (not isNamedUserJwtEnabled). */
export function oauthPoliciesFile(f: EcaFacts): string {
  return metadataFile(ECA_PARTS.oauthPolicies.type, [
    ['commaSeparatedPermissionSet', f.permissionSet],
    ['externalClientApplication', f.apiName],
    ['ipRelaxationPolicyType', 'Enforce'],
    ['label', f.label],
    ['permittedUsersPolicyType', 'AdminApprovedPreAuthorized'],
    ['requiredSessionLevel', 'STANDARD'],
  ]);
}

export function policiesFile(f: EcaFacts): string {
  return metadataFile(ECA_PARTS.policies.type, [
    ['externalClientApplication', f.apiName],
    ['isEnabled', true],
    ['isOauthPluginEnabled', true],
    ['label', f.label],
  ]);
}

/** Empty on purpose: its only job is to name who may log in (the policies file grants the app to it). */
export function permissionSetFile(f: EcaFacts): string {
  return metadataFile(PERMISSION_SET.type, [
    ['description', f.permissionSetDescription],
    ['hasActivationRequired', false],
    ['label', f.permissionSetLabel],
  ]);
}

/** manifest/package.xml: exactly the six components, types in alphabetical order as Salesforce writes them. */
export function packageXml(f: EcaFacts, apiVersion: string): string {
  const members: [type: string, member: string][] = [
    ...Object.values(ECA_PARTS).map((p) => [p.type, p.member(f.apiName)] as [string, string]),
    [PERMISSION_SET.type, f.permissionSet],
  ];
  members.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const types = members.map(
    ([type, member]) =>
      `    <types>\n        <members>${xmlText(member)}</members>\n        <name>${type}</name>\n    </types>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="${METADATA_NS}">\n${types.join('\n')}\n    <version>${xmlText(apiVersion)}</version>\n</Package>\n`;
}

export function sfdxProjectJson(name: string, loginUrl: string, apiVersion: string): string {
  return `${JSON.stringify(
    {
      packageDirectories: [{ path: 'force-app', default: true }],
      name,
      namespace: '',
      sfdcLoginUrl: loginUrl,
      sourceApiVersion: apiVersion,
    },
    null,
    2,
  )}\n`;
}
