// The form's certificate actions for a saved connection: Renew certificate…, Rotate key…, New sandbox
// connection…; what the last login said about a rotation or a changed org; and, after the first login
// with a rotated key, the question whether to remove the previous key.
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { ConnectionView } from '../../shared/connection.js';
import { isSandboxTarget, type LifecycleNotes } from '../../shared/lifecycle.js';
import { RenewCertificateDialog } from './RenewCertificateDialog.js';
import { RotateKeyDialog } from './RotateKeyDialog.js';
import { SandboxConnectionDialog } from './SandboxConnectionDialog.js';

type Open = 'renew' | 'rotate' | 'sandbox' | null;

export function CertificateLifecycle({
  connection,
  unsaved,
  notes,
  onChanged,
  onCreated,
}: {
  connection: ConnectionView | undefined;
  /** The form has unsaved changes: these act on the saved connection, so they wait for Save. */
  unsaved: boolean;
  /** What the last Authorise / Test said (a rotation's fallback or first success, a changed org). */
  notes: LifecycleNotes | undefined;
  onChanged: (view: ConnectionView) => void;
  onCreated: (view: ConnectionView) => void;
}) {
  const [open, setOpen] = useState<Open>(null);
  // The first login with the new key: ask at once whether the previous key may go.
  useEffect(() => {
    if (notes?.rotation === 'newKeyProven') setOpen('rotate');
  }, [notes]);
  if (!connection || connection.secrets.keyMaterial !== 'saved' || connection.secretsProblem) return null;
  const why = unsaved ? 'Save or cancel your changes first' : undefined;
  const rotation = connection.rotation;
  return (
    <div className="field lifecycle">
      <span />
      <div>
        <div className="lifecycle-actions">
          <button type="button" className="link" disabled={unsaved} title={why} onClick={() => setOpen('renew')}>
            Renew certificate…
          </button>
          <button type="button" className="link" disabled={unsaved} title={why} onClick={() => setOpen('rotate')}>
            Rotate key…
          </button>
          {!isSandboxTarget(connection) && !connection.isSandbox && (
            <button type="button" className="link" disabled={unsaved} title={why} onClick={() => setOpen('sandbox')}>
              New sandbox connection…
            </button>
          )}
        </div>
        {rotation && (
          <div className="token-note warn" role="status">
            {rotation.newKeyProvenAt
              ? 'Key rotation: the new key works. The previous key is still kept (Rotate key… removes it).'
              : 'Key rotation under way: upload the new certificate to the app in Salesforce. Until then logins fall back to the previous key.'}
          </div>
        )}
        {notes?.notices?.map((n) => (
          <div key={n} className="token-note warn" role="status">
            {n}
          </div>
        ))}
      </div>
      {/* Outside the connection form's <form> in the page: a form inside a form submits the outer one. */}
      {open &&
        createPortal(
          <>
            {open === 'renew' && (
              <RenewCertificateDialog connection={connection} onDone={onChanged} onClose={() => setOpen(null)} />
            )}
            {open === 'rotate' && (
              <RotateKeyDialog connection={connection} onDone={onChanged} onClose={() => setOpen(null)} />
            )}
            {open === 'sandbox' && (
              <SandboxConnectionDialog connection={connection} onCreated={onCreated} onClose={() => setOpen(null)} />
            )}
          </>,
          document.body,
        )}
    </div>
  );
}
