import type { CommandSpec } from '../cli-io.ts';

export const scanCommand: CommandSpec = {
  summary: 'Check a draft and files for sensitive content with the security-notice rules',
  // Loaded on demand: the scanner pulls in document parsers that other commands never need.
  run: async (argv, io) => (await import('./scan.ts')).runScanCommand(argv, io),
};
