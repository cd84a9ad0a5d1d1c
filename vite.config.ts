// The renderer bundle (docs/architecture.md, "Layout"): everything local, no CDN, so the strict CSP of the Electron
// window and of the web host holds. Relative base: the web host serves it under a token path and Electron
// loads it from file://.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Monaco alone is a few MB; it is loaded lazily, so the warning says nothing useful here.
    chunkSizeWarningLimit: 4096,
    // No inline <script> or data: module preload polyfill: the CSP has no 'unsafe-inline'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    // The plugin-timing report is advice for plugin authors; in `npm run build` it is only noise.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', strictPort: false },
});
