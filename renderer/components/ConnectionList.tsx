import type { ConnectionView } from '../../shared/connection.js';
import type { ListQuery } from '../../shared/connection.js';

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
  query: Required<Pick<ListQuery, 'sort'>> & { search: string };
  onQuery: (q: { search: string; sort: NonNullable<ListQuery['sort']> }) => void;
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
        <select id="sort" value={query.sort} onChange={(e) => props.onQuery({ ...query, sort: e.target.value as ListProps['query']['sort'] })}>
          <option value="name">Name</option>
          <option value="updated">Last changed</option>
          <option value="lastUsed">Last used</option>
          <option value="environment">Environment</option>
        </select>
      </div>
      {connections.length === 0 ? (
        <p className="empty">{query.search ? 'No connection matches this search.' : 'No saved connections yet. Add one to get started.'}</p>
      ) : (
        <ul className="rows">
          {connections.map((c) => {
            const result = lastResult(c);
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
