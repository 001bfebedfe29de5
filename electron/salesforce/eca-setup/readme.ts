// The README.md that travels with the setup files: the exact next commands for this connection,
// in the order they must run, and what to expect from each.
import { shellQuote } from '../../../shared/shell-quote.js';
import { displayName } from '../../keys/safe-text.js';
import { componentPath, ECA_PARTS, PERMISSION_SET } from './metadata.js';
import type { ResolvedSetup } from './options.js';

/**
 * Names can hold anything; a README shows them tamed (no control characters, bounded) and as text,
 * not as Markdown or HTML a viewer would render.
 */
const shown = (text: string) =>
  displayName(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#|!])/g, '\\$1');
/** Inside code spans and code blocks nothing is rendered: only taming is needed. */
const plain = (text: string) => displayName(text);
/** Markdown inline code that cannot be closed early by a backtick in the text. */
const code = (text: string) => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);

export function readme(s: ResolvedSetup): string {
  const org = shellQuote(s.adminOrg);
  const username = s.connection.username ? plain(s.connection.username) : undefined;
  const user = shellQuote(username ?? 'USERNAME');
  const connectionName = s.connection.name ? plain(s.connection.name) : undefined;
  const connectionText = s.connection.name ? shown(s.connection.name) : undefined;
  const globalMember = ECA_PARTS.globalOauth.member(s.apiName);
  const globalFile = componentPath(ECA_PARTS.globalOauth, globalMember);
  const atMyDomain = s.connection.environment === 'mydomain';
  const fence = (...lines: string[]) => ['```sh', ...lines, '```'];

  const out: string[] = [
    `# External Client App "${shown(s.appName)}" for the JWT bearer flow`,
    '',
    connectionName
      ? `Made by jwt-connect for the connection **${connectionText}**${username ? ` (user ${code(username)})` : ''}.`
      : 'Made by jwt-connect from a certificate file.',
    `It deploys an External Client App named ${code(s.apiName)} that lets the holder of this certificate's private key log in`,
    'with the OAuth 2.0 JWT bearer flow, and an empty permission set',
    `${code(s.permissionSet)} that names who may log in through it ("Admin approved users are pre-authorized").`,
    '',
    `- Certificate: ${shown(s.certificateSubject)}, valid until ${s.certificateValidTo}`,
    `- SHA-256: ${s.certificateFingerprint}`,
    `- Contact e-mail: ${s.contactEmail ? `${code(s.contactEmail)}${s.contactFromUsername ? ' (the username; change it with --contact-email or in Setup)' : ''}` : 'none given (check: Setup may ask for one; add it under Basic Information)'}`,
    `- API version: ${s.apiVersion}`,
    '',
    'No consumer key, consumer secret or oauthLink is in these files: Salesforce makes the key when the app is deployed.',
    '',
    '## 0. Log in to the org as an admin with the Salesforce CLI',
    '',
    `The commands below use the sf alias ${code(s.adminOrg)}. If you already have an alias for an admin of this org, use it instead.`,
    '',
    ...fence(`sf org login web --instance-url ${shellQuote(s.loginUrl)} --alias ${org}`),
    '',
    '## 1. Deploy the app and the permission set',
    '',
    'From this folder:',
    '',
    ...fence(`sf project deploy start --manifest manifest/package.xml --target-org ${org}`),
    '',
    'From then on only users who hold the permission set can log in through this app.',
    'If the deploy says the permission set does not exist yet, deploy it first, then the manifest again:',
    '',
    ...fence(`sf project deploy start --metadata PermissionSet:${s.permissionSet} --target-org ${org}`),
    '',
    'If it says access to the OAuth settings is not allowed, check Setup → External Client App Settings:',
    '"Allow access to External Client App consumer secrets via Metadata API".',
    '',
    '## 2. Give the user the permission set',
    '',
    ...fence(`sf org assign permset --name ${s.permissionSet} --on-behalf-of ${user} --target-org ${org}`),
    '',
    ...(username ? [] : ['Replace USERNAME with the Salesforce username the connection logs in as.', '']),
    '## 3. Read the consumer key Salesforce made',
    '',
    ...fence(`sf project retrieve start --metadata ExtlClntAppGlobalOauthSettings:${globalMember} --target-org ${org}`),
    '',
    `The key is then in ${code(globalFile)}, in the ${code('<consumerKey>')} element.`,
    'In jwt-connect, drop that file on the Consumer Key field (or pick it there), or paste the key.',
    'The retrieved file may also hold the consumer secret: the JWT flow does not need it; do not commit the file.',
    '',
    'Without the sf CLI: Setup → External Client App Manager → the app → Settings → OAuth Settings →',
    'Consumer Key and Secret (Salesforce e-mails a code) → Copy.',
    '',
    '## 4. Wait a few minutes',
    '',
    'A new or changed app can take several minutes (up to about ten) to work everywhere. Until then Salesforce',
    `answers ${code('app_not_found')} or ${code('invalid_client_id')}.`,
    '',
    '## 5. Authorise',
    '',
    connectionName
      ? `In jwt-connect, open **${connectionText}**, put in the consumer key, Save, then press Authorise. If the answer is "not there yet", use Keep trying.`
      : 'In jwt-connect, make a connection with this certificate\'s key, the consumer key and the username, then press Authorise. If the answer is "not there yet", use Keep trying.',
    ...(atMyDomain
      ? []
      : [
          '',
          `External Client Apps answer at the org's My Domain (e.g. https://yourcompany.my.salesforce.com): set Environment to My Domain with that URL.`,
          `${code(`sf org display --target-org ${s.adminOrg}`)} shows it as the Instance Url.`,
        ]),
    '',
    'From a terminal:',
    '',
    ...fence(
      connectionName
        ? `jwt-connect authorise --connection ${shellQuote(connectionName)} --consumer-key CONSUMER_KEY --wait 10m`
        : `jwt-connect authorise --private-key server.key --consumer-key CONSUMER_KEY --username ${user} --my-domain ${shellQuote(atMyDomain ? s.loginUrl : 'https://yourcompany.my.salesforce.com')} --wait 10m`,
    ),
    '',
    '## The files',
    '',
    '| file | type |',
    '|---|---|',
    ...Object.values(ECA_PARTS).map((p) => `| ${code(componentPath(p, p.member(s.apiName)))} | ${p.type} |`),
    `| ${code(componentPath(PERMISSION_SET, s.permissionSet))} | ${PERMISSION_SET.type} |`,
    `| ${code('manifest/package.xml')} | the manifest listing exactly these six |`,
    `| ${code('sfdx-project.json')} | the Salesforce DX project |`,
    '',
  ];
  return out.join('\n');
}
