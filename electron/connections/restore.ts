// The way back from a damaged store: "Restore it" brings back the connections the moved-aside file
// still holds (each record that validates), "Start empty" acknowledges the report. The moved-aside
// file is kept either way, and its secrets files stay protected from the sweep (startup.ts).
import { readRegularFile } from './store-file.js';

/** Far above any store (10,000 connections are a few MB): a bigger file is not one. */
const MAX_STORE_BYTES = 200_000_000;
import { AppError } from '../../shared/errors.js';
import { freeName, type ServiceContext } from './context.js';
import { lenientConnections, type StoredConnection } from './repository.js';

/**
 * Brings back the connections of the moved-aside file on offer, or of `file` (the terminal's
 * `jwt-connect restore FILE`: a moved-aside file or a backup of connections.json; the window never
 * names a path). Restoring the file on offer settles its report.
 */
export function restoreStore(ctx: ServiceContext, file?: string): { restored: number } {
  const problem = ctx.repository.problem;
  const offered = problem?.code === 'STORE_CORRUPT' ? problem.movedTo : undefined;
  const source = file ?? offered;
  if (!source) {
    throw new AppError(
      'BAD_INPUT',
      'There is no damaged store to restore.',
      'Nothing was moved aside in this session.',
    );
  }
  ctx.repository.assertWritable();
  let text: string;
  try {
    text = readRegularFile(source, MAX_STORE_BYTES);
  } catch {
    throw new AppError(
      'STORE_UNREADABLE',
      `The file ${source} cannot be read${file ? '' : ' any more'}.`,
      'Put back a backup of connections.json, or start empty.',
    );
  }
  const found = lenientConnections(text);
  if (found.length === 0) {
    throw new AppError(
      'STORE_CORRUPT',
      `Nothing in ${source} can be read back as saved connections.`,
      'Put back a backup of connections.json (with jwt-connect closed), or start empty.',
    );
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
  if (source === offered) ctx.repository.settleDamage();
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
  const entries = restored.flatMap((c) => {
    if (!c.secretsRef || !ctx.secretFiles.exists(c.secretsRef)) return [];
    try {
      const opened = vault.openChecked(ctx.secretFiles.read(c.secretsRef), c.id, 'accept');
      return opened.legacy ? [[ctx.stored(c.id), opened.secrets] as const] : [];
    } catch {
      return [];
    }
  });
  if (entries.length) ctx.save(entries);
}

export function startEmpty(ctx: ServiceContext): { ok: true } {
  const problem = ctx.repository.problem;
  if (problem?.code === 'STORE_CORRUPT') ctx.repository.settleDamage();
  return { ok: true };
}
