// Runs against Salesforce: Authorise and Test Connection, for a saved connection, the form, or both.
import { AppError } from '../../shared/errors.js';
import { parseInput } from '../../shared/field-rules.js';
import { LoginDraft, type ConnectionFields, type ConnectionSecrets } from '../../shared/connection.js';
import type { AuthoriseResult, TestConnectionResult } from '../../shared/salesforce.js';
import type { KeepTryingProgress } from '../../shared/keep-trying.js';
import { authorise as authoriseWith, timeoutMs } from '../salesforce/authorise.js';
import { keepTrying, KeepTryingRun, realClock, type KeepTryingOptions } from '../salesforce/keep-trying.js';
import { planLogin } from '../salesforce/environment.js';
import { testConnection as testWith } from '../salesforce/test-connection.js';
import { missingForLogin } from '../../shared/login-requirements.js';
import { failureRecord, type ServiceContext } from './context.js';
import { loginFingerprint } from './proven.js';
import type { StoredConnection } from './repository.js';
import { applySecretInput, OPTION_SECRETS, type LOGIN_FIELDS } from './saved.js';
import { afterSuccess, explainFailure, fallbackKey, withFallback } from './login-lifecycle.js';
import { orgIdOf } from '../salesforce/identity-url.js';
import type { KeySource } from '../keys/load.js';
import type { LifecycleNotes, PreviousKey } from '../../shared/lifecycle.js';

export interface RunInput {
  /** A saved connection; alone, its results and token are stored on it. */
  id?: string | undefined;
  /** The form as it is now (unsaved); secrets it lacks come from the saved connection `id`. */
  draft?: LoginDraft | undefined;
  /** Keep trying while the app answers "not there yet", for up to this many seconds. */
  keepTrying?: { seconds: number } | undefined;
}

/** Who else wants to see each attempt of a Keep trying (the CLI's --wait on a terminal). */
export interface RunHooks {
  onAttempt?: KeepTryingOptions['onAttempt'];
}

/**
 * What a run needs: the login fields and the secrets, from the form, the saved connection or both,
 * and during a rotation the previous key. (shared/salesforce.ts's LoginTarget is only where to log
 * in: environment, My Domain, audience, timeout.)
 */
export interface ResolvedLogin {
  fields: Pick<ConnectionFields, (typeof LOGIN_FIELDS)[number] | 'timeoutSeconds'>;
  secrets: ConnectionSecrets;
  /** During a key rotation not yet proven: the key tried once more when Salesforce refuses the new one. */
  previous?: PreviousKey | undefined;
}

export async function authorise(ctx: ServiceContext, input: RunInput, hooks: RunHooks = {}): Promise<AuthoriseResult> {
  const target = resolve(ctx, input);
  const storeOn = input.id && !input.draft ? input.id : undefined;
  const started = ctx.now();
  const proof = storeOn ? undefined : loginFingerprint(target.fields, target.secrets); // a later Save of exactly these settings keeps the result
  try {
    const result = await waiting(ctx, input, hooks, () => login(ctx, target));
    const record = { at: started.toISOString(), ok: true, elapsedMs: result.elapsedMs };
    if (storeOn) ctx.record(storeOn, 'lastAuthorise', record, result);
    if (proof) ctx.proven.record(proof, 'lastAuthorise', record, result);
    return withNotes(
      result,
      afterSuccess(ctx, input.id, storeOn !== undefined, { orgId: orgIdOf(result.id), rotation: result.rotation }),
    );
  } catch (caught) {
    const error = explainFailure(ctx, input.id, target.fields, caught);
    if (storeOn) ctx.record(storeOn, 'lastAuthorise', failureRecord(started, error));
    if (proof) ctx.proven.record(proof, 'lastAuthorise', failureRecord(started, error));
    throw error;
  }
}

/** A test's result, with the token it obtained when it logged in (the form shows it as current). */
export async function testConnection(
  ctx: ServiceContext,
  input: RunInput,
  hooks: RunHooks = {},
): Promise<TestConnectionResult & { newToken?: AuthoriseResult }> {
  const target = resolve(ctx, input);
  const storeOn = input.id && !input.draft ? input.id : undefined;
  const started = ctx.now();
  const saved = storeOn ? ctx.secretsOf(ctx.stored(storeOn)).accessToken : undefined;
  const proof = storeOn ? undefined : loginFingerprint(target.fields, target.secrets);
  try {
    let rotation: LifecycleNotes['rotation'];
    const { result, newToken } = await waiting(ctx, input, hooks, () =>
      testWith(
        {
          token: saved && { accessToken: saved.token, instanceUrl: saved.instanceUrl, id: saved.id },
          authorise: async () => {
            const answer = await login(ctx, target);
            rotation ??= answer.rotation; // the first login of the run says which key Salesforce took
            return answer;
          },
          timeoutMs: timeoutMs(target.fields),
        },
        ctx.platform,
      ),
    );
    const record = { at: started.toISOString(), ok: true, elapsedMs: result.totalMs };
    if (storeOn) ctx.record(storeOn, 'lastTest', record, newToken);
    if (proof) ctx.proven.record(proof, 'lastTest', record, newToken);
    const noted = withNotes(
      result,
      afterSuccess(ctx, input.id, storeOn !== undefined, {
        orgId: result.identity.orgId,
        isSandbox: result.organization.isSandbox,
        rotation,
      }),
    );
    return newToken ? { ...noted, newToken } : noted;
  } catch (caught) {
    const error = explainFailure(ctx, input.id, target.fields, caught);
    if (storeOn) ctx.record(storeOn, 'lastTest', failureRecord(started, error));
    if (proof) ctx.proven.record(proof, 'lastTest', failureRecord(started, error));
    throw error;
  }
}

