import { useState } from 'react';
import type { ApiOutputs } from '../../shared/api.js';
import type { ErrorInfo } from '../../shared/errors.js';
import { call, errorInfo } from '../api-client.js';
import { Modal } from './Modal.js';
import { ENV } from '../../shared/env-vars.js';

/** The whole vault status as the service now sees it (it replaces the old one: a warning may be gone). */
type Status = ApiOutputs['vaultStatus'];

/**
 * The secrets password, where the vault offers one: "Unlock saved secrets" while locked; "Set a
 * secrets password before saving" where nothing else may seal (the browser mode in the app's folder);
 * "Protect saved secrets with a password" where the OS keychain is missing or weak; a quiet link otherwise
 * (for those who want the terminal to use these connections); Change once set.
 */
export function SecretsPasswordPanel({
  status,
  onStatus,
}: {
  status: Status | undefined;
  onStatus: (next: Status) => void;
}) {
  const [dialog, setDialog] = useState<'set' | 'change'>();
  const state = status?.secretsPassword;
  if (!state) return null;
  const done = (next: Status) => {
    setDialog(undefined);
    onStatus(next);
  };
  return (
    <>
      {state === 'locked' && <UnlockBanner onUnlocked={onStatus} />}
      {state === 'none' && status.passwordFirst && (
        <div className="banner warn" role="region" aria-label="Secrets password">
          <strong>Set a secrets password before saving passwords or keys.</strong> This browser page works on the
          desktop app&apos;s own data folder, and seals secrets there only with a password you choose, so that the app
          and the jwt-connect command line can open them later. Connections without a key or password can be saved as
          they are.
          <button type="button" className="inline" onClick={() => setDialog('set')}>
            Set a secrets password…
          </button>
        </div>
      )}
      {state === 'none' && status.passwordOffered && !status.passwordFirst && (
        <div className="banner info" role="region" aria-label="Secrets password">
          <strong>Protect saved secrets with a password.</strong> Without a usable OS keyring, a password you choose
          keeps passwords and keys saved, encrypted, across restarts, and lets the jwt-connect command line use these
          connections.
          <button type="button" className="inline" onClick={() => setDialog('set')}>
            Set a secrets password…
          </button>
        </div>
      )}
      {state === 'none' && !status.passwordOffered && (
        <div className="secrets-password-bar" style={{ margin: '6px 20px 0', textAlign: 'right', fontSize: 12 }}>
          <button type="button" className="link" onClick={() => setDialog('set')}>
            Use a secrets password (for the command line)…
          </button>
        </div>
      )}
      {state === 'unlocked' && (
        <div
          className="secrets-password-bar"
          style={{ margin: '6px 20px 0', textAlign: 'right', fontSize: 12 }}
          role="status"
        >
          Saved secrets are protected by your secrets password.{' '}
          <button type="button" className="link" onClick={() => setDialog('change')}>
            Change…
          </button>
        </div>
      )}
      {dialog && <PasswordDialog mode={dialog} onClose={() => setDialog(undefined)} onDone={done} />}
    </>
  );
}

function UnlockBanner({ onUnlocked }: { onUnlocked: (next: Status) => void }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo>();
  async function unlock() {
    setBusy(true);
    setError(undefined);
    try {
      const next = await call('unlockSecrets', { password });
      setPassword('');
      onUnlocked(next);
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="banner warn" role="region" aria-label="Unlock saved secrets">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void unlock();
        }}
        style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}
      >
        <span>
          <strong>Unlock saved secrets.</strong> Passwords and keys are sealed with your secrets password; until you
          enter it, connections are listed but cannot log in.
        </span>
        <input
          type="password"
          aria-label="Secrets password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          autoFocus
          style={{ width: 240 }}
        />
        <button type="submit" className="primary" disabled={busy || password === ''}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
      {error && (
        <div className="error-text" role="alert" style={{ marginTop: 8 }}>
          {error.message}
          {error.hint && <div className="hint">{error.hint}</div>}
        </div>
      )}
    </div>
  );
}

function PasswordDialog({
  mode,
  onClose,
  onDone,
}: {
  mode: 'set' | 'change';
  onClose: () => void;
  onDone: (next: Status) => void;
}) {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo>();

  async function save() {
    setError(undefined);
    if (password.length < 8)
      return setError({
        code: 'BAD_INPUT',
        message: 'The secrets password must be at least 8 characters.',
        hint: 'A few unrelated words make a long password that is easy to remember.',
      });
    if (password !== repeat)
      return setError({
        code: 'BAD_INPUT',
        message: 'The two new passwords differ.',
        hint: 'Type the same password in both fields.',
      });
    setBusy(true);
    try {
      onDone(await call('setSecretsPassword', { password, ...(mode === 'change' && { currentPassword: current }) }));
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={mode === 'set' ? 'Set a secrets password' : 'Change the secrets password'} onClose={onClose} wide>
      <p>
        {mode === 'set'
          ? `Every saved password and key is sealed with it; you enter it once each time jwt-connect starts, and the command line reads it from ${ENV.secretsPassword.name} or asks for it.`
          : 'Every saved password and key is sealed again with the new password, all at once; the old one stops working.'}{' '}
        It is never stored: if it is forgotten, the saved secrets cannot be recovered (the connections stay; enter their
        passwords and keys again).
      </p>
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {mode === 'change' && (
          <>
            <label htmlFor="sp-current">Current password</label>
            <input
              id="sp-current"
              type="password"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
              autoComplete="current-password"
              autoFocus
            />
          </>
        )}
        <label htmlFor="sp-new">{mode === 'change' ? 'New password' : 'Password'}</label>
        <input
          id="sp-new"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          placeholder="at least 8 characters"
          autoFocus={mode === 'set'}
        />
        <label htmlFor="sp-repeat">Repeat password</label>
        <input
          id="sp-repeat"
          type="password"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          autoComplete="new-password"
        />
        {error && (
          <div className="error-text span" role="alert">
            {error.message}
            {error.hint && <div className="hint">{error.hint}</div>}
          </div>
        )}
        <div className="buttons span">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Sealing secrets…' : mode === 'set' ? 'Set password' : 'Change password'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
