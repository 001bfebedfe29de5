import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer only: a static bundle served to Electron from app://jwt-connect (electron/app-protocol.ts)
// and by the dev bridge; relative asset paths work under both.
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
