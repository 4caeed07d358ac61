// Shared argument handling for the transfer commands: parseArgs with a usage error type, and the options
// every command takes (--config-dir, --help).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { terminalText } from '../../core/text/terminal.ts';
import type { CliIo } from '../cli-io.ts';
import { createConfigStore, resolveConfigDir, type ConfigStore } from './config-store.ts';

/** A mistake in how the command was called: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export const commonOptions = {
  'config-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export function parseCommandArgs<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...commonOptions, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function openStore(io: CliIo, flag: string | undefined): ConfigStore {
  return createConfigStore(resolveConfigDir({ flag, env: io.env, cwd: io.cwd }));
}

/** Wraps a command body: usage errors print the usage text and exit 2; everything else goes to runCli. */
export async function withUsage(name: string, usage: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`sealpost ${name}: ${terminalText(error.message)}\n\n${usage}\n`);
    return 2;
  }
}

export function isTty(stream: NodeJS.WritableStream | NodeJS.ReadableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}
