/** `sealpost recall ID [--recipient ADDRESS]`: destroys the keys at once, for everyone or one recipient. */
import type { TransferView } from '../../client/api-contract.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { openStore, parseCommandArgs, UsageError, withUsage } from '../client/command-args.ts';
import { requireSession } from '../client/credentials.ts';
import { terminalJson, terminalLine } from '../../core/text/terminal.ts';
import { cliApiClient } from '../client/cli-api.ts';
import { recipientByAddress } from '../client/recipient-lookup.ts';

const usage = `usage: sealpost recall ID [--recipient ADDRESS] [--json]
  Withdraws the message for everyone, or only for ADDRESS. Effective immediately: keys are destroyed and
  downloads under way stop; the recipient sees "this message was withdrawn by the sender".`;

export async function runRecall(argv: string[], io: CliIo): Promise<number> {
  return withUsage('recall', usage, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, { recipient: { type: 'string' }, json: { type: 'boolean' } });
    if (values.help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one message ID');
    const id = encodeURIComponent(positionals[0] ?? '');
    const store = openStore(io, values['config-dir']);
    const session = await requireSession(store);
    const api = cliApiClient(session.server, io);
    const recipientId = values.recipient === undefined ? undefined : (await recipientByAddress(api, session.token, positionals[0] ?? '', values.recipient)).recipient.id;
    const view = await api.request<TransferView>('POST', `/api/transfers/${id}/recall`, { token: session.token, body: recipientId ? { recipientId } : {} });
    if (values.json) io.stdout.write(`${terminalJson({ id: view.id, status: view.status, recipients: view.recipients.map((r) => ({ id: r.id, email: r.email, state: r.state })) })}\n`);
    else io.stdout.write(values.recipient ? `Withdrawn for ${terminalLine(values.recipient)}.\n` : `Message ${terminalLine(view.id)} withdrawn for everyone.\n`);
    return 0;
  });
}

export const recallCommand: CommandSpec = { summary: 'withdraw a sent message for everyone or one recipient', run: runRecall };
