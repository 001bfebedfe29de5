// The saved connections: toolbar, then only the rows in view (VirtualList). Rows are memoised, so a
// keystroke, a click or one Test all result re-renders only what changed.
import { memo, useCallback, type KeyboardEvent } from 'react';
import type { ListRow } from '../../shared/connection.js';
import { escapeField } from '../../shared/safe-text.js';
import { orgChangedNotice } from '../../shared/lifecycle.js';
import { certificateHealth, environmentBadge, lastResult, loginHost, when, whenShort } from '../list-format.js';
import type { RowTest } from '../test-all.js';
import { ForeignHostBadge } from './ForeignHostMark.js';
import { ListToolbar, type ToolbarProps } from './ListToolbar.js';
import { VirtualList } from './VirtualList.js';

/** Two lines of text and the gap between rows (styles.css .vrow / .row-line). */
export const ROW_HEIGHT = 62;

export interface RowActions {
  onSelect: (id: string) => void;
  onDuplicate: (row: ListRow) => void;
  onDelete: (row: ListRow) => void;
  /** Renew certificate… for a row whose certificate has expired or expires soon. */
  onRenew?: (row: ListRow) => void;
}

export interface ListProps extends Omit<ToolbarProps, 'shown'> {
  rows: readonly ListRow[];
  selectedId: string | undefined;
  tests: ReadonlyMap<string, RowTest>;
  actions: RowActions;
  /** The last list request failed (its message is in the banner above). */
  loadFailed?: boolean | undefined;
  /** The saved-connections file could not be used (the banner above says why): an empty list is not "none yet". */
  storeProblem?: boolean | undefined;
}

const SECRETS_PROBLEM_TIP =
  'Its saved passwords or key cannot be read (missing, damaged, or sealed by another keyring). Open it, enter the passwords, pick the key file again and Save.';
const SECRETS_MISSING_TIP =
  'It came without its key (imported without secrets): open it, pick the key file, enter its password and Save.';

const FIELD_PROBLEM_TIP =
  'A saved value (name, username, consumer key…) holds control or text-direction characters, shown escaped (\\x1b). Open it, correct the value and Save.';

function TestState({ test }: { test: RowTest }) {
  switch (test.state) {
    case 'queued':
      return <span className="status none">Waiting to test…</span>;
    case 'running':
      return (
        <span className="status testing">
          <span className="spinner" aria-hidden="true" /> Testing…
        </span>
      );
    case 'passed':
      return <span className="status ok">✓ Test passed · {test.ms.toLocaleString('en')} ms</span>;
    case 'failed':
      return (
        <span className="status failed" title={test.reason}>
          ✗ {test.reason}
        </span>
      );
    default:
      return <span className="status none">Test cancelled</span>;
  }
}

/** The row's one status: a running test, then what keeps it from logging in, then its last result. */
function RowStatus({ row, test }: { row: ListRow; test: RowTest | undefined }) {
  if (test) return <TestState test={test} />;
  if (row.fieldProblem)
    return (
      <span className="badge field-problem" title={FIELD_PROBLEM_TIP}>
        Control characters — open it to correct
      </span>
    );
  if (row.secretsProblem)
    return (
      <span className="badge secrets-problem" title={SECRETS_PROBLEM_TIP}>
        Secrets unreadable
      </span>
    );
  if (row.secretsMissing)
    return (
      <span className="badge secrets-problem" title={SECRETS_MISSING_TIP}>
        Secrets missing — pick the key
      </span>
    );
  if (row.incomplete?.length) {
    const text = `Incomplete: ${row.incomplete.join(', ')}`;
    return (
      <span className="badge incomplete" title={`${text}. Open it and fill these in; nothing is sent until then.`}>
        {text}
      </span>
    );
  }
  const result = lastResult(row);
  if (!result) return <span className="status none">Not tried yet</span>;
  // Words, not codes: the reason itself (cut by the row's width; whole on hover).
  const text = (at: string) =>
    `${result.ok ? '✓' : '✗'} ${result.what} ${result.ok ? 'succeeded' : 'failed'} · ${at}${!result.ok && result.message ? `: ${result.message}` : ''}`;
  return (
    <span className={result.ok ? 'status ok' : 'status failed'} title={text(when(result.at))}>
      {text(whenShort(result.at))}
    </span>
  );
}

