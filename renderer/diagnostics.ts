// "Copy diagnostics" beside a "This is a bug" hint: what a bug report needs from the window (what
// was being done, the error as shown, where main logged the stack, the browser), and no secret: the
// text passes through the same redaction rules as the log.
import type { ErrorInfo } from '../shared/errors.js';
import { redactSecrets, redactValue } from '../shared/redact.js';

export interface DiagnosticsFacts {
  /** What the user was doing: "Authorise", "Loading the list"… */
  action?: string;
  at: Date;
  userAgent: string;
}

/** An error the user can do nothing about but report: the contract's INTERNAL. */
export function isBug(error: ErrorInfo): boolean {
  return error.code === 'INTERNAL';
}

export function diagnosticsText(error: ErrorInfo, facts: DiagnosticsFacts): string {
  const { logFile, ...details } = (error.details ?? {}) as Record<string, unknown>;
  const lines = [
    'jwt-connect diagnostics',
    `time: ${facts.at.toISOString()}`,
    ...(facts.action ? [`while: ${facts.action}`] : []),
    `error: ${error.code}: ${error.message}`,
    ...(error.hint ? [`hint: ${error.hint}`] : []),
    ...(Object.keys(details).length > 0 ? [`details: ${JSON.stringify(redactValue(details))}`] : []),
    `window: ${facts.userAgent}`,
    typeof logFile === 'string'
      ? `The stack is in ${logFile} (secrets taken out); attach it to the report.`
      : 'The stack is in jwt-connect.log in the data folder (secrets taken out); attach it to the report.',
  ];
  return redactSecrets(lines.join('\n'));
}
