// The token a terminal hands on (token, exec, sf-login): the one stored with a saved connection, while
// Salesforce still accepts it. One GET of its identity URL decides; a token Salesforce no longer takes
// (expired, revoked, a session ended by an admin) is not handed to a program that would fail with it.
// When there is none, the caller logs in with Authorise, which stores the new token as the window does.
import { AppError } from '../../shared/errors.js';
import { timeoutMs } from '../salesforce/authorise.js';
import { httpRequest } from '../salesforce/http.js';
import type { ServiceContext } from './context.js';

/** What a program needs to act as the connection's user; no other secret of the connection. */
export interface UsableToken {
  accessToken: string;
  instanceUrl: string;
  /** The identity URL Salesforce returned with the token. */
  id: string;
  issuedAt: string;
}

/** The stored token of connection `id` if Salesforce still accepts it; undefined otherwise (log in then). */
export async function acceptedStoredToken(ctx: ServiceContext, id: string): Promise<UsableToken | undefined> {
  const connection = ctx.stored(id);
  let saved;
  try {
    saved = ctx.secretsOf(connection).accessToken;
  } catch (error) {
    // Secrets this process cannot open: the login that follows says why, in the words Authorise uses.
    if (error instanceof AppError) return undefined;
    throw error;
  }
  if (!saved) return undefined;
  try {
    const answer = await httpRequest(ctx.platform.fetch, saved.id, {
      headers: { Authorization: `Bearer ${saved.token}` },
      timeoutMs: timeoutMs(connection),
      carrying: 'the access token',
    });
    if (answer.status !== 200) return undefined;
  } catch {
    return undefined; // unreachable now: a fresh login tells the network problem in its own words
  }
  return { accessToken: saved.token, instanceUrl: saved.instanceUrl, id: saved.id, issuedAt: saved.issuedAt };
}
