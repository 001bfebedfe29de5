// Open in Salesforce for a saved connection, the form, or both: a single-use frontdoor URL, opened
// by the platform when it can (Electron's shell.openExternal), else handed to the caller to open.
import type { LoginDraft } from '../../shared/connection.js';
import { timeoutMs } from '../salesforce/authorise.js';
import { openOrg } from '../salesforce/open-org.js';
import type { ServiceContext } from './context.js';
import { login, resolve } from './runs.js';

export interface OpenInSalesforceInput {
  id?: string | undefined;
  draft?: LoginDraft | undefined;
  /** A path inside the org to land on, e.g. /lightning/setup/SetupOneHome/home. */
  path?: string | undefined;
}

export type OpenInSalesforceOutput = { opened: true; host: string } | { url: string };

export async function openInSalesforce(
  ctx: ServiceContext,
  input: OpenInSalesforceInput,
): Promise<OpenInSalesforceOutput> {
  const target = resolve(ctx, input);
  const storeOn = input.id && !input.draft ? input.id : undefined;
  const saved = storeOn ? ctx.secretsOf(ctx.stored(storeOn)).accessToken : undefined;
  const started = ctx.now();
  const { url, host, newToken } = await openOrg(
    {
      token: saved && { accessToken: saved.token, instanceUrl: saved.instanceUrl, id: saved.id },
      authorise: () => login(ctx, target),
      path: input.path,
      timeoutMs: timeoutMs(target.fields),
    },
    ctx.platform,
  );
  // A fresh login on the way is an Authorise that worked: keep its token, as Authorise does.
  if (storeOn && newToken)
    ctx.record(
      storeOn,
      'lastAuthorise',
      { at: started.toISOString(), ok: true, elapsedMs: newToken.elapsedMs },
      newToken,
    );
  // The platform opens https only; the local emulator's http link goes back to the caller.
  if (ctx.platform.openExternal && url.startsWith('https://')) {
    await ctx.platform.openExternal(url);
    return { opened: true, host };
  }
  return { url };
}
