// jwt-connect restore [FILE]: the terminal's way back from a damaged store, as the window's Restore /
// Start empty. Without FILE it restores the moved-aside file on offer (moving a damaged
// connections.json aside first, as any writer does); with FILE, a moved-aside file or a backup of
// connections.json. Connections saved since keep theirs; a restored one whose name is taken is renamed.
import { resolve } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { inThreadKeyLoader } from '../connections/key-loader.js';
import { openNodeServices } from '../connections/open-node.js';
import { print, type CliIo } from './output.js';
import { dataDirCipher } from './folder-vault.js';
import { dataDirOf } from './source.js';

export interface RestoreValues {
  'data-dir'?: string;
  'start-empty'?: boolean;
  json?: boolean;
}

export async function restoreCommand(values: RestoreValues, positionals: string[], io: CliIo): Promise<void> {
  const dataDir = dataDirOf(values, io);
  const file = positionals[0] === undefined ? undefined : resolve(positionals[0]);
  if (file && values['start-empty'])
    throw new AppError('BAD_INPUT', 'Give FILE to restore, or --start-empty, not both.');
  // Restoring re-seals secrets of a store moved aside before ids were bound, when the vault opens here.
  const { choice } = await dataDirCipher(dataDir, io, false);
  const services = openNodeServices({
    dataDir,
    platform: io.platform,
    chooseCipher: () => choice,
    entryPoint: 'CLI restore',
    keys: inThreadKeyLoader,
  });
  try {
    const { repository, service } = services;
    const offered = repository.problem;
    if (offered && offered.code !== 'STORE_CORRUPT') throw new AppError(offered.code, offered.message, offered.hint);
    if (values['start-empty']) {
      if (!offered) throw new AppError('BAD_INPUT', `No damaged store is waiting in ${dataDir}.`, 'Nothing to settle.');
      service.startEmpty();
      return print(
        io,
        values.json,
        `Kept the saved connections of ${dataDir} as they are; ${offered.movedTo} is no longer offered for restoring (the file stays where it is).`,
        { dataDir, startedEmpty: true, ...(offered.movedTo && { kept: offered.movedTo }) },
      );
    }
    const source = file ?? offered?.movedTo;
    if (!source) {
      throw new AppError(
        'BAD_INPUT',
        `No damaged store is waiting in ${dataDir}.`,
        'Give the file to restore: jwt-connect restore FILE (a connections.json.corrupt-… file beside the store, or a backup of connections.json).',
      );
    }
    const { restored } = file ? service.restoreStoreFile(file) : service.restoreStore({});
    print(
      io,
      values.json,
      `Restored ${restored} connection${restored === 1 ? '' : 's'} from ${source} into ${dataDir}.`,
      { dataDir, restored, from: source },
    );
  } finally {
    services.close();
  }
}