/**
 * The run itself, or, asked to keep trying, the run repeated by the one Keep trying loop. One wait at
 * a time per service: a newer one stops the older (a window reloaded mid-wait starts afresh).
 */
async function waiting<T>(ctx: ServiceContext, input: RunInput, hooks: RunHooks, run: () => Promise<T>): Promise<T> {
  if (!input.keepTrying) return run();
  const clock = ctx.platform.waitClock ?? realClock;
  const forMs = input.keepTrying.seconds * 1000;
  ctx.keepTrying?.cancel();
  const state = new KeepTryingRun(clock, forMs);
  ctx.keepTrying = state;
  try {
    return await keepTrying(run, {
      forMs,
      clock,
      signal: state.controller.signal,
      onAttempt: (attempt, nextInMs) => {
        state.record(attempt, nextInMs);
        hooks.onAttempt?.(attempt, nextInMs);
      },
    });
  } finally {
    state.running = false;
  }
}

/** The Keep trying under way, for the window's countdown and list of attempts. */
export function keepTryingProgress(ctx: ServiceContext): KeepTryingProgress | null {
  return ctx.keepTrying?.progress() ?? null;
}

export function stopKeepTrying(ctx: ServiceContext): { stopped: boolean } {
  const state = ctx.keepTrying;
  if (!state?.running) return { stopped: false };
  state.cancel();
  return { stopped: true };
}

/** The effective connection for a run: form fields over saved ones, typed secrets over saved ones. */
export function resolve(ctx: ServiceContext, input: RunInput): ResolvedLogin {
  if (!input.id && !input.draft)
    throw new AppError('BAD_INPUT', 'Nothing to authorise: give a saved connection or the form.');
  const saved = input.id ? ctx.stored(input.id) : undefined;
  const savedSecrets = saved ? { ...ctx.secretsOf(saved) } : {};
  const previous = fallbackKey(saved, savedSecrets.previousKey);
  if (!input.draft) return { fields: saved as StoredConnection, secrets: savedSecrets, previous };
  const draft = parseInput(LoginDraft, input.draft);
  if (saved && draft.encryption !== saved.encryption) {
    for (const name of OPTION_SECRETS[saved.encryption]) delete savedSecrets[name];
    delete savedSecrets.keyMaterial;
  }
  const secrets = applySecretInput(savedSecrets, draft.secrets);
  if (draft.keyFile) secrets.keyMaterial = draft.keyFile.base64;
  // The saved key with its rotation fallback, unless the form brings another key.
  const sameKey = saved && !draft.keyFile && draft.encryption === saved.encryption;
  return { fields: draft, secrets, previous: sameKey ? previous : undefined };
}

export async function login(ctx: ServiceContext, target: ResolvedLogin): Promise<AuthoriseResult> {
  const { fields, secrets } = target;
  // Every missing detail at once, field by field, before any request is sent.
  const missing = missingForLogin(fields, {
    keyMaterial: Boolean(secrets.keyMaterial),
    keyStorePassword: Boolean(secrets.keyStorePassword),
  });
  if (missing.length) {
    throw new AppError('BAD_INPUT', missing.map((m) => m.message).join(' '), 'Fill in the highlighted fields.', {
      fields: missing,
      field: missing[0]?.field,
    });
  }
  const where = {
    environment: fields.environment,
    ...(fields.myDomainUrl && { myDomainUrl: fields.myDomainUrl }),
    ...(fields.audience && { audience: fields.audience }),
    ...(fields.timeoutSeconds && { timeoutSeconds: fields.timeoutSeconds }),
  };
  // Where the assertion would go and for whom (URLs, the audience rule): refused before a key is
  // even opened, whether the connection came from the form, the store or an imported file.
  planLogin(where);
  const { result, rotation } = await withFallback(target.previous, async (previous) => {
    const key = await ctx.keys.loadSigningKey(
      previous ? signingSource(previous, previous) : signingSource(fields, secrets),
      ctx.now(),
    );
    return authoriseWith(
      { ...where, key: key.key, consumerKey: fields.consumerKey, username: fields.username },
      ctx.platform,
    );
  });
  return rotation ? { ...result, rotation } : result;
}

/** Where a connection's key is read from: its key material with the passwords its Encryption Option uses. */
export function signingSource(
  fields: { encryption: 'jks' | 'privateKey'; certificateName?: string | undefined },
  secrets: Pick<ConnectionSecrets, 'keyMaterial' | 'keyStorePassword' | 'keyPassword' | 'passphrase'>,
): KeySource {
  const bytes = Buffer.from(secrets.keyMaterial ?? '', 'base64');
  return fields.encryption === 'jks'
    ? {
        bytes,
        storePassword: secrets.keyStorePassword,
        alias: fields.certificateName,
        keyPassword: secrets.keyPassword,
      }
    : { bytes, passphrase: secrets.passphrase };
}

/** A result with what the login meant for the connection (rotation, org change), in data and in words. */
function withNotes<T extends LifecycleNotes>(result: T, notes: LifecycleNotes): T {
  const { rotation: _r, notices: _n, orgChange: _o, ...rest } = result;
  return { ...rest, ...notes } as T;
}
