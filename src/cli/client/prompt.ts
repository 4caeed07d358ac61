// Asks one question on a terminal. Only used when stdin and stderr are TTYs; scripts pass flags instead.
import { createInterface } from 'node:readline/promises';
import { SealpostError } from '../../core/errors.ts';
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

/** Ctrl-C or Ctrl-D at a secret prompt (raw mode swallows the signal): the command ends with exit 1 and this line. */
const cancelled = () => new SealpostError('SP_ERR_VALIDATION', { message: 'Cancelled at the prompt' });

/**
 * Asks for a secret (a password, a token) with nothing echoed: the terminal is put in raw mode and the answer read
 * key by key (Backspace deletes, Enter ends, Ctrl-C or Ctrl-D cancel). The answer is kept exactly, spaces included.
 */
export async function promptSecret(io: CliIo, question: string): Promise<string> {
  const input = io.stdin as NodeJS.ReadStream;
  const wasRaw = input.isRaw === true;
  // Echo goes off before the question appears: whatever is typed (or pasted) after seeing it is never shown.
  input.setRawMode(true);
  io.stderr.write(question);
  input.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let answer = '';
      const onData = (chunk: Buffer | string): void => {
        for (const ch of String(chunk)) {
          if (ch === '\r' || ch === '\n') {
            input.off('data', onData);
            return resolve(answer);
          }
          if (ch === '\u0003' || ch === '\u0004') {
            input.off('data', onData);
            return reject(cancelled());
          }
          if (ch === '\u007f' || ch === '\b') answer = [...answer].slice(0, -1).join('');
          else if (ch >= ' ') answer += ch;
        }
      };
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(wasRaw);
    input.pause();
    io.stderr.write('\n');
  }
}
