// The list of saved connections and the selection, kept by connection-list-reducer.ts, with the
// requests to main that feed them. Answers can land out of order (a slow search after a newer
// one): only the latest request of each kind counts.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { ConnectionView } from '../shared/connection.js';
import type { ErrorInfo } from '../shared/errors.js';
import { call, errorInfo } from './api-client.js';
import type { ListState } from './components/ListToolbar.js';
import {
  connectionListReducer,
  INITIAL_LIST,
  listQuery,
  needsFetch,
  type Selection,
} from './connection-list-reducer.js';
import type { SavedProof } from './login-proof.js';

/** `onError`: a list that could not be read (a stable function: the list's requests depend on it). */
export function useConnectionList(onError: (error: ErrorInfo) => void) {
  const [model, dispatch] = useReducer(connectionListReducer, INITIAL_LIST);
  const listSeq = useRef(0);
  const getSeq = useRef(0);
  // reload() is handed to children and effects once; it reads the query and selection of the latest render.
  const latest = useRef(model);
  latest.current = model;

  const fetchSelected = useCallback(async (id: string) => {
    const mine = ++getSeq.current;
    try {
      const view = await call('getConnection', { id });
      if (mine === getSeq.current) dispatch({ type: 'fetched', view });
    } catch (e) {
      if (mine === getSeq.current) dispatch({ type: 'fetchFailed', error: errorInfo(e) });
    }
  }, []);

  const reload = useCallback(
    async (options: { refreshSelected?: boolean } = {}) => {
      const mine = ++listSeq.current;
      try {
        const asked = latest.current.query;
        const answer = await call('listRows', listQuery(asked));
        if (mine === listSeq.current) dispatch({ type: 'listed', ...answer, asked });
      } catch (e) {
        if (mine === listSeq.current) {
          dispatch({ type: 'listFailed' });
          onError(errorInfo(e));
        }
      }
      const sel = latest.current.selection;
      if (options.refreshSelected && sel.mode === 'edit') await fetchSelected(sel.id);
    },
    [fetchSelected, onError],
  );

  useEffect(() => {
    void reload();
  }, [model.query, reload]);

  /** Opens the form; for a saved connection with its view when at hand (just saved), else fetched. */
  const open = useCallback(
    (next: Selection, view?: ConnectionView, proof?: SavedProof) => {
      getSeq.current++;
      dispatch({ type: 'opened', next, view, proof });
      if (needsFetch(next, view)) void fetchSelected(next.id);
    },
    [fetchSelected],
  );

  const setQuery = useCallback((query: ListState) => dispatch({ type: 'query', query }), []);

  return { ...model, reload, open, setQuery };
}
