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

if (process.argv[2] === 'serve') {
  // The server streams gigabytes through short-lived buffers: a small young generation makes V8 collect
  // them early, which keeps the server's memory flat (measured in bench/transfer.ts) at no visible cost.
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--max-semi-space-size=2');
}
const { processIo } = await import('../src/cli/cli-io.ts');
const { runCli } = await import('../src/cli/main.ts');

process.exitCode = await runCli(process.argv.slice(2), processIo());
