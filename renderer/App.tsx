import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { quoted } from '../shared/safe-text.js';
import type { ConnectionView } from '../shared/connection.js';
import type { ErrorInfo } from '../shared/errors.js';
import { BRIDGE_TOKEN_EVENT, call, errorInfo } from './api-client.js';
import { ConfirmDialog, type ConfirmRequest } from './components/ConfirmDialog.js';
import { ConnectionForm } from './components/ConnectionForm.js';
import { RenewCertificateDialog } from './components/RenewCertificateDialog.js';
import { ConnectionList, type RowActions } from './components/ConnectionList.js';
import { ExportDialog, ImportDialog, ImportProgress, type ImportStage } from './components/ImportExport.js';
import { ReadOnlyBanner, StoreProblemBanner, type ShellStatus } from './components/StoreProblemBanner.js';
import { SecretsPasswordPanel } from './components/SecretsPasswordPanel.js';
import { TestAllPanel } from './components/TestAllPanel.js';
import { useTestAll } from './test-all.js';
import { CopyDiagnostics } from './components/CopyDiagnostics.js';
import { formKey, showsForm } from './connection-list-reducer.js';
import { useConnectionList } from './use-connection-list.js';

/** Above this many, Test all asks before it starts. */
const TEST_ALL_WITHOUT_ASKING = 50;

