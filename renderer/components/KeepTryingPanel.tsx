// Keep trying: a new or changed Salesforce app answers "not installed" or "client identifier
// invalid" for a few minutes. After such an answer the form offers to try again for up to 10
// minutes; while it does, a countdown, each attempt's answer, and Cancel. The waiting itself runs
// in main (the same loop as the CLI's --wait); this panel starts it, polls it and stops it.
import { useEffect, useState } from 'react';
import type { ErrorInfo } from '../../shared/errors.js';
import {
  clockText,
  KEEP_TRYING_CODES,
  KEEP_TRYING_WINDOW_SECONDS,
  type KeepTryingProgress,
} from '../../shared/keep-trying.js';
import { call } from '../api-client.js';

const POLL_MS = 500;

interface Props {
  /** The last answer of Authorise / Test Connection. */
  error: ErrorInfo | undefined;
  /** Keep trying is under way. */
  running: boolean;
  /** Nothing else runs (Save, a plain Authorise): Keep trying may start. */
  idle: boolean;
  onStart: (seconds: number) => void;
}

const ANSWER_WORDS: Record<string, string> = {
  APP_NOT_INSTALLED: 'not installed in this org (yet)',
  INVALID_CLIENT_ID: 'client identifier invalid (the app is not there yet)',
};

function answerText(a: KeepTryingProgress['attempts'][number]): string {
  if (a.ok) return 'accepted';
  return (a.code && ANSWER_WORDS[a.code]) ?? a.message ?? 'refused';
}

export function KeepTryingPanel({ error, running, idle, onStart }: Props) {
  const [progress, setProgress] = useState<KeepTryingProgress | null>(null);

  useEffect(() => {
    if (!running) return;
    // Answers may come back out of order: a poll started after another one wins.
    let latest = 0;
    const poll = async () => {
      const mine = ++latest;
      try {
        const p = await call('keepTryingProgress', {});
        if (mine === latest && p) setProgress(p);
      } catch {
        /* the next poll tries again */
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      clearInterval(timer);
      void poll(); // the final state, with the last attempt's answer
    };
  }, [running]);

  const offer = !running && idle && error && KEEP_TRYING_CODES.has(error.code);
  const attempts = progress?.attempts ?? [];
  if (!running && !offer && attempts.length === 0) return null;
  const last = attempts.at(-1);
  return (
    <section className="keep-trying" aria-labelledby="keep-trying-title">
      <h4 id="keep-trying-title">Keep trying</h4>
      {offer && (
        <p>
          A new or changed app can take several minutes to start working in Salesforce.{' '}
          <button
            type="button"
            onClick={() => {
              setProgress(null);
              onStart(KEEP_TRYING_WINDOW_SECONDS);
            }}
          >
            Keep trying
          </button>{' '}
          <span className="help">
            Tries again for up to {KEEP_TRYING_WINDOW_SECONDS / 60} minutes while the answer stays the same.
          </span>
        </p>
      )}
      {running && (
        <p className="countdown" role="status" aria-live="off">
          {progress?.nextInMs !== undefined ? (
            <>
              Next attempt in <strong>{clockText(progress.nextInMs)}</strong>
            </>
          ) : (
            <>Trying…</>
          )}
          {' · '}gives up in {clockText(progress?.remainingMs ?? KEEP_TRYING_WINDOW_SECONDS * 1000)}{' '}
          <button type="button" onClick={() => void call('stopKeepTrying', {})}>
            Cancel
          </button>
        </p>
      )}
      {!running && last && (
        <p className="keep-trying-end" role="status">
          {last.ok
            ? `✓ Salesforce accepted attempt ${last.number}, after ${clockText(last.atMs)}.`
            : progress?.cancelled
              ? `Stopped after ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}.`
              : `Stopped after ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}: the last answer is above.`}
        </p>
      )}
      {attempts.length > 0 && (
        <ol className="attempts" aria-label="Attempts">
          {attempts.map((a) => (
            <li key={a.number} className={a.ok ? 'ok' : 'failed'}>
              <span className="at">{clockText(a.atMs)}</span> Attempt {a.number}: {answerText(a)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
