// The secrets password in the running service: locked until unlocked once per session; set
// (sealing every saved secret under it) and changed (re-sealing them under the new one).
//
// A change, in this order, each step durable before the next (files: temp + fsync + rename):
//   1. every connection's secrets sealed under the new key, in new files;
//   2. the new password file, marked pending, which also holds the replaced keys wrapped under the new key;
//   3. ONE metadata write pointing every connection at its new file (the commit);
//   4. the password file again, settled (no replaced keys); 5. the old secrets files removed.
// Unlocking a pending file finishes steps 1–5 (a crash between 2 and 4: some secrets still under a
// replaced key or, for a first set, under the OS keychain).
// A crash before 2 leaves the old password and the old files (new ones are swept as unreferenced);
// from 2 on, the new password opens both old and new files; an error before 3 puts the old password
// file back and removes the new files. A wrong password is refused before anything is written.
import { AppError } from '../../shared/errors.js';
import { SECRET_NAMES, type ConnectionSecrets, type VaultStatus } from '../../shared/connection.js';
import type { ServiceContext } from './context.js';
import {
  PASSWORD_BACKEND,
  passwordVaultState,
  preparePasswordFile,
  readPasswordFileText,
  removePasswordFile,
  unlockPasswordCipher,
  writePasswordFile,
  type PasswordCipher,
} from './password-cipher.js';
import type { StoredConnection } from './repository.js';
import { Vault, type CipherChoice, type SecretCipher } from './vault.js';
import { ENV } from '../../shared/env-vars.js';

/** New secrets files written between two turns of the event loop. */
const YIELD_EVERY = 8;

export type ResealStep = 'sealing' | 'sealed' | 'password-file' | 'committed' | 'cleaned';

export interface SecretsPasswordOptions {
  dataDir: string;
  /** The platform's own vault (OS keychain, dev key), used while no password is set. */
  platformChoice: (allowWeak: boolean) => CipherChoice;
  /** Crash and failure tests: called after each step of a re-seal; a throw is a failure there. */
  onStep?: (step: ResealStep) => void;
}

const lockedError = () =>
  new AppError(
    'SECRETS_LOCKED',
    'Saved secrets are locked.',
    `Unlock them with the secrets password (the banner at the top of the window; in a terminal, ${ENV.secretsPassword.name}).`,
  );

/** Stands in for the password cipher until it is unlocked: every use says "locked". */
const LOCKED: SecretCipher = {
  backend: PASSWORD_BACKEND,
  encrypt: () => {
    throw lockedError();
  },
  decrypt: () => {
    throw lockedError();
  },
};

export class SecretsPassword {
  readonly dataDir: string;
  private readonly platformChoice: (allowWeak: boolean) => CipherChoice;
  readonly onStep: (step: ResealStep) => void;
  private unlocked: PasswordCipher | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: SecretsPasswordOptions) {
    this.dataDir = options.dataDir;
    this.platformChoice = options.platformChoice;
    this.onStep = options.onStep ?? (() => undefined);
  }

  /** The Vault's cipher chooser: the password's cipher once set (a locked one until unlocked), else the platform's. */
  readonly choose = (allowWeak: boolean): CipherChoice => {
    if (this.unlocked) return { cipher: this.unlocked, persistent: true };
    if (passwordVaultState(this.dataDir) === 'present') return { cipher: LOCKED, persistent: true };
    return this.platformChoice(allowWeak);
  };

  state(): 'none' | 'locked' | 'unlocked' {
    if (this.unlocked) return 'unlocked';
    return passwordVaultState(this.dataDir) === 'present' ? 'locked' : 'none';
  }

  status(): Pick<VaultStatus, 'secretsPassword' | 'passwordOffered'> {
    const state = this.state();
    if (state !== 'none') return { secretsPassword: state, passwordOffered: false };
    const platform = this.platformChoice(false);
    return { secretsPassword: state, passwordOffered: !platform.persistent || platform.weakChoice !== undefined };
  }

  /** The platform's cipher, to read secrets sealed before the password was set. */
  platformCipher(allowWeak: boolean): SecretCipher | null {
    return this.platformChoice(allowWeak).cipher;
  }

  setUnlocked(cipher: PasswordCipher | null): void {
    this.unlocked = cipher;
  }

  /** One password operation at a time (a double click must not run two changes). */
  exclusive<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** Opens saved secrets for this session; finishes a change a crash interrupted. */
export function unlockSecrets(ctx: ServiceContext, sp: SecretsPassword, password: string): Promise<void> {
  return sp.exclusive(async () => {
    if (sp.state() === 'none') {
      throw new AppError(
        'BAD_INPUT',
        'No secrets password is set for these connections.',
        'Set one first, if you want one.',
      );
    }
    const cipher = await unlockPasswordCipher(sp.dataDir, password);
    sp.setUnlocked(cipher);
    rechoose(ctx);
    if (!cipher.pending || !ctx.repository.writable) return; // a read-only process leaves the finishing to the holder
    try {
      await reseal(ctx, sp, cipher, { writeFile: null, restore: null });
    } catch {
      // The store cannot be written now (read-only, another process): every secret still opens as it is.
    }
  });
}

