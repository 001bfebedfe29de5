// jwt-connect sf-login NAME: hands the session to the Salesforce CLI, so that `sf` commands then run
// against that org. It runs `sf org login access-token --instance-url URL --no-prompt`, which reads the
// token from SF_ACCESS_TOKEN when told not to prompt: the token is in sf's environment, never in its
// argv (visible to every user of the computer) nor printed.
import { AppError } from '../../shared/errors.js';
import type { SavedLoginValues, WaitValues } from './flags.js';
import { exitOf } from './exec.js';
import { usageError, type CliIo } from './output.js';
import { childEnvironment, runChild } from './run-child.js';
import { sessionFor } from './session.js';

const ALIAS = /^[A-Za-z0-9_@+][A-Za-z0-9_.@+-]{0,79}$/;
const SITE = /^https?:\/\/[A-Za-z0-9.:[\]-]+\/?$/;

export const SF_INSTALL_HINT =
  'Install the Salesforce CLI (npm install --global @salesforce/cli, or the installers at https://developer.salesforce.com/tools/salesforcecli), make sure `sf` is on your PATH, and run this again.';

export interface SfLoginValues extends SavedLoginValues, WaitValues {
  alias?: string;
  'set-default'?: boolean;
}

/** sf's arguments: fixed words, the instance URL, and the alias as one argument of its own. */
export function sfLoginArgs(instanceUrl: string, values: Pick<SfLoginValues, 'alias' | 'set-default'>): string[] {
  return [
    'org',
    'login',
    'access-token',
    '--instance-url',
    instanceUrl,
    '--no-prompt',
    ...(values.alias !== undefined ? ['--alias', values.alias] : []),
    ...(values['set-default'] ? ['--set-default'] : []),
  ];
}

export async function sfLoginCommand(values: SfLoginValues, positionals: string[], io: CliIo): Promise<number> {
  const alias = values.alias;
  // sf would read "-x" as a flag of its own, and on Windows sf is a script cmd.exe starts, which reads
  // & | < > ^ % " itself: an alias is letters, digits and _ . @ + -, checked before anything is logged in.
  if (alias !== undefined && !ALIAS.test(alias)) {
    throw usageError(
      `--alias must be letters, digits and _ . @ + - (not starting with "-" or ".", at most 80), not "${alias}".`,
      'For example --alias uat.',
    );
  }
  const { token } = await sessionFor(values, positionals, io, 'sf-login');
  // A bare site address already (checked when Salesforce answered); checked again as it goes to cmd.exe on Windows.
  if (!SITE.test(token.instanceUrl))
    throw new AppError(
      'TOKEN_ANSWER_UNSAFE',
      'The instance URL of this login is not a plain site address, so it is not handed to sf.',
      'Authorise again.',
    );
  const end = await runChild('sf', sfLoginArgs(token.instanceUrl, values), childEnvironment(io.env, token), {
    windowsScript: true,
  });
  return exitOf(end, 'sf', io, values.json === true, SF_INSTALL_HINT);
}
