// Sealed secrets live one file per revision under <data>/secrets/, apart from the metadata file, so a
// save rewrites only the small metadata document plus one blob. A new revision is written before the
// metadata points at it and the old one is removed after, so a crash at any moment leaves the
// metadata pointing at a complete file. A file is deleted at start only when provably orphaned: no
// store file names it (moved-aside damaged stores included) and it is older than the last clean save.
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { open as openAsync, rename as renameAsync, rm as rmAsync } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { fsyncDir, guardWrite, readRegularFile } from './store-file.js';
import type { SealedSecrets } from './vault.js';

const SealedFile = z.object({ backend: z.string(), data: z.string() });
const REF = /^[0-9a-f-]{36}$/;
/** A revision name anywhere in a text: how a damaged store's references are still found. */
export const REF_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** A sealed secrets file is a few KB (the key file is capped at ~1 MB of base64). */
const MAX_SECRETS_FILE = 4_000_000;

export class SecretFiles {
  readonly dir: string;
  /** Which revisions exist, listed once and kept up to date: "is it missing?" without a disk call. */
  private present: Set<string> | undefined;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'secrets');
  }

  write(sealed: SealedSecrets): string {
    const ref = randomUUID();
    const target = join(this.dir, `${ref}.json`);
    const temp = `${target}.tmp`;
    guardWrite(target, () => {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const fd = openSync(temp, 'w', 0o600);
      try {
        writeSync(fd, JSON.stringify(sealed));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, target);
    });
    this.present?.add(ref);
    return ref;
  }

  /** The same, off the event loop (the thread pool does the write and fsync): for imports in bulk. */
  async writeAsync(sealed: SealedSecrets): Promise<string> {
    const ref = randomUUID();
    const target = join(this.dir, `${ref}.json`);
    const temp = `${target}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const handle = await openAsync(temp, 'w', 0o600);
      try {
        await handle.writeFile(JSON.stringify(sealed));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await renameAsync(temp, target);
    } catch (error) {
      await rmAsync(temp, { force: true });
      return guardWrite(target, () => {
        throw error;
      });
    }
    this.present?.add(ref);
    return ref;
  }

  /** Makes the renames of a batch durable. */
  syncDir(): void {
    fsyncDir(this.dir);
  }

  read(ref: string): SealedSecrets {
    if (!REF.test(ref))
      throw new AppError(
        'VAULT_UNAVAILABLE',
        'This connection points at an invalid secrets file.',
        'Enter the passwords and pick the key file again, then save.',
      );
    let text: string;
    try {
      text = readRegularFile(join(this.dir, `${ref}.json`), MAX_SECRETS_FILE);
    } catch {
      this.present?.delete(ref);
      throw missingError();
    }
    try {
      return SealedFile.parse(JSON.parse(text));
    } catch {
      throw new AppError(
        'VAULT_UNAVAILABLE',
        "This connection's saved secrets file is damaged.",
        'Enter the passwords and pick the key file again, then save: that replaces them.',
      );
    }
  }

  /** Cheap: from a listing made once. */
  exists(ref: string): boolean {
    if (!this.present) {
      let names: string[] = [];
      try {
        names = readdirSync(this.dir);
      } catch {
        /* no folder yet */
      }
      this.present = new Set(names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)));
    }
    return this.present.has(ref);
  }

  remove(ref: string): void {
    if (!REF.test(ref)) return;
    rmSync(join(this.dir, `${ref}.json`), { force: true });
    this.present?.delete(ref);
  }

  /**
   * Removes half-written temp files, and blobs that are provably orphaned: named by no store
   * (`inUse` holds every reference of the current and the moved-aside stores) and older than the
   * last clean save. Without a clean save to compare with, no blob is removed.
   */
  sweep(inUse: ReadonlySet<string>, lastCleanSave: number | undefined): number {
    let removed = 0;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return 0;
    }
    for (const name of names) {
      const path = join(this.dir, name);
      if (name.endsWith('.tmp')) {
        rmSync(path, { force: true });
        removed++;
        continue;
      }
      const ref = name.replace(/\.json$/, '');
      if (!name.endsWith('.json') || inUse.has(ref) || lastCleanSave === undefined) continue;
      try {
        if (statSync(path).mtimeMs >= lastCleanSave) continue;
      } catch {
        continue;
      }
      rmSync(path, { force: true });
      this.present?.delete(ref);
      removed++;
    }
    return removed;
  }
}

export function missingError(): AppError {
  return new AppError(
    'VAULT_UNAVAILABLE',
    "This connection's saved secrets file is missing.",
    'Enter the passwords and pick the key file again, then save: that replaces them.',
  );
}
