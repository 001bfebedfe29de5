// What the window says when the saved-connections file could not be used (damaged, unreadable or too new): the file
// that was moved aside, "Restore it" when it still parses, "Start empty"; a permissions problem
// shows its hint only (nothing was moved). And the banner for a data folder another process holds.
import { useState } from 'react';
import type { ApiOutputs, StoreProblem } from '../../shared/api.js';
import type { ErrorInfo } from '../../shared/errors.js';
import { call, errorInfo } from '../api-client.js';

export type ShellStatus = ApiOutputs['vaultStatus'] & {
  storeProblem?: StoreProblem;
  readOnly?: { message: string; hint: string };
};

export function StoreProblemBanner({
  problem,
  readOnly,
  onResolved,
  onError,
}: {
  problem: StoreProblem;
  readOnly: boolean;
  onResolved: (message: string) => void | Promise<void>;
  onError: (error: ErrorInfo) => void;
}) {
  const [busy, setBusy] = useState(false);
  const unreadable = problem.code === 'STORE_UNREADABLE';
  const canRestore = !unreadable && !readOnly && problem.restorable === true;
  const canStartEmpty = !unreadable && !readOnly && problem.movedTo !== undefined;

  async function act(method: 'restoreStore' | 'startEmpty') {
    setBusy(true);
    try {
      if (method === 'restoreStore') {
        const answer = await call('restoreStore', {});
        await onResolved(
          `Restored ${answer.restored} connection${answer.restored === 1 ? '' : 's'} from the moved-aside file.`,
        );
      } else {
        await call('startEmpty', {});
        await onResolved('Starting empty. The damaged file stays where it was moved.');
      }
    } catch (e) {
      onError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="banner error store-problem" role="alert">
      <strong>{problem.message}</strong> {problem.hint}
      {problem.movedTo && !problem.hint.includes(problem.movedTo) && (
        <div className="moved-to">
          Moved aside as <code>{problem.movedTo}</code>
        </div>
      )}
      {(canRestore || canStartEmpty) && (
        <div className="banner-actions">
          {canRestore && (
            <button type="button" className="primary" disabled={busy} onClick={() => void act('restoreStore')}>
              Restore it
            </button>
          )}
          {canStartEmpty && (
            <button type="button" disabled={busy} onClick={() => void act('startEmpty')}>
              Start empty
            </button>
          )}
        </div>
      )}
    </div>
  );
}

export function ReadOnlyBanner({ readOnly }: { readOnly: { message: string; hint: string } }) {
  return (
    <div className="banner warn read-only" role="status">
      <strong>Read-only: {readOnly.message.replace(/^Read-only:\s*/i, '')}</strong> {readOnly.hint} Adding, saving,
      importing and deleting are off until then.
    </div>
  );
}
