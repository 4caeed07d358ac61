// Builds the web app when web/dist is missing or older than its sources. Serialised with flock so parallel test
// files (and the recipient tests) never build at the same time.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function newestMtime(entry: string): number {
  const s = statSync(entry);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

export function webBuildIsFresh(): boolean {
  const index = path.join(repoRoot, 'web/dist/index.html');
  if (!existsSync(index)) return false;
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'src/crypto', 'src/core/dlp'].map((p) => path.join(repoRoot, p));
  const newestSource = Math.max(...sources.filter((p) => existsSync(p)).map(newestMtime));
  return statSync(index).mtimeMs > newestSource;
}

export function ensureWebBuild(): void {
  if (webBuildIsFresh()) return;
  const script = `test -f web/dist/index.html && [ -z "$(find web/src web/index.html web/vite.config.ts src/crypto src/core/dlp -newer web/dist/index.html -print -quit)" ] || npm run build:web`;
  execFileSync('flock', ['/tmp/sealpost-web-build.lock', 'sh', '-c', script], { cwd: repoRoot, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });
}
