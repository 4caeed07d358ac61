/** `sealpost unlock ID --recipient ADDRESS`: lifts a recipient's lockout after too many wrong codes. */
import type { TransferView } from '../../client/api-contract.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { parseCommandArgs, withUsage } from '../client/command-args.ts';
import { terminalJson, terminalLine } from '../../core/text/terminal.ts';
import { messageRecipient } from '../client/recipient-lookup.ts';

const usage = `usage: sealpost unlock ID --recipient ADDRESS [--json]
  Lets a recipient who entered too many wrong codes try again at once (the lockout otherwise ends by itself).
  Their count of wrong tries starts again from zero.`;

export async function runUnlock(argv: string[], io: CliIo): Promise<number> {
  return withUsage('unlock', usage, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, { recipient: { type: 'string' }, json: { type: 'boolean' } });
    if (values.help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    const { api, session, messageId, recipient } = await messageRecipient(io, { positionals, recipient: values.recipient, configDir: values['config-dir'] });
    const view = await api.request<TransferView>('POST', `/api/transfers/${encodeURIComponent(messageId)}/recipients/${recipient.id}/unlock`, { token: session.token });
    const state = view.recipients.find((r) => r.id === recipient.id)?.state ?? 'unknown';
    if (values.json) io.stdout.write(`${terminalJson({ id: view.id, recipient: { id: recipient.id, email: recipient.email, state } })}\n`);
    else io.stdout.write(`${terminalLine(recipient.email)} can enter the code again.\n`);
    return 0;
  });
}

export const unlockCommand: CommandSpec = { summary: 'let a locked-out recipient try again', run: runUnlock };
