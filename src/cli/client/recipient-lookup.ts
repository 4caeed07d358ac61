// Commands that act on one recipient of a sent message take the address the sender knows (`--recipient`); the API
// takes the recipient's id. One lookup for all of them.
import type { ApiClient } from '../../client/api-client.ts';
import type { TransferView } from '../../client/api-contract.ts';
import { SealpostError } from '../../core/errors.ts';

/** The id of `address` among the message's recipients (case-insensitive), and the message as the server shows it. */
export async function recipientByAddress(api: ApiClient, token: string, messageId: string, address: string): Promise<{ view: TransferView; recipient: TransferView['recipients'][number] }> {
  const view = await api.request<TransferView>('GET', `/api/transfers/${encodeURIComponent(messageId)}`, { token });
  const wanted = address.trim().toLowerCase();
  const recipient = view.recipients.find((r) => r.email.toLowerCase() === wanted);
  if (!recipient) throw new SealpostError('SP_ERR_NOT_FOUND', { message: `${address} is not a recipient of message ${messageId}` });
  return { view, recipient };
}
