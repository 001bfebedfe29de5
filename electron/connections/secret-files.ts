// Sealed secrets live one file per revision under <data>/secrets/, apart from the metadata file, so a
// save rewrites only the small metadata document plus one blob. A new revision is written before the
// metadata points at it and the old one is removed after, so a crash at any moment leaves the
// metadata pointing at a complete file. Files nobody points at (left by a crash) are swept at start.
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import type { SealedSecrets } from './vault.js';

const SealedFile = z.object({ backend: z.string(), data: z.string() });
const REF = /^[0-9a-f-]{36}$/;

export class SecretFiles {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'secrets');
  }

  write(sealed: SealedSecrets): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const ref = randomUUID();
    const target = join(this.dir, `${ref}.json`);
    const temp = `${target}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(sealed));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
    return ref;
  }

  read(ref: string): SealedSecrets {
    if (!REF.test(ref)) throw new AppError('VAULT_UNAVAILABLE', 'This connection points at an invalid secrets file.');
    try {
      return SealedFile.parse(JSON.parse(readFileSync(join(this.dir, `${ref}.json`), 'utf8')));
    } catch {
      throw new AppError('VAULT_UNAVAILABLE', 'This connection\'s saved secrets are missing or damaged.',
        'Enter the passwords and pick the key file again, then save.');
    }
  }

  remove(ref: string): void {
    if (REF.test(ref)) rmSync(join(this.dir, `${ref}.json`), { force: true });
  }

  /** Remove blobs no connection points at, and half-written temp files. */
  sweep(inUse: ReadonlySet<string>): number {
    let removed = 0;
    let names: string[];
    try { names = readdirSync(this.dir); } catch { return 0; }
    for (const name of names) {
      const ref = name.replace(/\.json(\.tmp)?$/, '');
      if (name.endsWith('.tmp') || (name.endsWith('.json') && !inUse.has(ref))) {
        rmSync(join(this.dir, name), { force: true });
        removed++;
      }
    }
    return removed;
  }
}
