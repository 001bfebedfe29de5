// Saved connections on disk: one versioned JSON document, validated on read, cached in memory
// (one writer per data directory: see lock.ts), written atomically on every change.
// Reading tells four cases apart: no file (a fresh store), a file that cannot be read (permissions:
// nothing is moved, nothing can be saved), a damaged file (moved aside, reported, restorable when its
// records still parse) and a file from a newer jwt-connect (left untouched).
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { CONNECTION_STORE_VERSION, SavedConnection, SECRET_NAMES } from '../../shared/connection.js';
import { readRegularFile, writeFileAtomic, type StoreFile } from './store-file.js';
import type { LegacyBlobs } from './vault.js';
import type { StoreProblem } from '../../shared/api.js';

export const StoredConnection = SavedConnection.extend({
  /** The secrets file revision (see secret-files.ts); absent when nothing is saved on disk. */
  secretsRef: z.string().optional(),
  /** Which secrets that file holds: not secret itself, and lets the list show flags without decrypting. */
  secretsSaved: z.array(z.enum(SECRET_NAMES)).optional(),
});
export type StoredConnection = z.infer<typeof StoredConnection>;

const StoreDocument = z
  .object({
    // No store below version 1 was ever written: a 0 or negative one is an edit (it would re-open the
    // door to secrets files not bound to their connection, which only version-1 stores may hold).
    version: z.number().int().min(1),
    connections: z.array(StoredConnection),
    settings: z
      .object({
        allowWeakVault: z.boolean().default(false),
        /** The id of the connection a terminal command uses when it names none (optional: older stores have none). */
        defaultConnection: z.string().max(200).optional(),
      })
      .default({ allowWeakVault: false }),
  })
  .refine(
    (doc) => new Set(doc.connections.map((c) => c.id)).size === doc.connections.length,
    'two connections share an id',
  );
// Two records with one id (a hand-edited file) would be one in memory, and the next save would drop
// the other for good: that is damage, moved aside and reported, with its file kept.
type StoreDocument = z.infer<typeof StoreDocument>;

/**
 * Our own migrations: MIGRATIONS[n] turns a version-n document into version n+1.
 * 1 → 2: the document is unchanged; version 2 says every secrets file is sealed bound to its
 * connection's id. The re-sealing itself needs the vault, so it is done at start by startup.ts (migrateSecretsBinding),
 * which writes version 2 only once every file is bound. The repository keeps reading version 1.
 */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

/** Secrets blobs sealed before ids were bound open only while the store is still at version 1. */
export function legacyBlobsFor(storeVersion: number): LegacyBlobs {
  return storeVersion < CONNECTION_STORE_VERSION ? 'accept' : 'refuse';
}

export type { StoreProblem };

export interface OpenOptions {
  /** Another process holds the data directory: read, never write, never move. */
  readOnly?: ReadOnlyReason | undefined;
}

/** Why this process may only read: another one holds the folder (STORE_LOCKED), or it cannot be written (STORE_UNWRITABLE). */
export interface ReadOnlyReason {
  message: string;
  hint: string;
  code?: 'STORE_LOCKED' | 'STORE_UNWRITABLE';
}

const EMPTY = (): StoreDocument => ({
  version: CONNECTION_STORE_VERSION,
  connections: [],
  settings: { allowWeakVault: false },
});

export class ConnectionRepository {
  private doc: StoreDocument;
  private readonly byId = new Map<string, StoredConnection>();
  problem: StoreProblem | undefined;
  readonly readOnly: ReadOnlyReason | undefined;
  /** When the store file was last written cleanly (its mtime at open); undefined for no file. */
  readonly lastCleanSave: number | undefined;

  private constructor(
    private readonly file: StoreFile | null,
    readonly storePath: string,
    doc: StoreDocument,
    extra: { problem?: StoreProblem; readOnly?: OpenOptions['readOnly']; lastCleanSave?: number } = {},
  ) {
    this.doc = doc;
    this.problem = extra.problem;
    this.readOnly = extra.readOnly;
    this.lastCleanSave = extra.lastCleanSave;
    for (const c of doc.connections) this.byId.set(c.id, c);
  }

