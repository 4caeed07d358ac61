// `npm start` runs this first: builds the browser app (web/dist) when it is missing or older than its
// sources, so a fresh clone serves the web app after `npm ci && npm start` without a separate step.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = path.join(root, 'web', 'vite.config.ts');
const builtIndex = path.join(root, 'web', 'dist', 'index.html');

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

if (existsSync(config)) {
  const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
  const sourcesAt = Math.max(newestMtime(path.join(root, 'web', 'src')), newestMtime(path.join(root, 'src', 'crypto')), statSync(config).mtimeMs);
  if (builtAt < sourcesAt) {
    console.error('Building the web app (web/dist)…');
    const result = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}
