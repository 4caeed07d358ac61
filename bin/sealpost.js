#!/usr/bin/env node
// Thin launcher: Node 22.12+ strips TypeScript types natively, so the sources run as they are.
import '../src/cli/main.ts';
