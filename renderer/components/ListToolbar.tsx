// The list's header and tools. The search box keeps its own text and tells the app after a short
// pause, so a keystroke re-renders only this box, never the rows.
import { useEffect, useRef, useState } from 'react';
import type { ListQuery } from '../../shared/connection.js';
import { EXPIRY_WARNING_DAYS } from '../../shared/keys.js';
import { count } from '../list-format.js';

export type ListState = {
  search: string;
  sort: NonNullable<ListQuery['sort']>;
  certificate: NonNullable<ListQuery['certificate']>;
};

/** Long enough to skip the middle keystrokes of a fast typist, short enough to feel immediate. */
export const SEARCH_DEBOUNCE_MS = 40;

export interface ToolbarProps {
  total: number;
  shown: number;
  /** The rows shown answer a search or filter (so the count reads "N of total"). */
  filtered: boolean;
  loading?: boolean;
  readOnly?: boolean;
  importing?: boolean;
  query: ListState;
  onQuery: (q: ListState) => void;
  onAdd: () => void;
  onExport: () => void;
  onImport: (file: File) => void;
  testAll: { running: boolean; cancelling: boolean; onStart: () => void; onCancel: () => void };
}

export function ListToolbar(props: ToolbarProps) {
  const { query, total, shown, testAll, readOnly } = props;
  const [search, setSearch] = useState(query.search);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const importInput = useRef<HTMLInputElement>(null);
  const latest = useRef(props);
  latest.current = props;
  useEffect(() => () => clearTimeout(timer.current), []);

  function typed(text: string) {
    setSearch(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(
      () => latest.current.onQuery({ ...latest.current.query, search: text }),
      SEARCH_DEBOUNCE_MS,
    );
  }

  const { filtered } = props;
  const testLabel = filtered ? `Test ${count(shown)} shown` : 'Test all';
  return (
    <>
      <div className="list-head">
        <h2 id="list-title">
          Connections{' '}
          <span className="count" aria-live="polite">
            {filtered ? `${count(shown)} of ${count(total)}` : count(total)}
          </span>
        </h2>
        <button type="button" className="primary" disabled={readOnly} onClick={props.onAdd}>
          + Add New Connection
        </button>
      </div>
      <div className="list-tools">
        <label className="visually-hidden" htmlFor="search">
          Search connections
        </label>
        <input
          id="search"
          type="search"
          placeholder="Search…"
          title="Search by name, description or username"
          value={search}
          onChange={(e) => typed(e.target.value)}
        />
        <label htmlFor="sort">Sort</label>
        <select
          id="sort"
          value={query.sort}
          onChange={(e) => props.onQuery({ ...query, search, sort: e.target.value as ListState['sort'] })}
        >
          <option value="name">Name</option>
          <option value="updated">Last changed</option>
          <option value="lastUsed">Last used</option>
          <option value="environment">Environment</option>
        </select>
        <label htmlFor="certificate-filter">Certificates</label>
        <select
          id="certificate-filter"
          className="span2"
          value={query.certificate}
          onChange={(e) => props.onQuery({ ...query, search, certificate: e.target.value as ListState['certificate'] })}
        >
          <option value="all">All connections</option>
          <option value="attention">Expired or expiring within {EXPIRY_WARNING_DAYS} days</option>
          <option value="expiring">Expiring within {EXPIRY_WARNING_DAYS} days</option>
          <option value="expired">Expired</option>
        </select>
      </div>
      <div className="list-io">
        {testAll.running ? (
          <button type="button" className="test-all" disabled={testAll.cancelling} onClick={testAll.onCancel}>
            {testAll.cancelling ? 'Cancelling…' : 'Cancel tests'}
          </button>
        ) : (
          <button
            type="button"
            className="test-all"
            disabled={shown === 0}
            onClick={testAll.onStart}
            title={
              filtered
                ? 'Test Connection for each connection shown, four at a time'
                : 'Test Connection for every saved connection, four at a time'
            }
          >
            {testLabel}
          </button>
        )}
        <span className="spacer" />
        <button type="button" onClick={props.onExport} disabled={shown === 0}>
          Export…
        </button>
        {/* A real button opens the file picker (keyboard, screen readers and role queries find it);
            the input stays labelled "Import…" for drop-in file setting, out of the accessibility tree. */}
        <button type="button" disabled={readOnly || props.importing} onClick={() => importInput.current?.click()}>
          Import…
        </button>
        <input
          ref={importInput}
          id="import-file"
          aria-label="Import…"
          aria-hidden="true"
          tabIndex={-1}
          className="visually-hidden"
          type="file"
          accept=".json,application/json"
          disabled={readOnly || props.importing}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) props.onImport(f);
            e.target.value = '';
          }}
        />
      </div>
    </>
  );
}
