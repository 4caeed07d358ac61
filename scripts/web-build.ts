// The one definition of "the web sources" and of "web/dist is fresh", used by `npm start` (prestart) and by the
// browser tests. The build itself records what it was made from: web/vite.config.ts writes web/dist/.sources.json,
// every file of the repository that went into the bundle (the app, and whatever it imports from src/) plus the
// build's own inputs. The bundle is fresh when each recorded file still exists and none is newer than the build.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const webDist = path.join(repoRoot, 'web', 'dist');
export const sourcesManifest = path.join(webDist, '.sources.json');
/** Inputs of every build, whatever the module graph says: the build's configuration and the locked dependencies. */
export const buildInputs = ['web/vite.config.ts', 'web/index.html', 'web/tsconfig.json', 'package-lock.json', 'addin/vite.config.ts', 'addin/taskpane.html', 'addin/tsconfig.json'];
/** Outputs of the later build passes (the Outlook add-in, addin/vite.config.ts): missing means the build was cut short. */
export const passOutputs = ['web/dist/addin/taskpane.html', 'web/dist/addin/commands.js'];

/** Why web/dist must be rebuilt, or undefined when it is fresh. */
export function webBuildStaleReason(root = repoRoot): string | undefined {
  const index = path.join(root, 'web', 'dist', 'index.html');
  const manifest = path.join(root, 'web', 'dist', '.sources.json');
  if (!existsSync(index) || !existsSync(manifest)) return 'no build yet';
  for (const output of passOutputs) if (!existsSync(path.join(root, output))) return `${output} is missing`;
  const builtAt = statSync(index).mtimeMs;
  let recorded: string[];
  try {
    recorded = JSON.parse(readFileSync(manifest, 'utf8')) as string[];
  } catch {
    return 'unreadable source list';
  }
  for (const file of new Set([...recorded, ...buildInputs])) {
    const full = path.join(root, file);
    if (!existsSync(full)) return `${file} is gone`;
    if (statSync(full).mtimeMs > builtAt) return `${file} changed`;
  }
  return undefined;
}

/**
 * Builds web/dist when it is missing or stale. Serialised with flock where it exists, so parallel test files
 * and a concurrent `npm start` never build at once (the second re-checks freshness after taking the lock).
 */
export function ensureWebBuild(options: { quiet?: boolean } = {}): void {
  const reason = webBuildStaleReason();
  if (reason === undefined) return;
  const stdio = options.quiet ? 'ignore' : 'inherit';
  if (!options.quiet) console.error(`Building the web app (web/dist): ${reason}…`);
  const env = { ...process.env, NODE_ENV: 'production' };
  const self = fileURLToPath(import.meta.url);
  const hasFlock = spawnSync('flock', ['--version'], { stdio: 'ignore' }).status === 0;
  if (hasFlock) {
    execFileSync('flock', [path.join(repoRoot, 'web', '.build.lock'), process.execPath, self, '--build-if-stale'], { cwd: repoRoot, stdio, env });
  } else {
    buildWeb(stdio, env);
  }
}

function buildWeb(stdio: 'ignore' | 'inherit', env: NodeJS.ProcessEnv): void {
  execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: repoRoot, stdio, env });
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--build-if-stale') {
  if (webBuildStaleReason() !== undefined) buildWeb('inherit', process.env);
}