  static open(
    openFile: () => StoreFile,
    storePath: string,
    now: () => Date = () => new Date(),
    options: OpenOptions = {},
  ): ConnectionRepository {
    const readOnly = options.readOnly;
    // A damaged store moved aside earlier (by this or another process, the CLI included) stays
    // offered for restoring until the user chooses: Restore, or Start empty.
    const writable = (doc: StoreDocument, extra: { problem?: StoreProblem; lastCleanSave?: number } = {}) =>
      new ConnectionRepository(readOnly ? null : openFile(), storePath, doc, {
        ...extra,
        problem: extra.problem ?? pendingDamage(storePath),
        readOnly,
      });
    let text: string;
    let mtime: number;
    try {
      text = readRegularFile(storePath);
      mtime = statSync(storePath).mtimeMs;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      if (code === 'ENOENT') return writable(EMPTY());
      return new ConnectionRepository(null, storePath, EMPTY(), { readOnly, problem: unreadable(storePath, code) });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const isObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
    const obj = raw as Record<string, unknown>;
    // `{}` is what conf (the desktop app's writer in earlier versions) wrote for a store never used: a fresh store, not damage.
    if (isObject && Object.keys(obj).length === 0) return writable(EMPTY(), { lastCleanSave: mtime });
    if (isObject && typeof obj.version === 'number' && obj.version > CONNECTION_STORE_VERSION) {
      return new ConnectionRepository(null, storePath, EMPTY(), {
        readOnly,
        problem: {
          code: 'STORE_TOO_NEW',
          message: `The saved connections were written by a newer jwt-connect (store version ${obj.version}; this one knows ${CONNECTION_STORE_VERSION}).`,
          hint: 'Update jwt-connect. The file was left untouched and nothing can be saved until then.',
        },
      });
    }
    const parsed = isObject ? StoreDocument.safeParse(migrate(obj)) : undefined;
    if (parsed?.success) return writable(parsed.data, { lastCleanSave: mtime });

    const restorable = lenientConnections(text).length > 0;
    if (readOnly) {
      // Not ours to move: the process holding the folder decides.
      return new ConnectionRepository(null, storePath, EMPTY(), {
        readOnly,
        problem: {
          code: 'STORE_CORRUPT',
          message: `The saved connections file ${storePath} is damaged, so no connection could be read from it.`,
          hint: readOnly.hint,
          restorable,
        },
      });
    }
    // Never over an older moved-aside file (a clock set back): its references still protect secrets files.
    const stamp = `${storePath}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    let movedTo = stamp;
    for (let n = 2; existsSync(movedTo); n++) movedTo = `${stamp}-${n}`;
    try {
      if (existsSync(storePath)) renameSync(storePath, movedTo);
    } catch (error) {
      return new ConnectionRepository(null, storePath, EMPTY(), {
        problem: unreadable(storePath, (error as NodeJS.ErrnoException).code ?? 'EIO'),
      });
    }
    recordDamage(storePath, movedTo);
    return writable(EMPTY(), {
      problem: {
        code: 'STORE_CORRUPT',
        message:
          'The saved connections file was damaged, so jwt-connect started with an empty list. Every secrets file was kept.',
        hint: `The damaged file was kept as ${movedTo}. ${restorable ? 'Restore it to bring back the connections it still holds, or start empty.' : 'It cannot be read back; put back a backup of connections.json, or start empty.'}`,
        movedTo,
        restorable,
      },
    });
  }

  all(): StoredConnection[] {
    return this.doc.connections;
  }

  get(id: string): StoredConnection | undefined {
    return this.byId.get(id);
  }

  get version(): number {
    return this.doc.version;
  }

  get writable(): boolean {
    return this.file !== null;
  }

  get allowWeakVault(): boolean {
    return this.doc.settings.allowWeakVault;
  }

  setAllowWeakVault(allow: boolean): void {
    this.commit({ ...this.doc, settings: { ...this.doc.settings, allowWeakVault: allow } });
  }

  /** The id of the connection chosen as the default, as stored (it may name one since deleted). */
  get defaultConnection(): string | undefined {
    return this.doc.settings.defaultConnection;
  }

  setDefaultConnection(id: string | undefined): void {
    const { defaultConnection: _old, ...settings } = this.doc.settings;
    this.commit({ ...this.doc, settings: { ...settings, ...(id !== undefined && { defaultConnection: id }) } });
  }

  /** Insert or replace connections, then write once. */
  put(connections: readonly StoredConnection[], version = this.doc.version): void {
    const next = new Map(this.byId);
    for (const c of connections) next.set(c.id, c);
    this.commit({ ...this.doc, version, connections: [...next.values()] });
  }

  remove(id: string): boolean {
    if (!this.byId.has(id)) return false;
    this.commit({ ...this.doc, connections: this.doc.connections.filter((c) => c.id !== id) });
    return true;
  }

  /** The user chose (Restore, Start empty): the damage report is settled and no longer offered. */
  settleDamage(): void {
    this.problem = undefined;
    if (this.file) rmSync(damageNotePath(this.storePath), { force: true });
  }

  /** Throws the reason nothing can be saved, if there is one. */
  assertWritable(): void {
    if (this.file) return;
    if (this.readOnly)
      throw new AppError(this.readOnly.code ?? 'STORE_LOCKED', this.readOnly.message, this.readOnly.hint);
    const p = this.problem;
    throw new AppError(
      p?.code === 'STORE_UNREADABLE' ? 'STORE_UNREADABLE' : 'STORE_TOO_NEW',
      p?.message ?? 'The saved connections cannot be changed.',
      p?.hint,
    );
  }

  private commit(next: StoreDocument): void {
    this.assertWritable();
    // Write first: the in-memory state changes only once the file holds it.
    (this.file as StoreFile).write(next as unknown as Record<string, unknown>);
    this.doc = next;
    this.byId.clear();
    for (const c of next.connections) this.byId.set(c.id, c);
  }
}

function unreadable(storePath: string, code: string): StoreProblem {
  const permission = code === 'EACCES' || code === 'EPERM';
  return {
    code: 'STORE_UNREADABLE',
    message: `jwt-connect cannot read its saved connections file ${storePath} (${code}).`,
    hint: permission
      ? 'The file or its folder does not allow your user to read it: fix its owner or permissions (it should be yours, mode 600), then restart. Nothing was moved or deleted.'
      : code === 'EISDIR' || code === 'ENOTREG'
        ? 'Something other than a file (a folder, a pipe or a device) is in its place: move it away, then restart. Nothing was moved or deleted.'
        : 'The disk refused the read. Check the disk, then restart. Nothing was moved or deleted.',
  };
}

/** Where the report of a damaged store waits for the user's choice: the moved-aside file's name. */
export function damageNotePath(storePath: string): string {
  return `${storePath}.restore-pending`;
}

function recordDamage(storePath: string, movedTo: string): void {
  // Best effort: the move itself is what keeps the bytes; without this note only this session offers them.
  try {
    writeFileAtomic(damageNotePath(storePath), JSON.stringify({ movedTo: basename(movedTo) }));
  } catch {
    /* reported in this session anyway */
  }
}

/** A damage report still waiting for the user's choice, if its moved-aside file is still there. */
function pendingDamage(storePath: string): StoreProblem | undefined {
  let movedTo: string;
  try {
    const name = (JSON.parse(readRegularFile(damageNotePath(storePath), 4096)) as { movedTo?: unknown }).movedTo;
    // Only a name beside the store, as written above: a note never points jwt-connect elsewhere.
    if (typeof name !== 'string' || name !== basename(name) || !name.startsWith(`${basename(storePath)}.corrupt-`))
      return undefined;
    movedTo = join(dirname(storePath), name);
    if (!existsSync(movedTo)) return undefined;
  } catch {
    return undefined;
  }
  let restorable = false;
  try {
    restorable = lenientConnections(readRegularFile(movedTo)).length > 0;
  } catch {
    /* unreadable now: not restorable */
  }
  return {
    code: 'STORE_CORRUPT',
    message:
      'The saved connections file was found damaged and moved aside; what it still holds has not been restored. Every secrets file was kept.',
    hint: `The damaged file is kept as ${movedTo}. ${restorable ? 'Restore it to bring back the connections it still holds, or start empty.' : 'It cannot be read back; put back a backup of connections.json, or start empty.'}`,
    movedTo,
    restorable,
  };
}

/** The connections of a damaged store that still validate one by one (for "Restore it"). */
export function lenientConnections(text: string): StoredConnection[] {
  let raw: unknown;
  // A byte-order mark (an editor's) is damage to the store, but the records behind it are intact.
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return [];
  }
  const list = (raw as { connections?: unknown } | null)?.connections;
  if (!Array.isArray(list)) return [];
  return list.flatMap((c) => {
    const parsed = StoredConnection.safeParse(c);
    return parsed.success ? [parsed.data] : [];
  });
}

function migrate(doc: Record<string, unknown>): Record<string, unknown> {
  let current = doc;
  let version = typeof current.version === 'number' ? current.version : CONNECTION_STORE_VERSION;
  while (version < CONNECTION_STORE_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) break;
    current = { ...step(current), version: version + 1 };
    version += 1;
  }
  return current;
}
