// The messages at the top of the form: a failed action (pointing at its field), a notice, and the
// state of the saved secrets.
import type { ConnectionView } from '../../shared/connection.js';
import { FIELD_LABELS, type FieldName } from '../form-state.js';
import type { RunError } from '../connection-form-reducer.js';
import { CopyDiagnostics } from './CopyDiagnostics.js';

export type SecretsProblem = NonNullable<ConnectionView['secretsProblem']>;

interface Props {
  runError: RunError | undefined;
  notice: string | undefined;
  connection: ConnectionView | undefined;
  secretsProblem: SecretsProblem | undefined;
  jks: boolean;
  /** The setup checklist highlights a step this failure points at. */
  checklistStep: boolean;
}

export function FormBanners({ runError, notice, connection, secretsProblem, jks, checklistStep }: Props) {
  return (
    <>
      {runError && runError.field === 'form' && (
        <div className="banner error" role="alert">
          <strong>{runError.action} failed.</strong> {runError.error.message}
          {runError.error.hint && (
            <div className="hint">
              {runError.error.hint}
              <CopyDiagnostics error={runError.error} action={runError.action} />
            </div>
          )}
        </div>
      )}
      {runError && runError.field !== 'form' && (
        <div className="banner error" role="alert">
          <strong>{runError.action} failed.</strong> See{' '}
          <a href={`#${runError.field}`}>{FIELD_LABELS[runError.field]}</a> below
          {checklistStep && (
            <>
              {' '}
              and the highlighted step of the <a href="#checklist-title">Salesforce setup</a> checklist
            </>
          )}
          .
        </div>
      )}
      {notice && (
        <div className="banner info" role="status">
          {notice}
        </div>
      )}
      {connection?.fieldProblems && (
        <div className="banner warn" role="status">
          <strong>Some saved values hold control or text-direction characters</strong>, which can rewrite what a
          terminal shows or runs. They are shown escaped below (for example \x1b): correct{' '}
          {connection.fieldProblems.map((p) => FIELD_LABELS[p.field as FieldName] ?? p.field).join(', ')} and Save.
        </div>
      )}
      {secretsProblem && (
        // Say what cannot be read, and that entering it again repairs the connection (the old secrets are not needed).
        <div className="banner warn secrets-problem" role="alert">
          <strong>The saved secrets of this connection cannot be read</strong> (key file, passwords and token):{' '}
          {secretsProblem.message}
          <div className="hint">
            {secretsProblem.hint ||
              `Enter the ${jks ? 'Key Store Password' : 'Passphrase (if the key has one)'} and pick the key file again, then Save: that replaces them.`}
          </div>
        </div>
      )}
      {connection && !connection.secretsPersisted && (
        <div className="banner warn">Secrets of this connection are kept for this session only.</div>
      )}
    </>
  );
}
