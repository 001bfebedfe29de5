// The "Salesforce setup" checklist beside the form: what to set up in Salesforce, by track (External
// Client App, the way since Spring '26, or an existing Connected App), in Salesforce's own labels.
// Steps the form can tell are ticked; the steps the last failure points at are highlighted. The
// steps themselves are data in shared/salesforce-setup.ts, which the CLI reads too.
import type { ReactNode } from 'react';
import type { ErrorCode } from '../../shared/errors.js';
import type { Environment } from '../../shared/salesforce.js';
import {
  CONNECTED_APP_NOTE,
  SETUP_STEPS,
  SETUP_TRACK_LABELS,
  SETUP_TRACKS,
  stepsForError,
  stepTicked,
  textParts,
  type SetupFacts,
  type SetupStep,
  type SetupTrack,
} from '../../shared/salesforce-setup.js';

interface Props {
  track: SetupTrack;
  onTrackChange: (track: SetupTrack) => void;
  facts: SetupFacts;
  username: string;
  certificateSubject: string | undefined;
  errorCode: ErrorCode | undefined;
  /** Where the failed login went: "not installed" means another step at the My Domain than at login/test. */
  errorEnvironment: Environment;
  authorised: boolean;
  onDownloadCertificate: () => void;
  /** "Salesforce setup files…": the External Client App as a project to deploy. */
  onSetupFiles: () => void;
}

function Text({ text }: { text: string }) {
  return (
    <>
      {textParts(text).map((p, i) =>
        p.kind === 'label' ? <em key={i}>{p.text}</em> : p.kind === 'code' ? <code key={i}>{p.text}</code> : p.text,
      )}
    </>
  );
}

/** What only the window adds to a step: the certificate to download, the user to add. */
function extra(step: SetupStep, p: Props): ReactNode {
  if (step.id === 'certificate') {
    return p.certificateSubject ? (
      <>
        {' '}
        This key's certificate: {p.certificateSubject}.{' '}
        <button type="button" className="inline" onClick={p.onDownloadCertificate}>
          Download certificate
        </button>
        <button type="button" className="inline" onClick={p.onSetupFiles}>
          Salesforce setup files…
        </button>
      </>
    ) : (
      <>
        {' '}
        No certificate yet? Use <em>Create key and certificate</em>.
      </>
    );
  }
  if ((step.id === 'assign' || step.id === 'access') && p.username.trim())
    return (
      <>
        {' '}
        The user here: <strong>{p.username.trim()}</strong>.
      </>
    );
  return null;
}

export function SetupChecklist(p: Props) {
  const flagged = new Set(stepsForError(p.track, p.errorCode, p.errorEnvironment));
  return (
    <aside className="checklist" aria-labelledby="checklist-title">
      <h3 id="checklist-title">Salesforce setup</h3>
      <div className="track-choice" role="radiogroup" aria-label="Kind of app in Salesforce">
        {SETUP_TRACKS.map((t) => (
          <label key={t} className={t === p.track ? 'chosen' : undefined}>
            <input
              type="radio"
              name="setup-track"
              value={t}
              checked={t === p.track}
              onChange={() => p.onTrackChange(t)}
            />
            {SETUP_TRACK_LABELS[t]}
          </label>
        ))}
      </div>
      {p.track === 'connectedApp' && (
        <p className="track-note" role="note">
          {CONNECTED_APP_NOTE}
        </p>
      )}
      {p.authorised && <p className="all-set">✓ Salesforce accepted this connection.</p>}
      <ol>
        {SETUP_STEPS[p.track].map((s) => {
          const state = flagged.has(s.id) ? 'flagged' : p.authorised || stepTicked(s, p.facts) ? 'done' : 'todo';
          return (
            <li
              key={s.id}
              className={`step ${state}`}
              data-step={s.id}
              aria-current={state === 'flagged' ? 'step' : undefined}
            >
              <span className="mark" aria-hidden="true">
                {state === 'flagged' ? '!' : state === 'done' ? '✓' : ''}
              </span>
              <div>
                <div className="step-title">
                  {s.title}
                  {state === 'flagged' && <span className="flag"> — check this: the last attempt failed here</span>}
                </div>
                <div className="step-body">
                  <Text text={s.text} />
                  {extra(s, p)}
                </div>
              </div>
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
