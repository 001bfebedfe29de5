// The metadata file. electron-store in the app and conf (the engine electron-store is built on) in
// Node share one API; both write atomically (temp file + rename). Their own migrations and schema
// are not used: the repository validates with zod and migrates by our own version number.
import Conf from 'conf';

export interface StoreFile {
  readonly path: string;
  read(): unknown;
  write(data: Record<string, unknown>): void;
}

/** The subset of conf / electron-store we rely on. */
export interface ConfLike {
  readonly path: string;
  store: Record<string, unknown>;
}

export const STORE_NAME = 'connections';

export function storeFileFrom(conf: ConfLike): StoreFile {
  return {
    path: conf.path,
    read: () => conf.store,
    write: (data) => { conf.store = data; },
  };
}

/** Compact JSON: 10,000 connections are rewritten on each save. */
export const confOptions = (cwd: string) => ({
  cwd,
  configName: STORE_NAME,
  projectName: 'jwt-connect',
  clearInvalidConfig: false,
  serialize: (value: unknown) => JSON.stringify(value),
});

export function openConfStoreFile(dataDir: string): StoreFile {
  return storeFileFrom(new Conf<Record<string, unknown>>(confOptions(dataDir)) as unknown as ConfLike);
}
