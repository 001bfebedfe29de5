import { useEffect, useState } from 'react';
import { escapeField } from '../../shared/safe-text.js';
import type { ImportSummary } from '../../shared/connection.js';
import type { ErrorInfo } from '../../shared/errors.js';
import { call, errorInfo } from '../api-client.js';
import { downloadFile } from '../download.js';
import { Modal } from './Modal.js';

export function ExportDialog({
  ids,
  onClose,
  onDone,
}: {
  ids: string[];
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const count = ids.length;
  // none: definitions only; signed: definitions signed with a passphrase (edits refused on import);
  // secrets: everything, the secrets encrypted and the whole file signed by the passphrase.
  const [mode, setMode] = useState<'none' | 'signed' | 'secrets'>('none');
  const withSecrets = mode === 'secrets';
  const withPassphrase = mode !== 'none';
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<ErrorInfo>();

  async function run() {
    setError(undefined);
    if (withPassphrase && passphrase !== confirm) {
      setError({ code: 'BAD_INPUT', message: 'The two passphrases differ.' });
      return;
    }
    try {
      const result = await call('exportConnections', {
        ids,
        includeSecrets: withSecrets,
        ...(withPassphrase && { passphrase }),
      });
      downloadFile(result.fileName, { text: result.text }, 'application/json');
      onDone(
        `Exported ${result.count} connection${result.count === 1 ? '' : 's'} to ${result.fileName}${withSecrets ? ', secrets encrypted' : mode === 'signed' ? ', signed, without secrets' : ', without secrets'}.`,
      );
      onClose();
    } catch (e) {
      setError(errorInfo(e));
    }
  }

  return (
    <Modal title="Export connections" onClose={onClose} wide>
      <p>
        {count} connection{count === 1 ? '' : 's'}: those in the list as it is shown now.
      </p>
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <fieldset className="radios span">
          <legend className="visually-hidden">What to export</legend>
          <label className="check">
            <input type="radio" name="what" checked={mode === 'none'} onChange={() => setMode('none')} /> Definitions
            only, no secrets (not protected against edits)
          </label>
          <label className="check">
            <input type="radio" name="what" checked={mode === 'signed'} onChange={() => setMode('signed')} />{' '}
            Definitions only, signed with a passphrase (an edited file is refused on import)
          </label>
          <label className="check">
            <input type="radio" name="what" checked={withSecrets} onChange={() => setMode('secrets')} /> Everything,
            with passwords and keys encrypted by a passphrase
          </label>
        </fieldset>
        {withPassphrase && (
          <>
            <label htmlFor="ex-pass">Passphrase</label>
            <input
              id="ex-pass"
              type="password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
              autoComplete="new-password"
              placeholder="at least 8 characters"
            />
            <label htmlFor="ex-confirm">Repeat passphrase</label>
            <input
              id="ex-confirm"
              type="password"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
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
          <button type="submit" className="primary">
            Export
          </button>
        </div>
      </form>
    </Modal>
  );
}

/**
 * While an import runs: how far it got, polled from main's importProgress (a batched import keeps
 * main answering). Before the first figure arrives the bar is indeterminate.
 */
export function ImportProgress() {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const p = await call('importProgress', {});
        if (!stopped) setProgress(p ?? null);
      } catch {
        /* a failed poll only delays the next figure */
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), 250);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return (
    <div className="banner info import-progress" role="status">
      {progress && progress.total > 0 ? (
        <>
          Importing… {progress.done.toLocaleString('en')} of {progress.total.toLocaleString('en')} connections
        </>
      ) : (
        <>Importing connections…</>
      )}
      <progress
        aria-label="Import progress"
        max={progress?.total || undefined}
        value={progress && progress.total > 0 ? progress.done : undefined}
      />
    </div>
  );
}

/** `reason`: main's words for why the passphrase is asked (secrets to open, or a signature to check). */
type ImportStage =
  | { kind: 'passphrase'; text: string; reason?: string; signedOnly?: boolean; error?: ErrorInfo }
  | { kind: 'summary'; summary: ImportSummary };

/** Import: asks for the passphrase only when the file holds secrets, then says what came in and what was renamed. */
export function ImportDialog({
  stage,
  onClose,
  onImported,
}: {
  stage: ImportStage;
  onClose: () => void;
  onImported: (summary: ImportSummary) => void;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<ErrorInfo | undefined>(stage.kind === 'passphrase' ? stage.error : undefined);
  const [running, setRunning] = useState(false);

  if (stage.kind === 'summary') {
    const { summary } = stage;
    const renamed = summary.imported.filter((c) => c.renamedFrom);
    return (
      <Modal title="Import finished" onClose={onClose}>
        <p>
          Imported {summary.imported.length} connection{summary.imported.length === 1 ? '' : 's'}
          {summary.withSecrets ? ' with their secrets' : ' without secrets (enter passwords and keys before use)'}.
        </p>
        {summary.warnings?.map((w) => (
          <div key={w} className="banner warn import-warning" role="alert">
            ⚠ {w}
          </div>
        ))}
        {renamed.length > 0 && (
          <>
            <p>These names were taken, so the imported ones were renamed; nothing was overwritten:</p>
            <ul className="renames">
              {renamed.map((c) => (
                <li key={c.id}>
                  {escapeField(c.renamedFrom ?? '')} → <strong>{escapeField(c.name)}</strong>
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="buttons">
          <button type="button" className="primary" autoFocus onClick={onClose}>
            OK
          </button>
        </div>
      </Modal>
    );
  }

  async function run(skipSecrets: boolean) {
    if (stage.kind !== 'passphrase') return;
    setError(undefined);
    setRunning(true);
    try {
      onImported(
        await call('importConnections', {
          text: stage.text,
          ...(skipSecrets
            ? { skipSecrets: true, ...(passphrase ? { passphrase } : { unchecked: true }) }
            : { passphrase }),
        }),
      );
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setRunning(false);
    }
  }

  return (
    <Modal title="Import connections" onClose={onClose}>
      <p>{stage.reason ?? 'This file holds passwords and keys encrypted with a passphrase.'}</p>
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(false);
        }}
      >
        <label htmlFor="im-pass">Passphrase</label>
        <input
          id="im-pass"
          type="password"
          autoFocus
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
        />
        {error && (
          <div className="error-text span" role="alert">
            {error.message}
            {error.hint && <div className="hint">{error.hint}</div>}
          </div>
        )}
        {running && (
          <div className="span">
            <ImportProgress />
          </div>
        )}
        <div className="buttons span">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" disabled={running} onClick={() => void run(true)}>
            {stage.signedOnly ? 'Import without checking' : 'Import without secrets'}
          </button>
          <button type="submit" className="primary" disabled={running}>
            Import
          </button>
        </div>
      </form>
    </Modal>
  );
}

export type { ImportStage };
