// Bundles the Node side: the CLI (a small entry and chunks each command loads on demand), the Electron main process (ESM) and the
// preload (CommonJS: a sandboxed preload cannot be ESM). The renderer is built by Vite.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { buildCli, REQUIRE_BANNER } from './cli-bundle.mjs';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await buildCli({ outdir: 'dist', metafile: 'dist/cli-meta.json' });

// The key worker (electron/keys/key-worker.ts): parses key files off the main thread. CommonJS, so it
// starts without ESM loader work; the client finds it next to the bundle that imports it.
await build({
  ...common,
  entryPoints: { 'key-worker': 'electron/keys/key-worker.ts' },
  outfile: 'dist/key-worker.cjs',
  format: 'cjs',
});

if (existsSync('electron/main.ts')) {
  await build({
    ...common,
    entryPoints: { main: 'electron/main.ts' },
    outdir: 'dist',
    format: 'esm',
    external: ['electron'],
    banner: { js: REQUIRE_BANNER },
  });
  await build({
    ...common,
    entryPoints: { preload: 'electron/preload.ts' },
    outfile: 'dist/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  });
}
