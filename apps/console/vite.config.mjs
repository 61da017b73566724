import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// Static files the gateway serves at /console: one page, hashed assets, nothing from a CDN.
export default defineConfig({
  root: here,
  base: '/console/',
  logLevel: 'warn',
  build: {
    outDir: path.join(here, '../../dist/apps/console'),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Chart.js is the bulk; one chunk keeps the CSP and the file list simple
    chunkSizeWarningLimit: 400,
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:3000' } },
});
