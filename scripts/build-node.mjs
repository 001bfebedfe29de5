// Bundles the Node side: the CLI (a small entry and chunks each command loads on demand), the Electron main process (ESM) and the
// preload (CommonJS: a sandboxed preload cannot be ESM). The renderer is built by Vite.
import { build } from 'esbuild';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
rmSync('dist/cli-chunks', { recursive: true, force: true }); // chunk names change with their content
const cli = await build({
  ...common,
  entryPoints: { cli: 'electron/cli-bin.ts' },
  outdir: 'dist',
  format: 'esm',
  outExtension: { '.js': '.js' },
  // Each command's code is its own chunk, loaded by import() only when that command runs: --help reads
  // a few KB; a login from flags skips saved-connection storage, export and create-certificate.
  splitting: true,
  // Which sources went into which chunk: tests/integration/cli-login-bundle.test.ts reads it to check
  // what a login from flags loads.
  metafile: true,
  chunkNames: 'cli-chunks/[name]-[hash]',
  define: { __JWT_CONNECT_VERSION__: JSON.stringify(version) },
  // Bundled CJS dependencies (node-forge) need require() inside an ES module.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
writeFileSync('dist/cli-meta.json', JSON.stringify(cli.metafile));

// The key worker (electron/keys/key-worker.ts): parses key files off the main thread. CommonJS, so it
// starts without ESM loader work; the client finds it next to the bundle that imports it.
await build({ ...common, entryPoints: { 'key-worker': 'electron/keys/key-worker.ts' }, outfile: 'dist/key-worker.cjs', format: 'cjs' });

if (existsSync('electron/main.ts')) {
  await build({
    ...common,
    entryPoints: { main: 'electron/main.ts' },
    outdir: 'dist',
    format: 'esm',
    external: ['electron'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  await build({ ...common, entryPoints: { preload: 'electron/preload.ts' }, outfile: 'dist/preload.cjs', format: 'cjs', external: ['electron'] });
}
