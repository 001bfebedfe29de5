// "Rotate key…": a new key and certificate, the current key kept as the fallback until Salesforce has
// the new certificate; once a login with the new key worked, the previous key can be removed here.
import { useState } from 'react';
import type { CertificateChange } from '../../shared/api.js';
import type { ConnectionView } from '../../shared/connection.js';
import type { ErrorInfo } from '../../shared/errors.js';
import { DEFAULT_CERTIFICATE_DAYS } from '../../shared/lifecycle.js';
import { call, errorInfo } from '../api-client.js';
import { downloadChange } from './RenewCertificateDialog.js';
import { Modal } from './Modal.js';

const day = (iso: string | undefined) => iso?.slice(0, 10) ?? '';

export function RotateKeyDialog({
  connection,
  onDone,
  onClose,
}: {
  connection: ConnectionView;
  onDone: (view: ConnectionView) => void;
  onClose: () => void;
}) {
  const [bits, setBits] = useState<2048 | 3072 | 4096>(2048);
  const [days, setDays] = useState(String(DEFAULT_CERTIFICATE_DAYS));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo>();
  const [done, setDone] = useState<{ change: CertificateChange; saved: string[] }>();
  const rotation = connection.rotation;

  async function rotate() {
    setError(undefined);
    setBusy(true);
    try {
      const change = await call('rotateKey', { id: connection.id, bits, days: Number(days) });
      setDone({ change, saved: downloadChange(change, connection.encryption === 'jks') });
      onDone(change.connection);
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  }

  async function finish(force: boolean) {
    setError(undefined);
    setBusy(true);
    try {
      onDone(await call('finishRotation', { id: connection.id, force }));
      onClose();
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  }

  const errorBox = error && (
    <div className="error-text span" role="alert">
      {error.message}
      {error.hint && <div className="hint">{error.hint}</div>}
    </div>
  );
  if (done) {
    return (
      <Modal title="Rotate key" onClose={onClose} wide>
        <p role="status">
          A new key was made; its certificate (valid until {day(done.change.certificate.validTo)}) is saved as{' '}
          {done.saved.join(' and ')}.
        </p>
        <p className="help">{done.change.notice}</p>
        <div className="buttons">
          <button type="button" className="primary" autoFocus onClick={onClose}>
            Close
          </button>
        </div>
      </Modal>
    );
  }
  if (rotation) {
    return (
      <Modal title="Rotate key" onClose={onClose} wide>
        {rotation.newKeyProvenAt ? (
          <p>
            The new key logged in on {day(rotation.newKeyProvenAt)}: Salesforce has its certificate. The previous key is
            still kept; remove it now?
          </p>
        ) : (
          <p>
            A rotation started on {day(rotation.startedAt)} is waiting for Salesforce to have the new certificate. Until
            a login with the new key works, logins fall back to the previous key
            {rotation.previousKeyUsedAt ? ` (last needed on ${day(rotation.previousKeyUsedAt)})` : ''}. Upload the new
            certificate (Download certificate in the checklist), then run Test Connection.
          </p>
        )}
        {errorBox}
        <div className="buttons">
          <button type="button" autoFocus onClick={onClose}>
            {rotation.newKeyProvenAt ? 'Keep it for now' : 'Close'}
          </button>
          {rotation.newKeyProvenAt ? (
            <button type="button" className="danger" disabled={busy} onClick={() => void finish(false)}>
              Remove previous key
            </button>
          ) : (
            <button type="button" className="danger" disabled={busy} onClick={() => void finish(true)}>
              Remove previous key anyway
            </button>
          )}
        </div>
      </Modal>
    );
  }
  return (
    <Modal title="Rotate key" onClose={onClose} wide>
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          e.stopPropagation();
          void rotate();
        }}
      >
        <p className="help span">
          Makes a new key and certificate for this connection and keeps the current key as a fallback. Upload the new
          certificate to the app in Salesforce; until then every login tries the new key first and, when Salesforce
          refuses it, the previous key once more. The first login with the new key ends the fallback, and you are asked
          before the previous key is removed.
        </p>
        <label htmlFor="rotate-bits">Key size</label>
        <select id="rotate-bits" value={bits} onChange={(e) => setBits(Number(e.target.value) as 2048 | 3072 | 4096)}>
          <option value={2048}>RSA 2048</option>
          <option value={3072}>RSA 3072</option>
          <option value={4096}>RSA 4096</option>
        </select>
        <label htmlFor="rotate-days">Validity (days)</label>
        <input id="rotate-days" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
        {errorBox}
        <div className="buttons span">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Rotating…' : 'Rotate key'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
