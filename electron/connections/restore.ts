// The way back from a damaged store: "Restore it" brings back the connections the moved-aside file
// still holds (each record that validates), "Start empty" acknowledges the report. The moved-aside
// file is kept either way, and its secrets files stay protected from the sweep (startup.ts).
import { readRegularFile } from './store-file.js';
import { AppError } from '../../shared/errors.js';
import { freeName, type ServiceContext } from './context.js';
import { lenientConnections, type StoredConnection } from './repository.js';

export function restoreStore(ctx: ServiceContext): { restored: number } {
  const problem = ctx.repository.problem;
  if (problem?.code !== 'STORE_CORRUPT' || !problem.movedTo) {
    throw new AppError('BAD_INPUT', 'There is no damaged store to restore.', 'Nothing was moved aside in this session.');
  }
  ctx.repository.assertWritable();
  let text: string;
  try {
    text = readRegularFile(problem.movedTo);
  } catch {
    throw new AppError('STORE_UNREADABLE', `The moved-aside file ${problem.movedTo} cannot be read any more.`, 'Put back a backup of connections.json, or start empty.');
  }
  const found = lenientConnections(text);
  if (found.length === 0) {
    throw new AppError('STORE_CORRUPT', `Nothing in ${problem.movedTo} can be read back.`, 'Put back a backup of connections.json (with jwt-connect closed), or start empty.');
  }
  // Connections made since the damage was found keep theirs; a restored one that clashes is renamed.
  const taken = new Set(ctx.repository.all().map((c) => c.name.toLowerCase()));
  const restored: StoredConnection[] = [];
  const seen = new Set<string>();
  for (const c of found) {
    if (ctx.repository.get(c.id) || seen.has(c.id)) continue; // ids are unique: the first wins
    seen.add(c.id);
    const name = freeName(c.name, taken);
    taken.add(name.toLowerCase());
    restored.push({ ...c, name });
  }
  ctx.repository.put(restored);
  ctx.repository.problem = undefined;
  resealLegacy(ctx, restored);
  return { restored: restored.length };
}

/**
 * A store moved aside before the version-2 migration names secrets files not yet bound to their
 * connection, which a version-2 store refuses: re-seal those now (new file first, then the metadata),
 * as the startup migration would have done. Files that do not open are left for the user to repair.
 */
function resealLegacy(ctx: ServiceContext, restored: readonly StoredConnection[]): void {
  const { vault } = ctx;
  if (!vault.persistent) return;
  const before = vault.acceptLegacy;
  vault.acceptLegacy = true;
  try {
    const entries = restored.flatMap((c) => {
      if (!c.secretsRef || !ctx.secretFiles.exists(c.secretsRef)) return [];
      try {
        const opened = vault.openChecked(ctx.secretFiles.read(c.secretsRef), c.id);
        return opened.legacy ? [[ctx.stored(c.id), opened.secrets] as const] : [];
      } catch { return []; }
    });
    if (entries.length) ctx.save(entries);
  } finally {
    vault.acceptLegacy = before;
  }
}

export function startEmpty(ctx: ServiceContext): { ok: true } {
  const problem = ctx.repository.problem;
  if (problem?.code === 'STORE_CORRUPT') ctx.repository.problem = undefined;
  return { ok: true };
}
