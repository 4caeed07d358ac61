// Asks one question on a terminal. Only used when stdin and stderr are TTYs; scripts pass flags instead.
import { createInterface } from 'node:readline/promises';
import type { CliIo } from '../cli-io.ts';
import { isTty } from './command-args.ts';

export function canPrompt(io: CliIo): boolean {
  return isTty(io.stdin) && isTty(io.stderr);
}

export async function prompt(io: CliIo, question: string): Promise<string> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}
