#!/usr/bin/env node
// Thin launcher: Node 22.12+ strips TypeScript types natively, so the sources run as they are.
import { setFlagsFromString } from 'node:v8';

if (process.argv[2] === 'serve') {
  // The server streams gigabytes through short-lived buffers: a small young generation makes V8 collect
  // them early, which keeps the server's memory flat (measured in bench/transfer.ts) at no visible cost.
  setFlagsFromString('--max-semi-space-size=2');
}
const { processIo } = await import('../src/cli/cli-io.ts');
const { runCli } = await import('../src/cli/main.ts');

process.exitCode = await runCli(process.argv.slice(2), processIo());
