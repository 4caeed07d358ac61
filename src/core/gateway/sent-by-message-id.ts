import { SealpostError } from '../errors.ts';
import type { TransferContext } from '../transfers/context.ts';
import { transferDetails, type TransferDetails } from '../transfers/follow-up.ts';
import { ownsTransfer } from '../transfers/send.ts';
import type { SenderPrincipal } from '../transfers/sender-auth.ts';
import { bareMessageId } from './gateway-transfers.ts';

/**
 * One mail makes a handful of portal messages (visible recipients, one per Bcc, one per recipient of large-file or PDF
 * links); this bounds the answer for a Message-ID reused over many mails.
 */
export const messagesPerMessageId = 50;

/**
 * Every portal message of the sender's the gateway made from the mail with this Message-ID (Outlook's
 * item.internetMessageId of the copy in Sent Items), newest first: how the add-in shows read status and recall for
 * mail sent in gateway mode. The gateway sends as staff only, so a guest has none (404 without a query). Ownership is
 * the transfer's own (as for every sent-items route), checked in the query and again here; someone else's messages,
 * or a Message-ID the gateway never saw, are "not found" alike.
 */
export async function listSentTransfersByMessageId(ctx: TransferContext, sender: SenderPrincipal, messageId: string): Promise<TransferDetails[]> {
  if (!sender.staff) throw new SealpostError('SP_ERR_NOT_FOUND');
  const owner = { userId: sender.staff.userId, orgId: sender.staff.orgId };
  const transfers = await ctx.repos.gatewayReplies.listOwnTransfersByMessageId(bareMessageId(messageId), owner, messagesPerMessageId);
  const own = transfers.filter((t) => ownsTransfer(sender, t) && t.parentTransferId === null);
  if (own.length === 0) throw new SealpostError('SP_ERR_NOT_FOUND');
  return Promise.all(own.map((t) => transferDetails(ctx, t, sender)));
}
