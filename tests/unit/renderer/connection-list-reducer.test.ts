// The window's list and selection: what is asked of main, which rows are shown as filtered, and
// what opening a connection does to the form (a fresh form each time, never on an older view).
import { describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../../shared/connection.js';
import {
  connectionListReducer,
  formKey,
  INITIAL_LIST,
  listQuery,
  needsFetch,
  showsForm,
  type ConnectionListModel,
  type ListEvent,
} from '../../../renderer/connection-list-reducer.js';

const view = (id: string, name = id): ConnectionView => ({
  id,
  name,
  description: '',
  connectionType: 'salesforce',
  authType: 'oauth-jwt',
  encryption: 'jks',
  consumerKey: 'k',
  username: 'a@b.c',
  environment: 'production',
  createdAt: '',
  updatedAt: '',
  secretsPersisted: true,
  secrets: {
    keyStorePassword: 'saved',
    keyPassword: 'missing',
    passphrase: 'missing',
    keyMaterial: 'saved',
    accessToken: 'missing',
  },
});

const apply = (m: ConnectionListModel, ...events: ListEvent[]) => events.reduce(connectionListReducer, m);

describe('listQuery', () => {
  it('sorts dates newest first and everything else A to Z', () => {
    expect(listQuery({ search: 'x', sort: 'updated', certificate: 'all' })).toEqual({
      search: 'x',
      sort: 'updated',
      certificate: 'all',
      direction: 'desc',
    });
    expect(listQuery({ search: '', sort: 'lastUsed', certificate: 'all' }).direction).toBe('desc');
    expect(listQuery({ search: '', sort: 'name', certificate: 'expiring' as never }).direction).toBe('asc');
  });
});

describe('the rows', () => {
  it('start loading; an answer shows its rows, filtered by the query it answered (not a newer one)', () => {
    expect(INITIAL_LIST.list.loading).toBe(true);
    const m = apply(
      INITIAL_LIST,
      { type: 'query', query: { search: '', sort: 'name', certificate: 'all' } },
      { type: 'listed', rows: [], total: 3, asked: { search: 'uat', sort: 'name', certificate: 'all' } },
    );
    expect(m.list).toEqual({ rows: [], total: 3, loading: false, filtered: true });
    expect(apply(m, { type: 'listed', rows: [], total: 3, asked: m.query }).list.filtered).toBe(false);
  });

  it('a failed read keeps the rows shown and says it failed', () => {
    const m = apply(
      INITIAL_LIST,
      { type: 'listed', rows: [], total: 2, asked: INITIAL_LIST.query },
      { type: 'listFailed' },
    );
    expect(m.list).toMatchObject({ total: 2, loading: false, failed: true });
  });
});

describe('opening a connection', () => {
  it('shows the form for a new connection at once, and a fresh form on each open', () => {
    const first = apply(INITIAL_LIST, { type: 'opened', next: { mode: 'new' } });
    expect(showsForm(first)).toBe(true);
    const second = apply(first, { type: 'opened', next: { mode: 'new' } });
    expect(formKey(second)).not.toBe(formKey(first));
  });

  it("waits for a saved connection's view before showing the form, and never mounts it on an older view", () => {
    const m = apply(INITIAL_LIST, { type: 'opened', next: { mode: 'edit', id: 'a' }, view: view('b') });
    expect(needsFetch({ mode: 'edit', id: 'a' }, view('b'))).toBe(true);
    expect(m.selected).toBeUndefined();
    expect(showsForm(m)).toBe(false);
    expect(showsForm(apply(m, { type: 'fetched', view: view('a') }))).toBe(true);
  });

  it('opens a just-saved connection on the view at hand, without fetching it', () => {
    expect(needsFetch({ mode: 'edit', id: 'a' }, view('a'))).toBe(false);
    expect(showsForm(apply(INITIAL_LIST, { type: 'opened', next: { mode: 'edit', id: 'a' }, view: view('a') }))).toBe(
      true,
    );
  });

  it('says why a connection could not be opened, and forgets it on the next open', () => {
    const failed = apply(
      INITIAL_LIST,
      { type: 'opened', next: { mode: 'edit', id: 'a' } },
      { type: 'fetchFailed', error: { code: 'NOT_FOUND', message: 'gone' } },
    );
    expect(failed.openFailed?.message).toBe('gone');
    expect(apply(failed, { type: 'opened', next: { mode: 'edit', id: 'a' } }).openFailed).toBeUndefined();
  });

  it('hands what a Save proved to the form opened on the saved connection, and to that form only', () => {
    const proof = { issued: { issuedAt: 't', tokenUrl: 'u', audience: 'a', elapsedMs: 1, instanceUrl: 'i', id: 'x' } };
    const saved = apply(INITIAL_LIST, { type: 'opened', next: { mode: 'edit', id: 'a' }, view: view('a'), proof });
    expect(saved.savedProof).toBe(proof);
    expect(apply(saved, { type: 'fetched', view: view('a', 'renamed') }).savedProof).toBe(proof);
    expect(apply(saved, { type: 'opened', next: { mode: 'edit', id: 'a' } }).savedProof).toBeUndefined();
  });
});
