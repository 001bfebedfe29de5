// What a login means for a connection over time: during a key rotation, the one fallback to the
// previous key and the first success with the new one; the org id remembered from the last login
// (another one is reported: a sandbox refresh gives the sandbox a new org); and the hint for a
// sandbox whose app a refresh removed.
import { AppError } from '../../shared/errors.js';
import {
  NEW_KEY_PROVEN_NOTICE,
  orgChangedNotice,
  PREVIOUS_KEY_NOTICE,
  SANDBOX_REFRESH_HINT,
  isSandboxTarget,
  type LifecycleNotes,
  type PreviousKey,
} from '../../shared/lifecycle.js';
import type { ServiceContext } from './context.js';
import type { StoredConnection } from './repository.js';

/** Salesforce's answers when the uploaded certificate does not belong to the key that signed. */
const CERTIFICATE_REFUSALS = new Set(['INVALID_ASSERTION', 'INVALID_CLIENT_CREDENTIALS']);

/** The previous key to fall back on, while a rotation waits for its first success with the new key. */
export function fallbackKey(
  c: StoredConnection | undefined,
  previous: PreviousKey | undefined,
): PreviousKey | undefined {
  return c?.rotation && !c.rotation.newKeyProvenAt ? previous : undefined;
}

/**
 * Runs `attempt` with the new key; only when Salesforce refuses it as not matching its certificate,
 * once more with the previous key. The new key's refusal is the one reported if both fail.
 */
export async function withFallback<T>(
  previous: PreviousKey | undefined,
  attempt: (previous?: PreviousKey) => Promise<T>,
): Promise<{ result: T; rotation?: LifecycleNotes['rotation'] }> {
  try {
    const result = await attempt();
    return { result, ...(previous && { rotation: 'newKeyProven' as const }) };
  } catch (error) {
    if (!previous || !(error instanceof AppError) || !CERTIFICATE_REFUSALS.has(error.code)) throw error;
    try {
      return { result: await attempt(previous), rotation: 'previousKey' };
    } catch {
      throw error;
    }
  }
}

const sameOrg = (a: string, b: string) => a.slice(0, 15) === b.slice(0, 15); // 15- and 18-character ids

/**
 * After a successful login: what to tell the user, and (for a saved connection's own run) what to
 * remember: the org id, a changed org, the new key proven or the previous key used.
 */
export function afterSuccess(
  ctx: ServiceContext,
  id: string | undefined,
  store: boolean,
  seen: { orgId?: string | undefined; isSandbox?: boolean | undefined; rotation?: LifecycleNotes['rotation'] },
): LifecycleNotes {
  const c = id ? ctx.repository.get(id) : undefined;
  if (!c) return {};
  const notes: LifecycleNotes = {};
  const notices: string[] = [];
  const now = ctx.now().toISOString();
  const next: StoredConnection = { ...c };
  if (seen.orgId && c.orgId && !sameOrg(seen.orgId, c.orgId)) {
    notes.orgChange = { from: c.orgId, to: seen.orgId, at: now };
    notices.push(orgChangedNotice(notes.orgChange));
    next.orgChange = notes.orgChange;
  } else if (seen.orgId && c.orgChange && c.orgId && sameOrg(seen.orgId, c.orgId)) {
    delete next.orgChange; // the same org again: the change was seen and is over
  }
  if (seen.orgId) next.orgId = seen.orgId;
  if (seen.isSandbox !== undefined) next.isSandbox = seen.isSandbox;
  if (seen.rotation && c.rotation) {
    notes.rotation = seen.rotation;
    if (seen.rotation === 'previousKey') {
      notices.push(PREVIOUS_KEY_NOTICE);
      next.rotation = { ...c.rotation, previousKeyUsedAt: now };
    } else if (!c.rotation.newKeyProvenAt) {
      notices.push(NEW_KEY_PROVEN_NOTICE);
      next.rotation = { ...c.rotation, newKeyProvenAt: now };
    }
  }
  if (notices.length) notes.notices = notices;
  if (store && ctx.repository.writable && JSON.stringify(next) !== JSON.stringify(c)) ctx.repository.put([next]);
  return notes;
}

/**
 * A sandbox that logged in before and now answers that its app is not there (or its consumer key is
 * unknown): most likely a refresh, which removes the External Client App. Say so instead of the
 * generic hint.
 */
export function explainFailure(
  ctx: ServiceContext,
  id: string | undefined,
  target: { environment: string; myDomainUrl?: string | undefined },
  error: unknown,
): unknown {
  if (!(error instanceof AppError) || (error.code !== 'APP_NOT_INSTALLED' && error.code !== 'INVALID_CLIENT_ID'))
    return error;
  const c = id ? ctx.repository.get(id) : undefined;
  const worked = c && (c.orgId || c.lastAuthorise?.ok || c.lastTest?.ok);
  if (!worked || !(isSandboxTarget(target) || c.isSandbox)) return error;
  return new AppError(error.code, error.message, SANDBOX_REFRESH_HINT, { ...error.details, sandboxRefresh: true });
}
