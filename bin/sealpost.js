#!/usr/bin/env node
// Thin launcher: Node 22.18+ strips TypeScript types natively, so the sources run as they are. Plain
// JavaScript up to the version check, so an older Node gets one clear line instead of a stack trace.
const [major, minor] = process.versions.node.split('.').map(Number);
if (!(major >= 24 || (major === 22 && minor >= 18))) {
  process.stderr.write(
    `sealpost: Node.js ${process.versions.node} is not supported; Sealpost needs Node.js 24 (or 22.18+). ` +
      'Run it through npm (`npm start`, `npx sealpost …`), which uses the Node 24 that `npm ci` installed, or install Node.js 24.\n',
  );
  process.exit(1);
}

// Type stripping loads a WebAssembly compiler (amaro) on the first .ts import and keeps it for the life of
// the process (~20 MiB of the idle server, and most of a CLI command's start-up). Node's compile cache
// keeps the stripped and compiled modules on disk, so later starts skip both. The cache sits in the
// installation's own node_modules/.cache, not the shared temp dir, where another local user could plant
// code-cache entries. NODE_COMPILE_CACHE picks another directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
const { enableCompileCache } = await import('node:module');
const { fileURLToPath } = await import('node:url');
enableCompileCache?.(process.env.NODE_COMPILE_CACHE ?? fileURLToPath(new URL('../node_modules/.cache/sealpost-compile', import.meta.url)));

if (process.argv[2] === 'serve') {
  // The server streams gigabytes through short-lived buffers: a small young generation makes V8 collect
  // them early and keeps memory flat. V8 sizes the young generation when the heap is set up and never
  // shrinks it: set at run time (v8.setFlagsFromString) the flag is ignored, and start-up has already
  // grown it to 64 MiB (a third of the idle server). So the launcher re-executes itself with the flag, in
  // the same process (same pid for systemd, containers and signals), unless it is there already.
  /** @param {string} arg */
  const semiSpace = (arg) => arg.startsWith('--max-semi-space-size');
  const given = process.execArgv.some(semiSpace) || (process.env.NODE_OPTIONS ?? '').split(/\s+/).some(semiSpace);
  if (!given && typeof process.execve === 'function') {
    process.execve(process.execPath, [process.execPath, ...process.execArgv, '--max-semi-space-size=2', ...process.argv.slice(1)], process.env);
  }
}
const { processIo } = await import('../src/cli/cli-io.ts');
const { runCli } = await import('../src/cli/main.ts');

process.exitCode = await runCli(process.argv.slice(2), processIo());
