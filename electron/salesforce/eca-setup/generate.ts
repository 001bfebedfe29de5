// The setup files for one External Client App: a connection's certificate and a few choices in,
// a list of {path, content} out. Plain data: the window zips it, the CLI writes it to a folder, and
// key rotation can take the global OAuth settings file from it alone.
import {
  appFile,
  componentPath,
  ECA_PARTS,
  globalOauthFile,
  oauthPoliciesFile,
  oauthSettingsFile,
  packageXml,
  PERMISSION_SET,
  permissionSetFile,
  policiesFile,
  sfdxProjectJson,
  type EcaFacts,
} from './metadata.js';
import { readme } from './readme.js';
import { resolveSetupOptions, type ResolvedSetup, type SetupOptions } from './options.js';

export interface SetupFile {
  /** Relative, with forward slashes. */
  path: string;
  content: string;
}

function factsOf(s: ResolvedSetup): EcaFacts {
  return {
    apiName: s.apiName,
    label: s.appName,
    description: `JWT bearer logins from jwt-connect. Certificate SHA-256 ${s.certificateFingerprint}.`,
    contactEmail: s.contactEmail,
    certificatePem: s.certificatePem,
    permissionSet: s.permissionSet,
    permissionSetLabel: `${s.appName} access`.slice(0, 80),
    permissionSetDescription: `Users who may log in through the External Client App ${s.apiName} (JWT bearer flow). Grants nothing else.`,
  };
}

/** Every file of the project, README first. Throws a typed error (details.field) on a bad choice. */
export function generateSetupFiles(options: SetupOptions): SetupFile[] {
  return filesFor(resolveSetupOptions(options));
}

export function filesFor(s: ResolvedSetup): SetupFile[] {
  const f = factsOf(s);
  const part = (key: keyof typeof ECA_PARTS, content: string): SetupFile => ({
    path: componentPath(ECA_PARTS[key], ECA_PARTS[key].member(s.apiName)),
    content,
  });
  return [
    { path: 'README.md', content: readme(s) },
    { path: 'sfdx-project.json', content: sfdxProjectJson(s.apiName, s.loginUrl, s.apiVersion) },
    { path: 'manifest/package.xml', content: packageXml(f, s.apiVersion) },
    part('app', appFile(f)),
    part('globalOauth', globalOauthFile(f)),
    part('oauth', oauthSettingsFile(f)),
    part('oauthPolicies', oauthPoliciesFile(f)),
    part('policies', policiesFile(f)),
    { path: componentPath(PERMISSION_SET, s.permissionSet), content: permissionSetFile(f) },
  ];
}
