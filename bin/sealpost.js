#!/usr/bin/env node
// Thin launcher: Node 22.12+ strips TypeScript types natively, so the sources run as they are.
import { processIo } from '../src/cli/cli-io.ts';
import { runCli } from '../src/cli/main.ts';

process.exitCode = await runCli(process.argv.slice(2), processIo());
