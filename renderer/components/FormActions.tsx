// The form's buttons: Authorise and Test Connection on the left, Save and Cancel on the right.
export type Busy = 'authorise' | 'test' | 'save' | null;

export function FormActions({ busy, onAuthorise, onTest, onCancel }: { busy: Busy; onAuthorise: () => void; onTest: () => void; onCancel: () => void }) {
  return (
    <div className="actions" aria-busy={busy !== null}>
      <button type="button" onClick={onAuthorise} disabled={busy !== null}>{busy === 'authorise' ? 'Authorising…' : 'Authorise'}</button>
      <button type="button" onClick={onTest} disabled={busy !== null}>{busy === 'test' ? 'Testing…' : 'Test Connection'}</button>
      <span className="spacer" />
      <button type="submit" className="primary" disabled={busy !== null}>{busy === 'save' ? 'Saving…' : 'Save'}</button>
      <button type="button" onClick={onCancel} disabled={busy === 'save'}>Cancel</button>
    </div>
  );
}
