import { useState } from 'react';
import type { CreatedFiles } from '../../shared/api.js';
import type { EncryptionOption } from '../../shared/connection.js';
import type { ErrorInfo } from '../../shared/errors.js';
import { call, errorInfo } from '../api-client.js';
import { downloadFile, whereDownloadsGo } from '../download.js';
import { Modal } from './Modal.js';

export interface CreatedForForm {
  created: CreatedFiles;
  passphrase?: string;
  pkcs12Password?: string;
}

/** "Create key and certificate": the openssl one-liner most users start with, done here. */
export function CreateCertificateDialog({
  encryption,
  suggestedName,
  onCreated,
  onClose,
}: {
  encryption: EncryptionOption;
  suggestedName: string;
  onCreated: (result: CreatedForForm) => void;
  onClose: () => void;
}) {
  const jks = encryption === 'jks';
  const [commonName, setCommonName] = useState(
    suggestedName ? `jwt-connect ${suggestedName}`.slice(0, 64) : 'jwt-connect',
  );
  const [organization, setOrganization] = useState('');
  const [days, setDays] = useState('365');
  const [bits, setBits] = useState<2048 | 4096>(2048);
  const [passphrase, setPassphrase] = useState('');
  const [withPkcs12, setWithPkcs12] = useState(jks);
  const [pkcs12Password, setPkcs12Password] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo>();

  async function create() {
    setError(undefined);
    if (withPkcs12 && pkcs12Password.length < 6) {
      setError({ code: 'BAD_INPUT', message: 'The keystore password must be at least 6 characters.' });
      return;
    }
    setBusy(true);
    try {
      const created = await call('createCertificate', {
        commonName,
        organization: organization || undefined,
        days: Number(days),
        bits,
        passphrase: passphrase || undefined,
        pkcs12Password: withPkcs12 ? pkcs12Password : undefined,
      });
      for (const file of created.files)
        downloadFile(
          file.fileName,
          { base64: file.base64 },
          file.kind === 'certificate' ? 'application/x-x509-ca-cert' : 'application/octet-stream',
        );
      onCreated({ created, ...(passphrase && { passphrase }), ...(withPkcs12 && { pkcs12Password }) });
      onClose();
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="Create key and certificate" onClose={onClose} wide>
      <p className="help">
        Makes a new RSA key and a self-signed certificate, saves them as files (keep the key safe; upload the
        <strong> .crt</strong> to the Connected App), and fills this connection with the key.
      </p>
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label htmlFor="cc-cn">Common Name (CN)</label>
        <input id="cc-cn" value={commonName} onChange={(e) => setCommonName(e.target.value)} required />
        <label htmlFor="cc-o">Organization (O)</label>
        <input
          id="cc-o"
          value={organization}
          onChange={(e) => setOrganization(e.target.value)}
          placeholder="optional"
        />
        <label htmlFor="cc-days">Validity (days)</label>
        <input id="cc-days" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
        <label htmlFor="cc-bits">Key size</label>
        <select id="cc-bits" value={bits} onChange={(e) => setBits(Number(e.target.value) as 2048 | 4096)}>
          <option value={2048}>RSA 2048</option>
          <option value={4096}>RSA 4096</option>
        </select>
        <label htmlFor="cc-pass">Key passphrase</label>
        <input
          id="cc-pass"
          type="password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          placeholder="advised: encrypts the .key file"
          autoComplete="new-password"
          aria-describedby="cc-pass-help"
        />
        <span />
        <span id="cc-pass-help" className="help">
          {passphrase
            ? 'The .key file will be encrypted with it.'
            : `Advised: without one, the .key file saved to ${whereDownloadsGo()} is readable by anyone who gets a copy.`}
        </span>
        <span />
        <label className="check">
          <input
            type="checkbox"
            checked={withPkcs12}
            disabled={jks}
            onChange={(e) => setWithPkcs12(e.target.checked)}
          />{' '}
          Also create a PKCS#12 keystore (.p12){jks ? ' — needed for a Key Store connection' : ''}
        </label>
        {withPkcs12 && (
          <>
            <label htmlFor="cc-p12">Keystore password</label>
            <input
              id="cc-p12"
              type="password"
              value={pkcs12Password}
              onChange={(e) => setPkcs12Password(e.target.value)}
              autoComplete="new-password"
            />
          </>
        )}
        {error && (
          <div className="error-text span" role="alert">
            {error.message}
            {error.hint && <div className="hint">{error.hint}</div>}
          </div>
        )}
        <div className="buttons span">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create and save files'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
