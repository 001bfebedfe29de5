import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer only: a static bundle loaded from file:// by Electron and served by the dev bridge.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // No inline scripts or styles: the CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
