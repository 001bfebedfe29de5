// "New sandbox connection…": a sandbox of this production connection with the same key; the My Domain
// and username proposed from the sandbox name, the Consumer Key left to fill in (its app is its own).
import { escapeField } from '../../shared/safe-text.js';
import { useState } from 'react';
import type { ConnectionView } from '../../shared/connection.js';
import type { ErrorInfo } from '../../shared/errors.js';
import { proposeSandbox } from '../../shared/lifecycle.js';
import { call, errorInfo } from '../api-client.js';
import { Modal } from './Modal.js';

export function SandboxConnectionDialog({
  connection,
  onCreated,
  onClose,
}: {
  connection: ConnectionView;
  onCreated: (view: ConnectionView) => void;
  onClose: () => void;
}) {
  const [sandboxName, setSandboxName] = useState('');
  const [edited, setEdited] = useState<{ myDomainUrl?: string; username?: string }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo>();
  const proposed = proposeSandbox(connection, sandboxName);
  const myDomainUrl = edited.myDomainUrl ?? proposed.myDomainUrl ?? '';
  const username = edited.username ?? proposed.username ?? '';

  async function create() {
    setError(undefined);
    setBusy(true);
    try {
      onCreated(await call('createSandboxConnection', { id: connection.id, sandboxName, myDomainUrl, username }));
      onClose();
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="New sandbox connection" onClose={onClose} wide>
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          e.stopPropagation();
          void create();
        }}
      >
        <p className="help span">
          A connection to a sandbox of "{escapeField(connection.name)}", with the same key. A sandbox has its own
          External Client App (deploy the setup files there), so its Consumer Key is left for you to fill in.
        </p>
        <label htmlFor="sbx-name">Sandbox name</label>
        <input
          id="sbx-name"
          value={sandboxName}
          onChange={(e) => setSandboxName(e.target.value)}
          placeholder="e.g. uat"
          autoFocus
          required
        />
        <label htmlFor="sbx-url">My Domain URL</label>
        <input
          id="sbx-url"
          className="mono"
          value={myDomainUrl}
          onChange={(e) => setEdited((x) => ({ ...x, myDomainUrl: e.target.value }))}
          placeholder="https://NAME--SANDBOX.sandbox.my.salesforce.com (empty: test.salesforce.com)"
        />
        <label htmlFor="sbx-user">Username</label>
        <input
          id="sbx-user"
          value={username}
          onChange={(e) => setEdited((x) => ({ ...x, username: e.target.value }))}
        />
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
          <button type="submit" className="primary" disabled={busy || !sandboxName.trim()}>
            {busy ? 'Creating…' : 'Create sandbox connection'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