export function App() {
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const [importStage, setImportStage] = useState<ImportStage>();
  const [dirty, setDirty] = useState(false);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [status, setStatus] = useState<ShellStatus>();
  const [error, setError] = useState<ErrorInfo>();
  const [toast, setToast] = useState<string>();
  /** Renew certificate… opened from a list row's certificate health. */
  const [renewing, setRenewing] = useState<ConnectionView>();
  const connections = useConnectionList(setError);
  const { list, query, selection, selected, openFailed, reload, open } = connections;

  const loadStatus = useCallback(() => {
    call('vaultStatus', {}).then(
      (s) => setStatus(s as ShellStatus),
      (e: unknown) => setError(errorInfo(e)),
    );
  }, []);

  useEffect(() => {
    loadStatus();
  }, [loadStatus]);
  // Browser mode: the #token URL pasted into this tab arrives as a hashchange; try again with it.
  useEffect(() => {
    const retry = () => {
      setError(undefined);
      loadStatus();
      void reload({ refreshSelected: true });
    };
    window.addEventListener(BRIDGE_TOKEN_EVENT, retry);
    return () => window.removeEventListener(BRIDGE_TOKEN_EVENT, retry);
  }, [loadStatus, reload]);
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(undefined), 4000);
    return () => clearTimeout(t);
  }, [toast]);

  const onTestsFinished = useCallback(() => {
    void reload({ refreshSelected: true });
  }, [reload]);
  const testAll = useTestAll(onTestsFinished);
  const readOnly = Boolean(status?.readOnly);

  /** Leaving the form never loses changes silently. */
  function leave(then: () => void) {
    if (!dirty) return then();
    setConfirm({
      title: 'Discard unsaved changes?',
      body: 'The connection you are editing has changes that are not saved.',
      confirmLabel: 'Discard changes',
      danger: true,
      onConfirm: () => {
        setDirty(false);
        then();
      },
    });
  }

  const importText = useCallback(
    async (text: string) => {
      setImporting(true);
      try {
        setImportStage({ kind: 'summary', summary: await call('importConnections', { text }) });
        await reload();
      } catch (e) {
        const info = errorInfo(e);
        if (info.details?.field === 'passphrase')
          setImportStage({
            kind: 'passphrase',
            text,
            reason: info.message,
            signedOnly: info.details?.holdsSecrets === false,
          });
        else setError(info);
      } finally {
        setImporting(false);
      }
    },
    [reload],
  );

  // The list is memoised: hand it handlers that never change, reading the latest state through a ref.
  const handlers = useRef<RowActions & { onAdd: () => void }>(undefined as never);
  handlers.current = {
    onAdd: () => leave(() => open({ mode: 'new' })),
    onSelect: (id) => {
      if (selection.mode !== 'edit' || selection.id !== id) leave(() => open({ mode: 'edit', id }));
    },
    onDuplicate: (c) =>
      leave(async () => {
        try {
          const copy = await call('duplicateConnection', { id: c.id });
          await reload();
          open({ mode: 'edit', id: copy.id }, copy);
          setToast(`Duplicated as ${quoted(copy.name)}.`);
        } catch (e) {
          setError(errorInfo(e));
        }
      }),
    onDelete: (c) =>
      setConfirm({
        title: `Delete ${quoted(c.name)}?`,
        body: 'The connection, its key and its saved passwords are removed from this computer. This cannot be undone.',
        confirmLabel: 'Delete',
        danger: true,
        onConfirm: async () => {
          try {
            await call('deleteConnection', { id: c.id });
            if (selection.mode === 'edit' && selection.id === c.id) {
              setDirty(false);
              open({ mode: 'none' });
            }
            await reload();
            setToast(`Deleted ${quoted(c.name)}.`);
          } catch (e) {
            setError(errorInfo(e));
          }
        },
      }),
  };
  const actions = useMemo<RowActions>(
    () => ({
      onRenew: (row) => {
        call('getConnection', { id: row.id }).then(setRenewing, (e: unknown) => setError(errorInfo(e)));
      },
      onSelect: (id) => handlers.current.onSelect(id),
      onDuplicate: (c) => handlers.current.onDuplicate(c),
      onDelete: (c) => handlers.current.onDelete(c),
    }),
    [],
  );
  const rowsRef = useRef(list.rows);
  rowsRef.current = list.rows;
  const toolbarActions = useMemo(
    () => ({
      onAdd: () => handlers.current.onAdd(),
      onExport: () => setExporting(true),
      onImport: (file: File) => {
        void file.text().then(importText);
      },
    }),
    [importText],
  );
  const { running: testsRunning, cancelling: testsCancelling, start: startTests, cancel: cancelTests } = testAll;
  const testAllControls = useMemo(
    () => ({
      running: testsRunning,
      cancelling: testsCancelling,
      onStart: () => {
        const targets = rowsRef.current.map((r) => ({
          id: r.id,
          name: r.name,
          certificateDaysLeft: r.certificateDaysLeft,
        }));
        if (targets.length <= TEST_ALL_WITHOUT_ASKING) return void startTests(targets);
        // Each test is a login to that org and a few API calls from its daily allowance: ask first.
        setConfirm({
          title: `Test ${targets.length.toLocaleString('en')} connections?`,
          body: `Each test logs in to its org and makes three API calls, four at a time. Narrow the list with Search or the certificate filter to test fewer.`,
          confirmLabel: `Test ${targets.length.toLocaleString('en')}`,
          onConfirm: () => void startTests(targets),
        });
      },
      onCancel: cancelTests,
    }),
    [testsRunning, testsCancelling, startTests, cancelTests],
  );

  return (
    <div className="app">
      <header className="top">
        <h1>jwt-connect</h1>
        <span className="subtitle">Salesforce connections · OAuth 2.0 JWT bearer flow</span>
      </header>
      {status?.readOnly && <ReadOnlyBanner readOnly={status.readOnly} />}
      {status?.storeProblem && (
        <StoreProblemBanner
          problem={status.storeProblem}
          readOnly={readOnly}
          onResolved={async (message) => {
            setToast(message);
            loadStatus();
            await reload();
          }}
          onError={(e) => setError(e)}
        />
      )}
      {status?.warning && (
        <div className={`banner ${status.persistent ? 'info' : 'warn'}`} role="status">
          {status.warning}
          {status.weakChoice && (
            <button
              type="button"
              className="inline"
              onClick={async () => {
                try {
                  const next = await call('setAllowWeakVault', { allow: status.weakChoice === 'offered' });
                  setStatus({ ...status, ...next, weakChoice: next.weakChoice });
                  await reload();
                } catch (e) {
                  setError(errorInfo(e));
                }
              }}
            >
              {status.weakChoice === 'offered'
                ? 'Save secrets with weak encryption'
                : 'Keep secrets for the session only'}
            </button>
          )}
        </div>
      )}
      {/* The full status replaces the old one: a password set makes the keyring warning go. */}
      <SecretsPasswordPanel
        status={status}
        onStatus={(next) => {
          setStatus(next as ShellStatus);
          void reload();
        }}
      />
      {error && (
        <div className="banner error" role="alert">
          {error.message} {error.hint}
          <CopyDiagnostics error={error} />
        </div>
      )}
      {toast && (
        <div className="toast" role="status">
          {toast}
        </div>
      )}
      {importing && !importStage && <ImportProgress />}
      <TestAllPanel
        running={testAll.running}
        progress={testAll.progress}
        summary={testAll.summary}
        onClose={testAll.dismiss}
      />
      <main className="layout">
        <ConnectionList
          rows={list.rows}
          total={list.total}
          loading={list.loading}
          loadFailed={list.failed}
          storeProblem={Boolean(status?.storeProblem)}
          filtered={Boolean(list.filtered)}
          readOnly={readOnly}
          importing={importing}
          selectedId={selection.mode === 'edit' ? selection.id : undefined}
          tests={testAll.states}
          actions={actions}
          query={query}
          onQuery={connections.setQuery}
          onAdd={toolbarActions.onAdd}
          onExport={toolbarActions.onExport}
          onImport={toolbarActions.onImport}
          testAll={testAllControls}
        />
        <section className="detail">
          {!showsForm(connections) ? (
            selection.mode === 'edit' ? (
              openFailed ? (
                <div className="placeholder" role="alert">
                  <h2>This connection could not be opened</h2>
                  <p>
                    {openFailed.message}
                    {openFailed.hint && <> {openFailed.hint}</>}
                  </p>
                  <button type="button" onClick={() => open(selection)}>
                    Try again
                  </button>
                </div>
              ) : (
                <div className="placeholder" aria-busy="true">
                  <p>Opening…</p>
                </div>
              )
            ) : (
              <div className="placeholder">
                <h2>No connection selected</h2>
                {/* One "+ Add New Connection" button in the page (the list's), so it is found by its name alone. */}
                <p>
                  Pick a saved connection on the left, or press <strong>+ Add New Connection</strong>.
                </p>
              </div>
            )
          ) : (
            <ConnectionForm
              key={formKey(connections)}
              connection={selection.mode === 'edit' ? selected : undefined}
              savedProof={connections.savedProof}
              onDirtyChange={setDirty}
              onRecorded={() => void reload({ refreshSelected: true })}
              onCancel={() => leave(() => open(selection.mode === 'edit' ? selection : { mode: 'none' }))}
              onSaved={async (saved, proof) => {
                setDirty(false);
                await reload();
                open({ mode: 'edit', id: saved.id }, saved, proof);
                setToast(`Saved ${quoted(saved.name)}.`);
              }}
            />
          )}
        </section>
      </main>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      {renewing && (
        <RenewCertificateDialog
          connection={renewing}
          onDone={() => void reload({ refreshSelected: true })}
          onClose={() => setRenewing(undefined)}
        />
      )}
      {exporting && (
        <ExportDialog ids={list.rows.map((c) => c.id)} onClose={() => setExporting(false)} onDone={setToast} />
      )}
      {importStage && (
        <ImportDialog
          key={importStage.kind}
          stage={importStage}
          onClose={() => setImportStage(undefined)}
          onImported={async (summary) => {
            setImportStage({ kind: 'summary', summary });
            await reload();
          }}
        />
      )}
    </div>
  );
}
