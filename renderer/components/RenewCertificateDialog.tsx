// "Renew certificate…": a new self-signed certificate for the connection's own key. Logins go on
// whatever Salesforce holds (the signature is checked against the same key); a CA-signed certificate
// is renewed by its CA, so a CSR for the same key is offered instead.
import { useState } from 'react';
import type { CertificateChange } from '../../shared/api.js';
import type { ConnectionView } from '../../shared/connection.js';
import type { ErrorInfo } from '../../shared/errors.js';
import { DEFAULT_CERTIFICATE_DAYS } from '../../shared/lifecycle.js';
import { call, errorInfo } from '../api-client.js';
import { downloadFile } from '../download.js';
import { Modal } from './Modal.js';

export function downloadChange(change: CertificateChange, withKeystore: boolean): string[] {
  const files = change.files.filter((f) => f.kind === 'certificate' || withKeystore);
  for (const f of files)
    downloadFile(
      f.fileName,
      { base64: f.base64 },
      f.kind === 'certificate' ? 'application/x-x509-ca-cert' : 'application/octet-stream',
    );
  return files.map((f) => f.fileName);
}

export function RenewCertificateDialog({
  connection,
  onDone,
  onClose,
}: {
  connection: ConnectionView;
  onDone: (view: ConnectionView) => void;
  onClose: () => void;
}) {
  const keystore = connection.encryption === 'jks';
  const [days, setDays] = useState(String(DEFAULT_CERTIFICATE_DAYS));
  const [withKeystore, setWithKeystore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo>();
  const [done, setDone] = useState<{ change: CertificateChange; saved: string[] }>();

  async function renew() {
    setError(undefined);
    setBusy(true);
    try {
      const change = await call('renewCertificate', { id: connection.id, days: Number(days) });
      setDone({ change, saved: downloadChange(change, withKeystore) });
      onDone(change.connection);
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  }

  async function csr() {
    try {
      const request = await call('certificateRequest', { id: connection.id });
      downloadFile(request.fileName, { text: request.pem }, 'application/pkcs10');
    } catch (e) {
      setError(errorInfo(e));
    }
  }

  const subject = connection.keyFile?.certificate?.subject;
  return (
    <Modal title="Renew certificate" onClose={onClose} wide>
      {done ? (
        <>
          <p role="status">
            Renewed: the certificate is valid until {done.change.certificate.validTo.slice(0, 10)} (
            {done.change.certificate.daysLeft} days). Saved {done.saved.join(' and ')}.
          </p>
          <p className="help">{done.change.notice}</p>
          <div className="buttons">
            <button type="button" className="primary" autoFocus onClick={onClose}>
              Close
            </button>
          </div>
        </>
      ) : (
        <form
          className="dialog-form"
          onSubmit={(e) => {
            e.preventDefault();
            e.stopPropagation();
            void renew();
          }}
        >
          <p className="help span">
            Issues a new self-signed certificate for the key this connection already has{subject ? ` (${subject})` : ''}
            : the same subject, a new serial number and new dates. Nothing has to change in Salesforce for logins to go
            on; upload the new certificate when convenient.
          </p>
          <label htmlFor="renew-days">Validity (days)</label>
          <input id="renew-days" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
          {keystore && (
            <>
              <span />
              <label className="check">
                <input type="checkbox" checked={withKeystore} onChange={(e) => setWithKeystore(e.target.checked)} />{' '}
                Also save a keystore (.p12) with the same key and the new certificate (same password)
              </label>
            </>
          )}
          {error && (
            <div className="error-text span" role="alert">
              {error.message}
              {error.hint && <div className="hint">{error.hint}</div>}
              {error.code === 'CERTIFICATE_CA_SIGNED' && (
                <div>
                  <button type="button" onClick={() => void csr()}>
                    Download certificate request (CSR)
                  </button>
                </div>
              )}
            </div>
          )}
          <div className="buttons span">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Renewing…' : 'Renew certificate'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
