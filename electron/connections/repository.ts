// Saved connections on disk: one versioned JSON document, validated on read, cached in memory
// (one app instance at a time), written atomically on every change.
import { existsSync, renameSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { CONNECTION_STORE_VERSION, SavedConnection, SECRET_NAMES } from '../../shared/connection.js';
import type { StoreFile } from './store-file.js';

export const StoredConnection = SavedConnection.extend({
  /** The secrets file revision (see secret-files.ts); absent when nothing is saved on disk. */
  secretsRef: z.string().optional(),
  /** Which secrets that file holds: not secret itself, and lets the list show flags without decrypting. */
  secretsSaved: z.array(z.enum(SECRET_NAMES)).optional(),
});
export type StoredConnection = z.infer<typeof StoredConnection>;

const StoreDocument = z.object({
  version: z.number().int(),
  connections: z.array(StoredConnection),
  settings: z.object({ allowWeakVault: z.boolean().default(false) }).default({ allowWeakVault: false }),
});
type StoreDocument = z.infer<typeof StoreDocument>;

/** Our own migrations: MIGRATIONS[n] turns a version-n document into version n+1. None yet. */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

export interface StoreProblem {
  code: 'STORE_CORRUPT' | 'STORE_TOO_NEW';
  message: string;
  hint: string;
  movedTo?: string;
}

export class ConnectionRepository {
  private doc: StoreDocument;
  private readonly byId = new Map<string, StoredConnection>();
  readonly problem: StoreProblem | undefined;

  private constructor(private readonly file: StoreFile | null, doc: StoreDocument, problem?: StoreProblem) {
    this.doc = doc;
    this.problem = problem;
    for (const c of doc.connections) this.byId.set(c.id, c);
  }

  /**
   * Opens the store. A file that cannot be read or validated is moved aside with a timestamp and
   * reported; a file from a newer jwt-connect is left alone and the repository is read-only.
   */
  static open(openFile: () => StoreFile, storePath: string, now: () => Date = () => new Date()): ConnectionRepository {
    const empty: StoreDocument = { version: CONNECTION_STORE_VERSION, connections: [], settings: { allowWeakVault: false } };
    let file: StoreFile | undefined;
    let raw: Record<string, unknown> | undefined; // stays undefined when unreadable or not a JSON object
    try {
      file = openFile();
      const value = file.read();
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) raw = value as Record<string, unknown>;
    } catch { /* handled below as corrupt */ }
    if (raw && Object.keys(raw).length === 0) return new ConnectionRepository(file as StoreFile, empty);
    if (typeof raw?.version === 'number' && raw.version > CONNECTION_STORE_VERSION) {
      return new ConnectionRepository(null, empty, {
        code: 'STORE_TOO_NEW',
        message: `The saved connections were written by a newer jwt-connect (store version ${raw.version}; this one knows ${CONNECTION_STORE_VERSION}).`,
        hint: 'Update jwt-connect. The file was left untouched and nothing can be saved until then.',
      });
    }
    const parsed = raw && StoreDocument.safeParse(migrate(raw));
    if (parsed?.success) return new ConnectionRepository(file as StoreFile, parsed.data);

    const movedTo = `${storePath}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    if (existsSync(storePath)) renameSync(storePath, movedTo);
    return new ConnectionRepository(openFile(), empty, {
      code: 'STORE_CORRUPT',
      message: 'The saved connections file could not be read, so jwt-connect started with an empty list.',
      hint: `The old file was kept as ${movedTo}; nothing in it was deleted.`,
      movedTo,
    });
  }

  all(): StoredConnection[] {
    return this.doc.connections;
  }

  get(id: string): StoredConnection | undefined {
    return this.byId.get(id);
  }

  get allowWeakVault(): boolean {
    return this.doc.settings.allowWeakVault;
  }

  setAllowWeakVault(allow: boolean): void {
    this.commit({ ...this.doc, settings: { ...this.doc.settings, allowWeakVault: allow } });
  }

  /** Insert or replace connections, then write once. */
  put(connections: readonly StoredConnection[]): void {
    const next = new Map(this.byId);
    for (const c of connections) next.set(c.id, c);
    this.commit({ ...this.doc, connections: [...next.values()] });
  }

  remove(id: string): boolean {
    if (!this.byId.has(id)) return false;
    this.commit({ ...this.doc, connections: this.doc.connections.filter((c) => c.id !== id) });
    return true;
  }

  private commit(next: StoreDocument): void {
    if (!this.file) {
      throw new AppError('STORE_TOO_NEW', this.problem?.message ?? 'The saved connections cannot be changed.', this.problem?.hint);
    }
    // Write first: the in-memory state changes only once the file holds it.
    this.file.write(next as unknown as Record<string, unknown>);
    this.doc = next;
    this.byId.clear();
    for (const c of next.connections) this.byId.set(c.id, c);
  }
}

function migrate(doc: Record<string, unknown>): Record<string, unknown> {
  let current = doc;
  let version = typeof current.version === 'number' ? current.version : CONNECTION_STORE_VERSION;
  while (version < CONNECTION_STORE_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) break;
    current = step(current);
    version += 1;
  }
  return current;
}
