/** The streams a command talks to; injected so commands are testable in-process. */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

export type CommandHandler = (argv: string[], io: CliIo) => Promise<number>;

export interface CommandSpec {
  summary: string;
  run: CommandHandler;
}

export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
