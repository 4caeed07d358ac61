// Build of the browser app: `npm run build:web` writes web/dist, which the server serves under a strict CSP
// (no inline script or style), so everything ships as files under /assets/.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = path.resolve(root, '..');

/**
 * Records what the bundle was built from in dist/.sources.json: every repository file in the module graph (the app
 * and what it imports from src/), plus all of web/src (worker bundles are built apart from the main graph).
 * scripts/web-build.ts decides from this list whether a build is stale: one definition of "the web sources".
 */
function recordSources(): Plugin {
  const ids = new Set<string>();
  return {
    name: 'sealpost-record-sources',
    apply: 'build',
    moduleParsed(info) {
      ids.add(info.id);
    },
    writeBundle(options) {
      for (const id of this.getModuleIds()) ids.add(id);
      for (const entry of readdirSync(path.join(root, 'src'), { withFileTypes: true, recursive: true })) {
        if (entry.isFile()) ids.add(path.join(entry.parentPath, entry.name));
      }
      const files = [...ids]
        .map((id) => id.split('?')[0] ?? id)
        .filter((id) => id.startsWith(repoRoot + path.sep) && !id.includes(`${path.sep}node_modules${path.sep}`) && existsSync(id))
        .map((id) => path.relative(repoRoot, id))
        .sort();
      writeFileSync(path.join(options.dir ?? path.join(root, 'dist'), '.sources.json'), `${JSON.stringify([...new Set(files)], null, 1)}\n`);
    },
  };
}

export default defineConfig(({ command }) => ({
  root,
  base: '/',
  publicDir: false,
  // Vite 8 transforms TSX with oxc; the automatic runtime needs no React import per file.
  oxc: { jsx: { runtime: 'automatic' } },
  // A build started from a test runner inherits NODE_ENV=test, which would ship React's development build.
  ...(command === 'build' ? { define: { 'process.env.NODE_ENV': JSON.stringify('production') } } : {}),
  plugins: [recordSources()],
  worker: { format: 'es', plugins: () => [recordSources()] },
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
