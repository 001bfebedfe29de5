// Run as another user (nobody) by storage-damaged.test.ts: opens a data folder whose store it may not
// read, and prints what it was told, and what a save answers.
import { AppError } from '../../shared/errors.js';
import { openNodeServices } from '../../electron/connections/open-node.js';

const dataDir = process.argv[2] as string;
const readOnlyOk = process.argv[3] === 'readonly';
const out: Record<string, unknown> = {};
try {
  const { service, close } = openNodeServices({
    dataDir,
    platform: { fetch: globalThis.fetch },
    chooseCipher: () => ({ cipher: null, persistent: false }),
    readOnlyOk,
  });
  out.problem = service.vaultStatus().storeProblem;
  out.readOnly = service.vaultStatus().readOnly;
  out.count = service.listConnections().length;
  try {
    await service.createConnection({
      name: 'X',
      encryption: 'privateKey',
      consumerKey: 'ck',
      username: 'u@example.com',
      environment: 'production',
    });
  } catch (error) {
    out.save =
      error instanceof AppError
        ? { code: error.code, message: error.message }
        : { code: 'UNTYPED', message: String(error) };
  }
  close();
} catch (error) {
  out.open =
    error instanceof AppError
      ? { code: error.code, message: error.message }
      : { code: 'UNTYPED', message: String(error) };
}
process.stdout.write(JSON.stringify(out));
