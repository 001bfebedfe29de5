// The window's list of saved connections and which one the form shows, as one pure reducer: the
// rows of the latest answer, the query they answer, the selection and the connection fetched for
// it. The hook (use-connection-list.ts) asks main and dispatches here.
import type { ConnectionView, ListRow } from '../shared/connection.js';
import type { ErrorInfo } from '../shared/errors.js';
import type { ListState } from './components/ListToolbar.js';
import type { SavedProof } from './login-proof.js';

export type Selection = { mode: 'none' } | { mode: 'new' } | { mode: 'edit'; id: string };

export interface ListedRows {
  rows: ListRow[];
  total: number;
  loading: boolean;
  failed?: boolean;
  /** The rows shown answer a search or a certificate filter (not the query still on its way). */
  filtered?: boolean;
}

export interface ConnectionListModel {
  list: ListedRows;
  query: ListState;
  selection: Selection;
  /** The saved connection the form edits, once fetched (never an older view: see `opened`). */
  selected?: ConnectionView | undefined;
  /** Bumped on each open, so the form starts afresh even on the same connection. */
  formVersion: number;
  /** The connection picked could not be fetched: the panel says so instead of "Opening…" forever. */
  openFailed?: ErrorInfo | undefined;
  /** What the Save that opened this form had proven, for that form only. */
  savedProof?: SavedProof | undefined;
}

export type ListEvent =
  | { type: 'query'; query: ListState }
  | { type: 'listed'; rows: ListRow[]; total: number; asked: ListState }
  | { type: 'listFailed' }
  | { type: 'opened'; next: Selection; view?: ConnectionView | undefined; proof?: SavedProof | undefined }
  | { type: 'fetched'; view: ConnectionView }
  | { type: 'fetchFailed'; error: ErrorInfo };

export const INITIAL_LIST: ConnectionListModel = {
  list: { rows: [], total: 0, loading: true },
  query: { search: '', sort: 'name', certificate: 'all' },
  selection: { mode: 'none' },
  formVersion: 0,
};

/** What the list asks main for: the newest first for dates, A to Z for the rest. */
export const listQuery = (q: ListState) => ({
  search: q.search,
  sort: q.sort,
  certificate: q.certificate,
  direction: q.sort === 'updated' || q.sort === 'lastUsed' ? ('desc' as const) : ('asc' as const),
});

/** Opening a saved connection without its fresh view at hand means fetching it. */
export function needsFetch(next: Selection, view: ConnectionView | undefined): next is { mode: 'edit'; id: string } {
  return next.mode === 'edit' && view?.id !== next.id;
}

/** The form shows for a new connection, or for the selected one once its view is here. */
export function showsForm(m: ConnectionListModel): boolean {
  return m.selection.mode === 'new' || (m.selection.mode === 'edit' && m.selected?.id === m.selection.id);
}

/** The form's identity: a new form for another connection and for each open of the same one. */
export function formKey(m: ConnectionListModel): string {
  return `${m.selection.mode === 'edit' ? m.selection.id : 'new'}-${m.formVersion}`;
}

export function connectionListReducer(m: ConnectionListModel, e: ListEvent): ConnectionListModel {
  switch (e.type) {
    case 'query':
      return { ...m, query: e.query };
    case 'listed':
      return {
        ...m,
        list: {
          rows: e.rows,
          total: e.total,
          loading: false,
          filtered: e.asked.search.trim() !== '' || e.asked.certificate !== 'all',
        },
      };
    case 'listFailed':
      return { ...m, list: { ...m.list, loading: false, failed: true } };
    case 'opened':
      return {
        ...m,
        selection: e.next,
        openFailed: undefined,
        formVersion: m.formVersion + 1,
        savedProof: e.proof,
        // Never mount the form on an older view: it would take the fresh one for unsaved changes.
        selected: e.next.mode === 'edit' && e.view?.id === e.next.id ? e.view : undefined,
      };
    // Only answers for the current selection arrive here (the hook drops older requests' answers).
    case 'fetched':
      return { ...m, selected: e.view };
    case 'fetchFailed':
      return { ...m, selected: undefined, openFailed: e.error };
  }
}
