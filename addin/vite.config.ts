// Build of the Outlook add-in, into web/dist/addin/ (served at /addin/ by src/http/web-app-routes.ts). Two passes,
// both run by `npm run build:web` after the web app's own build (which empties web/dist first):
//   default mode:  taskpane.html + its React bundle (ES modules, hashed assets) and public/ (commands.html, icons);
//   --mode commands: commands.js, ONE classic script (IIFE): classic Outlook on Windows runs the OnMessageSend
//                    handler in a JavaScript-only runtime without ES modules, and commands.html loads the same file.
// Each pass adds what it was built from to web/dist/.sources.json (scripts/web-build.ts decides staleness from it).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = path.resolve(root, '..');
const outDir = path.join(repoRoot, 'web', 'dist', 'addin');
const sourcesFile = path.join(repoRoot, 'web', 'dist', '.sources.json');

/** Merges this pass's module graph and all of addin/src and addin/public into the web build's source list. */
function recordAddinSources(): Plugin {
  return {
    name: 'sealpost-record-addin-sources',
    apply: 'build',
    writeBundle() {
      const ids = new Set<string>(existsSync(sourcesFile) ? (JSON.parse(readFileSync(sourcesFile, 'utf8')) as string[]) : []);
      const add = (full: string) => {
        const clean = full.split('?')[0] ?? full;
        if (clean.startsWith(repoRoot + path.sep) && !clean.includes(`${path.sep}node_modules${path.sep}`) && existsSync(clean)) ids.add(path.relative(repoRoot, clean));
      };
      for (const id of this.getModuleIds()) add(id);
      for (const dir of ['src', 'public']) {
        for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })) if (entry.isFile()) add(path.join(entry.parentPath, entry.name));
      }
      writeFileSync(sourcesFile, `${JSON.stringify([...ids].sort(), null, 1)}\n`);
    },
  };
}

export default defineConfig(({ command, mode }) => ({
  root,
  base: '/addin/',
  oxc: { jsx: { runtime: 'automatic' } },
  ...(command === 'build' ? { define: { 'process.env.NODE_ENV': JSON.stringify('production') } } : {}),
  plugins: [recordAddinSources()],
  publicDir: mode === 'commands' ? false : 'public',
  build:
    mode === 'commands'
      ? {
          outDir,
          emptyOutDir: false,
          target: 'es2017',
          minify: true,
          lib: { entry: path.join(root, 'src', 'commands.ts'), formats: ['iife' as const], name: 'SealpostCommands', fileName: () => 'commands.js' },
        }
      : {
          outDir,
          emptyOutDir: true,
          target: 'es2022',
          assetsInlineLimit: 0,
          modulePreload: { polyfill: false },
          rollupOptions: { input: { taskpane: path.join(root, 'taskpane.html') } },
        },
}));