/** Sets the secrets password, or changes it (`currentPassword` required then), re-sealing every saved secret. */
export function setSecretsPassword(
  ctx: ServiceContext,
  sp: SecretsPassword,
  password: string,
  currentPassword?: string,
): Promise<void> {
  return sp.exclusive(async () => {
    // Another process holds the folder (or it cannot be written): its password file is not ours to write.
    ctx.repository.assertWritable();
    let current: PasswordCipher | undefined;
    const restore = readPasswordFileText(sp.dataDir);
    if (restore !== null) {
      if (!currentPassword) {
        throw new AppError('BAD_INPUT', 'Type the current secrets password to change it.', undefined, {
          field: 'currentPassword',
        });
      }
      try {
        current = await unlockPasswordCipher(sp.dataDir, currentPassword);
      } catch (error) {
        if (error instanceof AppError && error.code === 'SECRETS_PASSWORD_WRONG') {
          throw new AppError(error.code, 'That is not the current secrets password.', error.hint, {
            field: 'currentPassword',
          });
        }
        throw error;
      }
      // The session may still have been locked: the current password opens it too.
      if (sp.state() === 'locked') {
        sp.setUnlocked(current);
        rechoose(ctx);
      }
    }
    const next = await preparePasswordFile(password, current);
    await reseal(ctx, sp, next.cipher, { writeFile: next.text, restore });
  });
}

/**
 * Moves every connection's secrets under `target`'s own key: those in this session's memory, those
 * sealed by the platform's cipher, and those sealed under keys `target` replaces. Files that cannot
 * be read (damaged, another keyring) are left as they are. See the header for the order.
 *
 * The new files are written in batches that let the event loop breathe (a thousand connections take
 * seconds: the window must stay live). Nothing points at them yet, so other calls may run meanwhile;
 * any connection they changed, added or deleted is redone in the final synchronous part, which ends
 * with the one metadata write.
 */
async function reseal(
  ctx: ServiceContext,
  sp: SecretsPassword,
  target: PasswordCipher,
  file: { writeFile: string | null; restore: string | null },
): Promise<void> {
  const writer = new Vault(() => ({ cipher: target, persistent: true }));
  const readers = new Map<string, Vault>([[PASSWORD_BACKEND, writer]]);
  const platform = sp.platformCipher(ctx.repository.allowWeakVault);
  if (platform && platform.backend !== PASSWORD_BACKEND)
    readers.set(platform.backend, new Vault(() => ({ cipher: platform, persistent: true })));

  /** Per connection id: the record as it was when handled, and its new file if it needed one. */
  const handled = new Map<string, { basis: StoredConnection; move?: { record: StoredConnection; newRef: string } }>();
  const handle = (c: StoredConnection) => {
    const secrets = readForReseal(ctx, c, target, readers);
    const saved = secrets ? SECRET_NAMES.filter((n) => secrets[n] !== undefined) : [];
    if (!secrets || saved.length === 0) return handled.set(c.id, { basis: c });
    const newRef = ctx.secretFiles.write(writer.seal(secrets, c.id));
    handled.set(c.id, { basis: c, move: { record: { ...c, secretsRef: newRef, secretsSaved: saved }, newRef } });
    sp.onStep('sealing');
  };
  const newRefs = () => [...handled.values()].flatMap((h) => (h.move ? [h.move.newRef] : []));
  let fileWritten = false;
  try {
    let sinceYield = 0;
    for (const c of [...ctx.repository.all()]) {
      handle(c);
      if (++sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    // Synchronous from here to the commit: redo what changed meanwhile, drop what was deleted.
    const current = new Set(ctx.repository.all().map((c) => c.id));
    for (const [id, h] of handled) {
      if (!current.has(id) || ctx.repository.get(id) !== h.basis) {
        if (h.move) ctx.secretFiles.remove(h.move.newRef);
        handled.delete(id);
      }
    }
    for (const c of ctx.repository.all()) if (!handled.has(c.id)) handle(c);
    sp.onStep('sealed');
    if (file.writeFile !== null) {
      writePasswordFile(sp.dataDir, file.writeFile);
      fileWritten = true;
    }
    sp.onStep('password-file');
    const records = [...handled.values()].flatMap((h) => (h.move ? [h.move.record] : []));
    if (records.length) ctx.repository.put(records);
  } catch (error) {
    // Not committed: the old password file and the old secrets files are what counts.
    if (fileWritten) {
      if (file.restore === null) removePasswordFile(sp.dataDir);
      else writePasswordFile(sp.dataDir, file.restore);
    }
    for (const ref of newRefs()) ctx.secretFiles.remove(ref);
    throw error;
  }
  // Committed: this session now uses the new key.
  const moved = [...handled.values()].filter((h) => h.move);
  sp.setUnlocked(target);
  for (const h of moved) ctx.sessionSecrets.delete(h.basis.id);
  rechoose(ctx);
  try {
    sp.onStep('committed');
    writePasswordFile(sp.dataDir, target.settledFileText());
    sp.onStep('cleaned');
    ctx.removeUnreferenced(moved.flatMap((h) => (h.basis.secretsRef ? [h.basis.secretsRef] : [])));
  } catch {
    // Tidying only: replaced keys stay wrapped under the new one, old files are swept at next start.
  }
}

function readForReseal(
  ctx: ServiceContext,
  c: StoredConnection,
  target: PasswordCipher,
  readers: Map<string, Vault>,
): ConnectionSecrets | undefined {
  const session = ctx.sessionSecrets.get(c.id);
  if (session) return session;
  if (!c.secretsRef) return undefined;
  let sealed;
  try {
    sealed = ctx.secretFiles.read(c.secretsRef);
  } catch {
    return undefined; // missing or damaged: nothing to move
  }
  if (sealed.backend === PASSWORD_BACKEND && target.sealedByCurrentKey(sealed.data)) return undefined; // already there
  const reader = readers.get(sealed.backend);
  if (!reader) return undefined;
  try {
    // Blobs are moved as they open today: one not yet bound to its id is bound by this re-seal.
    return reader.open(sealed, c.id, 'accept');
  } catch (error) {
    if (error instanceof AppError && error.code === 'VAULT_UNAVAILABLE') return undefined;
    throw error;
  }
}

function rechoose(ctx: ServiceContext): void {
  ctx.vault.setAllowWeak(ctx.repository.allowWeakVault);
}
