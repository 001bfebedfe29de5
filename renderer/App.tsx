import { useCallback, useEffect, useState } from 'react';
import type { ApiOutputs } from '../shared/api.js';
import type { ConnectionView } from '../shared/connection.js';
import type { ErrorInfo } from '../shared/errors.js';
import { call, errorInfo } from './api-client.js';
import { ConfirmDialog, type ConfirmRequest } from './components/ConfirmDialog.js';
import { ConnectionForm } from './components/ConnectionForm.js';
import { ConnectionList, type ListState } from './components/ConnectionList.js';
import { ExportDialog, ImportDialog, type ImportStage } from './components/ImportExport.js';

type Selection = { mode: 'none' } | { mode: 'new' } | { mode: 'edit'; id: string };

export function App() {
  const [connections, setConnections] = useState<ConnectionView[]>([]);
  const [query, setQuery] = useState<ListState>({ search: '', sort: 'name', certificate: 'all' });
  const [exporting, setExporting] = useState(false);
  const [importStage, setImportStage] = useState<ImportStage>();
  const [selection, setSelection] = useState<Selection>({ mode: 'none' });
  const [formVersion, setFormVersion] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [status, setStatus] = useState<ApiOutputs['vaultStatus']>();
  const [error, setError] = useState<ErrorInfo>();
  const [toast, setToast] = useState<string>();

  const reload = useCallback(async () => {
    try {
      setConnections(await call('listConnections', { search: query.search, sort: query.sort, certificate: query.certificate, direction: query.sort === 'updated' || query.sort === 'lastUsed' ? 'desc' : 'asc' }));
    } catch (e) {
      setError(errorInfo(e));
    }
  }, [query]);

  useEffect(() => { void reload(); }, [reload]);
  useEffect(() => { call('vaultStatus', {}).then(setStatus, (e: unknown) => setError(errorInfo(e))); }, []);
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(undefined), 4000);
    return () => clearTimeout(t);
  }, [toast]);

  /** Leaving the form never loses changes silently. */
  function leave(then: () => void) {
    if (!dirty) return then();
    setConfirm({ title: 'Discard unsaved changes?', body: 'The connection you are editing has changes that are not saved.', confirmLabel: 'Discard changes', danger: true, onConfirm: () => { setDirty(false); then(); } });
  }

  function open(next: Selection) {
    setSelection(next);
    setFormVersion((v) => v + 1);
  }

  const selected = selection.mode === 'edit' ? connections.find((c) => c.id === selection.id) : undefined;

  return (
    <div className="app">
      <header className="top">
        <h1>jwt-connect</h1>
        <span className="subtitle">Salesforce connections · OAuth 2.0 JWT bearer flow</span>
      </header>
      {status?.storeProblem && (
        <div className="banner error" role="alert"><strong>{status.storeProblem.message}</strong> {status.storeProblem.hint}</div>
      )}
      {status?.warning && (
        <div className={`banner ${status.persistent ? 'info' : 'warn'}`} role="status">
          {status.warning}
          {status.weakChoice && (
            <button type="button" className="inline" onClick={async () => {
              try {
                const next = await call('setAllowWeakVault', { allow: status.weakChoice === 'offered' });
                setStatus({ ...status, ...next, weakChoice: next.weakChoice });
                await reload();
              } catch (e) { setError(errorInfo(e)); }
            }}>{status.weakChoice === 'offered' ? 'Save secrets with weak encryption' : 'Keep secrets for the session only'}</button>
          )}
        </div>
      )}
      {error && <div className="banner error" role="alert">{error.message} {error.hint}</div>}
      {toast && <div className="toast" role="status">{toast}</div>}
      <main className="layout">
        <ConnectionList
          connections={connections}
          selectedId={selection.mode === 'edit' ? selection.id : undefined}
          query={query}
          onQuery={setQuery}
          onExport={() => setExporting(true)}
          onImport={async (file) => {
            const text = await file.text();
            try {
              setImportStage({ kind: 'summary', summary: await call('importConnections', { text }) });
              await reload();
            } catch (e) {
              const info = errorInfo(e);
              if (info.details?.field === 'passphrase') setImportStage({ kind: 'passphrase', text });
              else setError(info);
            }
          }}
          onAdd={() => leave(() => open({ mode: 'new' }))}
          onSelect={(id) => { if (selection.mode !== 'edit' || selection.id !== id) leave(() => open({ mode: 'edit', id })); }}
          onDuplicate={(c) => leave(async () => {
            try {
              const copy = await call('duplicateConnection', { id: c.id });
              await reload();
              open({ mode: 'edit', id: copy.id });
              setToast(`Duplicated as "${copy.name}".`);
            } catch (e) { setError(errorInfo(e)); }
          })}
          onDelete={(c) => setConfirm({
            title: `Delete "${c.name}"?`,
            body: 'The connection, its key and its saved passwords are removed from this computer. This cannot be undone.',
            confirmLabel: 'Delete', danger: true,
            onConfirm: async () => {
              try {
                await call('deleteConnection', { id: c.id });
                if (selection.mode === 'edit' && selection.id === c.id) { setDirty(false); open({ mode: 'none' }); }
                await reload();
                setToast(`Deleted "${c.name}".`);
              } catch (e) { setError(errorInfo(e)); }
            },
          })}
        />
        <section className="detail">
          {selection.mode === 'none' || (selection.mode === 'edit' && !selected) ? (
            <div className="placeholder">
              <h2>No connection selected</h2>
              <p>Pick a saved connection on the left, or add a new one.</p>
              <button type="button" className="primary" onClick={() => open({ mode: 'new' })}>+ Add New Connection</button>
            </div>
          ) : (
            <ConnectionForm
              key={`${selection.mode === 'edit' ? selection.id : 'new'}-${formVersion}`}
              connection={selected}
              onDirtyChange={setDirty}
              onRecorded={() => void reload()}
              onCancel={() => leave(() => open(selection.mode === 'edit' ? selection : { mode: 'none' }))}
              onSaved={async (saved) => {
                setDirty(false);
                await reload();
                open({ mode: 'edit', id: saved.id });
                setToast(`Saved "${saved.name}".`);
              }}
            />
          )}
        </section>
      </main>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      {exporting && <ExportDialog ids={connections.map((c) => c.id)} onClose={() => setExporting(false)} onDone={setToast} />}
      {importStage && (
        <ImportDialog key={importStage.kind} stage={importStage} onClose={() => setImportStage(undefined)}
          onImported={async (summary) => { setImportStage({ kind: 'summary', summary }); await reload(); }} />
      )}
    </div>
  );
}
