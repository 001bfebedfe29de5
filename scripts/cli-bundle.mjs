// The CLI's esbuild bundle, in one place: scripts/build-node.mjs writes it into dist/ (what the tests and
// the bench run), scripts/pack-cli.mjs into the installable package. Both get the same entry, the same
// chunks and the same lazy loading; only the output folder, source maps and whitespace differ.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bundled CJS dependencies (node-forge) need require() inside an ES module. */
export const REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * Bundles electron/cli-bin.ts into OUTDIR/cli.js and OUTDIR/cli-chunks/, and writes which sources went into
 * which output to METAFILE (tests/integration/cli-login-bundle.test.ts and cli-package.test.ts read it to
 * check what a login from flags loads). Returns esbuild's metafile.
 */
export async function buildCli({ outdir, metafile, sourcemap = true, minifyWhitespace = false }) {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  rmSync(join(outdir, 'cli-chunks'), { recursive: true, force: true }); // chunk names change with their content
  const result = await build({
    bundle: true,
    platform: 'node',
    // The installable package promises Node 20 ("engines"); the app's bundles are read by newer Node.
    target: 'node20',
    logLevel: 'warning',
    sourcemap,
    minifyWhitespace,
    entryPoints: { cli: 'electron/cli-bin.ts' },
    outdir,
    format: 'esm',
    outExtension: { '.js': '.js' },
    // Each command's code is its own chunk, loaded by import() only when that command runs: --help reads
    // a few KB; a login from flags skips saved-connection storage, export and create-certificate.
    splitting: true,
    metafile: true,
    chunkNames: 'cli-chunks/[name]-[hash]',
    define: { __JWT_CONNECT_VERSION__: JSON.stringify(version) },
    banner: { js: REQUIRE_BANNER },
  });
  writeFileSync(metafile, JSON.stringify(result.metafile));
  return result.metafile;
}
