// Runs the `sealpost` command line in this process, as the binary would, and collects what it printed.
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.ts';

export interface CliResult { code: number; stdout: string; stderr: string }

/** `sealpost <args>` with the given environment and working directory; stdin stays open unless `stdin` is given. */
export async function runCliInProcess(args: string[], opts: { env: Record<string, string>; cwd: string; stdin?: string }): Promise<CliResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on('data', (c: Buffer) => out.push(c));
  const stderr = new PassThrough().on('data', (c: Buffer) => err.push(c));
  const stdin = new PassThrough();
  if (opts.stdin !== undefined) stdin.end(opts.stdin);
  const code = await runCli(args, { stdin, stdout, stderr, env: opts.env, cwd: opts.cwd });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
