// The environment variables that hand a Salesforce session to another program, in one place: the
// variables exec puts in a child's environment, the lines `token --env` prints and the window's
// "Copy as… → Environment variables". sf reads SF_ACCESS_TOKEN (`sf org login access-token
// --no-prompt`) and SF_ORG_INSTANCE_URL; scripts and curl examples use SF_INSTANCE_URL.
// No Node or DOM imports here.
import { escapeForTerminal } from './safe-text.js';
import { shellQuote } from './shell-quote.js';

export interface SessionFacts {
  accessToken: string;
  instanceUrl: string;
}

export const SESSION_VARIABLES = ['SF_ACCESS_TOKEN', 'SF_INSTANCE_URL', 'SF_ORG_INSTANCE_URL'] as const;
export type SessionVariable = (typeof SESSION_VARIABLES)[number];

export function sessionVariables(t: SessionFacts): Record<SessionVariable, string> {
  return { SF_ACCESS_TOKEN: t.accessToken, SF_INSTANCE_URL: t.instanceUrl, SF_ORG_INSTANCE_URL: t.instanceUrl };
}

/**
 * `export NAME='value'` lines for a POSIX shell: `eval "$(jwt-connect token NAME --env)"` or a paste.
 * Exported, so the programs the shell starts next (sf, curl in a script) see them too. Each value is
 * one shell word, and the whole passes the sanitiser: a hostile value cannot end a line or move the cursor.
 */
export function exportLines(t: SessionFacts): string {
  const values = sessionVariables(t);
  return escapeForTerminal(SESSION_VARIABLES.map((name) => `export ${name}=${shellQuote(values[name])}\n`).join(''));
}
