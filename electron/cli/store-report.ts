// A data folder whose saved connections cannot be read is reported by the terminal as the window
// reports it: what happened, where the bytes are kept, and how to get them back (jwt-connect restore
// or the window). Never "No saved connections": an empty list would hide the damage.
import { AppError } from '../../shared/errors.js';
import type { StoreProblem } from '../connections/repository.js';

export function storeProblemError(problem: StoreProblem, dataDir: string): AppError {
  if (problem.code !== 'STORE_CORRUPT') return new AppError(problem.code, problem.message, problem.hint, { dataDir });
  if (!problem.movedTo) {
    // Found by a command that only reads: the file is left where it is, as it is.
    return new AppError(
      'STORE_CORRUPT',
      `${problem.message} Nothing was changed.`,
      `${problem.restorable ? 'Run jwt-connect restore to move it aside and bring back the connections it still holds' : 'Run jwt-connect restore to move it aside (it holds no connection that can be read back), then put back a backup with jwt-connect restore BACKUP'}, or open the jwt-connect window, which offers the same.`,
      { dataDir, restorable: problem.restorable === true },
    );
  }
  return new AppError(
    'STORE_CORRUPT',
    `The saved connections file in ${dataDir} was damaged. It was moved aside to ${problem.movedTo}; every secrets file was kept.`,
    problem.restorable
      ? `Bring back the connections it still holds with: jwt-connect restore ${problem.movedTo} (or open the jwt-connect window, which offers Restore). Then run the command again.`
      : `It holds no connection that can be read back: put back a backup with jwt-connect restore BACKUP, or open the jwt-connect window and choose Start empty (jwt-connect restore --start-empty).`,
    { dataDir, movedTo: problem.movedTo, restorable: problem.restorable === true },
  );
}
