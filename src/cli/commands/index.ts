import type { CommandSpec } from '../cli-io.ts';
import { adminCommand } from './admin.ts';
import { getCommand } from './get.ts';
import { loginCommand } from './login.ts';
import { recallCommand } from './recall.ts';
import { replyCommand } from './reply.ts';
import { scanCommand } from './scan-spec.ts';
import { sendCommand } from './send.ts';
import { serveCommand } from './serve.ts';
import { statusCommand } from './status.ts';

/** Every `sealpost` command, in the order `--help` lists them. */
export const commands: Record<string, CommandSpec> = {
  serve: serveCommand,
  login: loginCommand,
  send: sendCommand,
  get: getCommand,
  status: statusCommand,
  recall: recallCommand,
  reply: replyCommand,
  scan: scanCommand,
  admin: adminCommand,
};