const ConnectionRow = memo(function ConnectionRow({
  row,
  selected,
  test,
  readOnly,
  actions,
}: {
  row: ListRow;
  selected: boolean;
  test: RowTest | undefined;
  readOnly: boolean;
  actions: RowActions;
}) {
  const health = certificateHealth(row.certificateDaysLeft);
  const badge = environmentBadge(row);
  const host = loginHost(row);
  // Saved values are shown escaped: a control character from an old store or a hand-edited file is seen, never acted on.
  const sub = `${escapeField(row.username) || 'no username'} · ${host}${row.description ? ` · ${escapeField(row.description)}` : ''}`;
  // One Tab stop per row (the row itself); Left and Right reach Duplicate and Delete, Up and Down the other rows.
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const stops = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
    const at = stops.indexOf(document.activeElement as HTMLButtonElement);
    const next = stops[Math.max(0, Math.min(stops.length - 1, at + (e.key === 'ArrowRight' ? 1 : -1)))];
    if (!next || next === document.activeElement) return;
    e.preventDefault();
    next.focus();
  }
  return (
    <div className={selected ? 'row selected' : 'row'} onKeyDown={onKeyDown}>
      <button
        type="button"
        className="row-main"
        aria-current={selected ? 'true' : undefined}
        onClick={() => actions.onSelect(row.id)}
        aria-keyshortcuts="ArrowRight"
        title="Enter opens it; Right arrow reaches Duplicate and Delete"
      >
        <span className="row-line">
          <span className="row-name" title={escapeField(row.name)}>
            {escapeField(row.name)}
          </span>
          <ForeignHostBadge row={row}>
            <span className={`badge env-${badge.kind}`} title={host}>
              {badge.label}
            </span>
          </ForeignHostBadge>
          {health && (
            <span className={`cert-health ${health.level}`} title={health.text}>
              {health.level === 'ok' ? '' : '⚠ '}
              {health.short}
            </span>
          )}
          {row.orgChange && (
            <span className="badge org-changed" title={orgChangedNotice(row.orgChange)}>
              Org id changed
            </span>
          )}
          {row.rotation === 'pending' && (
            <span className="badge rotation" title="Key rotation under way: upload the new certificate">
              Key rotation
            </span>
          )}
        </span>
        <span className="row-line">
          <span className="row-status">
            <RowStatus row={row} test={test} />
          </span>
          <span className="row-sub" title={sub}>
            {sub}
          </span>
        </span>
      </button>
      <div className="row-actions">
        {health && health.level !== 'ok' && actions.onRenew && (
          <button
            type="button"
            tabIndex={-1}
            disabled={readOnly}
            onClick={() => actions.onRenew?.(row)}
            aria-label={`Renew certificate of ${escapeField(row.name)}`}
          >
            Renew…
          </button>
        )}
        <button
          type="button"
          tabIndex={-1}
          disabled={readOnly}
          onClick={() => actions.onDuplicate(row)}
          aria-label={`Duplicate ${escapeField(row.name)}`}
        >
          Duplicate
        </button>
        <button
          type="button"
          tabIndex={-1}
          disabled={readOnly}
          className="danger-text"
          onClick={() => actions.onDelete(row)}
          aria-label={`Delete ${escapeField(row.name)}`}
        >
          Delete
        </button>
      </div>
    </div>
  );
});

export const ConnectionList = memo(function ConnectionList(props: ListProps) {
  const { rows, selectedId, tests, actions, readOnly, loadFailed, storeProblem, ...toolbar } = props;
  const keyOf = useCallback((i: number) => rows[i]?.id ?? String(i), [rows]);
  const renderRow = useCallback(
    (i: number) => {
      const row = rows[i] as ListRow;
      return (
        <ConnectionRow
          row={row}
          selected={row.id === selectedId}
          test={tests.get(row.id)}
          readOnly={Boolean(readOnly)}
          actions={actions}
        />
      );
    },
    [rows, selectedId, tests, readOnly, actions],
  );
  const { filtered } = toolbar;
  return (
    <section className="list" aria-labelledby="list-title">
      <ListToolbar {...toolbar} readOnly={readOnly} shown={rows.length} />
      {rows.length === 0 ? (
        <p className="empty">
          {loadFailed
            ? 'The connections could not be loaded: see the message above.'
            : storeProblem && !filtered
              ? 'Your saved connections could not be read: see the message above. Nothing was deleted.'
              : filtered
                ? 'No connection matches.'
                : toolbar.loading
                  ? 'Loading connections…'
                  : 'No saved connections yet. Add one to get started.'}
        </p>
      ) : (
        <VirtualList
          count={rows.length}
          rowHeight={ROW_HEIGHT}
          label="Saved connections"
          keyOf={keyOf}
          renderRow={renderRow}
          focusSelector=".row-main"
        />
      )}
    </section>
  );
});
