// The form's buttons (Authorise and Test Connection on the left, Save and Cancel on the right) and,
// right under them, what the last press came to: the user reads the answer where they clicked.
import type { Ref } from 'react';
import { andList } from '../../shared/login-requirements.js';
import { LongHint } from './LongHint.js';
import { FIELD_LABELS, nothingSent } from '../form-state.js';
import type { Press } from '../connection-form-reducer.js';
import type { Outcome } from '../connection-form-view.js';
import { CopyDiagnostics } from './CopyDiagnostics.js';

interface Props {
  busy: Press | null;
  outcome: Outcome | undefined;
  outcomeRef: Ref<HTMLDivElement>;
  /** The form's checklist step this failure points at, if any. */
  checklistStep: boolean;
  onAuthorise: () => void;
  onTest: () => void;
  onCancel: () => void;
}

function Failure({
  outcome,
  checklistStep,
}: {
  outcome: Extract<Outcome, { kind: 'failed' }>;
  checklistStep: boolean;
}) {
  const missing = nothingSent(outcome.error);
  if (missing) {
    return (
      <>
        <strong>Nothing was sent:</strong> {andList(missing)} {missing.length === 1 ? 'is' : 'are'} missing.
        <div className="hint">
          Fill in the highlighted field{missing.length === 1 ? '' : 's'}, then {outcome.action} again.
        </div>
      </>
    );
  }
  return (
    <>
      <strong>{outcome.action} failed:</strong> {outcome.error.message}
      {outcome.error.hint && <LongHint hint={outcome.error.hint} />}
      <CopyDiagnostics error={outcome.error} action={outcome.action} />
      {(outcome.field !== 'form' || checklistStep) && (
        <div className="see">
          See {outcome.field !== 'form' && <a href={`#${outcome.field}`}>{FIELD_LABELS[outcome.field]}</a>}
          {outcome.field !== 'form' && checklistStep && ' and '}
          {checklistStep && (
            <>
              the highlighted step of the <a href="#checklist-title">setup checklist</a>
            </>
          )}
          .
        </div>
      )}
    </>
  );
}

export function FormActions({ busy, outcome, outcomeRef, checklistStep, onAuthorise, onTest, onCancel }: Props) {
  // aria-disabled, not disabled, while a press runs: a disabled button drops focus to <body>.
  const guard = (run: () => void) => () => {
    if (busy === null) run();
  };
  return (
    <div className="actions-area">
      <div className="actions" aria-busy={busy !== null}>
        <button type="button" aria-disabled={busy !== null} onClick={guard(onAuthorise)}>
          {busy === 'authorise' ? 'Authorising…' : 'Authorise'}
        </button>
        <button type="button" aria-disabled={busy !== null} onClick={guard(onTest)}>
          {busy === 'test' ? 'Testing…' : 'Test Connection'}
        </button>
        <span className="spacer" />
        <button type="submit" className="primary" aria-disabled={busy !== null}>
          {busy === 'save' ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy === 'save'}>
          Cancel
        </button>
      </div>
      {/* Always in the page, so screen readers announce each new answer in it. */}
      <div className="run-outcome-live" aria-live="polite">
        {outcome && (
          <div
            ref={outcomeRef}
            tabIndex={-1}
            className={`run-outcome ${outcome.kind === 'failed' ? 'error' : 'ok'}`}
            role={outcome.kind === 'failed' ? 'alert' : 'status'}
          >
            {outcome.kind === 'failed' ? (
              <Failure outcome={outcome} checklistStep={checklistStep} />
            ) : (
              <>✓ {outcome.text}</>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
