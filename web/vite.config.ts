// Build of the browser app: `npm run build:web` writes web/dist, which the server serves under a strict CSP
// (no inline script or style), so everything ships as files under /assets/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(({ command }) => ({
  root,
  base: '/',
  publicDir: false,
  // Vite 8 transforms TSX with oxc; the automatic runtime needs no React import per file.
  oxc: { jsx: { runtime: 'automatic' } },
  // A build started from a test runner inherits NODE_ENV=test, which would ship React's development build.
  ...(command === 'build' ? { define: { 'process.env.NODE_ENV': JSON.stringify('production') } } : {}),
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Inlined assets would become data: URLs; keep every asset a file so the CSP stays 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
}));
