import type { ConnectionView, ListQuery } from '../../shared/connection.js';
import { EXPIRY_WARNING_DAYS } from '../../shared/keys.js';

export type ListState = { search: string; sort: NonNullable<ListQuery['sort']>; certificate: NonNullable<ListQuery['certificate']> };

function certificateHealth(days: number | undefined): { text: string; level: 'ok' | 'warn' | 'bad' } | undefined {
  if (days === undefined) return undefined;
  if (days < 0) return { text: `Certificate expired ${-days} day${days === -1 ? '' : 's'} ago`, level: 'bad' };
  if (days < EXPIRY_WARNING_DAYS) return { text: `Certificate expires in ${days} day${days === 1 ? '' : 's'}`, level: 'warn' };
  return { text: `Certificate: ${days} days left`, level: 'ok' };
}

function lastResult(c: ConnectionView) {
  const results = [c.lastAuthorise && { ...c.lastAuthorise, what: 'Authorise' }, c.lastTest && { ...c.lastTest, what: 'Test' }]
    .filter((r): r is NonNullable<typeof r> => Boolean(r));
  return results.sort((a, b) => (a.at < b.at ? 1 : -1))[0];
}

function when(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

const ENV_LABEL = { production: 'Production', sandbox: 'Sandbox', mydomain: 'My Domain' } as const;

export interface ListProps {
  connections: ConnectionView[];
  selectedId: string | undefined;
  query: ListState;
  onQuery: (q: ListState) => void;
  onExport: () => void;
  onImport: (file: File) => void;
  onSelect: (id: string) => void;
  onAdd: () => void;
  onDuplicate: (c: ConnectionView) => void;
  onDelete: (c: ConnectionView) => void;
}

export function ConnectionList(props: ListProps) {
  const { connections, selectedId, query } = props;
  return (
    <section className="list" aria-labelledby="list-title">
      <div className="list-head">
        <h2 id="list-title">Connections <span className="count">{connections.length}</span></h2>
        <button type="button" className="primary" onClick={props.onAdd}>+ Add New Connection</button>
      </div>
      <div className="list-tools">
        <label className="visually-hidden" htmlFor="search">Search connections</label>
        <input id="search" type="search" placeholder="Search…" title="Search by name, description or username" value={query.search}
          onChange={(e) => props.onQuery({ ...query, search: e.target.value })} />
        <label htmlFor="sort">Sort</label>
        <select id="sort" value={query.sort} onChange={(e) => props.onQuery({ ...query, sort: e.target.value as ListState['sort'] })}>
          <option value="name">Name</option>
          <option value="updated">Last changed</option>
          <option value="lastUsed">Last used</option>
          <option value="environment">Environment</option>
        </select>
        <label htmlFor="certificate-filter">Certificates</label>
        <select id="certificate-filter" className="span2" value={query.certificate} onChange={(e) => props.onQuery({ ...query, certificate: e.target.value as ListState['certificate'] })}>
          <option value="all">All connections</option>
          <option value="attention">Expired or expiring within {EXPIRY_WARNING_DAYS} days</option>
          <option value="expiring">Expiring within {EXPIRY_WARNING_DAYS} days</option>
          <option value="expired">Expired</option>
        </select>
      </div>
      <div className="list-io">
        <button type="button" onClick={props.onExport} disabled={connections.length === 0 && !query.search}>Export…</button>
        <label className="button-like" htmlFor="import-file">Import…</label>
        <input id="import-file" className="visually-hidden" type="file" accept=".json,application/json"
          onChange={(e) => { const f = e.target.files?.[0]; if (f) props.onImport(f); e.target.value = ''; }} />
      </div>
      {connections.length === 0 ? (
        <p className="empty">{query.search || query.certificate !== 'all' ? 'No connection matches.' : 'No saved connections yet. Add one to get started.'}</p>
      ) : (
        <ul className="rows">
          {connections.map((c) => {
            const result = lastResult(c);
            const health = certificateHealth(c.certificateDaysLeft);
            return (
              <li key={c.id} className={c.id === selectedId ? 'row selected' : 'row'}>
                <button type="button" className="row-main" aria-current={c.id === selectedId ? 'true' : undefined} onClick={() => props.onSelect(c.id)}>
                  <span className="row-title">
                    <span className="row-name">{c.name}</span>
                    <span className={`badge env-${c.environment}`}>{ENV_LABEL[c.environment]}</span>
                  </span>
                  <span className="row-sub">{c.username || 'no username'}{c.description ? ` · ${c.description}` : ''}</span>
                  <span className="row-status">
                    {result ? (
                      <span className={result.ok ? 'status ok' : 'status failed'} title={result.message ?? ''}>
                        {result.ok ? '✓' : '✕'} {result.what} {result.ok ? 'succeeded' : `failed${result.code ? ` (${result.code})` : ''}`} · {when(result.at)}
                      </span>
                    ) : <span className="status none">Not tried yet</span>}
                  </span>
                  {health && <span className={`cert-health ${health.level}`}>{health.level === 'ok' ? '' : '⚠ '}{health.text}</span>}
                </button>
                <div className="row-actions">
                  <button type="button" onClick={() => props.onDuplicate(c)} aria-label={`Duplicate ${c.name}`}>Duplicate</button>
                  <button type="button" className="danger-text" onClick={() => props.onDelete(c)} aria-label={`Delete ${c.name}`}>Delete</button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
