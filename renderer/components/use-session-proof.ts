// The form's session state: the token, the test result and the checklist's "accepted", each tied
// to the login fields it was obtained with, and kept across a Save of those fields. Nothing here looks current for other fields.
import { useState } from 'react';
import type { ConnectionView } from '../../shared/connection.js';
import type { AuthoriseResult, TestConnectionResult } from '../../shared/salesforce.js';
import { ApiError, call } from '../api-client.js';
import type { TokenFacts } from '../copy-as.js';
import { changedLoginFields, type LoginFields, type SavedProof } from '../login-proof.js';
import type { TokenState } from './TokenPanel.js';

/** A result and the login fields it was obtained with. */
interface Proven<T> {
  value: T;
  for: LoginFields;
}

const issuedText = (t: Pick<AuthoriseResult, 'issuedAt' | 'tokenUrl' | 'audience' | 'elapsedMs'>) =>
  `Issued ${new Date(t.issuedAt).toLocaleTimeString()} by ${t.tokenUrl} · audience ${t.audience} · ${t.elapsedMs} ms`;

/** `savedProof`: what the Save that opened this form had just proven; shown only where main kept it. */
export function useSessionProof(
  connection: ConnectionView | undefined,
  savedProof: SavedProof | undefined,
  initialLogin: LoginFields,
  login: LoginFields,
  secretsReadable: boolean,
) {
  const [token, setToken] = useState<Proven<AuthoriseResult>>();
  const [test, setTest] = useState<Proven<TestConnectionResult> | undefined>(() =>
    savedProof?.test && connection?.lastTest?.ok ? { value: savedProof.test, for: initialLogin } : undefined,
  );
  /** The last Authorise/Test failed for these fields: no token is current for them. */
  const [failed, setFailed] = useState<Proven<{ action: string; missing?: string[] | undefined }>>();
  /** The fields Salesforce last accepted (the checklist's ticks). */
  const [proven, setProven] = useState<LoginFields | undefined>(() => {
    const latest = [connection?.lastAuthorise, connection?.lastTest]
      .filter((r) => r !== undefined)
      .sort((a, b) => (a.at < b.at ? 1 : -1))[0];
    return latest?.ok === true ? initialLogin : undefined;
  });

  const same = (a: LoginFields | undefined) => a !== undefined && changedLoginFields(a, login).length === 0;
  const loginAsSaved = connection !== undefined && same(initialLogin);
  const savedTokenCurrent =
    loginAsSaved && connection.secrets.accessToken === 'saved' && secretsReadable && !(failed && same(failed.for));

  const tokenState: TokenState =
    token && same(token.for)
      ? {
          kind: 'current',
          issued: issuedText(token.value),
          length: token.value.accessToken.length,
          tokenId: token.value.issuedAt,
        }
      : failed && same(failed.for)
        ? {
            kind: 'failed',
            action: failed.value.action,
            ...(failed.value.missing && { missing: failed.value.missing }),
          }
        : savedTokenCurrent
          ? {
              kind: 'current',
              issued: savedProof?.issued
                ? issuedText(savedProof.issued)
                : 'The token saved with this connection (encrypted); Reveal, Copy and Copy as fetch it.',
              tokenId: 'saved',
            }
          : token
            ? { kind: 'stale', changed: changedLoginFields(token.for, login) }
            : connection?.secrets.accessToken === 'saved' && !loginAsSaved
              ? { kind: 'stale', changed: changedLoginFields(initialLogin, login) }
              : { kind: 'none' };

  /** The current token with its URLs: this form's own, or the saved one fetched from main now. */
  async function currentToken(): Promise<TokenFacts | undefined> {
    if (token && same(token.for))
      return { accessToken: token.value.accessToken, instanceUrl: token.value.instanceUrl, id: token.value.id };
    if (!savedTokenCurrent) return undefined;
    // revealToken also answers the (non-secret) instance and identity URLs; the contract's type lists only the token.
    const saved = (await call('revealToken', { id: connection.id })) as {
      accessToken: string;
      instanceUrl?: string;
      id?: string;
    };
    const instanceUrl = saved.instanceUrl ?? savedProof?.issued?.instanceUrl ?? test?.value.instanceUrl;
    const id = saved.id ?? savedProof?.issued?.id;
    if (!instanceUrl || !id)
      throw new ApiError({
        code: 'NOT_FOUND',
        message: 'Where this saved token works is not known here.',
        hint: 'Press Authorise, then copy again.',
      });
    return { accessToken: saved.accessToken, instanceUrl, id };
  }

  return {
    loginAsSaved,
    tokenState,
    currentToken,
    /** The test result for the fields on screen, or the fields changed since an older one ran. */
    test: test && same(test.for) ? test.value : undefined,
    staleTest: test && !same(test.for) ? changedLoginFields(test.for, login) : undefined,
    accepted: same(proven),
    succeeded(
      result:
        { authorise: AuthoriseResult } | { test: TestConnectionResult & { newToken?: AuthoriseResult | undefined } },
      ranFor: LoginFields,
    ) {
      if ('authorise' in result) {
        setToken({ value: result.authorise, for: ranFor });
        setTest(undefined);
      } else {
        setTest({ value: result.test, for: ranFor });
        // A test that had to log in brought a token for these fields: it is the current one now.
        if (result.test.newToken) setToken({ value: result.test.newToken, for: ranFor });
      }
      setFailed(undefined);
      setProven(ranFor);
    },
    /** Nothing obtained earlier stays looking current after a failure: the user would trust a stale token. */
    /** `missing`: nothing was sent, these details were missing. */
    failed(action: string, ranFor: LoginFields, missing?: string[]) {
      setToken(undefined);
      setTest(undefined);
      setFailed({ value: { action, missing }, for: ranFor });
      setProven(undefined);
    },
    /** What Save hands to the form that reopens on the saved connection, so what was proven stays shown. */
    forSave(): SavedProof {
      const t = token && same(token.for) ? token.value : undefined;
      return {
        ...(t && {
          issued: {
            issuedAt: t.issuedAt,
            tokenUrl: t.tokenUrl,
            audience: t.audience,
            elapsedMs: t.elapsedMs,
            instanceUrl: t.instanceUrl,
            id: t.id,
          },
        }),
        ...(test && same(test.for) && { test: test.value }),
      };
    },
  };
}
