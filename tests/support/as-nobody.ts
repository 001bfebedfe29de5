// Runs a test child as another user (nobody), as a user who shares the machine would run jwt-connect.
// That user may not be able to read the checkout at all (a clone under root's 0700 home), so the child
// is bundled by esbuild, with its dependencies, into a fresh world-readable folder and run from there.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const NOBODY = '65534';

export function runAsNobody(childScript: string, args: string[]): SpawnSyncReturns<string> {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-connect-as-nobody-'));
  try {
    const bundle = join(dir, 'child.mjs');
    buildSync({
      entryPoints: [childScript],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      // Bundled CommonJS packages (node-forge) still call require for Node's own modules.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    chmodSync(dir, 0o755);
    chmodSync(bundle, 0o644);
    return spawnSync(
      'setpriv',
      [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, bundle, ...args],
      {
        encoding: 'utf8',
        timeout: 60_000,
        cwd: dir,
        env: { ...process.env, HOME: '/tmp' },
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
