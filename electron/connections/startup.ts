// What the process holding the data directory does at start: tighten modes (folder 0700, files 0600,
// whatever the umask was), remove temp files of killed writes, remove secrets files that are provably
// orphaned, and re-seal secrets files sealed before ids were bound (store version 1 → 2).
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CONNECTION_STORE_VERSION } from '../../shared/connection.js';
import type { ServiceContext } from './context.js';
import { REF_IN_TEXT } from './secret-files.js';
import { removeLockLeftovers } from './lock.js';
import { readRegularFile, removeTempFiles } from './store-file.js';

/** Folder 0700, files 0600: only this user reads the data, whatever umask created it. */
export function tightenModes(dir: string): void {
  tighten(dir, 0o700);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      continue;
    }
    if (isDir && name === 'secrets') tightenModes(path);
    else if (!isDir) tighten(path, 0o600);
  }
}

function tighten(path: string, mode: number): void {
  try {
    const current = statSync(path).mode & 0o777;
    if (current & ~mode) chmodSync(path, mode);
  } catch {
    /* not ours to change (another owner): reading still works */
  }
}

/** Every secrets reference in the store and in moved-aside damaged stores (read leniently: any id-shaped text). */
export function referencedSecrets(ctx: ServiceContext): Set<string> {
  const refs = new Set(ctx.repository.all().flatMap((c) => (c.secretsRef ? [c.secretsRef] : [])));
  const dir = dirname(ctx.repository.storePath);
  const base = basename(ctx.repository.storePath);
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    /* none */
  }
  for (const name of names) {
    if (!name.startsWith(`${base}.corrupt-`)) continue;
    try {
      const text = readRegularFile(join(dir, name));
      // Cut short or overwritten (not JSON): the references it lost are unknown, so nothing may be swept.
      if (!parsesAsJson(text)) return new Set(['*']);
      for (const ref of text.match(REF_IN_TEXT) ?? []) refs.add(ref);
    } catch {
      /* unreadable: its references are unknown, so nothing may be swept */
      return new Set(['*']);
    }
  }
  return refs;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text.replace(/^\uFEFF/, ''));
    return true;
  } catch {
    return false;
  }
}

export function startUp(ctx: ServiceContext): void {
  const { repository, secretFiles } = ctx;
  if (!repository.writable) return; // another process's folder, or one we cannot read: touch nothing
  const dataDir = dirname(repository.storePath);
  tightenModes(dataDir);
  removeTempFiles(dataDir);
  removeLockLeftovers(dataDir);
  if (!repository.problem) {
    const refs = referencedSecrets(ctx);
    if (!refs.has('*')) secretFiles.sweep(refs, repository.lastCleanSave);
  }
  if (repository.version < CONNECTION_STORE_VERSION) migrateSecretsBinding(ctx);
}

/**
 * Version 1 → 2: re-seal every secrets file bound to its connection id. Each connection gets a new
 * file before the metadata points at it (ctx.save), so a crash loses nothing; the store says version
 * 2 only when every file is bound. Files that cannot be opened now (other keyring) are left as they
 * are and the migration is tried again at the next start.
 */
export function migrateSecretsBinding(ctx: ServiceContext): { resealed: number; pending: number } {
  const { repository, vault } = ctx;
  if (!vault.persistent) return { resealed: 0, pending: repository.all().length };
  const entries = [];
  let pending = 0;
  for (const c of repository.all()) {
    if (!c.secretsRef || ctx.sessionSecrets.has(c.id)) continue;
    if (!ctx.secretFiles.exists(c.secretsRef)) continue; // nothing to re-seal
    let sealed;
    try {
      sealed = ctx.secretFiles.read(c.secretsRef);
    } catch {
      continue;
    } // damaged: nothing to re-seal
    try {
      const opened = vault.openChecked(sealed, c.id, ctx.legacyBlobs);
      if (opened.legacy) entries.push([c, opened.secrets] as const); // files already bound are left as they are
    } catch {
      // Sealed by a keyring not available now: it may come back, so try again at the next start.
      // Same keyring but undecryptable: damaged for good, it does not hold the migration back.
      if (sealed.backend !== vault.status().backend) pending++;
    }
  }
  if (entries.length) ctx.save(entries);
  if (pending === 0) repository.put([], CONNECTION_STORE_VERSION);
  return { resealed: entries.length, pending };
}
