import { SealpostError } from '../errors.ts';
import type { TransferContext } from '../transfers/context.ts';
import { getSentTransfer, type TransferDetails } from '../transfers/follow-up.ts';
import { ownsTransfer } from '../transfers/send.ts';
import type { SenderPrincipal } from '../transfers/sender-auth.ts';
import { bareMessageId } from './gateway-transfers.ts';

/** Enough to skip past a handful of other senders' rows reusing a Message-ID (a client's choice, not ours). */
const candidatesPerMessageId = 20;

/**
 * The sender's own portal message the gateway made from the mail with this Message-ID (Outlook's
 * item.internetMessageId of the copy in Sent Items): how the add-in shows read status for mail sent in gateway mode.
 * Ownership is the transfer's own (as for every sent-items route), not the gateway row's: someone else's message,
 * or a Message-ID the gateway never saw, is "not found" alike.
 */
export async function findSentTransferByMessageId(ctx: TransferContext, sender: SenderPrincipal, messageId: string): Promise<TransferDetails> {
  const rows = await ctx.repos.gatewayReplies.listTransfersByMessageId(bareMessageId(messageId), candidatesPerMessageId);
  // The newest first: a mail the gateway handled again (a resend with the same Message-ID) shows its latest message.
  for (const row of rows) {
    const transfer = await ctx.repos.transfers.get(row.transferId);
    if (transfer && transfer.parentTransferId === null && ownsTransfer(sender, transfer)) return getSentTransfer(ctx, sender, transfer.id);
  }
  throw new SealpostError('SP_ERR_NOT_FOUND');
}
