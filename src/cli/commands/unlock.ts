/** `sealpost unlock ID --recipient ADDRESS`: lifts a recipient's lockout after too many wrong codes. */
import type { TransferView } from '../../client/api-contract.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { openStore, parseCommandArgs, UsageError, withUsage } from '../client/command-args.ts';
import { requireSession } from '../client/credentials.ts';
import { terminalJson, terminalLine } from '../../core/text/terminal.ts';
import { cliApiClient } from '../client/cli-api.ts';
import { recipientByAddress } from '../client/recipient-lookup.ts';

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
    if (positionals.length !== 1) throw new UsageError('give exactly one message ID');
    if (values.recipient === undefined) throw new UsageError('give the recipient with --recipient ADDRESS');
    const store = openStore(io, values['config-dir']);
    const session = await requireSession(store);
    const api = cliApiClient(session.server, io);
    const { recipient } = await recipientByAddress(api, session.token, positionals[0] ?? '', values.recipient);
    const view = await api.request<TransferView>('POST', `/api/transfers/${encodeURIComponent(positionals[0] ?? '')}/recipients/${recipient.id}/unlock`, { token: session.token });
    const state = view.recipients.find((r) => r.id === recipient.id)?.state ?? 'unknown';
    if (values.json) io.stdout.write(`${terminalJson({ id: view.id, recipient: { id: recipient.id, email: recipient.email, state } })}\n`);
    else io.stdout.write(`${terminalLine(recipient.email)} can enter the code again.\n`);
    return 0;
  });
}

export const unlockCommand: CommandSpec = { summary: 'let a locked-out recipient try again', run: runUnlock };
