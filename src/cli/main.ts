import { isSealpostError } from '../core/errors.ts';
import { terminalLine, terminalText } from '../core/text/terminal.ts';
import type { CliIo, CommandSpec } from './cli-io.ts';
import { commands } from './commands/index.ts';
import { version } from './version.ts';


export function usage(all: Record<string, CommandSpec>): string {
  const width = Math.max(...Object.keys(all).map((n) => n.length));
  const lines = Object.entries(all).map(([name, spec]) => `  ${name.padEnd(width)}  ${spec.summary}`);
  return `Sealpost ${version}: confidential e-mail and files.\n\nUsage: sealpost <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`sealpost <command> --help\` for a command's options.\n`;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage(commands));
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`sealpost: unknown command "${terminalLine(name)}"\n\n${usage(commands)}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // Our errors carry a message written for users; anything else is a bug worth a stack trace. Either may quote
    // what a server or sender sent (a file name, an address), so it goes through the terminal sanitiser.
    if (isSealpostError(error)) io.stderr.write(`sealpost ${name}: ${terminalText(error.message)}\n`);
    else io.stderr.write(`sealpost ${name}: unexpected error: ${terminalText((error as Error).stack ?? String(error))}\n`);
    return 1;
  }
}
