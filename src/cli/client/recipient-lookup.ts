// Commands that act on one recipient of a sent message take the address the sender knows (`--recipient`); the API
// takes the recipient's id. One lookup for all of them.
import type { ApiClient } from '../../client/api-client.ts';
import type { TransferView } from '../../client/api-contract.ts';
import { SealpostError } from '../../core/errors.ts';
import type { CliIo } from '../cli-io.ts';
import { cliApiClient } from './cli-api.ts';
import { openStore, UsageError } from './command-args.ts';
import type { ConfigStore } from './config-store.ts';
import { requireSession, type SenderSession } from './credentials.ts';

/** The id of `address` among the message's recipients (case-insensitive), and the message as the server shows it. */
export async function recipientByAddress(api: ApiClient, token: string, messageId: string, address: string): Promise<{ view: TransferView; recipient: TransferView['recipients'][number] }> {
  const view = await api.request<TransferView>('GET', `/api/transfers/${encodeURIComponent(messageId)}`, { token });
  const wanted = address.trim().toLowerCase();
  const recipient = view.recipients.find((r) => r.email.toLowerCase() === wanted);
  if (!recipient) throw new SealpostError('SP_ERR_NOT_FOUND', { message: `${address} is not a recipient of message ${messageId}` });
  return { view, recipient };
}

/**
 * The common start of `sealpost unlock|resend ID --recipient ADDRESS`: exactly one message id and a recipient, the
 * stored session, and that recipient looked up on the message.
 */
export async function messageRecipient(io: CliIo, args: { positionals: string[]; recipient: string | undefined; configDir: string | undefined }): Promise<{
  store: ConfigStore; session: SenderSession; api: ApiClient; messageId: string; view: TransferView; recipient: TransferView['recipients'][number];
}> {
  if (args.positionals.length !== 1) throw new UsageError('give exactly one message ID');
  if (args.recipient === undefined) throw new UsageError('give the recipient with --recipient ADDRESS');
  const messageId = args.positionals[0] ?? '';
  const store = openStore(io, args.configDir);
  const session = await requireSession(store);
  const api = cliApiClient(session.server, io);
  return { store, session, api, messageId, ...(await recipientByAddress(api, session.token, messageId, args.recipient)) };
}
