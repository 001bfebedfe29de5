// "Copy as…" next to the token: the same login in the forms other tools take.
// Pure text builders; the token is passed in by the caller and never logged here.
import type { Environment } from '../shared/salesforce.js';
import { escapeForTerminal } from '../shared/safe-text.js';
import { exportLines } from '../shared/session-env.js';
import { shellQuote } from '../shared/shell-quote.js';

export { shellQuote };

export interface TokenFacts {
  accessToken: string;
  instanceUrl: string;
  /** The identity URL Salesforce returned with the token. */
  id: string;
}

/** The same lines `jwt-connect token NAME --env` prints. */
export function asEnvironmentVariables(t: TokenFacts): string {
  return exportLines(t);
}

export function asCurlIdentity(t: TokenFacts): string {
  return escapeForTerminal(`curl -H ${shellQuote(`Authorization: Bearer ${t.accessToken}`)} ${shellQuote(t.id)}\n`);
}

export interface SfLoginFacts {
  consumerKey: string;
  username: string;
  environment: Environment;
  myDomainUrl?: string | undefined;
  /** The PEM key's file name when known; never a path (the app keeps no paths). */
  keyFileName?: string | undefined;
}

/** The key placeholder: the sf CLI takes only an unencrypted PEM key file by path. */
export function sfKeyPlaceholder(keyFileName: string | undefined): string {
  return keyFileName && /\.(key|pem)$/i.test(keyFileName) ? `path/to/${keyFileName}` : 'path/to/server.key';
}

/** The equivalent `sf org login jwt` command line. No token in it: sf logs in by itself. */
export function asSfLoginCommand(f: SfLoginFacts): string {
  const instanceUrl =
    f.environment === 'sandbox'
      ? 'https://test.salesforce.com'
      : f.environment === 'mydomain' && f.myDomainUrl
        ? f.myDomainUrl
        : undefined;
  const parts = [
    'sf org login jwt',
    `--client-id ${shellQuote(f.consumerKey || '<consumer key>')}`,
    `--jwt-key-file ${shellQuote(sfKeyPlaceholder(f.keyFileName))}`,
    `--username ${shellQuote(f.username || '<username>')}`,
    ...(instanceUrl ? [`--instance-url ${shellQuote(instanceUrl)}`] : []),
  ];
  return escapeForTerminal(`${parts.join(' \\\n  ')}\n`);
}
